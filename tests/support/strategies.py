"""Hypothesis strategies for answers that the questionnaire accepts, typed as the API takes them."""

import datetime as dt

from hypothesis import strategies as st

# Dates either side of every dated value in the rules.
DATES = st.dates(dt.date(2015, 1, 1), dt.date(2035, 12, 31))


def bundled():
    """(rules, questionnaire, programmes sorted by id, every (programme, criterion)) of the bundled rules, loaded once."""
    from tests.support.app import load_bundled_rules

    rules = load_bundled_rules()
    programmes = sorted(rules.programmes.values(), key=lambda p: p.id)
    return rules, rules.questionnaire, programmes, [(p, c) for p in programmes for c in p.spec.criteria]


def answer(question):
    """One acceptable typed answer to `question`, or None (unknown)."""
    values = [o.value for o in question.options]
    kind = question.type
    if kind == "choice":
        typed = st.sampled_from(values)
    elif kind == "yes_no":
        typed = st.booleans()
    elif kind == "multi":
        typed = st.lists(st.sampled_from(values), unique=True)
    elif kind == "text":
        typed = st.text(max_size=question.max_length or 100)
    else:
        low, high = question.min if question.min is not None else -(10**12), question.max or 10**12
        typed = st.integers(int(low), int(high))
        if not question.whole and kind == "number":
            typed = typed | st.floats(low, high, allow_nan=False, allow_infinity=False)
    return st.none() | typed


def answers(questionnaire, *, complete: bool = False):
    """A dict of acceptable answers; with complete=True every question has a key (maybe None)."""
    strategies = {qid: answer(q) for qid, q in questionnaire.questions.items()}
    if complete:
        return st.fixed_dictionaries(strategies)
    return st.fixed_dictionaries({}, optional=strategies)
