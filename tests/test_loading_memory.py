"""How loading treats memory: each file validated once for three languages, the garbage collector paused while
loading, loaded rules that hold no reference cycle (so freezing them, as the rule store does, keeps nothing alive
that would otherwise be freed)."""

import datetime as dt
import gc

import pytest

from bench.synthetic import write_rules
from tests.support.app import RULES, TODAY
from webapp.rulebook import schema
from webapp.rulebook.derived import add_derived_texts, question_names
from webapp.rulebook.loader import load_rules
from webapp.rulebook.localise import LANGUAGES, PROGRAMME_TEXT, english_and_missing, localise, missing_translations
from webapp.rulebook.yamlsource import parse_file

AS_OF = dt.date.fromisoformat(TODAY)


def validated_in(lang, path):
    """The spec of the file at `path` as validating it localised into `lang` gives (what the loader did before)."""
    raw = parse_file(path).data
    add_derived_texts(raw, question_names(parse_file(path.parent / "questions.yaml").data))
    return schema.Programme.model_validate(localise(raw, lang, PROGRAMME_TEXT))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_gets_the_spec_that_validating_its_texts_gives(bundled_rules, lang):
    rules = bundled_rules.in_language(lang)
    for pid, programme in rules.programmes.items():
        expected = validated_in(lang, RULES / f"{pid}.yaml")
        assert programme.spec == expected, pid
        assert programme.spec.model_dump() == expected.model_dump(), pid


def test_generated_programmes_get_the_spec_that_validating_their_texts_gives(tmp_path):
    rules_dir = write_rules(tmp_path / "rules", 8, RULES / "questions.yaml")
    rules = load_rules(rules_dir, AS_OF)
    for lang in LANGUAGES[1:]:
        for pid, programme in rules.in_language(lang).programmes.items():
            assert programme.spec == validated_in(lang, rules_dir / f"{pid}.yaml")
            assert programme.spec.name != rules.programmes[pid].spec.name


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_pauses_the_garbage_collector_and_leaves_it_as_it_found_it(enabled, tmp_path):
    (gc.enable if enabled else gc.disable)()
    try:
        load_rules(RULES, AS_OF)
        assert gc.isenabled() == enabled
        load_rules(tmp_path / "missing", AS_OF)  # a directory that cannot be read: a problem, never a crash
        assert gc.isenabled() == enabled
    finally:
        gc.enable()


def test_loaded_rules_hold_no_reference_cycle_and_loading_leaves_none_behind():
    gc.collect()
    rules = load_rules(RULES, AS_OF)
    assert gc.collect() == 0  # nothing the load made is cyclic garbage
    for lang in LANGUAGES:
        programmes = rules.in_language(lang).programmes
        assert programmes
    del rules, programmes
    assert gc.collect() == 0  # the rules were freed by reference counting alone


def test_missing_translations_are_found_in_one_walk_as_localising_into_each_language_finds_them():
    raw = parse_file(RULES / "nias.yaml").data
    del raw["name"]["zh-Hans"], raw["criteria"][1]["met"]["zh-Hant"], raw["notes"][0]["zh-Hant"]
    raw["criteria"][0]["title"] = "English only"
    raw["short_name"] = {"en": "NIAS", "zh-Hant": "NIAS"}  # a language-neutral text given in two languages
    expected = []
    for lang in LANGUAGES[1:]:
        localise(raw, lang, PROGRAMME_TEXT, expected)
    assert missing_translations(raw, PROGRAMME_TEXT) == expected
    assert len(expected) == 6
    raw["criteria"][2]["title"] = {"en": None, "zh-Hant": "只有中文"}  # `en:` left empty: its path is reported
    expected, without_english = [], []
    for lang in LANGUAGES[1:]:
        localise(raw, lang, PROGRAMME_TEXT, expected)
    expected = [found for found in expected if found[0] != ("criteria", 2, "title")]
    english, missing = english_and_missing(raw, PROGRAMME_TEXT, without_english)
    assert english == localise(raw, "en", PROGRAMME_TEXT) and missing == expected
    assert missing == missing_translations(raw, PROGRAMME_TEXT) and without_english == [("criteria", 2, "title")]


def test_the_english_copy_and_the_missing_translations_of_one_walk_are_those_of_two_for_every_rule_file(tmp_path):
    from bench.synthetic import write_rules
    from webapp.rulebook.localise import QUESTIONNAIRE_TEXT

    generated = write_rules(tmp_path / "rules", 30, RULES / "questions.yaml")
    for path in [*sorted(RULES.glob("*.yaml")), *sorted(generated.glob("synthetic_*.yaml"))]:
        raw = parse_file(path).data
        patterns = QUESTIONNAIRE_TEXT if path.name == "questions.yaml" else PROGRAMME_TEXT
        two, one = [], []
        expected = (localise(raw, "en", patterns), missing_translations(raw, patterns, two))
        assert english_and_missing(raw, patterns, one) == expected and one == two, path.name
