"""Rule files in three languages: pick one language's text from `{en: ..., zh-Hant: ..., zh-Hans: ...}`.

A text in a rule file is either a plain string (English only) or a mapping of language codes to
strings. Loading a file for a language replaces every such text by that language's string; a missing
translation falls back to English with a visible marker, and is reported so editors can fill it in.
"""

from __future__ import annotations

import functools

from pydantic import BaseModel

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
)
# Texts that may stay as written in every language, such as acronyms; a translation is used if given.
LANGUAGE_NEUTRAL = ("short_name", "sources.*.title", "examples.*.name")
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


def translated(model, localised, patterns):
    """`model` (validated from the English data) with the texts of `localised` (the same file localised into
    another language by `localise`) at the places `patterns` name: what validating `localised` would give, without
    validating again. Parts without a text that differs are shared with `model`."""
    return _swap(model, localised, _trie(tuple(patterns)))


def _swap(value, localised, node):
    if node.get(None):  # a text (or a language-neutral one): the other language's string, where there is one
        return localised if isinstance(localised, str) and isinstance(value, str) and localised != value else value
    if isinstance(value, BaseModel):
        if not isinstance(localised, dict):
            return value
        changed = {}
        for key in type(value).model_fields:
            child = node.get(key, node.get("*"))
            if child is not None and key in localised:
                old = getattr(value, key)
                new = _swap(old, localised[key], child)
                if new is not old:
                    changed[key] = new
        return value.model_copy(update=changed) if changed else value
    if isinstance(value, dict) and isinstance(localised, dict):
        changed = {}
        for key, old in value.items():
            child = node.get(key, node.get("*"))
            if child is not None and key in localised:
                new = _swap(old, localised[key], child)
                if new is not old:
                    changed[key] = new
        return {**value, **changed} if changed else value
    if isinstance(value, list) and isinstance(localised, list) and len(value) == len(localised):
        child = node.get("*")
        if child is None:
            return value
        items = [_swap(old, new, child) for old, new in zip(value, localised, strict=True)]
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    return value
