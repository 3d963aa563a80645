"""Amounts in words: HK$1m and HK$1bn in English, 萬 and 億 in Chinese, every digit when exact."""

import pytest

from webapp.wording.numbers import about_hkd, format_hkd, format_plain, format_value
from webapp.wording.text import LANGUAGE


@pytest.fixture
def language(request):
    """Write amounts in the language named by the test's parameter, then go back to English."""
    token = LANGUAGE.set(request.param)
    yield request.param
    LANGUAGE.reset(token)


@pytest.mark.parametrize(
    "amount, words",
    [
        (1_000_000, "HK$1m"),
        (999_999, "HK$999,999"),
        (1_000_000_000, "HK$1bn"),
        (999_999_999, "HK$999,999,999"),
        (999_990_000, "HK$999.99m"),
        (1_250_000_000, "HK$1.25bn"),
        (1_234_567_890, "HK$1,234,567,890"),
        (2_500_000, "HK$2.5m"),
        (1_000_001, "HK$1,000,001"),
        (1_234_000, "HK$1,234,000"),
        (0, "HK$0"),
    ],
)
def test_english_amounts_are_short_only_when_nothing_is_lost(amount, words):
    assert format_hkd(amount) == words


def test_a_fraction_of_a_dollar_is_rounded_to_the_dollar():
    assert format_hkd(1_999_999.6) == "HK$2m"
    assert format_hkd(53_333_333.33) == "HK$53,333,333"


def test_no_amount_is_no_words():
    assert format_hkd(None) == ""


@pytest.mark.parametrize("amount", [1_000_000, 1_000_000_000, 999_999])
def test_exact_amounts_show_every_digit(amount):
    assert format_hkd(amount, exact=True) == f"HK${amount:,}"


@pytest.mark.parametrize(
    "language, ten_thousand, hundred_million",
    [("zh-Hant", "1萬港元", "1億港元"), ("zh-Hans", "1万港元", "1亿港元")],
    indirect=["language"],
)
def test_chinese_amounts_count_in_wan_and_yi(language, ten_thousand, hundred_million):
    assert format_hkd(10_000) == ten_thousand
    assert format_hkd(100_000_000) == hundred_million
    assert format_hkd(9_999) == "9,999港元"
    assert format_hkd(150_000_000) == "1.5" + hundred_million[1:]
    assert format_hkd(2_800_000) == "280" + ten_thousand[1:]


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"], indirect=True)
def test_exact_chinese_amounts_show_every_digit(language):
    assert format_hkd(10_000, exact=True) == "10,000港元"
    assert format_hkd(100_000_000, exact=True) == "100,000,000港元"


@pytest.mark.parametrize("language", ["en"], indirect=True)
def test_english_is_the_language_unless_another_is_set(language):
    assert format_hkd(10_000) == "HK$10,000"


def test_a_typed_amount_has_every_digit_and_no_currency():
    assert format_plain(150_000_000) == "150,000,000"
    assert format_plain(1_234.4) == "1,234"


@pytest.mark.parametrize(
    "unit, value, words",
    [
        ("hkd", 150_000_000, "HK$150m"),
        ("percent", 40, "40%"),
        ("percent", 12.5, "12.5%"),
        ("ratio", "1:2", "1:2 (government : company)"),
        ("years", 1, "1 year"),
        ("years", 3, "3 years"),
        ("count", 1000, "1,000"),
    ],
)
def test_a_parameter_value_is_worded_by_its_unit(unit, value, words):
    assert format_value(unit, value) == words


@pytest.mark.parametrize(
    ("amount", "english", "chinese"),
    [
        (9_999, "HK$9,999", "9,999港元"),
        (26_666_667, "HK$26.7m", "2,667萬港元"),
        (133_333_333, "HK$133m", "1.3億港元"),
        # Rounding never writes a unit's worth of the unit below: 10,000萬 is 1億, HK$1,000m is HK$1bn.
        (999_999, "HK$1m", "100萬港元"),
        (99_999_999, "HK$100m", "1億港元"),
        (999_999_999, "HK$1bn", "10億港元"),
    ],
)
def test_rounded_amounts_are_said_as_people_say_them(amount, english, chinese):
    assert about_hkd(amount) == english
    token = LANGUAGE.set("zh-Hant")
    try:
        assert about_hkd(amount) == chinese
    finally:
        LANGUAGE.reset(token)
