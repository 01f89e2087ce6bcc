"""Reading contributor files safely: size, encoding, symlinks, front matter, YAML with line numbers.

Everything here returns problems instead of raising, so one bad file never hides the others.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from macros.content.problems import Problem

MAX_FILE_BYTES = 512 * 1024  # the longest chapter is well under 100 KB
MAX_YAML_DEPTH = 20
# libyaml's parser when PyYAML has it (the PyPI wheels do): ten times faster than pure Python.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
STANDARD_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")}


class LineDict(dict):
    """A YAML mapping that remembers the line of each key (1-based, in the file)."""

    def __init__(self, *args, line: int = 1, **kwargs):
        super().__init__(*args, **kwargs)
        self.line = line
        self.lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class LineList(list):
    def __init__(self, *args, line: int = 1, **kwargs):
        super().__init__(*args, **kwargs)
        self.line = line
        self.lines: list[int] = []


@dataclass
class SourceFile:
    """A text file of the repository: its relative path, text and front matter."""

    path: str
    text: str
    meta: LineDict = field(default_factory=LineDict)
    body: str = ""
    body_line: int = 1  # file line on which the body starts


def rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def read_text(path: Path, root: Path) -> tuple[str | None, list[Problem]]:
    """The file's text, or problems saying why it cannot be read."""
    name = rel(path, root)
    if path.is_symlink():
        target = os.readlink(path)
        return None, [Problem(name, 1, f"is a symbolic link (to {target}); content must be a regular file: "
                                       "replace the link with a copy of the file")]
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem(name, 1, f"cannot be read ({error.strerror})")]
    if len(data) > MAX_FILE_BYTES:
        return None, [Problem(name, 1, f"is {len(data) // 1024} KB; the limit is {MAX_FILE_BYTES // 1024} KB: "
                                       "split it into smaller files")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return None, [Problem(name, line, f"is not valid UTF-8 (byte 0x{data[error.start]:02x}): "
                                          "save the file with UTF-8 encoding")]
    if "\x00" in text:
        return None, [Problem(name, text.count("\n", 0, text.index("\x00")) + 1,
                              "contains a NUL character: this is not a text file")]
    # As Python's text mode reads it for MkDocs: universal newlines, no byte-order mark.
    return text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff"), []


DATE_LIKE = re.compile(r"(?<![\w-])(\d{4})-(\d{2})-(\d{2})(?![\w-])")


def _unread_front_matter(name: str, front_matter: str) -> Problem:
    """Why MkDocs ignored the whole block: most often a date that does not exist, which YAML refuses."""
    for number, line in enumerate(front_matter.split("\n"), start=2):
        for match in DATE_LIKE.finditer(line):
            try:
                dt.date(*map(int, match.groups()))
            except ValueError:
                return Problem(name, number, f"{match.group(0)} is not a date that exists: correct it (YAML "
                                             "rejects it, and MkDocs then ignores the whole front matter)")
    return Problem(name, 1, "MkDocs does not read this front matter as fields: write 'name: value' lines between "
                            "the two '---' lines")


@dataclass
class Split:
    """A file cut into front matter and body exactly as MkDocs cuts it."""

    front_matter: str | None  # the YAML text between the delimiters, or None
    body: str
    body_line: int  # file line on which the body starts
    fields: dict  # what MkDocs itself read from the front matter
    problems: list[Problem]


def split_front_matter(name: str, text: str, required: bool) -> Split:
    """MkDocs' own splitter (mkdocs.utils.meta) decides what is front matter and what is the body.

    So the validator sees the same fields and the same body as MkDocs and mkdocs-macros. Layouts that
    MkDocs reads differently from what a contributor would expect are errors, never guesses.
    Imported here, not at the top, so that loading this package never loads the rest of the builder.
    """
    from mkdocs.utils.meta import YAML_RE as YAML_BLOCK, get_data as get_meta

    body, fields = get_meta(text)
    block = YAML_BLOCK.match(text)
    if block:
        if body != text:  # MkDocs read a mapping between the delimiters and took it off the body
            return Split(block.group(1), body, text[:len(text) - len(body)].count("\n") + 1, fields, [])
        return Split(block.group(1), text, 1, {}, [_unread_front_matter(name, block.group(1))])
    lines = text.split("\n")
    if lines[0].rstrip() == "---":
        if len(lines) > 1 and lines[1].rstrip() in ("---", "..."):
            why = ("front matter is empty, and MkDocs does not read an empty block as front matter: "
                   "write the fields between the two '---' lines or remove both lines")
        else:
            why = "front matter opened on line 1 is never closed: add a line '---' after the last field"
        return Split(None, text, 1, {}, [Problem(name, 1, why)])
    if fields:  # MkDocs reads leading 'key: value' lines as MultiMarkdown metadata
        return Split(None, text, 1, fields, [Problem(name, 1, f"line 1 ('{lines[0][:40]}') is read by MkDocs as "
                                                              "page metadata: put fields between two '---' lines, "
                                                              "or start the page with a heading")])
    missing = [Problem(name, 1, "has no front matter: the file must start with a line '---', then the fields, "
                                "then another '---'")] if required else []
    return Split(None, text, 1, {}, missing)


def load_yaml(name: str, text: str, first_line: int) -> tuple[object, list[Problem]]:
    """Parse YAML safely, keeping line numbers. first_line is the file line of the text's first line."""
    try:
        for event in yaml.parse(text, Loader=LOADER):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line = first_line + event.start_mark.line
                return None, [Problem(name, line, "YAML anchors and aliases (& and *) are not allowed: "
                                                  "write the value out in full")]
            tag = getattr(event, "tag", None)
            if tag and tag not in STANDARD_TAGS and tag != "!":
                return None, [Problem(name, first_line + event.start_mark.line,
                                      f"YAML tags such as '{tag.replace('tag:yaml.org,2002:', '!!')}' are not allowed: "
                                      "write plain values")]
        node = yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + (mark.line if mark else 0)
        return None, [Problem(name, line, f"is not valid YAML: {error.problem or error.context}; "
                                          "check indentation, and put values containing ': ' or '#' in double quotes")]
    except yaml.YAMLError as error:
        return None, [Problem(name, first_line, f"is not valid YAML: {error}")]
    except RecursionError:
        return None, [Problem(name, first_line, "YAML is nested too deeply")]
    if node is None:
        return None, []
    problems: list[Problem] = []
    value = _to_python(node, first_line, name, problems, depth=0)
    return value, problems


def _to_python(node: yaml.Node, first_line: int, name: str, problems: list[Problem], depth: int) -> object:
    line = first_line + node.start_mark.line
    if depth > MAX_YAML_DEPTH:
        problems.append(Problem(name, line, f"YAML is nested more than {MAX_YAML_DEPTH} levels deep"))
        return None
    if isinstance(node, yaml.MappingNode):
        result = LineDict(line=line)
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            key = str(key) if key is not None else ""
            if key in result:
                problems.append(Problem(name, first_line + key_node.start_mark.line,
                                        f"field '{key}' appears twice: keep one"))
            result[key] = _to_python(value_node, first_line, name, problems, depth + 1)
            result.lines[key] = first_line + key_node.start_mark.line
        return result
    if isinstance(node, yaml.SequenceNode):
        result = LineList(line=line)
        for item in node.value:
            result.append(_to_python(item, first_line, name, problems, depth + 1))
            result.lines.append(first_line + item.start_mark.line)
        return result
    return _scalar(node)


def _scalar(node: yaml.Node) -> object:
    if not isinstance(node, yaml.ScalarNode):
        return None
    try:
        return yaml.SafeLoader(" ").construct_object(node)
    except ValueError:  # looks like a date but is none (2026-02-30): the field's check says what is wrong
        return node.value


def read_source(path: Path, root: Path, front_matter_required: bool) -> tuple[SourceFile | None, list[Problem]]:
    """Read a Markdown file with its front matter as a LineDict."""
    name = rel(path, root)
    text, problems = read_text(path, root)
    if text is None:
        return None, problems
    split = split_front_matter(name, text, front_matter_required)
    meta = LineDict(line=1)
    if split.front_matter is not None:
        value, problems = load_yaml(name, split.front_matter, first_line=2)
        if problems:
            return None, problems
        if value is None:
            value = LineDict(line=1)
        if not isinstance(value, LineDict):
            return None, [Problem(name, 2, "front matter must be fields written 'name: value', one per line")]
        if split.problems:
            return None, split.problems
        if plain(value) != split.fields:
            return None, [Problem(name, 2, "front matter is read differently by MkDocs than by this check: "
                                           "write plain 'name: value' fields with quoted text")]
        meta = value
    elif split.problems:
        return None, split.problems
    return SourceFile(name, text, meta, split.body, split.body_line), []


def plain(value: object) -> object:
    """A loaded YAML value without line bookkeeping, for comparison with MkDocs' own reading."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def read_config(root: Path) -> dict:
    """mkdocs.yml as MkDocs itself reads it, so `!ENV` values (site_url, repo_url) are resolved."""
    from mkdocs.utils.yaml import yaml_load  # imported here: the validator alone never needs MkDocs

    return yaml_load((root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
