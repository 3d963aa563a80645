"""The README documents every rule-file key, every questionnaire key and every configuration key."""

import typing

import pytest
from pydantic import BaseModel

from tests.support.app import ROOT
from webapp import DEFAULTS
from webapp.engine.conditions import COMBINATORS, OPERATORS
from webapp.rulebook import schema

README = (ROOT / "README.md").read_text()


def _keys(model, seen=None):
    seen = seen if seen is not None else set()
    if model in seen:
        return set()
    seen.add(model)
    keys = set()
    for name, info in model.model_fields.items():
        keys.add(name)
        for arg in _flatten(info.annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                keys |= _keys(arg, seen)
    return keys


def _flatten(annotation):
    args = typing.get_args(annotation)
    if not args:
        return [annotation]
    return [a for arg in args for a in _flatten(arg)]


KEYS = sorted(_keys(schema.Programme) | _keys(schema.Questionnaire))


@pytest.mark.parametrize("key", KEYS)
def test_every_rule_file_key_is_in_the_readme(key):
    assert f"`{key}`" in README, f"document the rule-file key '{key}' in README.md"


@pytest.mark.parametrize(
    "word",
    list(OPERATORS)
    + list(COMBINATORS)
    + list(schema.ESTIMATE_SHAPES)
    + list(schema.KINDS)
    + list(schema.UNITS)
    + list(schema.QUESTION_TYPES),
)
def test_every_operator_shape_kind_unit_and_type_is_in_the_readme(word):
    assert f"`{word}`" in README


@pytest.mark.parametrize("key", sorted(DEFAULTS))
def test_every_config_key_is_in_the_readme(key):
    assert f"`CHECKER_{key}`" in README


def test_readme_quick_start_has_the_two_commands_and_ci_runs_the_test_one():
    assert "bash scripts/serve" in README and "bash scripts/test" in README
    assert "bash scripts/test" in (ROOT / ".ci" / "run").read_text()


GUIDE = README.split("## Editing the rules", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("key", KEYS)
def test_every_rule_file_key_is_in_the_editing_guide(key):
    assert f"`{key}`" in GUIDE, f"document the rule-file key '{key}' under 'Editing the rules' in README.md"


@pytest.mark.parametrize("command", ["check", "test", "explain", "new"])
def test_every_rules_command_is_in_the_editing_guide(command):
    from webapp.cli import rules_cli

    assert command in rules_cli.commands
    assert f"`flask --app webapp rules {command}" in GUIDE


@pytest.mark.parametrize(
    "heading",
    ["### The commands", "### Adding an example", "### Adding a question", "### Publishing an edit to a running site"],
)
def test_the_editing_guide_covers_the_maintainers_tasks(heading):
    assert heading in GUIDE
