"""Commands for rule maintainers: `flask --app webapp rules check`."""

from __future__ import annotations

import json
import sys

import click
from flask import current_app
from flask.cli import AppGroup

from .loader import load_rules

rules_cli = AppGroup("rules", help="Check the rule files.")


@rules_cli.command("check")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format.")
def check(fmt):
    """Validate every file under rules/ and print each problem as file:line: message."""
    rules = load_rules(current_app.config["RULES_DIR"], current_app.config["TODAY"]())
    if fmt == "json":
        click.echo(json.dumps({"version": rules.version, "problems": [p.as_dict() for p in rules.problems]}, indent=2))
    else:
        for problem in rules.problems:
            click.echo(str(problem))
        summary = f"{len(rules.files)} files, {len(rules.programmes)} programmes, {len(rules.errors)} errors"
        click.echo(summary, err=True)
    sys.exit(1 if rules.errors else 0)
