"""The `flask rules` commands as a test runs them, on a rules directory of its own."""

from tests.support.app import make_app


def run(rules_dir, *args):
    return make_app(RULES_DIR=str(rules_dir)).test_cli_runner().invoke(args=["rules", *args])


def run_check(rules_dir, *args):
    runner = make_app(RULES_DIR=str(rules_dir)).test_cli_runner()
    return runner.invoke(args=["rules", "check", *args])
