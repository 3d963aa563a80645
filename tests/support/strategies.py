"""Hypothesis strategies for answers that the questionnaire accepts, typed as the API takes them."""

from hypothesis import strategies as st


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
