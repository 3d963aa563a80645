"""Parsers of typed input run in linear time, cap their input, and take the same digits and separators."""

import contextlib
import time

import pytest

from webapp.engine.amounts import parse_amount, parse_number
from webapp.engine.answers import AnswerError, read_form

ADVERSARIAL = {
    # 60 KB each: the shapes that made the old amount pattern backtrack (runs of whitespace between repeats).
    "tabs": "1" + "\t" * 60_000 + "!",
    "spaces": "1" + " " * 60_000 + "x",
    "digits": "1" * 60_000 + "!",
    "commas": "1" + ",000" * 15_000 + ",",
    "letters": "1" + "m" * 60_000 + "1",
    "mixed": ("1 \t" * 20_000) + "!",
    "fullwidth": "１" + "\u3000" * 60_000 + "！",
}


@pytest.mark.parametrize("parser", [parse_amount, parse_number])
@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_60_kb_of_adversarial_input_is_refused_at_once(parser, name):
    started = time.perf_counter()
    with pytest.raises(ValueError):
        parser(ADVERSARIAL[name])
    assert time.perf_counter() - started < 0.05


def test_a_form_with_60_kb_in_every_amount_and_number_answers_at_once(bundled_rules):
    questionnaire = bundled_rules.questionnaire
    raw = {
        qid: "1" + "\t" * 60_000 + "!" for qid, q in questionnaire.questions.items() if q.type in ("amount", "number")
    }
    started = time.perf_counter()
    answers = read_form(questionnaire, raw)
    assert time.perf_counter() - started < 0.5
    assert all(error == AnswerError("invalid") for qid, error in answers.errors.items() if qid in raw)


SAME_DIGITS = [
    ("150000000", 150_000_000),
    ("150,000,000", 150_000_000),
    ("１５０,０００", 150_000),  # full-width digits: normalised
    (" 42 ", 42),
    ("2.5", 2.5),
]
REFUSED_BY_BOTH = ["٣٠٠", "१२", "1_000", "1,2,3", "1,50,000", "1e5", "inf", "nan", "1.2.3", "", " ", "0x10", "١٢٣"]


@pytest.mark.parametrize("text, value", SAME_DIGITS)
def test_numbers_and_amounts_take_the_same_digits_and_separators(text, value):
    assert parse_number(text) == value
    assert parse_amount(text) == int(value)


@pytest.mark.parametrize("text", REFUSED_BY_BOTH)
def test_numbers_and_amounts_refuse_the_same_things(text):
    with pytest.raises(ValueError):
        parse_number(text)
    with pytest.raises(ValueError):
        parse_amount(text)


def _timed(func, *args):
    started = time.perf_counter()
    with contextlib.suppress(ValueError):
        func(*args)
    return time.perf_counter() - started


def test_the_other_readers_of_request_text_take_60_kb_in_linear_time():
    from webapp.serving.privacy import redact
    from webapp.web.jsonlimits import too_deep
    from webapp.web.tokens import read_token

    line = '"GET /results?' + "&".join(["answers=" + "a" * 30] * 1_500) + "=" * 10_000 + ' HTTP/1.1"'
    assert _timed(redact, line) < 0.1
    assert _timed(redact, "?" + "a=" * 30_000) < 0.1
    assert _timed(too_deep, b"[" * 60_000) < 0.1
    assert _timed(too_deep, b'"' + b"\\" * 60_000) < 0.1
    assert _timed(read_token, "k", "e1" + "A" * 60_000) < 0.1
    assert _timed(read_token, "k", "e2" + "A" * 60_000) < 0.1
    assert _timed(read_token, "k", "a." * 30_000) < 0.1
