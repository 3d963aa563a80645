"""The programmes bench/engine generates load like the bundled ones: without a single problem, examples included."""

import datetime as dt

import pytest
import yaml

from bench.synthetic import SHAPES, write_rules
from tests.support.app import RULES
from webapp.rulebook.loader import load_rules

AS_OF = dt.date(2026, 11, 25)
COUNT = 16  # enough for every question to be used and for one programme to require another's approval


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    rules_dir = write_rules(tmp_path_factory.mktemp("generated") / "rules", COUNT, RULES / "questions.yaml")
    return rules_dir, load_rules(rules_dir, AS_OF)


def test_generated_programmes_load_without_a_problem(generated):
    _, rules = generated
    assert [str(p) for p in rules.problems] == []
    assert len(rules.programmes) == COUNT


def test_generated_programmes_use_what_the_bundled_ones_use(generated):
    rules_dir, rules = generated
    specs = [p.spec for p in rules.programmes.values()]
    assert {s.estimate.shape for s in specs} == set(SHAPES)
    assert all(len(s.criteria) >= 5 and len(s.sources) >= 2 and s.parameters for s in specs)
    assert any(len(p.values) > 1 for s in specs for p in s.parameters.values())
    assert any(p.requires for p in rules.programmes.values())
    assert any(c.since or c.until for s in specs for c in s.criteria)
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(rules_dir.glob("synthetic_*.yaml")))
    for word in ("all:", "any:", "not:", "judgement:", "programme:", "zh-Hant:", "zh-Hans:", "official: false"):
        assert word in text
    verdicts = {
        e["verdict"]
        for path in rules_dir.glob("synthetic_*.yaml")
        for e in yaml.safe_load(path.read_text())["examples"]
    }
    assert verdicts == {"likely", "possible", "unlikely", "closed"}


def test_generated_programmes_have_their_texts_in_each_language(generated):
    _, rules = generated
    english = rules.programmes["synthetic_0001"]
    for lang, word in (("zh-Hant", "計劃"), ("zh-Hans", "计划")):
        translated = rules.in_language(lang).programmes["synthetic_0001"]
        assert word in translated.name and translated.name != english.name
        assert translated.criteria[0].met != english.criteria[0].met
