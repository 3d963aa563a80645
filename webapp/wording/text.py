"""The language of the words being written, and fast gettext: the translations are looked up once a request."""

from __future__ import annotations

from contextvars import ContextVar
from gettext import NullTranslations

# Set for each request by webapp.web.i18n; commands and checks outside a request use English.
TRANSLATIONS: ContextVar = ContextVar("translations", default=None)
# The language amounts and dates are written in: "en", "zh-Hant" or "zh-Hans".
LANGUAGE: ContextVar[str] = ContextVar("language", default="en")
ENGLISH = NullTranslations()


def _(string: str, **variables) -> str:
    """`string` in the request's language, with %(name)s placeholders filled from `variables`."""
    text = (TRANSLATIONS.get() or ENGLISH).gettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    """The singular or plural form for `num` (available as %(num)s), in the request's language."""
    text = (TRANSLATIONS.get() or ENGLISH).ngettext(singular, plural, num)
    return text % {"num": num, **variables}


def raw_ngettext(singular: str, plural: str, num: int) -> str:
    """The singular or plural form, unformatted: for Jinja, which fills in the placeholders itself."""
    return (TRANSLATIONS.get() or ENGLISH).ngettext(singular, plural, num)


def names_list(names) -> str:
    """Names one after another, as the language lists them: "a, b, c" in English, 「甲、乙、丙」 in Chinese."""
    return (TRANSLATIONS.get() or ENGLISH).pgettext("between names in a list", ", ").join(names)


def sentence_space() -> str:
    """What goes between two sentences: a space in English, nothing in Chinese."""
    return "" if LANGUAGE.get().startswith("zh") else " "


def sentences(parts) -> str:
    """Sentences written one after another, as the language writes them."""
    return sentence_space().join(parts)
