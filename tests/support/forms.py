"""The form as a test posts it: answers written as a person types them, and a page's visible text."""

import re
from html import unescape

from tests.support.app import load_bundled_rules
from tests.support.profiles import STRONG

CHOICES = ("choice", "yes_no", "multi")


def form_value(question, value):
    """One typed answer as the form posts it: yes or no, not_sure for None where the question offers it (blank
    where it does not), an amount in whole millions as "450m" (other amounts with commas), other numbers as digits."""
    if value is None:
        return "not_sure" if question.not_sure else ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return list(value)
    if question.type == "amount":
        return f"{value // 1_000_000}m" if value and value % 1_000_000 == 0 else f"{value:,}"
    return str(value)


def form_answers(answers):
    """Typed answers (as the API takes them) as the form posts them."""
    questions = load_bundled_rules().questionnaire.questions
    return {qid: form_value(questions[qid], value) for qid, value in answers.items()}


# The strong profile as the form posts it; tests change one answer at a time.
STRONG_FORM = form_answers(STRONG)


def post(client, **changes):
    data = {**STRONG_FORM, **changes}
    return client.post("/", data={k: v for k, v in data.items() if v is not None})


def text_of(response):
    """The visible text of a page, roughly as a person reads it."""
    text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))
    return re.sub(r" ([,.;:)])", r"\1", text)
