"""Editorial checks on the real content: originality, scope, depth and reader paths."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from macros.checks.prose import handbook_stats

ROOT = Path(__file__).resolve().parent.parent
PROTECTED = ROOT / "tests" / "fixtures" / "protected-8grams.txt"
STEP_CHAPTERS = ("step-1-assess", "step-2-plan", "step-3-prepare", "step-4-conduct", "step-5-follow-up")
ALL_CHAPTERS = ("introduction", *STEP_CHAPTERS, "coordination", "ethics")


def shingles(text: str) -> set[str]:
    """8-word shingles, normalised as the protected list's header says."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "'").replace("'", ""))
    return {" ".join(words[i:i + 8]) for i in range(len(words) - 7)}


def content_files() -> list[Path]:
    files = sorted((ROOT / "docs").rglob("*.md")) + sorted((ROOT / "checklists").glob("*.md"))
    return files + sorted((ROOT / "docs" / "_data").glob("*.yml"))


def test_protected_list_is_the_shared_fixture():
    lines = [line for line in PROTECTED.read_text().splitlines() if line and not line.startswith("#")]
    assert len(lines) > 1000 and all(re.fullmatch(r"[0-9a-f]{64}", line) for line in lines)


def protected_hashes() -> set[str]:
    return {line.strip() for line in PROTECTED.read_text().splitlines() if line and not line.startswith("#")}


def copied_sequences(text: str, protected: set[str]) -> list[str]:
    """The 8-word sequences of the text whose hash is on the protected list."""
    return sorted(s for s in shingles(text) if hashlib.sha256(s.encode()).hexdigest() in protected)


def test_no_content_shares_an_8_word_sequence_with_protected_text():
    protected = protected_hashes()
    copied = {str(path.relative_to(ROOT)): hits[:3] for path in content_files()
              if (hits := copied_sequences(path.read_text(encoding="utf-8"), protected))}
    assert copied == {}, f"rewrite in our own words: {copied}"


def test_the_originality_check_detects_a_protected_sequence():
    """The same check, shown firing: a sentence of content with one protected sequence hidden in it."""
    protected = protected_hashes()
    sample = "one two three four five six seven eight"
    assert copied_sequences("Our words. One, two; three four: five six seven eight! More.", protected) == []
    assert copied_sequences("Our words. One, two; three four: five six seven eight! More.",
                            protected | {hashlib.sha256(sample.encode()).hexdigest()}) == [sample]


def test_every_chapter_of_the_handbook_exists(handbook):
    assert set(ALL_CHAPTERS) <= set(handbook.chapters)
    assert [c for c in STEP_CHAPTERS if handbook.chapters[c].step is None] == []


def test_chapters_have_the_depth_a_practitioner_needs(handbook):
    words = {Path(s.path).stem: s.words for s in handbook_stats(handbook) if s.path.startswith("docs/handbook/")}
    for chapter in STEP_CHAPTERS:
        assert 3000 <= words[chapter] <= 6500, (chapter, words[chapter])
    assert sum(words.values()) >= 30000


def test_in_brief_is_a_one_minute_read(handbook):
    for chapter in handbook.chapters.values():
        words = len(re.findall(r"[A-Za-z']+", re.sub(r"\{\{.*?\}\}", "", chapter.section_body("in-brief"))))
        assert 60 <= words <= 300, (chapter.id, words)


def test_glossary_and_references_meet_the_minimum(handbook):
    assert len(handbook.glossary) >= 60
    assert len(handbook.references) >= 50
    for required in ("track-i", "track-1-5", "track-ii", "track-iii", "multi-track-diplomacy", "ripeness",
                     "mutually-hurting-stalemate", "problem-solving-workshop", "sustained-dialogue",
                     "insider-mediator", "spoiler", "re-entry", "transfer", "do-no-harm", "conflict-sensitivity",
                     "theory-of-change"):
        assert required in handbook.glossary, required


def test_references_are_complete_enough_to_find(handbook):
    for ref in handbook.references.values():
        assert ref.authors and ref.title and ref.year
        if ref.type == "article":
            assert ref.container, ref.key
        else:
            assert ref.publisher, ref.key


@pytest.mark.parametrize("page", ["docs/index.md", "docs/how-to-use.md"])
def test_reader_paths_for_each_audience(handbook, page):
    body = handbook.pages[page].body
    for anchor in ("for-officials", "for-practitioners", "for-funders", "for-students"):
        assert anchor in body, (page, anchor)


def test_step_chapters_link_their_checklists(handbook):
    for chapter in (handbook.chapters[c] for c in STEP_CHAPTERS):
        linked = {call.args[0] for call in chapter.page.calls if call.name == "checklist_link"}
        own = {c.id for c in handbook.checklists.values() if c.step == chapter.step}
        assert own and own <= linked, (chapter.id, own - linked)
