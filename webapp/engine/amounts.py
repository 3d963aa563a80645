"""Reading typed numbers and Hong Kong dollar amounts: "150,000,000", "150m", "HK$1.5bn", "1.5億".

Both readers cap the length of the text before anything else runs (MAX_LENGTH characters), then take the same
digits (0-9, full-width ones normalised by NFKC; other scripts' digits such as ٣ are refused by both) and the same
separators (commas in groups of three, one decimal point). The patterns hold no nested or adjacent repeats that
could match the same characters in several ways, so their time grows linearly with the (capped) input.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

MAX_LENGTH = 40  # "HK$1,000,000,000,000 hong kong dollars" is 38: nothing longer is an amount or a number

_SUFFIXES = {
    "": 1,
    "k": 10**3,
    "thousand": 10**3,
    "m": 10**6,
    "mn": 10**6,
    "million": 10**6,
    "b": 10**9,
    "bn": 10**9,
    "billion": 10**9,
    "萬": 10**4,
    "万": 10**4,
    "億": 10**8,
    "亿": 10**8,
    "百萬": 10**6,
    "百万": 10**6,
}
# The digits both readers take: 150000000, 150,000,000, 1.5; never 1,50,000, 1_000, 1e5, ٣٠٠ or 1,2,3.
_DIGITS = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_NUMBER = re.compile(rf"[+-]?({_DIGITS})")
# Whitespace is removed first, so no run of it can be split between two repeats.
_AMOUNT = re.compile(
    rf"(?:hk\$|hkd|\$|港幣|港币)?({_DIGITS})([a-z]*?|[萬万億亿]|百[萬万])(?:hkd|hongkongdollars|港元|港幣|港币|元)?"
)


class TooLong(ValueError):
    """The text is longer than any number or amount (MAX_LENGTH)."""


def parse_amount(text: str) -> int:
    """The whole number of dollars in `text`; ValueError when it is not an amount."""
    cleaned = _clean(text).lower()
    match = _AMOUNT.fullmatch(cleaned)
    if not match or match.group(2) not in _SUFFIXES:
        raise ValueError("not an amount")
    try:
        value = Decimal(match.group(1).replace(",", "")) * _SUFFIXES[match.group(2)]
    except InvalidOperation as exc:
        raise ValueError("not an amount") from exc
    return int(value.to_integral_value())


def parse_number(text: str):
    """An int, or a float when it has a fraction; ValueError when `text` is not a number written with digits."""
    match = _NUMBER.fullmatch(_clean(text))
    if not match:
        raise ValueError("not a number")
    cleaned = match.group(0).replace(",", "")
    if "." not in cleaned:
        return int(cleaned)
    value = float(cleaned)
    return int(value) if value == int(value) else value


def _clean(text: str) -> str:
    """`text` capped in length, full-width forms ("１５０ｍ", "HK＄") made ordinary, without any whitespace."""
    if not isinstance(text, str):
        raise ValueError("not text")
    if len(text) > MAX_LENGTH:
        raise TooLong("too long")
    normal = unicodedata.normalize("NFKC", text)
    if len(normal) > MAX_LENGTH:  # NFKC can lengthen a text (one ligature becomes several letters)
        raise TooLong("too long")
    return "".join(normal.split())
