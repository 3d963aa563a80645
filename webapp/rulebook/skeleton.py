"""The commented starting file that `flask rules new` writes: valid as it stands, with examples that pass."""

from __future__ import annotations

import datetime as dt
from string import Template

TEMPLATE = Template("""\
# $pid: a new programme. Written by `flask rules new`; replace every TODO in each language, keep the keys in
# this order, then run `flask --app webapp rules check` and `flask --app webapp rules test $pid`.
# Every key is explained in README.md, "Editing the rules". While `status: draft`, the programme is shown only
# to editors (`rules test`, `rules explain`, the preview page); `rules check` refuses TODO text and placeholder
# addresses once the status is anything else.
id: $pid  # the file name without .yaml; used in links and the API, so do not change it later
name:
  en: TODO The official English name
  zh-Hant: TODO 官方中文名稱（繁體）
  zh-Hans: TODO 官方中文名称（简体）
short_name: TODO
body:
  en: TODO The administering body
  zh-Hant: TODO 負責機構
  zh-Hans: TODO 负责机构
kind: funding  # funding, space, talent, tax, advice, fund or visa
status: draft  # draft until the file is checked against the sources; then open, upcoming or closed
# window:  # the application window, if there is one: its dates decide the status shown on each day
#   opens: $today
#   closes: $today
summary:
  en: TODO One paragraph on what the programme offers.
  zh-Hant: TODO 一段文字說明計劃提供的支援。
  zh-Hans: TODO 一段文字说明计划提供的支援。
offers:
  en: TODO One line for the results page.
  zh-Hant: TODO 結果頁上的一行簡介。
  zh-Hans: TODO 结果页上的一行简介。
sources:  # every page you read, with the date you read it
  - title:
      en: TODO Title of the official page
      zh-Hant: TODO 官方網頁的標題
      zh-Hans: TODO 官方网页的标题
    url: https://www.gov.hk/
    checked: $today
# unverified:  # facts not confirmed by an official source; each is shown on the results page
#   - TODO
# parameters:  # every threshold or amount, with the date it takes effect and its source; none is invented here:
#   min_total_project_cost:  # add those the official terms give, then test them with at_least / at_most
#     label: {en: ..., zh-Hant: ..., zh-Hans: ...}
#     unit: hkd
#     values:
#       - since: $today
#         value: 100000000
#         source: https://...
criteria:  # the programme is likely when every criterion is met
  - id: $choice_criterion
    title:
      en: TODO Eligible $cname
      zh-Hant: TODO 合資格的$cname_hant
      zh-Hans: TODO 合资格的$cname_hans
    when:
      fact: $choice
      one_of: [$option]
    # unknown: left out, it says "Tell us your $cname." in each language; write one to say more.
    met:
      en: TODO Why your answer meets this condition.
      zh-Hant: TODO 貴公司的答案為何符合此條件。
      zh-Hans: TODO 贵公司的答案为何符合此条件。
    not_met:
      en: TODO What the programme requires instead.
      zh-Hant: TODO 計劃的要求。
      zh-Hans: TODO 计划的要求。
# estimate:  # an indicative amount; see "Estimates" in README.md
#   shape: fixed
#   amount: a parameter in hkd
next_step:
  text:
    en: TODO What to do next, and whom to contact.
    zh-Hant: TODO 下一步及聯絡機構。
    zh-Hans: TODO 下一步及联系机构。
  url: https://www.gov.hk/
examples:  # the tests run every example: add one on each side of every threshold
  - name:
      en: A company that meets the condition is likely to qualify
      zh-Hant: 符合條件的公司很可能符合資格
      zh-Hans: 符合条件的公司很可能符合资格
    as_of: $today
    answers:
      $choice: $option
    verdict: likely
  - name:
      en: A company that does not is unlikely to qualify
      zh-Hant: 不符合條件的公司不大可能符合資格
      zh-Hans: 不符合条件的公司不太可能符合资格
    as_of: $today
    answers:
      $choice: $other
    verdict: unlikely
    criteria:
      $choice_criterion: not_met
  - name:
      en: A company that does not give its $cname may qualify
      zh-Hant: 沒有提供$cname_hant的公司可能符合資格
      zh-Hans: 没有提供$cname_hans的公司可能符合资格
    as_of: $today
    answers: {}
    verdict: possible
    criteria:
      $choice_criterion: unknown
""")


def skeleton(pid: str, questionnaire, today: dt.date, names: dict | None = None) -> str:
    """The text of a new draft rule file for `pid`, in three languages, on a choice question every answer set
    can have; it invents no parameter. `names` gives the question's name in each language."""
    choice = _first(questionnaire, ("choice",))
    names = (names or {}).get(choice.id, {})
    return TEMPLATE.substitute(
        pid=pid,
        today=today.isoformat(),
        cname=choice.name,
        cname_hant=names.get("zh-Hant", choice.name),
        cname_hans=names.get("zh-Hans", choice.name),
        choice=choice.id,
        option=choice.options[0].value,
        other=choice.options[-1].value,
        choice_criterion=f"meets_{choice.id}",
    )


def _first(questionnaire, types):
    """The first question of one of `types` that is always asked, so the examples need no other answer."""
    for qid, question in questionnaire.questions.items():
        if question.type in types and qid not in questionnaire.asked_when and len(question.options) > 1:
            return question
    raise ValueError(f"the questionnaire has no {' or '.join(types)} question without asked_when")
