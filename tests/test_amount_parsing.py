"""Reading typed amounts and numbers (webapp/engine/amounts.py) as people write them, in English and Chinese."""

import pytest

from webapp.engine.amounts import parse_amount, parse_number


@pytest.mark.parametrize(
    "text, amount",
    [
        ("1 500 000", 1_500_000),
        ("1\u00a0500\u00a0000", 1_500_000),
        ("HK$ 1.5 bn", 1_500_000_000),
        ("HK$1.5BN", 1_500_000_000),
        ("2 billion", 2_000_000_000),
        ("3 mn", 3_000_000),
        ("1.5 thousand", 1_500),
        ("$1,500", 1_500),
        ("HKD 1,500.25", 1_500),
        ("1.234567m", 1_234_567),
        ("150m hkd", 150_000_000),
        ("150 HKD", 150),
        ("150 Hong Kong dollars", 150),
        ("HK$2.8m HKD", 2_800_000),
        ("150萬", 1_500_000),
        ("150万", 1_500_000),
        ("1.5億", 150_000_000),
        ("1.5亿", 150_000_000),
        ("3百萬", 3_000_000),
        ("3百万", 3_000_000),
        ("港幣150萬元", 1_500_000),
        ("港币150万港元", 1_500_000),
        ("150萬港幣", 1_500_000),
        ("  42  ", 42),
    ],
)
def test_amounts_are_read_as_people_write_them(text, amount):
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["1,5", "12,34,567", "1,000,00", "1.5 x", "1.5 萬萬", "百萬", "1.5 gazillion", "HK$"])
def test_text_that_is_not_an_amount_is_refused(text):
    with pytest.raises(ValueError):  # the message never repeats the text: it may hold an answer
        parse_amount(text)


@pytest.mark.parametrize("text, number", [("12", 12), ("2.5", 2.5), ("3.0", 3), ("1,000", 1000)])
def test_numbers_are_read_with_or_without_a_fraction(text, number):
    assert parse_number(text) == number
    assert isinstance(parse_number(text), type(number))


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "Infinity", "-INF", "twelve", "1e3"])
def test_a_number_that_is_not_finite_or_not_plain_digits_is_refused(text):
    with pytest.raises(ValueError):  # numbers take the same digits and separators as amounts: no exponent
        parse_number(text)
