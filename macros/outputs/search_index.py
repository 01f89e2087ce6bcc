"""Site search: tuning the index Material builds, and answering queries the way its browser code does.

The index is tuned after Material writes it (in the build, so `make serve` and `make site` agree):
markup is stripped from the text, each glossary term becomes its own entry, and a `keywords`
field carries front matter keywords plus the other words of every synonym group a section uses.
`search()` reproduces Material's query handling with lunr.py so queries can be tested offline.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache, partial

from lunr.builder import Builder
from lunr.stop_word_filter import WORDS as STOP_WORDS, stop_word_filter
from lunr.tokenizer import Tokenizer

from macros.content.model import Handbook
from macros.outputs.site_html import plain
from macros.paths import checklist_page, site_path

# Sections that only repeat other pages' titles (generated navigation) or that the glossary's own
# entries replace: dropping them keeps the index small and the results free of echoes.
SKIPPED_SECTIONS = re.compile(r"#(used-in|related-cases|letter-[a-z])$")
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
        synonyms = expand_synonyms(f"{doc['title']} {text} {' '.join(words)}", handbook.synonyms)
        if synonyms:
            tuned["synonyms"] = " ".join(synonyms)
        docs.append(tuned)
    fields = {**index["config"]["fields"], "keywords": {"boost": KEYWORD_BOOST}, "synonyms": {"boost": SYNONYM_BOOST}}
    return {"config": {**index["config"], "fields": fields}, "docs": docs}


# --- answering queries as Material does -------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    page: str  # location without anchor
    location: str  # best matching section
    title: str
    score: float


class SearchIndex:
    """lunr.py over the same documents, fields, boosts, tokenizer and pipeline as the site's search."""

    def __init__(self, index: dict):
        config = index["config"]
        self.docs = {doc["location"]: doc for doc in index["docs"]}
        self.separator = re.compile(config["separator"])
        builder = Builder()
        builder.pipeline.reset()
        builder.search_pipeline.reset()
        if "stopWordFilter" in config["pipeline"]:
            builder.pipeline.add(stop_word_filter)
            builder.search_pipeline.add(stop_word_filter)
        builder.tokenizer = partial(Tokenizer, separator=self.separator)
        builder.metadata_whitelist = ["position"]
        builder.b(0)
        builder.ref("location")
        for name, spec in config["fields"].items():
            builder.field(name, boost=spec.get("boost", 1))
        for doc in index["docs"]:
            builder.add({name: doc.get(name, "") if name != "tags" else " ".join(doc.get("tags", []))
                         for name in ["location", *config["fields"]]}, {"boost": doc.get("boost", 1)})
        self.index = builder.build()

    def transform(self, query: str) -> list[str]:
        """The site's query handling: stop words dropped (docs/assets/js/search-query.js), then
        Material's transform: split on white space and the separator, each term a prefix."""
        words = query.split()
        kept = [w for w in words if w.lower() not in STOP_WORDS]
        terms = []
        for part in kept or words:
            terms += [t for t in self.separator.split(part) if t]
        return [re.sub(r"[:^~+*]", "", t).lower() + "*" for t in terms if re.sub(r"[:^~+*]", "", t)]

    def search(self, query: str) -> list[Hit]:
        """Pages in the order the site shows them: best section per page, Material's post-query boost."""
        terms = self.transform(query)
        if not terms:
            return []
        best: dict[str, Hit] = {}
        for result in self.index.search(" ".join(terms)):
            doc = self.docs[result["ref"]]
            found = {term.rstrip("*") for term in terms
                     if any(token.startswith(term.rstrip("*")) for token in result["match_data"].metadata)}
            boost = ("#" not in doc["location"]) + len(found) / len(terms)
            score = result["score"] * (1 + boost ** 2)
            page = doc["location"].split("#")[0]
            if page not in best or score > best[page].score:
                best[page] = Hit(page, doc["location"], doc["title"], score)
        return sorted(best.values(), key=lambda hit: -hit.score)

