"""How search reads words in each language: folding, splitting, stop words and stems.

Only the build stems. The browser never does: the index maps every word form that occurs in a
language's pages to its stem, so a query word finds the pages that use any form of it, and the
browser's code needs only the folding (which the index carries as data, `fold_table`) and the stop
words (also carried in the index). One policy, applied by Python at build time and read by the
browser from the index it came with.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer
from lunr.stop_word_filter import WORDS as ENGLISH_STOP_WORDS

# Letters and digits make words; everything else (spaces, punctuation, hyphens, apostrophes) splits
# them. Combining marks are removed by folding before splitting, so they never split a word.
SPLIT = re.compile(r"[^\w]+|_+")

# Arabic letters that readers type in several ways: one form each (alef with hamza or madda is
# already plain alef once marks are removed; see fold()).
ARABIC_LETTERS = {"ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "ـ": ""}  # the last is tatweel, a stretch

# Function words a query can drop (readers type questions); the index keeps them out too.
STOP_WORDS = {
    "en": frozenset(ENGLISH_STOP_WORDS),
    "fr": frozenset("""au aux avec ce ces cet cette dans de des du elle en et eux il ils je la le les leur
        leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses
        son sur ta te tes toi ton tu un une vos votre vous c d j l m n s t y est sont etre avoir a ai
        comment quoi quel quelle quels quelles quand dont faire fait faut doit peut si plus tres""".split()),
    "es": frozenset("""a al algo como con de del el ella ellas ellos en entre era es esa ese eso esta
        este esto estos estas ha han hay la las le les lo los mas me mi mis muy ni no nos o para pero
        por que quien se sea ser si sin sobre su sus te tu un una uno unos unas y ya cual cuales cuando
        donde hacer hace debe puede""".split()),
    "ar": frozenset("""في من على الى عن مع هذا هذه ذلك تلك التي الذي الذين هو هي هم انت انتم نحن او ام
        ثم ان انه انها كان كانت لا لم لن ما ماذا كيف متى اين هل قد كل بعض غير بين عند حتى اذا لكن
        و ف ب ل ك""".split()),
}

_STEMMERS = {"en": "english", "fr": "french", "es": "spanish"}

# Light10 (Larkey, Ballesteros and Connell, 2007): Arabic's attached conjunction, articles and
# prepositions, then common suffixes. Snowball's Arabic stemmer splits forms of one word apart
# (المفاوضات and مفاوضات get different stems), which costs recall in a small corpus.
_ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_ARABIC_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")  # after folding: ية is يه, ة is ه


def fold(text: str, language: str) -> str:
    """Lower case, accents and other combining marks removed (é→e, ñ→n, Arabic vowel marks and the
    hamza on alef), and Arabic letter variants made one."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    if language == "ar":
        kept = "".join(ARABIC_LETTERS.get(c, c) for c in kept)
    return unicodedata.normalize("NFC", kept)


def fold_table(words: set[str], language: str) -> dict[str, str]:
    """fold() as data for the browser: every character of `words` that folding changes, and what it
    becomes (after lower-casing, which the browser does itself)."""
    table = {}
    for char in sorted({c for word in words for c in word.lower()}):
        folded = fold(char, language)
        if folded != char:
            table[char] = folded
    return table


def words(text: str, language: str) -> list[str]:
    """The folded words of a text, in order."""
    return [w for w in SPLIT.split(fold(text, language)) if w]


def is_stop_word(word: str, language: str) -> bool:
    return word in STOP_WORDS[language]


@lru_cache(maxsize=None)
def _stemmer(language: str):
    return snowballstemmer.stemmer(_STEMMERS[language])


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """The stem of a folded word: Snowball for English, French and Spanish; Light10 for Arabic."""
    if language == "ar":
        return _arabic_stem(word)
    if language in _STEMMERS and not word.isdigit():
        return _stemmer(language).stemWord(word)
    return word


def _arabic_stem(word: str) -> str:
    if word.startswith("و") and len(word) >= 4:
        word = word[1:]
    for prefix in _ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            word = word[len(prefix):]
            break
    for suffix in _ARABIC_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[:-len(suffix)]
    return word
