"""Commands for rule maintainers: `flask --app webapp rules check|test|explain|new`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from webapp.rulebook import published
from webapp.rulebook.derived import question_names
from webapp.rulebook.examples import example_facts, run_examples
from webapp.rulebook.impact import ABSENT, ImpactError, impact_of
from webapp.rulebook.loader import MISSING_TRANSLATION, QUESTIONS_FILE, load_rules
from webapp.rulebook.located import Located
from webapp.rulebook.skeleton import skeleton
from webapp.rulebook.yamlsource import CROSS_CHECK, parse_file
from webapp.wording.explain import explain as explain_lines
from webapp.wording.numbers import format_hkd

rules_cli = AppGroup("rules", help="Check, test, explain and start rule files.")
DATE = click.DateTime(formats=["%Y-%m-%d"])


def _load():
    config = current_app.config
    return load_rules(config["RULES_DIR"], config["TODAY"](), config["STALE_AFTER_DAYS"])


@rules_cli.command("check")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format.")
@click.option("--strict", is_flag=True, help="Count missing translations as errors.")
def check(fmt, strict):
    """Validate every file under rules/ and print each problem as file:line: message."""
    cross_check = CROSS_CHECK.set(True)  # the quick YAML reader checked against PyYAML on every file it reads
    try:
        rules = published.with_published_checks(_load(), current_app.config["RULES_DIR"])
    finally:
        CROSS_CHECK.reset(cross_check)
    if strict:
        rules = _strict(rules)
    warnings = len(rules.problems) - len(rules.errors)
    if fmt == "json":
        report = {
            "version": rules.version,
            "errors": len(rules.errors),
            "warnings": warnings,
            "problems": [p.as_dict() for p in rules.problems],
        }
        click.echo(json.dumps(report, indent=2))
    else:
        for problem in rules.problems:
            click.echo(str(problem))
        click.echo(
            f"{len(rules.files)} files, {len(rules.programmes)} programmes, "
            f"{len(rules.errors)} errors, {warnings} warnings (rules version {rules.version})",
            err=True,
        )
    sys.exit(1 if rules.errors else 0)


def _strict(rules):
    """The same rules with every missing translation counted as an error."""
    problems = [
        dataclasses.replace(p, severity="error") if p.message.startswith(MISSING_TRANSLATION) else p
        for p in rules.problems
    ]
    return dataclasses.replace(rules, problems=problems)


@rules_cli.command("test")
@click.argument("programmes", nargs=-1)
def test(programmes):
    """Run the examples in the rule files (all, or those of PROGRAMMES) and show each failure."""
    rules = _load()
    chosen = _chosen(rules, programmes)
    failed = total = 0
    for pid in chosen:
        if pid not in rules.parsed:
            click.echo(f"{pid}: cannot run the examples until the file is fixed (see `flask rules check`)")
            failed += 1
            continue
        programme, located = rules.parsed[pid]
        scratch = Located(located.name, located.data, located.lines)  # its problems are `check`'s to report
        runs = run_examples(scratch, programme, rules.questionnaire, current_app.config["TODAY"](), _parsed(rules))
        total += len(runs)
        for run in runs:
            if not run.passed:
                failed += 1
                _show_failure(located.name, run)
        for problem in scratch.problems:
            failed += 1
            click.echo(str(problem))
    click.echo(f"{len(chosen)} programmes, {total} examples, {failed} failed", err=True)
    sys.exit(1 if failed else 0)


def _parsed(rules) -> dict:
    """Every programme that was read, also those left out of the site, so that requirements can be evaluated."""
    return {pid: programme for pid, (programme, _) in rules.parsed.items()}


def _chosen(rules, programmes) -> list:
    files = {Path(f).stem for f in rules.files if Path(f).name != QUESTIONS_FILE and not Path(f).name.startswith("_")}
    known = sorted(set(rules.parsed) | files)
    unknown = [pid for pid in programmes if pid not in known]
    if unknown:
        raise click.BadParameter(f"no rule file for {', '.join(unknown)}; known: {', '.join(known)}")
    return list(programmes) or known


def _show_failure(file, run) -> None:
    click.echo(f'{file}:{run.line}: FAILED "{run.name}"')
    click.echo(f"    expected verdict: {run.expected}")
    click.echo(f"    actual verdict:   {run.actual}")
    for cid, expected, actual in run.differences:
        click.echo(f"    {cid}: expected {expected}, got {actual}")
    if run.expected != run.actual:
        deciding = {"unlikely": "not_met", "possible": "unknown"}.get(run.actual)
        causes = [cid for cid, outcome in run.outcomes.items() if outcome == deciding]
        if causes:
            click.echo(f"    criteria {deciding}: {', '.join(causes)}")


@rules_cli.command("explain")
@click.argument("programme")
@click.argument("answers_file", metavar="ANSWERS.yaml", type=click.Path(exists=True, dir_okay=False))
@click.option("--as-of", type=DATE, help="Evaluate as of this date (YYYY-MM-DD); default: the file's as_of, or today.")
def explain(programme, answers_file, as_of):
    """Print PROGRAMME's evaluation tree for the answers in ANSWERS.yaml, with every test's outcome."""
    rules = _load()
    if programme not in rules.parsed:
        raise click.BadParameter(
            f"no programme '{programme}' that loads; run `flask rules check`", param_hint="PROGRAMME"
        )
    located = parse_file(Path(answers_file), answers_file)
    facts, given, file_date = _read_answers(located, rules.questionnaire)
    if located.problems:
        for problem in located.problems:
            click.echo(str(problem))
        sys.exit(1)
    day = as_of.date() if as_of else file_date or current_app.config["TODAY"]()
    ignored = [qid for qid in given if qid not in facts]
    for line in explain_lines(rules.parsed[programme][0], facts, ignored, day, _parsed(rules)):
        click.echo(line)


def _read_answers(located, questionnaire):
    """(facts, answered question ids, as_of) from a file of answers, or of one example with `answers:`."""
    data = located.data
    if not isinstance(data, dict):
        if not located.problems:
            located.problem((), "write the answers as question_id: answer, one a line")
        return {}, [], None
    path, answers = ((), data)
    if isinstance(data.get("answers"), dict):
        path, answers = (("answers",), data["answers"])
    file_date = None
    if path and data.get("as_of") is not None:
        try:
            file_date = dt.date.fromisoformat(str(data["as_of"]))
        except ValueError:
            located.problem(("as_of",), "as_of must be a date written YYYY-MM-DD")
    facts = example_facts(located, path, answers, questionnaire) or {}
    return facts, list(answers), file_date


@rules_cli.command("new")
@click.argument("programme_id")
@click.option("--output", type=click.Path(dir_okay=False), help="Where to write it; default rules/PROGRAMME_ID.yaml.")
def new(programme_id, output):
    """Write a commented skeleton rule file for PROGRAMME_ID that passes `check`."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", programme_id):
        raise click.BadParameter(
            "use lower-case letters, digits and _, starting with a letter", param_hint="PROGRAMME_ID"
        )
    target = Path(output) if output else Path(current_app.config["RULES_DIR"]) / f"{programme_id}.yaml"
    if target.exists():
        raise click.ClickException(f"{target} already exists; edit it, or choose another id")
    rules = _load()
    if rules.questionnaire is None:
        raise click.ClickException("fix the questionnaire file first (see `flask rules check`)")
    names = question_names(parse_file(Path(current_app.config["RULES_DIR"]) / QUESTIONS_FILE).data)
    text = skeleton(programme_id, rules.questionnaire, current_app.config["TODAY"](), names)
    target.write_text(text, encoding="utf-8")
    click.echo(f"wrote {target}")
    click.echo("It is a draft: the site shows it only on the editors' preview page until you set its status.")
    click.echo(
        f"Next: replace each TODO, then run `flask --app webapp rules check` and `... rules test {programme_id}`."
    )


@rules_cli.command("impact")
@click.option(
    "--against",
    default="HEAD",
    show_default=True,
    help="A git revision, or another rules directory, to compare the rules directory with.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format.")
def impact(against, fmt):
    """Show which examples and reference companies change verdict or amount with the rules as edited."""
    config = current_app.config
    try:
        found = impact_of(config["RULES_DIR"], against, config["TODAY"](), config["STALE_AFTER_DAYS"])
    except ImpactError as exc:
        raise click.ClickException(str(exc)) from exc
    grouped = found.by_programme()
    summary = (
        f"{found.cases} cases ({found.examples} examples, {found.companies} reference companies) over "
        f"{found.programmes} programmes against {against}: {len(found.differences)} changes in "
        f"{len(grouped)} programmes" + (f" ({', '.join(grouped)})" if grouped else "")
    )
    if fmt == "json":
        report = {
            "against": against,
            "cases": found.cases,
            "examples": found.examples,
            "reference_companies": found.companies,
            "programmes": found.programmes,
            "changes": [
                {
                    "programme": d.programme,
                    "kind": d.case.kind,
                    "case": d.case.name,
                    "where": d.case.line,
                    "as_of": d.case.as_of.isoformat(),
                    "before": {"verdict": d.before.verdict, "estimate_hkd": d.before.amount},
                    "after": {"verdict": d.after.verdict, "estimate_hkd": d.after.amount},
                }
                for d in found.differences
            ],
            "problems": found.problems,
            "summary": summary,
        }
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    for pid, differences in grouped.items():
        click.echo(f"{pid}:")
        for d in differences:
            changes = []
            if d.before.verdict != d.after.verdict:
                changes.append(f"{d.before.verdict} → {d.after.verdict}")
            if _amount(d.before) != _amount(d.after):
                changes.append(f"{_amount(d.before)} → {_amount(d.after)}")
            click.echo(f'  {d.case.kind} "{d.case.name}" (as of {d.case.as_of}, {d.case.line}): {"; ".join(changes)}')
    for problem in found.problems:
        click.echo(f"note: {problem}")
    click.echo(summary)


def _amount(outcome) -> str:
    if outcome.verdict == ABSENT:
        return ABSENT
    return format_hkd(outcome.amount) if outcome.amount is not None else "no amount"


@rules_cli.command("confirm-removal")
@click.argument("programme_id")
def confirm_removal(programme_id):
    """Confirm that PROGRAMME_ID's rule file was removed on purpose: the running site then stops serving it."""
    try:
        name = published.confirm(current_app.config["RULES_DIR"], programme_id)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{name}: removal confirmed; a running site publishes the rules without it at its next look")
