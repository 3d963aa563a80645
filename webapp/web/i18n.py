"""Languages: English, Traditional Chinese (Hong Kong) and Simplified Chinese.

The language comes from the URL (`?lang=zh-Hant`), then the browser's Accept-Language, then English.
Interface strings go through Flask-Babel's gettext; rule-file texts are picked by `RuleSet.in_language`.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from babel.dates import format_date
from flask import current_app, g, has_request_context, request
from flask_babel import Babel, get_translations

from webapp.rulebook.localise import DEFAULT, LANGUAGES
from webapp.wording import text
from webapp.wording.text import LANGUAGE, TRANSLATIONS

BABEL_LOCALES = {"en": "en", "zh-Hant": "zh_Hant_HK", "zh-Hans": "zh_Hans_CN"}
HTML_LANG = {"en": "en", "zh-Hant": "zh-Hant-HK", "zh-Hans": "zh-Hans-CN"}
LANGUAGE_NAMES = {"en": "English", "zh-Hant": "繁體中文", "zh-Hans": "简体中文"}
ACCEPT = {
    "en": "en",
    "zh-Hant": "zh-Hant",
    "zh-Hans": "zh-Hans",
    "zh-HK": "zh-Hant",
    "zh-TW": "zh-Hant",
    "zh-MO": "zh-Hant",
    "zh-CN": "zh-Hans",
    "zh-SG": "zh-Hans",
    "zh": "zh-Hans",
}
ACCEPT_LIST = list(ACCEPT)


def current_language() -> str:
    """The language of this request: from the URL, else the browser's preference, else English."""
    if not has_request_context():
        return DEFAULT  # commands and checks run in English
    if "lang" not in g:
        asked = request.args.get("lang")  # never the body: it may be too large, or not a form
        g.lang_in_url = asked in LANGUAGES
        if asked in LANGUAGES:
            g.lang = asked
        elif not request.environ.get("HTTP_ACCEPT_LANGUAGE"):
            g.lang = DEFAULT  # most API clients send none: nothing to parse
        else:
            g.lang = ACCEPT.get(request.accept_languages.best_match(ACCEPT_LIST), DEFAULT)
    return g.lang


def _set_language():
    """Amounts and Python strings of this request follow its language (reset when the request ends)."""
    lang = current_language()
    loaded = current_app.extensions.setdefault("translations_by_language", {})
    if lang not in loaded:  # Flask-Babel parses the locale at every call: look the catalogue up once
        loaded[lang] = get_translations()
    g.language_tokens = (LANGUAGE.set(lang), TRANSLATIONS.set(loaded[lang]))


def _reset_language(exc=None):
    tokens = g.pop("language_tokens", None)
    if tokens:
        LANGUAGE.reset(tokens[0])
        TRANSLATIONS.reset(tokens[1])


def long_date(day) -> str:
    """25 November 2026 in English; 2026年11月25日 in Chinese."""
    lang = LANGUAGE.get()
    if lang == DEFAULT:
        return f"{day.day} {day:%B %Y}"
    return format_date(day, "long", locale=BABEL_LOCALES[lang])


def _locale_selector():
    return BABEL_LOCALES[current_language()]


def _keep_language_in_links(endpoint, values):
    """Links made on a page whose language came from the URL keep that language."""
    if endpoint and endpoint != "static" and "lang" not in values and g.get("lang_in_url"):
        values["lang"] = g.lang


def language_links(answers: str | None = None) -> list:
    """(code, name, url of this page in that language) for the language switch; with `answers`, the links carry
    it in place of this page's results token (webapp.web.resultspage)."""
    links = []
    for code in LANGUAGES:
        args = request.args.to_dict(flat=False)
        if answers is not None:
            args["answers"] = [answers]
        args["lang"] = [code]
        links.append((code, LANGUAGE_NAMES[code], f"{request.path}?{urlencode(args, doseq=True)}"))
    return links


def init(app) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(Path(__file__).resolve().parent.parent / "translations"))
    Babel(app, locale_selector=_locale_selector)
    # Templates use the same fast lookup as Python code (Flask-Babel's own looks the locale up at every string),
    # each translation looked up once per catalogue and formatted as Jinja's new-style gettext formats it.
    app.jinja_env.globals.update(
        _=text.template_gettext, gettext=text.template_gettext, ngettext=text.template_ngettext
    )
    app.url_defaults(_keep_language_in_links)
    app.add_template_filter(long_date, "long_date")
    app.before_request(_set_language)
    app.teardown_request(_reset_language)
    app.context_processor(
        lambda: {
            "lang": current_language(),
            "html_lang": HTML_LANG[current_language()],
            "html_langs": HTML_LANG,
            "sp": "" if current_language().startswith("zh") else " ",  # between a label or sentence and the next
            "language_links": language_links,
        }
    )
