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
    "sections.*.questions.*.options.*.planned",
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


_LANGUAGE_SET = frozenset(LANGUAGES)


def is_translations(value) -> bool:
    return isinstance(value, dict) and "en" in value and value.keys() <= _LANGUAGE_SET


def localise(data, lang: str, patterns, missing: list | None = None):
    """A copy of `data` with every text in `lang`; (path, language) of each fallback goes to `missing`."""
    return _walk(data, lang, _trie(tuple(patterns)), missing, ())


def _walk(data, lang, node, missing, path):
    kind = node.get(None)
    if kind == NEUTRAL and isinstance(data, str):
        return data
    if kind and (isinstance(data, str) or is_translations(data)):
        texts = data if isinstance(data, dict) else {"en": data}
        if not isinstance(texts["en"], str):
            return texts["en"]  # no English text (`en:` left empty): none in any language; the loader reports it
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


def missing_translations(data, patterns, without_english: list | None = None) -> list:
    """(path, language) for every text without a translation into each language other than English: every one
    into the first language, then every one into the next (as `localise` into each would find them, in one walk)."""
    return english_and_missing(data, patterns, without_english)[1]


def english_and_missing(data, patterns, without_english: list | None = None) -> tuple:
    """(`localise(data, "en", patterns)`, `missing_translations(data, patterns, without_english)`) in one walk: the
    loader needs both of every file it reads."""
    missing = {lang: [] for lang in LANGUAGES[1:]}
    english = _english(data, _trie(tuple(patterns)), missing, (), without_english)
    return english, [found for lang in LANGUAGES[1:] for found in missing[lang]]


def _english(data, node, missing, path, without_english):
    kind = node.get(None)
    if kind == NEUTRAL and isinstance(data, str):
        return data
    if kind and isinstance(data, str):  # English only: missing in every other language
        for lang, found in missing.items():
            found.append((path, lang))
        return data
    if kind and is_translations(data):
        english = data["en"]
        if not isinstance(english, str):  # no English text: none in any language (the loader reports the path)
            if without_english is not None:
                without_english.append(path)
            return english
        for lang, found in missing.items():
            if not isinstance(data.get(lang), str):
                found.append((path, lang))
        return english
    if isinstance(data, dict):
        star, copy = node.get("*"), {}
        for key, value in data.items():
            child = node.get(key, star)
            copy[key] = value if child is None else _english(value, child, missing, (*path, key), without_english)
        return copy
    if isinstance(data, list):
        child = node.get("*")
        if child is None:
            return list(data)
        return [_english(value, child, missing, (*path, i), without_english) for i, value in enumerate(data)]
    return data


def translated(model, raw, lang: str, patterns):
    """`model`, validated from the English texts of the data `raw` (as written, every language in it), with the
    texts in `lang` that `localise(raw, lang, patterns)` would give: what validating that would give, without
    validating again or copying the data. Parts without a text that differs are shared with `model`."""
    return _swap(model, raw, _trie(tuple(patterns)), lang)


_FIELDS: dict = {}  # (model class, id of a trie node) -> ((field name, trie node below), ...)


def _fields(model, node) -> tuple:
    """The fields of `model` that hold texts under trie `node`, with the node below each: worked out once."""
    key = (model, id(node))
    found = _FIELDS.get(key)
    if found is None:
        star = node.get("*")
        pairs = ((name, node.get(name, star)) for name in model.model_fields)
        found = _FIELDS[key] = tuple((name, child) for name, child in pairs if child is not None)
    return found


_set = object.__setattr__


def _copied(model, changed: dict):
    """`model.model_copy(update=changed)` for the schema's models, which are frozen and have no extra or private
    attributes: the same fields and set of fields given, without pydantic's generic steps (a copy of the fields,
    then an update; a copy of the set of fields given, shared here when the changed fields are in it, as no frozen
    model changes it). A translated spec copies a few dozen models, for each programme and language."""
    if model.__pydantic_extra__ is not None or model.__pydantic_private__ is not None:
        return model.model_copy(update=changed)
    copied = type(model).__new__(type(model))
    _set(copied, "__dict__", {**model.__dict__, **changed})
    fields = model.__pydantic_fields_set__
    _set(copied, "__pydantic_fields_set__", fields if changed.keys() <= fields else fields | changed.keys())
    _set(copied, "__pydantic_extra__", None)
    _set(copied, "__pydantic_private__", None)
    return copied


def _swap(value, raw, node, lang):
    kind = node.get(None)
    if kind:  # the text `localise` puts in place of `raw`, a text in the file (or none: the value stays)
        if isinstance(raw, str):
            text = raw if kind == NEUTRAL or lang == DEFAULT else raw + FALLBACK_MARK
        elif isinstance(raw, dict) and "en" in raw and raw.keys() <= _LANGUAGE_SET:
            if not isinstance(raw["en"], str):
                return value  # no English text: none in any language, as `localise` gives
            text = raw.get(lang)
            if not isinstance(text, str):
                text = raw["en"] + FALLBACK_MARK if lang != DEFAULT else raw["en"]
        else:
            return value
        return text if isinstance(text, str) and isinstance(value, str) and text != value else value
    if isinstance(value, BaseModel):
        if not isinstance(raw, dict):
            return value
        changed = {}
        for key, child in _fields(type(value), node):
            if key in raw:
                old = getattr(value, key)
                new = _swap(old, raw[key], child, lang)
                if new is not old:
                    changed[key] = new
        return _copied(value, changed) if changed else value
    if isinstance(value, dict) and isinstance(raw, dict):
        star, changed = node.get("*"), {}
        for key, old in value.items():
            child = node.get(key, star)
            if child is not None and key in raw:
                new = _swap(old, raw[key], child, lang)
                if new is not old:
                    changed[key] = new
        return {**value, **changed} if changed else value
    if isinstance(value, list) and isinstance(raw, list) and len(value) == len(raw):
        child = node.get("*")
        if child is None:
            return value
        items = [_swap(old, new, child, lang) for old, new in zip(value, raw, strict=True)]
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    return value
