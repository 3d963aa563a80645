"""The language of the words being written, and fast gettext: the translations are looked up once a request."""

from __future__ import annotations

from contextvars import ContextVar
from gettext import NullTranslations

from markupsafe import Markup, escape

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


def names_list(names) -> str:
    """Names one after another, as the language lists them: "a, b, c" in English, 「甲、乙、丙」 in Chinese."""
    return (TRANSLATIONS.get() or ENGLISH).pgettext("between names in a list", ", ").join(names)


def sentence_space() -> str:
    """What goes between two sentences: a space in English, nothing in Chinese."""
    return "" if LANGUAGE.get().startswith("zh") else " "


def sentences(parts) -> str:
    """Sentences written one after another, as the language writes them."""
    return sentence_space().join(parts)


class LazyText:
    """A string translated when it is used, into the language of the request using it: for tables of words made
    when a module is imported. Looked up through the request's catalogue, as `_` is (Flask-Babel's lazy strings
    look the locale up again each time)."""

    __slots__ = ("msgid",)

    def __init__(self, msgid: str):
        self.msgid = msgid

    def __str__(self) -> str:
        return _(self.msgid)

    def __html__(self) -> str:
        return escape(_(self.msgid))

    def __repr__(self) -> str:
        return f"lazy_gettext({self.msgid!r})"

    def __eq__(self, other) -> bool:
        return str(self) == str(other)

    def __hash__(self) -> int:
        return hash(self.msgid)

    def __len__(self) -> int:
        return len(str(self))

    def __add__(self, other) -> str:
        return str(self) + other

    def __radd__(self, other) -> str:
        return other + str(self)

    def __mod__(self, values) -> str:
        return str(self) % values

    def __getattr__(self, name):
        return getattr(str(self), name)  # lower(), format(), startswith() ... of the translated string


def lazy_gettext(msgid: str) -> LazyText:
    return LazyText(msgid)


# (catalogue, msgid) -> the translation as Markup, and, for strings used without variables, already formatted.
_MARKUP: dict = {}
_PLAIN: dict = {}


def template_gettext(__string: str, **variables) -> Markup:
    """`_()` in templates: what Jinja's new-style gettext does (the translation is a format string whose
    variables are escaped; "%%" is "%" even without variables), with each translation looked up once."""
    translations = TRANSLATIONS.get() or ENGLISH
    key = (translations, __string)
    if not variables:
        done = _PLAIN.get(key)
        if done is None:
            done = _PLAIN[key] = Markup(translations.gettext(__string)) % {}  # noqa: S704 - a translator's text
        return done
    template = _MARKUP.get(key)
    if template is None:
        template = _MARKUP[key] = Markup(translations.gettext(__string))  # noqa: S704 - a translator's text
    return _format(template, variables)


_NUMBERS = (int, float)
_TEXTS = (str, Markup, LazyText)


def _format(template: Markup, variables: dict) -> Markup:
    """`template % variables` as Markup does it (each text escaped, numbers formatted as numbers), without its
    wrapper object around every value: the values are escaped first, then formatted once. Values of any other
    type go through Markup's own formatting."""
    ready = {}
    for name, value in variables.items():
        kind = type(value)
        if kind in _NUMBERS:
            ready[name] = value
        elif kind in _TEXTS:
            ready[name] = escape(value)
        else:
            return template % variables
    return Markup(str.__mod__(template, ready))  # noqa: S704 - a translator's text, every value escaped


def template_ngettext(__singular: str, __plural: str, __num: int, **variables) -> Markup:
    """`ngettext()` in templates, as Jinja's new-style ngettext does it (%(num)s is the number)."""
    variables.setdefault("num", __num)
    text = (TRANSLATIONS.get() or ENGLISH).ngettext(__singular, __plural, __num)
    return Markup(text) % variables  # noqa: S704 - a translator's text
