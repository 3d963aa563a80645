"""Texts a rule file may leave out because they can be worked out: an unknown condition's "Tell us ..." from the
names of the questions it tests. A text written in the file always wins over the derived one.

(A number question's too-small and too-large messages are already worked out from its `min` and `max` by
`webapp.wording.answers.form_message`, so its `errors:` may be left out too.)
"""

from __future__ import annotations

TELL_US = {
    "en": ("Tell us your {names}.", ", ", " and "),
    "zh-Hant": ("請告訴我們貴公司的{names}。", "、", "及"),
    "zh-Hans": ("请告诉我们贵公司的{names}。", "、", "及"),
}
TELL_US_MORE = {
    "en": "Tell us more about your plans.",
    "zh-Hant": "請告訴我們更多有關貴公司計劃的資料。",
    "zh-Hans": "请告诉我们更多有关贵公司计划的资料。",
}


def question_names(raw_questionnaire) -> dict:
    """question id -> {language: name} from the questionnaire file as written."""
    names = {}
    if not isinstance(raw_questionnaire, dict):
        return names
    for section in raw_questionnaire.get("sections") or []:
        for question in (section or {}).get("questions") or [] if isinstance(section, dict) else []:
            if isinstance(question, dict) and isinstance(question.get("id"), str):
                name = question.get("name")
                names[question["id"]] = name if isinstance(name, dict) else {"en": str(name or question["id"])}
    return names


def facts_of(condition) -> list:
    """Question ids a condition tests, in order of first use (plain data, as written)."""
    found: dict = {}
    _facts(condition, found)
    return list(found)


def _facts(condition, found: dict) -> None:
    """Add to `found` the question ids `condition` tests: its own `fact`, then those of each other part in order."""
    if isinstance(condition, dict):
        fact = condition.get("fact")
        if isinstance(fact, str):
            found.setdefault(fact)
        for key, value in condition.items():
            if key != "fact" and isinstance(value, (dict, list)):
                _facts(value, found)
    elif isinstance(condition, list):
        for item in condition:
            if isinstance(item, (dict, list)):
                _facts(item, found)


def tell_us(facts: list, names: dict) -> dict:
    """The derived "Tell us ..." text in every language for a condition on `facts`."""
    if not facts or any(f not in names for f in facts):
        return dict(TELL_US_MORE)
    text = {}
    for lang, (template, comma, last) in TELL_US.items():
        words = [names[f].get(lang) or names[f].get("en") for f in facts]
        joined = words[0] if len(words) == 1 else comma.join(words[:-1]) + last + words[-1]
        text[lang] = template.format(names=joined)
    return text


def add_derived_texts(raw, names: dict) -> list:
    """Fill in, in a programme file's data as written, every criterion's missing `unknown` text. Returns the
    indexes of the criteria that got a derived text."""
    filled = []
    if not isinstance(raw, dict) or not isinstance(raw.get("criteria"), list):
        return filled
    for i, criterion in enumerate(raw["criteria"]):
        if isinstance(criterion, dict) and criterion.get("unknown") is None and "when" in criterion:
            criterion["unknown"] = tell_us(facts_of(criterion["when"]), names)
            filled.append(i)
    return filled
