"""The languages the handbook is published in: English, the source, and its translations."""

from __future__ import annotations

from dataclasses import dataclass


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
