"""Generated rule files for the engine benchmark: valid programmes made from one template, thresholds varied."""

from __future__ import annotations

import shutil
from pathlib import Path

TEMPLATE = """\
id: {pid}
name: Synthetic programme {i}
short_name: SP{i}
body: Benchmark body
kind: funding
status: open
summary: A generated programme for the engine benchmark.
offers: Up to {{cap}} of matching funding
sources:
  - title: Benchmark source
    url: https://example.org/{pid}
    checked: 2026-11-25
parameters:
  min_cost:
    label: Minimum project cost
    unit: hkd
    values:
      - since: 2020-01-01
        value: {min_cost}
        source: https://example.org/{pid}
      - since: 2025-01-01
        value: {min_cost_later}
        source: https://example.org/{pid}
  max_age:
    label: Maximum company age
    unit: years
    values:
      - since: 2020-01-01
        value: {max_age}
        source: https://example.org/{pid}
  ratio:
    label: Matching ratio
    unit: ratio
    values:
      - since: 2020-01-01
        value: "1:2"
        source: https://example.org/{pid}
  cap:
    label: Cap
    unit: hkd
    values:
      - since: 2020-01-01
        value: {cap}
        source: https://example.org/{pid}
criteria:
  - id: hk_company
    title: Incorporated in Hong Kong
    when:
      fact: hk_entity
      one_of: [incorporated, will_incorporate]
    met: Your company is incorporated in Hong Kong.
    not_met: The company must be incorporated in Hong Kong.
    unknown: Tell us whether your company is incorporated in Hong Kong.
  - id: sector
    title: In a supported industry
    when:
      any:
        - fact: industry
          one_of: [{industry}, advanced_manufacturing_new_energy]
        - all:
            - fact: rd_plans
              includes_any: [in_house_hk, with_hk_research_institution]
            - not:
                fact: government_subvented
                equals: true
    met: Your industry or R&D plans fit.
    not_met: The programme is for other industries.
    unknown: Tell us your industry and R&D plans.
  - id: size
    title: Large enough project
    when:
      fact: total_project_cost_hkd
      at_least: min_cost
    met: The project costs at least {{min_cost}}.
    not_met: The project must cost at least {{min_cost}}.
    unknown: Tell us the total project cost.
  - id: young
    title: A young company
    when:
      fact: company_age_years
      at_most: max_age
    met: Your company is at most {{max_age}} years old.
    not_met: The company must be at most {{max_age}} years old.
    unknown: Tell us how old your company is.
estimate:
  shape: matching
  of: total_project_cost_hkd
  ratio: ratio
  cap: cap
next_step:
  text: Apply online.
  url: https://example.org/{pid}/apply
examples:
  - name: A young incorporated company with a large project is likely to qualify.
    as_of: 2026-11-25
    answers:
      hk_entity: incorporated
      industry: {industry}
      production_plan: new_smart_facility
      total_project_cost_hkd: {big}
      company_age_years: 1
    verdict: likely
  - name: A project below the threshold is unlikely to qualify.
    as_of: 2026-11-25
    answers:
      hk_entity: incorporated
      industry: {industry}
      production_plan: new_smart_facility
      total_project_cost_hkd: {small}
      company_age_years: 1
    verdict: unlikely
  - name: Without the company's age the result is possible.
    as_of: 2026-11-25
    answers:
      hk_entity: incorporated
      industry: {industry}
      production_plan: new_smart_facility
      total_project_cost_hkd: {big}
    verdict: possible
"""
INDUSTRIES = ("life_health_tech", "ai_data_science", "microelectronics", "fintech", "other_manufacturing")


def programme_text(i: int) -> str:
    """The YAML of generated programme number `i`."""
    min_cost = 1_000_000 * (1 + i % 500)
    return TEMPLATE.format(
        pid=f"synthetic_{i:04d}",
        i=i,
        industry=INDUSTRIES[i % len(INDUSTRIES)],
        min_cost=min_cost * 2,
        min_cost_later=min_cost,
        max_age=3 + i % 10,
        cap=10_000_000 * (1 + i % 20),
        big=min_cost * 3,
        small=min_cost - 1,
    )


def write_rules(target: Path, count: int, questions: Path) -> Path:
    """A rules directory with the real questionnaire and `count` generated programmes."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(questions, target / "questions.yaml")
    for i in range(count):
        (target / f"synthetic_{i:04d}.yaml").write_text(programme_text(i), encoding="utf-8")
    return target
