"""Rule files in three languages: pick one language's text from `{en: ..., zh-Hant: ..., zh-Hans: ...}`.

A text in a rule file is either a plain string (English only) or a mapping of language codes to
strings. Loading a file for a language replaces every such text by that language's string; a missing
translation falls back to English with a visible marker, and is reported so editors can fill it in.
"""

from __future__ import annotations

import functools
import re

LANGUAGES = ("en", "zh-Hant", "zh-Hans")
DEFAULT = "en"
FALLBACK_MARK = " [EN]"

# Where human text may stand in each kind of file ("*" is any key or list position).
PROGRAMME_TEXT = (
    "name",
    "body",
    "summary",
    "offers",
    "unverified.*",
    "notes.*",
    "assessment.*",
    "parameters.*.label",
    "parameters.*.values.*.note",
    "criteria.*.title",
    "criteria.*.met",
    "criteria.*.not_met",
    "criteria.*.unknown",
    "estimate.note",
    "next_step.text",
)
# Texts that may stay as written in every language, such as acronyms; a translation is used if given.
LANGUAGE_NEUTRAL = ("short_name",)
QUESTIONNAIRE_TEXT = (
    "title",
    "intro",
    "sections.*.title",
    "sections.*.intro",
    "sections.*.questions.*.label",
    "sections.*.questions.*.name",
    "sections.*.questions.*.hint",
    "sections.*.questions.*.not_sure",
    "sections.*.questions.*.options.*.label",
    "sections.*.questions.*.options.*.hint",
    "sections.*.questions.*.errors.*",
)


@functools.cache
def _matcher(patterns: tuple):
    """One compiled regular expression for a tuple of dotted patterns ("*" is one key or position)."""
    alternatives = ("\\.".join("[^.]+" if part == "*" else re.escape(part) for part in p.split(".")) for p in patterns)
    return re.compile("|".join(f"(?:{a})" for a in alternatives)).fullmatch


def is_text_path(path: tuple, patterns) -> bool:
    return _matcher(tuple(patterns))(".".join(str(p) for p in path)) is not None


def is_translations(value) -> bool:
    return isinstance(value, dict) and "en" in value and set(value) <= set(LANGUAGES)


def localise(data, lang: str, patterns, missing: list | None = None, path: tuple = ()):
    """A copy of `data` with every text in `lang`; (path, language) of each fallback goes to `missing`."""
    if isinstance(data, str) and is_text_path(path, LANGUAGE_NEUTRAL):
        return data
    if is_text_path(path, patterns + LANGUAGE_NEUTRAL) and (isinstance(data, str) or is_translations(data)):
        texts = data if isinstance(data, dict) else {"en": data}
        if lang in texts and isinstance(texts[lang], str):
            return texts[lang]
        if missing is not None:
            missing.append((path, lang))
        return texts["en"] + FALLBACK_MARK if lang != DEFAULT else texts["en"]
    if isinstance(data, dict):
        return {k: localise(v, lang, patterns, missing, path + (k,)) for k, v in data.items()}
    if isinstance(data, list):
        return [localise(v, lang, patterns, missing, path + (i,)) for i, v in enumerate(data)]
    return data


def missing_translations(data, patterns) -> list:
    """(path, language) for every text without a translation into each language other than English."""
    missing = []
    for lang in LANGUAGES[1:]:
        localise(data, lang, patterns, missing)
    return missing
