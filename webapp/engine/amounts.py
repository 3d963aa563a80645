"""Reading typed numbers and Hong Kong dollar amounts: "150,000,000", "150m", "HK$1.5bn", "1.5億"."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

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
_AMOUNT = re.compile(
    r"^(?:hk\$|hkd|\$|港幣|港币)?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*([a-z]*?|[萬万億亿]|百[萬万])\s*"
    r"(?:hkd|hongkongdollars|港元|港幣|港币|元)?$"  # spaces are removed before matching
)


def parse_amount(text: str) -> int:
    """The whole number of dollars in `text`; ValueError when it is not an amount."""
    cleaned = text.strip().lower().replace(" ", "").replace("\u00a0", "")
    match = _AMOUNT.match(cleaned)
    if not match or match.group(2) not in _SUFFIXES:
        raise ValueError(text)
    digits = match.group(1)
    if "," in digits and not re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})*(\.[0-9]+)?", digits):
        raise ValueError(text)
    try:
        value = Decimal(digits.replace(",", "")) * _SUFFIXES[match.group(2)]
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    return int(value.to_integral_value())


def parse_number(text: str):
    """An int, or a float when it has a fraction; ValueError when `text` is not a finite number."""
    cleaned = text.replace(",", "")
    value = float(cleaned)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(text)
    return int(value) if value == int(value) else value
