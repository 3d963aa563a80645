"""Reading and writing Hong Kong dollar amounts: "150,000,000", "150m", "HK$1.5bn"."""

from __future__ import annotations

import re
from contextvars import ContextVar
from decimal import Decimal, InvalidOperation

# The language amounts are written in for the current request: "en", "zh-Hant" or "zh-Hans".
LANGUAGE: ContextVar[str] = ContextVar("language", default="en")
CHINESE_UNITS = {"zh-Hant": ((10**8, "億"), (10**4, "萬")), "zh-Hans": ((10**8, "亿"), (10**4, "万"))}

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
    r"^(?:hk\$|hkd|\$|港幣|港币)?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*([a-z]*|[萬万億亿]|百[萬万])\s*"
    r"(?:hkd|hong kong dollars|港元|港幣|港币|元)?$"
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


def format_hkd(amount, exact: bool = False) -> str:
    """HK$150m, HK$2.8m, HK$250,000 (1.5億港元 in Chinese); with exact=True every digit (HK$150,000,000)."""
    if amount is None:
        return ""
    amount = round(amount)
    lang = LANGUAGE.get()
    if lang in CHINESE_UNITS:
        return _chinese_hkd(amount, exact, CHINESE_UNITS[lang])
    if not exact:
        for size, suffix in ((10**9, "bn"), (10**6, "m")):
            if abs(amount) >= size:
                short = amount / size
                if round(short, 2) * size == amount:
                    return f"HK${short:,.2f}".rstrip("0").rstrip(".") + suffix
    return f"HK${amount:,}"


def _chinese_hkd(amount: int, exact: bool, units) -> str:
    if not exact:
        for size, unit in units:
            if abs(amount) >= size:
                return f"{amount / size:,.2f}".rstrip("0").rstrip(".") + unit + "港元"
    return f"{amount:,}港元"


def format_plain(amount) -> str:
    """An amount as it would be typed into the form: 150,000,000."""
    return f"{round(amount):,}"
