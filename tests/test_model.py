"""The rules at run time (webapp/engine/model.py): dated values, the status on a date, what each criterion uses."""

import datetime as dt
from fractions import Fraction

import pytest

from webapp.engine.conditions import Group, Leaf
from webapp.engine.model import Programme, Questionnaire, ratio_share
from webapp.rulebook.schema import Programme as ProgrammeSpec
from webapp.rulebook.schema import Question

SOURCE = "https://example.hk"


def dated(*values):
    """Dated values from (since, value) pairs."""
    return [{"since": since, "value": value, "source": SOURCE} for since, value in values]


def programme(conditions=None, **spec):
    """A programme with a minimum cost that fell on 1 July 2025, a 1:2 ratio and a threshold not yet in force."""
    base = {
        "id": "demo",
        "name": "Demo scheme",
        "short_name": "DEMO",
        "body": "ITC",
        "kind": "funding",
        "status": "open",
        "summary": "A demo.",
        "offers": "Money.",
        "sources": [{"title": "Fact sheet", "url": SOURCE, "checked": "2026-01-01"}],
        "parameters": {
            "min_cost": {
                "label": "Minimum cost",
                "unit": "hkd",
                "values": dated(("2024-01-01", 300), ("2025-07-01", 150)),
            },
            "ratio": {"label": "Ratio", "unit": "ratio", "values": dated(("2024-01-01", "1:2"))},
            "max_age": {"label": "Maximum age", "unit": "years", "values": dated(("2030-01-01", 5))},
        },
        "next_step": {"text": "Apply."},
        "examples": [{"name": "An example.", "answers": {}, "verdict": "likely"}],
    }
    return Programme(ProgrammeSpec.model_validate(base | spec), conditions or {})


def test_the_value_in_force_is_the_latest_that_took_effect_on_or_before_the_date():
    demo = programme()
    assert demo.value_on("min_cost", dt.date(2025, 6, 30)).value == 300
    assert demo.value_on("min_cost", dt.date(2025, 7, 1)).value == 150
    assert demo.value_on("min_cost", dt.date(2030, 1, 1)).value == 150
    assert demo.value_on("min_cost", dt.date(2024, 1, 1)).value == 300


def test_before_its_first_date_a_parameter_has_no_value():
    demo = programme()
    assert demo.value_on("min_cost", dt.date(2023, 12, 31)) is None
    assert "max_age" not in demo.params_on(dt.date(2029, 12, 31))
    assert demo.params_on(dt.date(2030, 1, 1))["max_age"] == 5


def test_the_values_on_a_date_give_a_ratio_as_the_governments_share():
    assert programme().params_on(dt.date(2025, 7, 1)) == {"min_cost": 150, "ratio": Fraction(1, 3)}


def test_the_values_on_each_date_stay_right_however_many_dates_are_asked():
    demo = programme()
    days = [dt.date(2025, 6, 1) + dt.timedelta(days=n) for n in range(200)]
    for _ in range(2):
        for day in days:
            assert demo.params_on(day)["min_cost"] == (300 if day < dt.date(2025, 7, 1) else 150)


@pytest.mark.parametrize(
    "ratio, share", [("1:2", Fraction(1, 3)), ("1:1", Fraction(1, 2)), (" 3 : 1 ", Fraction(3, 4))]
)
def test_a_matching_ratio_is_the_governments_share_of_the_cost(ratio, share):
    assert ratio_share(ratio) == share


@pytest.mark.parametrize(
    "status, window, day, expected",
    [
        ("open", {}, "2026-01-01", "open"),
        ("closed", {}, "2026-01-01", "closed"),
        ("upcoming", {}, "2026-01-01", "upcoming"),
        ("open", {"closes": "2026-03-31"}, "2026-03-31", "open"),
        ("open", {"closes": "2026-03-31"}, "2026-04-01", "closed"),
        ("open", {"opens": "2026-03-01"}, "2026-02-28", "upcoming"),
        ("open", {"opens": "2026-03-01"}, "2026-03-01", "open"),
        ("upcoming", {"opens": "2026-03-01"}, "2026-03-02", "open"),  # the window's date decides
        ("closed", {"opens": "2026-03-01"}, "2026-02-01", "upcoming"),
        ("upcoming", {"closes": "2026-03-31"}, "2026-04-01", "closed"),
    ],
)
def test_the_status_on_a_date_follows_the_status_and_the_application_window(status, window, day, expected):
    assert programme(status=status, window=window).status_on(dt.date.fromisoformat(day)) == expected


def test_each_criterion_knows_its_questions_and_thresholds_each_once_in_order_of_first_use():
    cost = Leaf("total_project_cost_hkd", "at_least", "min_cost")
    tree = Group("any", (Group("all", (cost, Leaf("hk_entity", "equals", "x"))), Group("not", (cost,))))
    demo = programme({"size": tree, "entity": Leaf("hk_entity", "equals", "x")})
    assert demo.uses == {
        "size": (("total_project_cost_hkd", "hk_entity"), ("min_cost",)),
        "entity": (("hk_entity",), ()),
    }


def test_a_programme_reads_its_rule_file_keys_as_attributes():
    demo = programme()
    assert (demo.id, demo.short_name, demo.kind) == ("demo", "DEMO", "funding")


QUESTIONNAIRE = Questionnaire(
    "Title",
    "Intro",
    [],
    {
        "hk_entity": Question(
            id="hk_entity", type="choice", label="?", name="entity", options=[{"value": "x", "label": "X"}]
        ),
        "office": Question(id="office", type="yes_no", label="?", name="office"),
        "staff": Question(id="staff", type="number", label="?", name="staff"),
    },
    {"office": Leaf("hk_entity", "equals", "x"), "staff": Group("not", (Leaf("office", "equals", True),))},
)


@pytest.mark.parametrize(
    "facts, applies, surely",
    [({"hk_entity": "x"}, True, True), ({"hk_entity": None}, True, False), ({"hk_entity": "y"}, False, False)],
)
def test_a_question_applies_unless_the_answers_rule_it_out_and_surely_applies_when_they_call_for_it(
    facts, applies, surely
):
    assert QUESTIONNAIRE.applies("office", facts) is applies
    assert QUESTIONNAIRE.surely_applies("office", facts) is surely


def test_a_question_without_a_condition_always_applies():
    assert QUESTIONNAIRE.applies("hk_entity", {}) and QUESTIONNAIRE.surely_applies("hk_entity", {})


def test_answers_to_questions_that_do_not_apply_are_dropped_in_questionnaire_order():
    kept = QUESTIONNAIRE.drop_inapplicable({"staff": 3, "office": True, "hk_entity": "x"})
    assert kept == {"hk_entity": "x", "office": True}
    assert list(QUESTIONNAIRE.drop_inapplicable({"staff": 3, "hk_entity": "y", "office": True})) == [
        "hk_entity",
        "staff",
    ]
