"""Linters run with the tests: ruff on the Python, yamllint on the rule files."""

import subprocess
import sys

from tests.support.app import ROOT


def run(*args):
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing():
    result = run("ruff", "check", "webapp", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    result = run("ruff", "format", "--check", "webapp", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def test_yamllint_finds_nothing_in_the_rules():
    result = run("yamllint", "--strict", "rules")
    assert result.returncode == 0, result.stdout + result.stderr
