"""The commented starting file that `flask rules new` writes: valid as it stands, with examples that pass."""

from __future__ import annotations

import datetime as dt
from string import Template

TEMPLATE = Template("""\
# $pid: a new programme. Written by `flask rules new`; replace every TODO, keep the keys in this order,
# then run `flask --app webapp rules check` and `flask --app webapp rules test $pid`.
# Every key is explained in README.md, "Editing the rules".
id: $pid  # the file name without .yaml; used in links and the API, so do not change it later
name: TODO The official English name
short_name: TODO
body: TODO The administering body
kind: funding  # funding, space, talent, tax or advice
status: upcoming  # open, closed or upcoming: set it to open once the file is checked against the sources
# window:  # the application window, if there is one
#   opens: $today
#   closes: $today
summary: >-
  TODO One paragraph on what the programme offers. A text can show the value of a parameter in force,
  like this: {$param}.
offers: TODO One line for the results page.
sources:  # every page you read, with the date you read it
  - title: TODO Title of the official page
    url: https://www.gov.hk/
    checked: $today
# unverified:  # facts not confirmed by an official source; each is shown on the results page
#   - TODO
# notes:
#   - TODO
parameters:  # every threshold or amount, with the date it takes effect and its source
  $param:
    label: TODO Minimum $qname
    unit: $unit
    values:  # oldest first; to change the value, add a new entry with its own since date
      - since: $today
        value: $threshold
        source: https://www.gov.hk/
criteria:  # the programme is likely when every criterion is met
  - id: $choice_criterion
    title: TODO Eligible $cname
    when:
      fact: $choice
      one_of: [$option]
    met: TODO Why your answer meets this condition.
    not_met: TODO What the programme requires instead.
    unknown: TODO Which answer we need.
  - id: $measure_criterion
    title: TODO At least the minimum $qname
    when:
      fact: $measure
      at_least: $param
    met: Your $qname is at least {$param}.
    not_met: The $qname must be at least {$param}.
    unknown: Tell us your $qname.
# estimate:  # an indicative amount; see "Estimates" in README.md
#   shape: fixed
#   amount: TODO a parameter in hkd
next_step:
  text: TODO What to do next, and whom to contact.
  url: https://www.gov.hk/
examples:  # the tests run every example: add one on each side of every threshold
  - name: A company that meets both conditions is likely to qualify
    as_of: $today
    answers:
      $choice: $option
      $measure: $threshold
    verdict: likely
  - name: A company just below the threshold is unlikely to qualify
    as_of: $today
    answers:
      $choice: $option
      $measure: $below
    verdict: unlikely
    criteria:
      $measure_criterion: not_met
  - name: A company that does not give its $qname may qualify
    as_of: $today
    answers:
      $choice: $option
    verdict: possible
    criteria:
      $measure_criterion: unknown
""")


def skeleton(pid: str, questionnaire, today: dt.date) -> str:
    """The text of a new rule file for `pid`, built on two questions every answer set can have."""
    choice = _first(questionnaire, ("choice",))
    measure = _first(questionnaire, ("number", "amount"))
    threshold = _threshold(measure)
    return TEMPLATE.substitute(
        pid=pid,
        today=today.isoformat(),
        param=f"min_{measure.id}",
        unit="hkd" if measure.type == "amount" else "count",
        threshold=threshold,
        below=threshold - 1,
        qname=measure.name,
        cname=choice.name,
        choice=choice.id,
        option=choice.options[0].value,
        choice_criterion=f"meets_{choice.id}",
        measure=measure.id,
        measure_criterion=f"meets_{measure.id}",
    )


def _first(questionnaire, types):
    """The first question of one of `types` that is always asked, so the examples need no other answer."""
    for qid, question in questionnaire.questions.items():
        if question.type in types and qid not in questionnaire.asked_when:
            return question
    raise ValueError(f"the questionnaire has no {' or '.join(types)} question without asked_when")


def _threshold(question) -> int:
    """A round threshold that the question accepts, with room for an answer just below it."""
    value = 1_000_000 if question.type == "amount" else 10
    if question.max is not None:
        value = min(value, int(question.max))
    if question.min is not None:
        value = max(value, int(question.min) + 1)
    return value
