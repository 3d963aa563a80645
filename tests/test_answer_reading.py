"""Reading answers (webapp/engine/answers.py): form strings and JSON values into typed answers and problems."""

import datetime as dt
import math

import pytest

from webapp.engine.answers import AnswerError, check_value, read_date, read_form, read_json, read_value
from webapp.engine.conditions import Leaf
from webapp.engine.model import Questionnaire
from webapp.rulebook.schema import Question

YES_NO_OPTIONS = [{"value": "incorporated", "label": "Yes"}, {"value": "branch_only", "label": "A branch"}]
QUESTIONS = [
    Question(id="company_name", type="text", label="Name?", name="company name", optional=True, max_length=10),
    Question(id="hk_entity", type="choice", label="Where?", name="entity", not_sure="Not sure", options=YES_NO_OPTIONS),
    Question(id="sector", type="choice", label="Sector?", name="sector", options=[{"value": "fintech", "label": "F"}]),
    Question(id="listed", type="yes_no", label="Listed?", name="listing", not_sure="Not sure"),
    Question(id="profitable", type="yes_no", label="Profits?", name="profits"),
    Question(id="employees", type="number", label="Staff?", name="staff", min=1, max=500, whole=True),
    Question(id="age_years", type="number", label="Age?", name="age", min=0, optional=True),
    Question(id="total_cost", type="amount", label="Cost?", name="total cost", min=0, optional=True),
    Question(
        id="own_money",
        type="amount",
        label="Own?",
        name="own money",
        optional=True,
        max=10**9,
        not_more_than="total_cost",
    ),
    Question(
        id="plans",
        type="multi",
        label="Plans?",
        name="plans",
        not_sure="Not sure",
        options=[{"value": "build", "label": "Build"}, {"value": "hire", "label": "Hire"}],
    ),
    # Asked only of a branch: a question that applies, or not, given the answer to hk_entity.
    Question(id="branch_office", type="yes_no", label="Office?", name="branch office", asked_when={}),
]
QUESTIONNAIRE = Questionnaire(
    "Title",
    "Intro",
    [],
    {q.id: q for q in QUESTIONS},
    {"branch_office": Leaf("hk_entity", "equals", "branch_only")},
)
FORM = {"hk_entity": "incorporated", "sector": "fintech", "listed": "no", "profitable": "yes", "employees": "12"}
QUESTION = {q.id: q for q in QUESTIONS}


def form(**changes):
    return read_form(QUESTIONNAIRE, {**FORM, **changes})


def test_a_complete_form_gives_typed_answers_and_no_errors():
    answers = form(company_name="  Acme  ", total_cost="150m", own_money="1,000,000", age_years="2.5", plans=["build"])
    assert answers.errors == {}
    assert answers.facts == {
        "company_name": "Acme",
        "hk_entity": "incorporated",
        "sector": "fintech",
        "listed": False,
        "profitable": True,
        "employees": 12,
        "age_years": 2.5,
        "total_cost": 150_000_000,
        "own_money": 1_000_000,
        "plans": ["build"],
    }


def test_numbers_are_read_with_thousands_separators():
    assert form(age_years="1,234.5").facts["age_years"] == 1234.5
    assert form(age_years="2,000").facts["age_years"] == 2000


@pytest.mark.parametrize("missing", ["hk_entity", "sector", "listed", "profitable", "employees"])
def test_a_required_question_left_blank_is_required(missing):
    answers = form(**{missing: "  "})
    assert answers.errors == {missing: AnswerError("required")}
    assert answers.facts[missing] is None


def test_optional_questions_may_be_left_blank():
    answers = form(company_name="", total_cost="", plans=[])
    assert answers.errors == {}
    assert answers.facts["company_name"] is None and answers.facts["total_cost"] is None
    assert answers.facts["plans"] == []


def test_not_sure_is_an_unknown_answer_where_the_question_offers_it():
    answers = form(hk_entity="not_sure", listed="not_sure", plans=["not_sure"])
    assert answers.errors == {}
    assert (answers.facts["hk_entity"], answers.facts["listed"], answers.facts["plans"]) == (None, None, None)


def test_not_sure_is_not_an_answer_where_the_question_does_not_offer_it():
    answers = form(sector="not_sure", profitable="not_sure")
    assert answers.errors == {"sector": AnswerError("required"), "profitable": AnswerError("required")}


def test_a_form_value_that_is_not_an_option_asks_for_an_answer():
    assert form(hk_entity="mars").errors == {"hk_entity": AnswerError("required")}
    assert form(listed="maybe").errors == {"listed": AnswerError("required")}


@pytest.mark.parametrize("typed", ["many", "12 people", "1.2.3", "nan", "inf"])
def test_a_number_that_cannot_be_read_is_invalid(typed):
    answers = form(employees=typed)
    assert answers.errors == {"employees": AnswerError("invalid")}
    assert answers.facts["employees"] is None


def test_an_amount_that_cannot_be_read_is_invalid():
    assert form(total_cost="a lot").errors == {"total_cost": AnswerError("invalid")}


def test_a_whole_number_question_refuses_a_fraction():
    assert form(employees="2.5").errors == {"employees": AnswerError("whole")}


@pytest.mark.parametrize(
    "typed, error",
    [
        ("0", AnswerError("too_small", limit=1)),
        ("1", None),
        ("500", None),
        ("501", AnswerError("too_large", limit=500)),
    ],
)
def test_limits_include_their_bounds(typed, error):
    answers = form(employees=typed)
    assert answers.errors.get("employees") == error
    assert answers.facts["employees"] == (None if error else int(typed))


def test_a_text_longer_than_its_limit_is_too_long_and_one_at_the_limit_is_kept():
    assert form(company_name="x" * 11).errors == {"company_name": AnswerError("too_long", limit=10)}
    assert form(company_name="x" * 10).facts["company_name"] == "x" * 10


def test_ticked_options_are_kept_once_each_in_the_order_given():
    assert form(plans=["hire", "", "build", "hire"]).facts["plans"] == ["hire", "build"]


def test_not_sure_with_an_option_ticked_is_an_error():
    answers = form(plans=["build", "not_sure"])
    assert answers.errors == {"plans": AnswerError("not_sure_and_options")}
    assert form(plans=["not_sure", "not_sure"]).errors == {}


def test_a_ticked_value_that_is_not_an_option_is_named():
    assert form(plans=["build", "fly"]).errors == {"plans": AnswerError("unknown_option", option="fly")}


def test_an_answer_above_the_one_it_may_not_exceed_is_an_error():
    answers = form(total_cost="1m", own_money="2m")
    assert answers.errors == {"own_money": AnswerError("more_than", other="total_cost")}
    assert form(total_cost="2m", own_money="2m").errors == {}
    assert form(own_money="2m").errors == {}


def test_an_answer_out_of_bounds_keeps_that_problem_rather_than_a_comparison():
    answers = read_json(QUESTIONNAIRE, {"total_cost": 1, "own_money": 2 * 10**9})
    assert answers.errors == {"own_money": AnswerError("too_large", limit=10**9)}
    answers = read_json(QUESTIONNAIRE, {"total_cost": 1, "own_money": 2})
    assert answers.errors == {"own_money": AnswerError("more_than", other="total_cost")}


def test_a_question_not_asked_drops_its_answer_and_its_error_and_lists_it_as_ignored():
    answers = form(branch_office="maybe", company_name="Acme")
    assert "branch_office" not in answers.facts and answers.errors == {}
    assert answers.ignored == ["branch_office"]
    assert answers.given == [*FORM, "branch_office", "company_name"]


def test_a_question_that_is_asked_keeps_its_answer():
    answers = form(hk_entity="branch_only", branch_office="yes")
    assert answers.facts["branch_office"] is True and answers.ignored == []


def test_a_blank_answer_is_required_only_where_the_question_is_sure_to_be_asked():
    assert form(hk_entity="branch_only").errors == {"branch_office": AnswerError("required")}
    # Not sure whether a branch: the question may apply, so it is not required.
    assert form(hk_entity="not_sure").errors == {}
    assert "branch_office" in form(hk_entity="not_sure").facts


def test_form_keys_that_are_not_questions_are_not_given_answers():
    assert form(csrf_token="x").given == list(FORM)


def test_json_answers_are_typed_values_and_null_is_unknown():
    answers = read_json(
        QUESTIONNAIRE,
        {"hk_entity": "incorporated", "listed": None, "employees": 3, "age_years": 1.5, "plans": ["hire", "hire"]},
    )
    assert answers.errors == {}
    assert answers.facts == {
        "hk_entity": "incorporated",
        "listed": None,
        "employees": 3,
        "age_years": 1.5,
        "plans": ["hire"],
    }
    assert answers.given == ["hk_entity", "listed", "employees", "age_years", "plans"]


def test_json_answers_to_unknown_questions_are_errors_and_the_other_answers_are_read():
    answers = read_json(QUESTIONNAIRE, {"colour": "red", "hk_entity": "incorporated"})
    assert answers.errors == {"colour": AnswerError("unknown_question")}
    assert answers.facts == {"hk_entity": "incorporated"}


def test_json_answers_to_questions_not_asked_are_ignored():
    answers = read_json(QUESTIONNAIRE, {"hk_entity": "incorporated", "branch_office": True})
    assert answers.ignored == ["branch_office"] and "branch_office" not in answers.facts
    assert answers.errors == {}


def test_a_json_value_of_the_wrong_type_is_an_error_even_for_a_question_not_asked():
    answers = read_json(QUESTIONNAIRE, {"hk_entity": "incorporated", "branch_office": "yes"})
    assert answers.errors == {"branch_office": AnswerError("not_yes_no")}


@pytest.mark.parametrize(
    "qid, value, error",
    [
        ("listed", "yes", "not_yes_no"),
        ("listed", 1, "not_yes_no"),
        ("profitable", "not_sure", "not_yes_no"),
        ("employees", "12", "not_number"),
        ("employees", True, "not_number"),
        ("age_years", math.nan, "not_number"),
        ("age_years", math.inf, "not_number"),
        ("plans", "build", "not_list"),
        ("plans", ["build", 1], "not_list"),
        ("hk_entity", 1, "not_string"),
        ("hk_entity", ["incorporated"], "not_string"),
        ("company_name", 5, "not_string"),
    ],
)
def test_a_json_value_of_the_wrong_type_is_refused_and_unknown(qid, value, error):
    assert read_value(QUESTION[qid], value) == (None, AnswerError(error))


@pytest.mark.parametrize(
    "qid, value, typed",
    [
        ("listed", False, False),
        ("listed", "not_sure", None),
        ("hk_entity", "not_sure", None),
        ("plans", ["not_sure"], None),
        ("plans", [], []),
        ("employees", 7, 7),
        ("age_years", 0.5, 0.5),
        ("company_name", "Acme", "Acme"),
        ("hk_entity", None, None),
    ],
)
def test_a_json_value_of_the_right_type_is_read(qid, value, typed):
    assert read_value(QUESTION[qid], value) == (typed, None)


def test_a_json_choice_that_is_not_an_option_is_named():
    assert read_value(QUESTION["sector"], "not_sure") == (None, AnswerError("unknown_option", option="not_sure"))
    assert read_value(QUESTION["hk_entity"], "mars") == (None, AnswerError("unknown_option", option="mars"))


def test_a_json_number_out_of_bounds_is_an_error():
    assert read_value(QUESTION["employees"], 501)[1] == AnswerError("too_large", limit=500)
    assert read_value(QUESTION["employees"], 0.5)[1] == AnswerError("whole")
    assert read_value(QUESTION["company_name"], "x" * 11)[1] == AnswerError("too_long", limit=10)


def test_a_value_within_every_limit_has_no_problem():
    assert check_value(QUESTION["employees"], 1) is None
    assert check_value(QUESTION["age_years"], 10**9) is None
    assert check_value(QUESTION["hk_entity"], "incorporated") is None


@pytest.mark.parametrize(
    "text, day",
    [
        ("2026-11-25", dt.date(2026, 11, 25)),
        ("2024-02-29", dt.date(2024, 2, 29)),
        ("2026-02-30", None),
        ("2026-W48-3", None),
        ("20261125", None),
        ("2026-11-25T00:00", None),
        (" 2026-11-25", None),
        (20261125, None),
        (None, None),
    ],
)
def test_an_evaluation_date_is_written_year_month_day(text, day):
    assert read_date(text) == day
