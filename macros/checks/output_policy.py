"""The output policy: what may appear in the HTML we publish or print, judged on that HTML itself.

Contributor text reaches readers through several parsers (MkDocs' front matter, Python-Markdown with
attr_list and md_in_html, Material's templates, which do not escape). So the verdict is not taken on
the source: every page is parsed as a browser parses it (justhtml, an HTML5 parser that builds the
same tree a browser builds, template contents and foreign content included) and held to one
allow-list:

- no element that runs or embeds code or another document (script, iframe, object, embed, base,
  style, link, meta refresh, form with an action, SVG animation and foreignObject); the theme's own
  scripts and styles are recognised exactly (inline scripts by hash, files by path);
- no event-handler attribute and no `srcdoc`;
- links only relative, `https:`, `mailto:` or `data:image/...`, and never outside the site;
- resources (`src`, `srcset`, `poster`, `data`, CSS `url()`) only from the site itself or a
  `data:image/...` URL, so a reader's browser never asks another host for anything.

The same function judges site pages and the print HTML behind every PDF. `theme_scripts()` reads the
theme's own inline scripts from the installed theme, and the Content-Security-Policy each page gets
lists exactly their hashes.
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import justhtml
import tinycss2

# Elements that run code, embed another document or change where the page's URLs point.
FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "style",
                      "foreignobject", "animate", "animatemotion", "animatetransform", "set", "handler",
                      "listener", "discard"}
# Attributes whose URL the browser fetches by itself (or, for ping, posts to when a link is followed).
RESOURCE_ATTRS = {"src", "srcset", "imagesrcset", "poster", "data", "background", "lowsrc", "dynsrc", "codebase",
                  "archive", "manifest", "icon", "ping"}
LINK_ATTRS = {"href", "xlink:href", "action", "cite", "longdesc", "itemtype"}
# Elements whose href is fetched, not followed: SVG images and references, and <link> icons and styles.
FETCHED_HREF = {"image", "use", "feimage", "script", "link"}
LINK_SCHEMES = {"https", "mailto"}
DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp|avif|svg\+xml)[;,]", re.I)
# Browsers drop these from URLs before reading the scheme ("java\tscript:" is javascript:).
URL_NOISE = re.compile(r"[\x00-\x20\x7f]")
LINK_RELS = {"stylesheet", "icon", "canonical", "prev", "next", "alternate", "manifest", "apple-touch-icon"}
META_NAMES = {"viewport", "description", "author", "generator", "keywords", "dcterms.created",
              "dcterms.modified", "theme-color", "color-scheme", "referrer", "robots"}
CSP_META = "content-security-policy"


@dataclass(frozen=True)
class Finding:
    line: int  # line in the HTML that was judged
    message: str
    evidence: str  # the offending text as written, to find its line in the source


@dataclass(frozen=True)
class Allowed:
    """What the theme itself may put into a page, beyond what content may."""

    scripts: frozenset[str] = frozenset()  # site paths of script files
    styles: frozenset[str] = frozenset()  # site paths of stylesheets
    inline_scripts: frozenset[str] = frozenset()  # sha256 (base64) of inline scripts
    config_scripts: int = 0  # how many <script type="application/json"> a page may hold (Material: 1)
    file_roots: tuple[str, ...] = ()  # print HTML: local files under these directories may be read
    runtime_scripts: frozenset[str] = frozenset()  # sha256 of scripts the site's own JS writes at run time
    site_url: str = ""  # the site's own address (canonical links; http://127.0.0.1:8000/ under make serve)
    live_reload: bool = False  # make serve: the dev server adds its own inline script to every page


@dataclass
class Verdict:
    findings: list[Finding] = field(default_factory=list)
    script_hashes: set[str] = field(default_factory=set)  # of the allowed inline scripts present
    external_links: list[int] = field(default_factory=list)  # offsets of the '>' of <a> tags to mark rel=noopener


def digest(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()


def judge(html: str, page: str, allowed: Allowed = Allowed()) -> Verdict:
    """Every way this HTML could run script or fetch from another host. `page` is its site path."""
    verdict = Verdict()
    document = justhtml.JustHTML(html, sanitize=False, track_node_locations=True)
    config_scripts = 0
    for node in _elements(document.root):
        name = (node.name or "").lower()
        attrs = {k.lower(): v if v is not None else "" for k, v in (node.attrs or {}).items()}
        line = node.origin_line or 0

        def flag(message: str, evidence: str) -> None:
            verdict.findings.append(Finding(line, message, evidence))

        if name in FORBIDDEN_ELEMENTS:
            flag(f"<{name}> is not allowed", f"<{node.name}")
        elif name == "script":
            config_scripts += _judge_script(node, attrs, page, allowed, verdict, flag)
        elif name == "link":
            _judge_link(attrs, page, allowed, flag)
        elif name == "meta":
            _judge_meta(attrs, flag)
        elif name == "form" and ("action" in attrs or "target" in attrs):
            flag("a form that sends anything anywhere is not allowed", "action=")
        for attr, value in attrs.items():
            _judge_attr(name, attr, _on_this_site(value, allowed.site_url), page, allowed.file_roots, flag)
        if name == "a" and _is_external(attrs.get("href", "")) and "rel" not in attrs:
            verdict.external_links.append(node._start_tag_end - 1)  # the start tag's closing '>'

    if config_scripts > allowed.config_scripts:
        verdict.findings.append(Finding(0, "a second <script type=\"application/json\"> is not allowed", "<script"))
    return verdict


def _elements(node):
    """Every element in document order, including the contents of <template> elements."""
    for child in node.children or ():
        if isinstance(child, justhtml.Element):
            yield child
            if child.template_content is not None:
                yield from _elements(child.template_content)
            yield from _elements(child)


def _judge_script(node, attrs: dict, page: str, allowed: Allowed, verdict: Verdict, flag) -> int:
    """Returns 1 for the theme's JSON configuration block, which does not run."""
    if "src" in attrs:
        if not _one_of(_site_path(attrs["src"], page), allowed.scripts):
            flag(f"<script src=\"{attrs['src'][:60]}\"> is not one of the site's scripts", attrs["src"])
        return 0
    text = "".join(child.data for child in node.children or () if child.name == "#text")
    if attrs.get("type", "").lower() == "application/json" and attrs.get("id") == "__config":
        return 1
    if digest(text) in allowed.inline_scripts:
        verdict.script_hashes.add(digest(text))
    else:
        flag("<script> is not allowed", "<script")
    return 0


def _judge_link(attrs: dict, page: str, allowed: Allowed, flag) -> None:
    rels = set(attrs.get("rel", "").lower().split())
    if not rels or not rels <= LINK_RELS:
        flag(f"<link rel=\"{attrs.get('rel', '')}\"> is not allowed", "<link")
    elif "stylesheet" in rels and not _one_of(_site_path(attrs.get("href", ""), page), allowed.styles):
        flag(f"stylesheet {attrs.get('href', '')[:60]} is not one of the site's stylesheets", attrs.get("href", ""))


def _judge_meta(attrs: dict, flag) -> None:
    equiv = attrs.get("http-equiv", "").lower()
    if equiv and equiv != CSP_META:
        flag(f"<meta http-equiv=\"{attrs['http-equiv']}\"> is not allowed", "http-equiv")
    elif "name" in attrs and attrs["name"].lower() not in META_NAMES:
        flag(f"<meta name=\"{attrs['name']}\"> is not allowed", attrs["name"])


def _judge_attr(element: str, attr: str, value: str, page: str, file_roots: tuple[str, ...], flag) -> None:
    if attr.startswith("on"):
        flag(f"event handler attribute {attr}= on <{element}> is not allowed", attr)
    elif attr in ("srcdoc", "formaction") or (attr == "http-equiv" and element != "meta"):
        flag(f"attribute {attr}= is not allowed", attr)
    elif attr == "style":
        for url in css_urls(value):
            why = resource_problem(url, page, file_roots)
            if why:
                flag(f"CSS url({url[:60]}) in a style attribute {why}", url)
    elif attr in ("srcset", "imagesrcset"):
        for candidate in value.split(","):
            url = candidate.strip().split(" ")[0]
            why = resource_problem(url, page, file_roots) if url else None
            if why:
                flag(f"{attr} URL '{url[:60]}' on <{element}> {why}", url)
    elif attr in RESOURCE_ATTRS or (attr in ("href", "xlink:href") and element in FETCHED_HREF):
        why = resource_problem(value, page, file_roots)
        if why:
            flag(f"{attr}='{value[:60]}' on <{element}> {why}", value)
    elif attr in LINK_ATTRS:
        why = link_problem(value, page)
        if why:
            flag(f"{attr}='{value[:60]}' on <{element}> {why}", value)


def css_urls(css: str) -> list[str]:
    """Every url() in a CSS declaration list, read by a CSS tokenizer (escapes and comments included)."""
    found = []

    def walk(tokens) -> None:
        for token in tokens:
            if token.type == "url":
                found.append(token.value)
            elif token.type == "function":
                if token.lower_name in ("url", "src", "image-set", "image") and token.arguments:
                    strings = [t.value for t in token.arguments if t.type == "string"]
                    found.extend(strings)
                walk(token.arguments)
            elif token.type in ("() block", "[] block", "{} block"):
                walk(token.content)
            elif token.type == "at-keyword" and token.lower_value == "import":
                found.append("@import")

    walk(tinycss2.parse_component_value_list(css))
    return found


def _on_this_site(url: str, site_url: str) -> str:
    """A URL into the site's own address as a root-relative path ('/about.html'); any other URL as it is."""
    return "/" + url[len(site_url):] if site_url and url.startswith(site_url) else url


def _clean(url: str) -> str:
    return URL_NOISE.sub("", url)


def _scheme(url: str) -> str:
    match = re.match(r"^([a-z][a-z0-9+.-]*):", _clean(url), re.I)
    return match.group(1).lower() if match else ""


def _is_external(href: str) -> bool:
    return _scheme(href) == "https"


def _site_path(url: str, page: str) -> str | None:
    """The site path a URL on this host points to from `page`, or None if it leaves the site.

    Root-relative URLs (the 404 page's, which must work at any depth) are taken from the site root.
    """
    url = _clean(url)
    if _scheme(url) or url.startswith(("//", "\\")):
        return None
    path = urlsplit(url).path
    if path.startswith("/"):
        return posixpath.normpath(path.lstrip("/"))
    if not path:
        return page
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    return None if joined == ".." or joined.startswith("../") else joined


def _one_of(target: str | None, files: frozenset[str]) -> bool:
    """Whether a site path is one of these files; a root-relative path may carry the site's own prefix."""
    return target is not None and (target in files or any(target.endswith("/" + f) for f in files))


def link_problem(url: str, page: str) -> str | None:
    scheme = _scheme(url)
    if scheme == "data" and DATA_IMAGE.match(_clean(url)):
        return None
    if scheme:
        return None if scheme in LINK_SCHEMES else f"uses the scheme '{scheme}:': use https:, mailto: or a relative link"
    if _clean(url).startswith(("//", "\\\\", "/\\", "\\/")):
        return "points to another host without a scheme: write https://"
    if _site_path(url, page) is None:
        return "leads outside the site: link with a relative path inside it"
    return None


def resource_problem(url: str, page: str, file_roots: tuple[str, ...] = ()) -> str | None:
    scheme = _scheme(url)
    if scheme == "file" and file_roots:
        path = Path(url2pathname(urlsplit(_clean(url)).path)).resolve()
        inside = urlsplit(_clean(url)).netloc in ("", "localhost") and any(
            path.is_relative_to(Path(root).resolve()) for root in file_roots)
        return None if inside else "is a local file outside docs/assets/"
    if scheme == "data":
        return None if DATA_IMAGE.match(_clean(url)) else "is a data: URL that is not an image"
    if url == "@import":
        return "imports a stylesheet"
    if scheme or _clean(url).startswith(("//", "\\")):
        return "would be fetched from another host: save the file under docs/assets/ and use a relative path"
    if _site_path(url, page) is None:
        return "leads outside the site: use a relative path inside it"
    return None


# --- what the theme itself puts into pages -----------------------------------------------------------

THEME_SCRIPT_PARTIALS = "partials/javascripts"
# The only template expressions in those partials: all are the page's base URL (the second is
# Zensical's copy of Material's template).
BASE_URL_EXPRESSIONS = ("{{ config.extra.scope | d(base_url) }}", "{{ config.extra.scope | d(base_url, true) }}",
                        "{{ base_url }}")
SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


@lru_cache(maxsize=None)
def theme_scripts(theme_dirs: tuple[str, ...], base_urls: tuple[str, ...]) -> frozenset[str]:
    """Hashes of the inline scripts the theme's templates write, for every base URL a page can have.

    Read from the installed theme's own partials and our overrides (main.html), so an upgrade of the
    theme that changes them is picked up, and nothing a page contains can add to the list.
    """
    hashes = set()
    for directory in theme_dirs:
        for template in sorted(Path(directory).rglob("*.html")):
            relative = template.relative_to(directory).as_posix()
            if not (relative.startswith(THEME_SCRIPT_PARTIALS) or relative == "main.html"):
                continue
            for script in SCRIPT.findall(template.read_text(encoding="utf-8")):
                for base in base_urls:
                    text = script
                    for expression in BASE_URL_EXPRESSIONS:
                        text = text.replace(expression, base)
                    if "{{" not in text and "{%" not in text:
                        hashes.add(digest(text))
    return frozenset(hashes)


def _function_source(code: str, name: str) -> str:
    """The source text of `function name(...){...}` in minified code, as Function.toString() returns it."""
    start = code.index(f"function {name}(")
    depth = 0
    for index in range(code.index("{", start), len(code)):
        depth += {"{": 1, "}": -1}.get(code[index], 0)
        if depth == 0:
            return code[start:index + 1]
    raise ValueError(f"function {name} has no end")


def iframe_worker_scripts(shim: str, worker_urls: list[str]) -> frozenset[str]:
    """Hashes of the script the vendored iframe-worker shim writes into its frame for each worker URL.

    From file:// the theme's search runs in that frame, which inherits the page's CSP; the script is
    the shim's template with its two helper functions and the worker's URL filled in.
    """
    template = re.search(r"<script>(postMessage=\$\{c\};.*?)<\\/script>", shim).group(1)
    text = template.replace("${c}", _function_source(shim, "c")).replace("${d}", _function_source(shim, "d"))
    return frozenset(digest(text.replace("${e}", url)) for url in worker_urls)


def content_security_policy(script_hashes: set[str], live_reload: bool = False) -> str:
    """The page's CSP: everything from the site itself, images also as data:, scripts by hash.

    Under `make serve` MkDocs' dev server writes a different inline script into every response (its
    live reload), so the preview allows inline scripts; everything else stays as published, and the
    build's own judgement of every page is the same.
    """
    hashes = [] if live_reload else [f"'sha256-{h}'" for h in sorted(script_hashes)]
    scripts = " ".join(["'self'", *hashes, *(["'unsafe-inline'"] if live_reload else [])])
    return ("default-src 'self'; "
            f"script-src {scripts}; "
            "style-src 'self' 'unsafe-inline'; "  # the theme sets style attributes; no url() leaves (img-src)
            "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; "
            "frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'")


def with_csp_and_rel(html: str, verdict: Verdict, allowed: Allowed = Allowed()) -> str:
    """The page with its Content-Security-Policy first in <head> and rel="noopener" on outside links."""
    pieces, last = [], 0
    for offset in sorted(verdict.external_links):
        pieces += [html[last:offset], ' rel="noopener"']
        last = offset
    html = "".join(pieces) + html[last:]
    policy = content_security_policy(verdict.script_hashes | allowed.runtime_scripts, allowed.live_reload)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    head = re.search(r"<head\b[^>]*>", html, re.I)
    return html[:head.end()] + meta + html[head.end():] if head else meta + html


# --- the whole site ---------------------------------------------------------------------------------

JUDGED_SUFFIXES = {".html", ".htm", ".xhtml", ".svg", ".xml"}
# An SVG or XML file opened on its own is parsed as XML: entities and stylesheets would apply there.
XML_ONLY = re.compile(r"<!DOCTYPE|<!ENTITY|<\?xml-stylesheet", re.I)


def page_depth(site: Path) -> int:
    """How many folders deep the deepest page of a built site sits, counting the file (index.html is 1).
    Each translation (/fr/...) is a site of its own, as deep as the English one: its pages count from its root."""
    from macros.content.languages import TRANSLATED
    return max((len(parts) - (parts[0] in TRANSLATED) for p in site.rglob("*.html")
                for parts in [p.relative_to(site).parts]), default=1)


def allowed_for_site(depth: int, theme_dirs: tuple[str, ...], extra_scripts: list[str], extra_styles: list[str],
                     theme_assets: Path, root_path: str = "/") -> Allowed:
    """The theme's own script and style files (as shipped) and ours (from mkdocs.yml), and its inline scripts."""
    shipped = {p.relative_to(theme_assets.parent).as_posix() for p in theme_assets.rglob("*") if p.is_file()}
    # Pages use relative base URLs by depth; the 404 page, served at any depth, the site's root path.
    bases = (root_path, *(posixpath.join(*([".."] * d)) if d else "." for d in range(depth)))
    return Allowed(scripts=frozenset({p for p in shipped if p.endswith(".js")} | set(extra_scripts)),
                   styles=frozenset({p for p in shipped if p.endswith(".css")} | set(extra_styles)),
                   inline_scripts=theme_scripts(theme_dirs, bases), config_scripts=1)


def locate(evidence: str, sources: list[tuple[str, str]]) -> tuple[str, int] | None:
    """The first (path, line) among the sources whose text contains the evidence, ignoring case."""
    needle = evidence.lower().strip()
    if not needle:
        return None
    for path, text in sources:
        at = text.lower().find(needle)
        if at >= 0:
            return path, text.count("\n", 0, at) + 1
    return None


def describe(finding: Finding, where: str, sources: list[tuple[str, str]]) -> str:
    """'path:line: message' naming the source that put it there, or the output file when none is found."""
    found = locate(finding.evidence, sources)
    if found:
        return f"{found[0]}:{found[1]}: {finding.message} (in {where}): remove it or write it in plain Markdown"
    return f"{where}:{finding.line}: {finding.message}"


def judge_file(path: Path, site: Path, allowed: Allowed) -> list[Finding]:
    """Judge one output file; a clean page is rewritten with its CSP, a page with findings is emptied."""
    where = path.relative_to(site).as_posix()
    text = path.read_text(encoding="utf-8", errors="replace")
    is_page = path.suffix.lower() in (".html", ".htm")
    verdict = judge(text, where, allowed if is_page else Allowed())
    xml_only = XML_ONLY.search(text) if not is_page else None
    if xml_only:
        verdict.findings.append(Finding(text.count("\n", 0, xml_only.start()) + 1,
                                        "DOCTYPE, entities and stylesheets are not allowed in SVG or XML",
                                        xml_only.group(0)))
    if verdict.findings:
        path.write_text("", encoding="utf-8")  # so a preview server never serves it
    elif is_page:
        path.write_text(with_csp_and_rel(text, verdict, allowed), encoding="utf-8")
    return verdict.findings


def enforce_site(site: Path, allowed: Allowed, sources_of, jobs: int = 1) -> list[str]:
    """Judge every page and SVG of a built site and give each page its CSP; problems as 'path:line: ...'.

    `sources_of(site_path)` lists the (repository path, text) that may have put text into that file,
    the page's own source first. With jobs > 1 the files are judged in that many forked processes
    (a plain build script only: never from inside a server with threads).
    """
    paths = sorted(p for p in site.rglob("*") if p.suffix.lower() in JUDGED_SUFFIXES and p.is_file())
    if jobs > 1:
        import concurrent.futures
        import multiprocessing
        with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            verdicts = list(pool.map(judge_file, paths, [site] * len(paths), [allowed] * len(paths), chunksize=8))
    else:
        verdicts = [judge_file(path, site, allowed) for path in paths]
    problems = []
    for path, findings in zip(paths, verdicts):
        where = path.relative_to(site).as_posix()
        problems += [describe(f, where, sources_of(where)) for f in findings]
    return problems
