"""The checks of a programme that need no other file run as the file is loaded (webapp/rulebook/loader.py), and
find exactly what they find when they run after every file is loaded, in the same order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bench.synthetic import write_rules
from webapp.rulebook import loader
from webapp.rulebook.loader import load_rules

RULES = Path(__file__).resolve().parent.parent / "rules"
AS_OF = dt.date(2026, 6, 1)


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _rules_with_problems(tmp_path: Path) -> Path:
    """Generated rules, several of them wrong in ways only the checks run after loading find."""
    rules_dir = write_rules(tmp_path / "rules", 12, RULES / "questions.yaml")
    files = sorted(rules_dir.glob("synthetic_*.yaml"))
    _edit(files[1], "  verdict: likely\n", "  verdict: unlikely\n")  # an example that fails
    _edit(files[2], "window:\n", "window:\n  closes: 2023-01-01\n")  # closed, but the status says open
    _edit(files[3], "checked: 2026-11-25", "checked: 2019-01-01", -1)  # terms not checked for years
    _edit(
        files[4],
        "parameters:\n",
        "parameters:\n  never_used:\n    label:\n      en: Never used\n"
        "      zh-Hant: 未用\n      zh-Hans: 未用\n    unit: count\n    values:\n    - since: 2020-01-01\n"
        "      value: 1\n      source: https://www.itf.gov.hk/\n",
    )
    _edit(files[5], "  verdict: likely\n", "  verdict: possible\n")
    _edit(files[5], "checked: 2026-11-25", "checked: 2019-01-01", -1)
    return rules_dir


def test_checks_run_as_each_file_is_loaded_find_what_they_find_at_the_end(tmp_path, monkeypatch):
    rules_dir = _rules_with_problems(tmp_path)
    monkeypatch.setattr(loader, "ALONE_BATCH", 5)  # two batches checked as loaded, the last two files at the end
    early = load_rules(rules_dir, AS_OF)
    alone = loader._alone
    ran_early = []

    def at_the_end(*args):  # the loader's call as a file is loaded passes no programmes: all are run at the end
        if len(args) == 6:
            ran_early.append(args[2].name)
            return None
        return alone(*args)

    monkeypatch.setattr(loader, "_alone", at_the_end)
    late = load_rules(rules_dir, AS_OF)
    assert len(ran_early) == 10  # none of the generated programmes requires another
    problems = [str(p) for p in early.problems]
    assert problems == [str(p) for p in late.problems]
    for found in ("example", "closed on 2023-01-01", "last checked on 2019-01-01", "'never_used' is never used"):
        assert any(found in p for p in problems), found
    assert [p.file for p in early.problems if "example" in p.message][:1] == ["rules/synthetic_0001.yaml"]


def test_a_check_that_fails_as_its_file_is_loaded_is_reported_in_its_turn(tmp_path, monkeypatch):
    rules_dir = _rules_with_problems(tmp_path)
    monkeypatch.setattr(loader, "ALONE_BATCH", 5)

    def broken(*args):
        raise RuntimeError("something unexpected")

    monkeypatch.setattr(loader, "check_file", broken)
    rules = load_rules(rules_dir, AS_OF)
    failures = [p for p in rules.problems if "could not check this file (RuntimeError" in p.message]
    assert [p.file for p in failures] == ["rules/questions.yaml"]  # where cross_check's failures are reported
    assert rules.programmes  # the rules are served all the same
