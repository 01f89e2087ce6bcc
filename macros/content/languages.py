"""The languages the handbook is published in: English, the source, and its translations."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Language:
    code: str  # BCP 47, as in <html lang>, hreflang and the site folder (/fr/)
    name: str  # as its readers write it, for the language switcher
    direction: str = "ltr"
    spelling: str = ""  # the language Word checks spelling in (its w:lang value)


ENGLISH = Language("en", "English", spelling="en-GB")  # British English, like the handbook
LANGUAGES = (ENGLISH, Language("fr", "Français", spelling="fr-FR"), Language("es", "Español", spelling="es-ES"),
             Language("ar", "العربية", "rtl", spelling="ar-SA"))
TRANSLATED = tuple(language.code for language in LANGUAGES if language is not ENGLISH)
BY_CODE = {language.code: language for language in LANGUAGES}


# A count's plural category is CLDR's, through Babel: the same rules as the browser's Intl.PluralRules,
# so a page and its scripts choose the same form ("24 بندًا", not "24 بنود").
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")  # CLDR's, in its order
COUNTS_SHOWN = range(0, 1001)  # the counts a page can show: items, ticks, checklists, pages, cases


def plural_category(language: str, count: int) -> str:
    return _plural_rule(language)(count)


def long_date(language: str, day, skeleton: str = "") -> str:
    """A date as running text writes it in `language`: '5 December 2026', '5 décembre 2026',
    '5 de diciembre de 2026', '5 ديسمبر 2026' (CLDR's long format, through Babel); or in the form of a
    CLDR skeleton: 'yMMMM' for 'September 1993', 'yMMMd' for '29 Sept 1993'. An ISO date after
    "revu jusqu'au" or "revisado hasta el" reads as code, not as a date."""
    from babel.dates import format_date, format_skeleton
    locale = BY_CODE[language].spelling.replace("-", "_")
    return format_skeleton(skeleton, day, locale=locale) if skeleton else format_date(day, format="long", locale=locale)


@lru_cache(maxsize=None)
def _plural_rule(language: str):
    from babel import Locale
    return Locale.parse(language).plural_form


@lru_cache(maxsize=None)
def plural_forms(language: str) -> dict[str, int]:
    """The forms a counted phrase needs in `language`, each with the smallest count that takes it:
    English {'one': 1, 'other': 0}; Arabic adds zero, two, few (3-10) and many (11-99)."""
    first: dict[str, int] = {}
    for count in COUNTS_SHOWN:
        first.setdefault(plural_category(language, count), count)
    return {category: first[category] for category in PLURAL_CATEGORIES if category in first}
