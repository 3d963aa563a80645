"""Rule files in three languages: pick one language's text from `{en: ..., zh-Hant: ..., zh-Hans: ...}`.

A text in a rule file is either a plain string (English only) or a mapping of language codes to
strings. Loading a file for a language replaces every such text by that language's string; a missing
translation falls back to English with a visible marker, and is reported so editors can fill it in.
"""

from __future__ import annotations

import functools

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
    "changes.*.text",
    "next_step.text",
    "sources.*.title",
    "examples.*.name",
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


TEXT, NEUTRAL = "text", "neutral"  # what stands at the end of a pattern


@functools.cache
def _trie(patterns: tuple) -> dict:
    """The patterns as a tree of keys ("*": any key or position), so that only paths to texts are walked."""
    root = {}
    for kind, group in ((TEXT, patterns), (NEUTRAL, LANGUAGE_NEUTRAL)):
        for pattern in group:
            node = root
            for part in pattern.split("."):
                node = node.setdefault(part, {})
            node[None] = kind
    return root


def is_translations(value) -> bool:
    return isinstance(value, dict) and "en" in value and set(value) <= set(LANGUAGES)


def localise(data, lang: str, patterns, missing: list | None = None):
    """A copy of `data` with every text in `lang`; (path, language) of each fallback goes to `missing`."""
    return _walk(data, lang, _trie(tuple(patterns)), missing, ())


def _walk(data, lang, node, missing, path):
    kind = node.get(None)
    if kind == NEUTRAL and isinstance(data, str):
        return data
    if kind and (isinstance(data, str) or is_translations(data)):
        texts = data if isinstance(data, dict) else {"en": data}
        if lang in texts and isinstance(texts[lang], str):
            return texts[lang]
        if missing is not None:
            missing.append((path, lang))
        return texts["en"] + FALLBACK_MARK if lang != DEFAULT else texts["en"]
    if isinstance(data, dict):
        return {k: _child(v, lang, node.get(k, node.get("*")), missing, path + (k,)) for k, v in data.items()}
    if isinstance(data, list):
        return [_child(v, lang, node.get("*"), missing, path + (i,)) for i, v in enumerate(data)]
    return data


def _child(data, lang, node, missing, path):
    return data if node is None else _walk(data, lang, node, missing, path)


def missing_translations(data, patterns) -> list:
    """(path, language) for every text without a translation into each language other than English."""
    missing = []
    for lang in LANGUAGES[1:]:
        localise(data, lang, patterns, missing)
    return missing
