"""A dated parameter in words, and texts with {parameter} placeholders filled: the one place that does this."""

from __future__ import annotations

import re
import weakref
from collections import OrderedDict
from dataclasses import dataclass

from webapp.wording.numbers import format_value
from webapp.wording.text import LANGUAGE, _

# A {parameter_name} in a rule-file text: replaced by the value in force when the text is shown.
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
KEPT = 512  # worded texts kept per programme


@dataclass(frozen=True)
class ValueWords:
    """A parameter's value in force on a date: its label, the value in words and the DatedValue (since, source)."""

    label: str
    words: str
    dated: object

    def __iter__(self):  # (label, words, dated), as templates unpack it
        return iter((self.label, self.words, self.dated))


_memos: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _memo(programme, key: tuple, make):
    """Words for a programme, made once per key; the key holds all they depend on (text, date, language)."""
    memo = _memos.get(programme)
    if memo is None:
        memo = _memos[programme] = OrderedDict()
    if key not in memo:
        memo[key] = make()
        if len(memo) > KEPT:
            memo.popitem(last=False)
    return memo[key]


def value_words(programme, name: str, as_of) -> ValueWords | None:
    """The value of parameter `name` in force on `as_of`, in words; None before its first date."""
    dated = programme.value_on(name, as_of)
    if dated is None:
        return None
    param = programme.spec.parameters[name]
    return ValueWords(param.label, format_value(param.unit, dated.value), dated)


def values_in_force(programme, names: tuple, as_of) -> tuple:
    """ValueWords for each of `names` that has a value on `as_of`."""
    return _memo(
        programme,
        ("values", names, as_of, LANGUAGE.get()),
        lambda: tuple(w for w in (value_words(programme, n, as_of) for n in names) if w is not None),
    )


def fill(text: str, programme, as_of) -> str:
    """`text` with each {parameter} placeholder replaced by the value in force on `as_of`."""
    if "{" not in text:
        return text
    return _memo(
        programme, ("fill", text, as_of, LANGUAGE.get()), lambda: PLACEHOLDER.sub(_filler(programme, as_of), text)
    )


def _filler(programme, as_of):
    def one(match):
        name = match.group(1)
        if name not in programme.spec.parameters:
            return match.group(0)
        words = value_words(programme, name, as_of)
        return words.words if words else _("(not yet set)")

    return one
