"""Amounts are typed the way people write them: 150,000,000 or 150m or HK$1.5bn."""

import pytest

from webapp.engine.amounts import parse_amount
from webapp.wording.numbers import format_hkd


@pytest.mark.parametrize(
    "text, expected",
    [
        ("150000000", 150_000_000),
        ("150,000,000", 150_000_000),
        ("150m", 150_000_000),
        ("150 M", 150_000_000),
        ("HK$150m", 150_000_000),
        ("hkd 2.8m", 2_800_000),
        ("1.5bn", 1_500_000_000),
        ("250k", 250_000),
        ("150 million", 150_000_000),
        ("0", 0),
    ],
)
def test_parse_amount_accepts_common_ways_of_writing_money(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "-5", "150x", "1,50,000", "m", "1.2.3", "15O"])
def test_parse_amount_rejects_text_that_is_not_an_amount(text):
    with pytest.raises(ValueError):
        parse_amount(text)


@pytest.mark.parametrize(
    "amount, short, exact",
    [
        (150_000_000, "HK$150m", "HK$150,000,000"),
        (2_800_000, "HK$2.8m", "HK$2,800,000"),
        (250_000, "HK$250,000", "HK$250,000"),
        (1_500_000_000, "HK$1.5bn", "HK$1,500,000,000"),
        (53_333_333.33, "HK$53,333,333", "HK$53,333,333"),
    ],
)
def test_format_hkd(amount, short, exact):
    assert format_hkd(amount) == short
    assert format_hkd(amount, exact=True) == exact
