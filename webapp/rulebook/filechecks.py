"""Checks inside one programme file: dated parameters, the window, {placeholders} and the estimate."""

from __future__ import annotations

from webapp.wording.parameters import PLACEHOLDER


def check_parameters(located, spec):
    """Each parameter's dated values: in date order, and of the right kind for its unit."""
    for name, param in spec.parameters.items():
        previous = None
        for i, dated in enumerate(param.values):
            path = ("parameters", name, "values", i)
            if previous and dated.since <= previous:
                located.problem(path + ("since",), f"dates must be in order: {dated.since} is not after {previous}")
            previous = dated.since
            _check_value(located, path + ("value",), param.unit, dated.value)


def _check_value(located, path, unit, value):
    if unit == "ratio":
        parts = str(value).split(":")
        ok = len(parts) == 2 and all(p.strip().isdigit() and int(p) > 0 for p in parts)
        if not ok:
            located.problem(path, f'a ratio is written "government:company", like "1:2"; got {value!r}')
    elif isinstance(value, str):
        located.problem(path, f"a {unit} value must be a number; got {value!r}")
    elif value < 0 or (unit == "percent" and value > 1000):
        located.problem(path, f"{value} is out of range for a {unit} value")


def check_window(located, spec):
    """The application window opens before it closes, and so does each criterion's time in force."""
    window = spec.window
    if window.opens and window.closes and window.closes < window.opens:
        located.problem(("window", "closes"), f"the window closes ({window.closes}) before it opens ({window.opens})")
    for i, criterion in enumerate(spec.criteria):
        if criterion.since and criterion.until and criterion.until < criterion.since:
            located.problem(
                ("criteria", i, "until"), f"the criterion ends ({criterion.until}) before it starts ({criterion.since})"
            )


def check_placeholders(located, spec, path, text):
    """Every {name} in a text, in every language, must be a parameter of the programme."""
    raw = _raw_at(located.raw, path)
    texts = raw.items() if isinstance(raw, dict) else [(None, text)]
    for lang, words in texts:
        if not isinstance(words, str) or "{" not in words:  # a placeholder starts with "{"
            continue
        for name in PLACEHOLDER.findall(words):
            if name not in spec.parameters:
                where = path + (lang,) if lang else path
                located.problem(where, f"the text uses {{{name}}}, which is not a parameter of this programme")


def _raw_at(data, path):
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


ESTIMATE_KEYS = {  # shape -> (required keys, optional keys)
    "matching": ({"of", "ratio"}, {"cap"}),
    "percentage": ({"of", "rate"}, {"cap"}),
    "tiered": ({"of", "tiers"}, {"baseline", "cap"}),
    "fixed": ({"amount"}, set()),
}
ESTIMATE_UNITS = {"ratio": "ratio", "rate": "percent", "baseline": "percent", "cap": "hkd", "amount": "hkd"}
ESTIMATE_FIELDS = ("of", "ratio", "rate", "tiers", "baseline", "cap", "amount")


def check_estimate(located, spec, questionnaire):
    """The estimate has the keys its shape needs, naming parameters of the right units."""
    est = spec.estimate
    if est is None:
        return
    required, optional = ESTIMATE_KEYS[est.shape]
    given = {k for k in ESTIMATE_FIELDS if getattr(est, k) is not None}
    for key in sorted(required - given):
        located.problem(("estimate",), f"a '{est.shape}' estimate needs '{key}'")
    for key in sorted(given - required - optional):
        located.problem(("estimate", key), f"a '{est.shape}' estimate takes no '{key}'")
    if est.of and (est.of not in questionnaire.questions or questionnaire.questions[est.of].type != "amount"):
        located.problem(("estimate", "of"), f"'of' must name an amount question; '{est.of}' is not one")
    refs = [((key,), getattr(est, key), unit) for key, unit in ESTIMATE_UNITS.items() if key in given]
    for i, tier in enumerate(est.tiers or []):
        refs.append((("tiers", i, "rate"), tier.rate, "percent"))
        if tier.up_to is not None:
            refs.append((("tiers", i, "up_to"), tier.up_to, "hkd"))
        elif i != len(est.tiers) - 1:
            located.problem(("estimate", "tiers", i), "only the last tier may leave out 'up_to'")
    for path, name, unit in refs:
        if name not in spec.parameters:
            located.problem(("estimate",) + path, f"undefined parameter '{name}' (define it under 'parameters')")
        elif spec.parameters[name].unit != unit:
            located.problem(("estimate",) + path, f"parameter '{name}' must be in {unit} here")
