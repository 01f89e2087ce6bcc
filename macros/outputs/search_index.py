"""Site search, built ahead: the documents, and the index a browser searches without building anything.

The builder's search plugin splits pages into sections (`search/search_index.json`). We tune those
documents (markup stripped, each glossary term its own entry, a `keywords` field with front matter
keywords and the other words of every synonym group a section uses), then write an index readers'
browsers load in small parts with plain `<script>` tags, which works the same over HTTP and from
disk (file://), and needs no work in the browser before the first result:

- `search/t2/index.js`: the language's stop words and folding, and which page each document is on;
- `search/t2/s-<key>.js`: every word form starting with `key` (its first two letters) and its stem,
  and the weighted postings of every stem starting with `key`;
- `search/t2/d-<n>.js`: location, title and teaser of each document of one page (`n`: the page's
  first document), loaded for the pages a query shows.

Weights (BM25 without length normalisation, field boosts) are computed here, so the browser only adds
them up. `Searcher` answers queries from those same files with the same arithmetic as
docs/assets/js/search.js, so tests in Python and in the browser judge one ranking.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from macros.content.model import Handbook
from macros.outputs import search_words
from macros.outputs.site_html import plain
from macros.paths import checklist_page, site_path

# Sections that only repeat other pages' titles (generated navigation) or that the glossary's own
# entries replace: dropping them keeps the index small and the results free of echoes.
SKIPPED_SECTIONS = re.compile(r"#(used-in|related-cases|cite-this-page|letter-[^#]+)$")
KEYWORD_BOOST = 1000.0  # like a title: editors chose these words for the page
SYNONYM_BOOST = 2.0  # like the text they stand in for: a passing mention must not outrank a page about it
TAG = re.compile(r"<[^>]+>")


TOKEN = re.compile(r"[\w-]+")


@lru_cache(maxsize=None)
def _words_pattern(phrase: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])")


@lru_cache(maxsize=None)
def _tokens(phrase: str) -> tuple[str, ...]:
    return tuple(TOKEN.findall(phrase))


def expand_synonyms(text: str, groups: list[list[str]]) -> list[str]:
    """Words of every synonym group the text uses that the text itself does not contain."""
    lowered = text.lower()
    # A phrase can only match where each of its words is a whole word of the text: checking that
    # first skips the regular expression for almost every phrase (the index has thousands of sections).
    words = set(TOKEN.findall(lowered))
    extra: list[str] = []
    for group in groups:
        present = [w for w in group if words.issuperset(_tokens(w)) and _words_pattern(w).search(lowered)]
        if present:
            extra += [w for w in group if w not in present and w not in extra]
    return extra


def page_keywords(handbook: Handbook, directory_urls: bool) -> dict[str, list[str]]:
    """Front matter keywords by page location in the index."""
    found = {}
    for page in handbook.pages.values():
        words = page.meta.get("keywords") or []
        if isinstance(words, list) and words:
            found[site_path(page.path, directory_urls).removesuffix("index.html")] = [str(w) for w in words]
    for checklist in handbook.checklists.values():
        location = site_path(checklist_page(checklist.id), directory_urls).removesuffix("index.html")
        found[location] = found.get(location, []) + checklist.keywords
    return found


def glossary_docs(handbook: Handbook, directory_urls: bool) -> list[dict]:
    base = site_path("docs/glossary.md", directory_urls).removesuffix("index.html")
    return [{"location": f"{base}#{term.id}", "title": term.term, "text": html.escape(plain(term.definition)),
             "keywords": " ".join(term.also)} for term in handbook.glossary.values()]


def tune_index(index: dict, handbook: Handbook, directory_urls: bool) -> dict:
    """A copy of Material's search index with plain text, glossary entries and keywords."""
    keywords = page_keywords(handbook, directory_urls)
    synonym_groups = handbook.synonyms + glossary_synonyms(handbook)
    docs = []
    for doc in index["docs"] + glossary_docs(handbook, directory_urls):
        if SKIPPED_SECTIONS.search(doc["location"]):
            continue
        text = " ".join(TAG.sub(" ", doc["text"]).split())
        words = doc.get("keywords", "").split(" ") if doc.get("keywords") else []
        if "#" not in doc["location"]:
            words += keywords.get(doc["location"], [])
        tuned = {**doc, "text": text}
        if words:
            tuned["keywords"] = " ".join(dict.fromkeys(words))
        synonyms = expand_synonyms(f"{doc['title']} {text} {' '.join(words)}", synonym_groups)
        if synonyms:
            tuned["synonyms"] = " ".join(synonyms)
        docs.append(tuned)
    fields = {**index["config"]["fields"], "keywords": {"boost": KEYWORD_BOOST}, "synonyms": {"boost": SYNONYM_BOOST}}
    return {"config": {**index["config"], "fields": fields}, "docs": docs}


# --- the index a browser loads in parts ----------------------------------------------------------

FIELDS = {"title": 8.0, "keywords": 6.0, "page": 1.5, "synonyms": 2.0, "text": 1.0}  # boost per field
K1 = 1.2  # BM25 term-frequency saturation: the fifth mention of a word adds little
PREFIX_FACTOR = 0.5  # a word the reader is still typing counts half for the longer words it starts
MAX_WORDS = 10  # query words used; the rest are ignored
MAX_GROUPS = 20  # pages returned: the theme shows ten, and more as the reader scrolls
MAX_PER_GROUP = 5  # sections shown per page
TEASER_CHARACTERS = 240
FOLDED_RANGES = [(0xC0, 0x24F), (0x600, 0x6FF)]  # Latin accents, Arabic: folding known even for unseen letters
INDEX_DIR = Path("search") / "t2"
WRAPPER = ("T2Search.add(", ");\n")


SHARD_BUDGET = 24_000  # bytes: a part above this is split by the third character


def shard_key(text: str, split: frozenset[str] | set[str]) -> str:
    """The part a word form or stem is stored in: its first two characters, or three where words
    starting with those two are too many for one small part (Arabic's article, English "co")."""
    return text[:3] if text[:2] in split and len(text) > 2 else text[:2]


def _split_keys(forms: dict[str, str], postings: dict[str, list[int]]) -> set[str]:
    size: Counter = Counter()
    for form, stem in forms.items():
        size[form[:2]] += len(form) + len(stem) + 6
    for stem, flat in postings.items():
        size[stem[:2]] += len(stem) + 4 + 5 * len(flat)
    return {key for key, total in size.items() if total > SHARD_BUDGET}


def shard_file(key: str) -> str:
    """A file name for a key, whatever its script: the code points in hexadecimal."""
    return "s-" + ".".join(f"{ord(c):x}" for c in key) + ".js"


def docs_file(group: int) -> str:
    return f"d-{group}.js"


def teaser(text: str) -> str:
    if len(text) <= TEASER_CHARACTERS:
        return text
    cut = text[:TEASER_CHARACTERS].rsplit(" ", 1)[0]
    return cut + " \u2026"


def group_of(location: str) -> str:
    return location.split("#")[0]


def glossary_synonyms(handbook: Handbook) -> list[list[str]]:
    """Each glossary term with the other names readers give it, in the handbook's language."""
    return [[term.term.lower(), *(w.lower() for w in term.also)] for term in handbook.glossary.values() if term.also]


def _field_texts(doc: dict, page_titles: dict[str, str]) -> dict[str, str]:
    page = group_of(doc["location"])
    return {"title": doc.get("title", ""), "keywords": doc.get("keywords", ""),
            "page": page_titles.get(page, "") if "#" in doc["location"] else "",
            "synonyms": doc.get("synonyms", ""), "text": doc.get("text", "")}


def build_index(docs: list[dict], language: str) -> dict[str, object]:
    """The index parts of a language's documents, by file name (under search/t2/)."""
    page_titles = {d["location"]: d.get("title", "") for d in docs if "#" not in d["location"]}
    forms: dict[str, str] = {}
    frequencies: list[dict[str, float]] = []
    for doc in docs:
        weighted: dict[str, float] = defaultdict(float)
        for field, text in _field_texts(doc, page_titles).items():
            counts = Counter()
            for word in search_words.words(text, language):
                if search_words.is_stop_word(word, language):
                    continue
                stem = forms.setdefault(word, search_words.stem(word, language))
                counts[stem] += 1
            for stem, count in counts.items():
                weighted[stem] += FIELDS[field] * count * (K1 + 1) / (count + K1)
        frequencies.append(weighted)
    documents_with = Counter(stem for weighted in frequencies for stem in weighted)
    total = len(docs)
    postings: dict[str, list[int]] = defaultdict(list)
    for number, weighted in enumerate(frequencies):
        for stem, value in sorted(weighted.items()):
            idf = math.log(1 + (total - documents_with[stem] + 0.5) / (documents_with[stem] + 0.5))
            postings[stem] += [number, max(1, round(100 * idf * value))]
    split = _split_keys(forms, postings)
    shards: dict[str, dict] = defaultdict(lambda: {"forms": {}, "stems": {}})
    for form, stem in sorted(forms.items()):
        shards[shard_key(form, split)]["forms"][form] = stem
    for stem in sorted(postings):
        shards[shard_key(stem, split)]["stems"][stem] = postings[stem]
    groups: dict[str, int] = {}
    group_numbers = [groups.setdefault(group_of(d["location"]), n) for n, d in enumerate(docs)]
    parts: dict[str, object] = {}
    for key, shard in sorted(shards.items()):
        parts[shard_file(key)] = {"shard": key, **shard}
    for number, doc in enumerate(docs):
        group = group_numbers[number]
        part = parts.setdefault(docs_file(group), {"docs": group, "entries": {}})
        part["entries"][str(number)] = [doc["location"], doc.get("title", ""), teaser(doc.get("text", ""))]
    seen_letters = {c for d in docs for c in d.get("title", "") + d.get("text", "")}
    seen_letters |= {chr(c) for low, high in FOLDED_RANGES for c in range(low, high + 1)}
    content = json.dumps(parts, sort_keys=True, ensure_ascii=False)
    parts["index.js"] = {
        "index": hashlib.sha256(content.encode()).hexdigest()[:12], "language": language,
        "stop": sorted(search_words.STOP_WORDS[language]), "fold": search_words.fold_table(seen_letters, language),
        "groups": group_numbers, "shards": sorted(shards), "split": sorted(split), "prefixFactor": PREFIX_FACTOR,
        "maxWords": MAX_WORDS, "maxGroups": MAX_GROUPS, "maxPerGroup": MAX_PER_GROUP}
    return parts


def index_text(part: object) -> str:
    """A part as the script file the browser loads: JSON, which is a JavaScript literal, handed to T2Search."""
    return WRAPPER[0] + json.dumps(part, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + WRAPPER[1]


def write_index(site: Path, parts: dict[str, object]) -> None:
    folder = site / INDEX_DIR
    if folder.exists():
        for old in folder.iterdir():
            old.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    for name, part in parts.items():
        (folder / name).write_text(index_text(part), encoding="utf-8")


# --- answering queries: the same arithmetic as docs/assets/js/search.js ----------------------------


@dataclass(frozen=True)
class Hit:
    page: str  # location without anchor
    location: str  # best matching section
    title: str
    score: float


class Searcher:
    """Answers queries from a built site's index files, as the site's search box does."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.meta = self._part("index.js")
        self.stop = set(self.meta["stop"])
        self.split = set(self.meta["split"])
        self._shards: dict[str, dict] = {}

    def _part(self, name: str) -> dict:
        text = (self.folder / name).read_text(encoding="utf-8")
        return json.loads(text.removeprefix(WRAPPER[0]).removesuffix(WRAPPER[1]))

    def shard(self, key: str) -> dict:
        if key not in self._shards:
            known = key in self.meta["shards"]
            self._shards[key] = self._part(shard_file(key)) if known else {"forms": {}, "stems": {}}
        return self._shards[key]

    def query_words(self, query: str) -> list[str]:
        """Folded words of the query without stop words (all of them if nothing else is left), and
        without single letters, which would match everything while the reader starts typing."""
        folded = "".join(self.meta["fold"].get(c, c) for c in query.lower())
        found = [w for w in search_words.SPLIT.split(folded) if len(w) > 1 or w.isdecimal()]
        kept = [w for w in found if w not in self.stop]
        return (kept or found)[:self.meta["maxWords"]]

    def stems_for(self, word: str) -> dict[str, float]:
        """The stems a query word reaches, with their factor: its own form's stem in full, the stems of
        longer forms it starts (the reader may still be typing) at the prefix factor."""
        forms = self.shard(shard_key(word, self.split))["forms"]
        found: dict[str, float] = {}
        if len(word) > 1:
            for form in sorted(forms):
                if form.startswith(word) and form != word:
                    found[forms[form]] = self.meta["prefixFactor"]
        if word in forms:
            found[forms[word]] = 1.0
        return found

    def scores(self, query: str) -> tuple[list[str], dict[int, float], dict[int, set[int]]]:
        words = self.query_words(query)
        totals: dict[int, float] = {}
        matched: dict[int, set[int]] = defaultdict(set)
        for position, word in enumerate(words):
            best: dict[int, float] = {}
            for stem, factor in sorted(self.stems_for(word).items()):
                flat = self.shard(shard_key(stem, self.split))["stems"].get(stem, [])
                for i in range(0, len(flat), 2):
                    value = factor * flat[i + 1]
                    if value > best.get(flat[i], 0.0):
                        best[flat[i]] = value
            for doc in sorted(best):
                totals[doc] = totals.get(doc, 0.0) + best[doc]
                matched[doc].add(position)
        final = {}
        for doc, total in totals.items():
            share = len(matched[doc]) / len(words)
            final[doc] = total * (share * share)
        return words, final, matched

    def groups(self, query: str) -> tuple[list[list[int]], dict[int, float]]:
        """Pages in the order shown, each its documents best first, the page's own first among equals."""
        _, final, _ = self.scores(query)
        by_group: dict[int, list[int]] = defaultdict(list)
        for doc in final:
            by_group[self.meta["groups"][doc]].append(doc)
        ranked = sorted(by_group, key=lambda g: (-max(final[d] for d in by_group[g]), g))
        shown = []
        for group in ranked[:self.meta["maxGroups"]]:
            docs = sorted(by_group[group], key=lambda d: (-final[d], d))[:self.meta["maxPerGroup"]]
            shown.append(docs if group in docs else [group, *docs])
        return shown, final

    def entry(self, doc: int) -> list[str]:
        return self._part(docs_file(self.meta["groups"][doc]))["entries"][str(doc)]

    def search(self, query: str) -> list[Hit]:
        shown, final = self.groups(query)
        hits = []
        for docs in shown:
            best = max(docs, key=lambda d: (final.get(d, 0.0), -d))
            location, title, _ = self.entry(best)
            hits.append(Hit(group_of(location), location, title, final.get(best, 0.0)))
        return hits
