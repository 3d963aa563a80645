"""What an edit to the rules changes: every example of every rule file and every reference company
(rules/_reference_companies.yaml) evaluated with two sets of rules, and the verdicts and amounts that differ.

`flask --app webapp rules impact` compares the working tree with a git revision (default HEAD) or with another
rules directory. It informs; `rules check` judges.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess  # noqa: S404 - git, with fixed arguments, to read the rules at a revision
import tarfile
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from webapp.engine.answers import read_json
from webapp.engine.evaluate import evaluate_programme, in_dependency_order
from webapp.rulebook.loader import load_rules
from webapp.rulebook.yamlsource import parse_file

REFERENCE_FILE = "_reference_companies.yaml"
ABSENT = "—"  # a programme that is not in one of the two rule sets, or not listed on the date


class ImpactError(Exception):
    """The other rules cannot be read (no such directory, not a git checkout, unknown revision)."""


@dataclass(frozen=True)
class Case:
    kind: str  # "example" or "reference"
    name: str
    as_of: dt.date
    answers: dict
    programme: str | None = None  # an example's own programme; None: every programme
    line: str = ""  # where it is written, file:line


@dataclass(frozen=True)
class Outcome:
    verdict: str
    amount: float | None = None


@dataclass(frozen=True)
class Difference:
    programme: str
    case: Case
    before: Outcome
    after: Outcome


@dataclass
class Impact:
    against: str
    cases: int = 0
    examples: int = 0
    companies: int = 0
    programmes: int = 0
    differences: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # cases that could not be evaluated on one side

    def by_programme(self) -> dict:
        grouped = {}
        for difference in self.differences:
            grouped.setdefault(difference.programme, []).append(difference)
        return dict(sorted(grouped.items()))


def reference_companies(rules_dir: Path, today: dt.date) -> list:
    """The reference companies as cases; [] when the file is missing."""
    path = Path(rules_dir) / REFERENCE_FILE
    if not path.exists():
        return []
    located = parse_file(path, f"{Path(rules_dir).name}/{REFERENCE_FILE}")
    data = located.data if isinstance(located.data, dict) else {}
    cases = []
    for i, company in enumerate(data.get("companies") or []):
        if not isinstance(company, dict) or not isinstance(company.get("answers"), dict):
            continue
        as_of = company.get("as_of")
        day = dt.date.fromisoformat(str(as_of)) if as_of else today
        where = f"{located.name}:{located.line(('companies', i))}"
        cases.append(
            Case("reference", str(company.get("name") or company.get("id")), day, company["answers"], None, where)
        )
    return cases


def example_cases(rules, today: dt.date) -> list:
    cases = []
    for pid, (programme, located) in sorted(rules.parsed.items()):
        for i, example in enumerate(programme.spec.examples):
            where = f"{located.name}:{located.line(('examples', i))}"
            cases.append(Case("example", example.name, example.as_of or today, example.answers, pid, where))
    return cases


def outcomes(rules, case: Case) -> dict | None:
    """programme id -> Outcome for a case under `rules` (None when its answers do not fit the questionnaire)."""
    if rules.questionnaire is None:
        return None
    read = read_json(rules.questionnaire, case.answers)
    if read.errors:
        return None
    facts = rules.questionnaire.drop_inapplicable(read.facts)
    programmes = {pid: programme for pid, (programme, _) in rules.parsed.items()}
    listed = {pid: p for pid, p in programmes.items() if case.programme == pid or p.listed_on(case.as_of)}
    verdicts, found = {}, {}
    for programme in in_dependency_order(listed):
        result = evaluate_programme(programme, facts, case.as_of, verdicts)
        verdicts[programme.id] = result.verdict
        amount = result.estimate.amount if result.estimate and result.verdict in ("likely", "possible") else None
        found[programme.id] = Outcome(result.verdict, amount)
    if case.programme:
        return {case.programme: found.get(case.programme, Outcome(ABSENT))}
    return found


def compare(before, after, against: str, cases: list) -> Impact:
    """Every case evaluated under both rule sets; the differences in verdict or amount (to the dollar)."""
    impact = Impact(against)
    impact.programmes = len(set(before.parsed) | set(after.parsed))
    for case in cases:
        impact.cases += 1
        impact.examples += case.kind == "example"
        impact.companies += case.kind == "reference"
        old, new = outcomes(before, case), outcomes(after, case)
        if old is None or new is None:
            side = "before" if old is None else "after"
            impact.problems.append(
                f'{case.line}: {case.kind} "{case.name}": its answers do not fit the questionnaire {side} the edit'
            )
            continue
        for pid in sorted(set(old) | set(new)):
            was, now = old.get(pid, Outcome(ABSENT)), new.get(pid, Outcome(ABSENT))
            if was.verdict != now.verdict or _rounded(was.amount) != _rounded(now.amount):
                impact.differences.append(Difference(pid, case, was, now))
    return impact


def _rounded(amount):
    return None if amount is None else round(amount)


def impact_of(rules_dir, against: str, today: dt.date, stale_after_days: int = 180) -> Impact:
    """Compare the rules in `rules_dir` with those of `against`: a directory, or a git revision."""
    rules_dir = Path(rules_dir)
    after = load_rules(rules_dir, today, stale_after_days)
    with other_rules(rules_dir, against) as other_dir:
        before = load_rules(other_dir, today, stale_after_days)
        companies = reference_companies(rules_dir, today) or reference_companies(other_dir, today)
    seen, cases = set(), []
    for case in example_cases(after, today) + example_cases(before, today) + companies:
        key = (case.kind, case.programme, case.name, case.as_of)
        if key not in seen:
            seen.add(key)
            cases.append(case)
    return compare(before, after, against, cases)


@contextmanager
def other_rules(rules_dir: Path, against: str):
    """The directory holding the other rules: `against` itself when it is a directory, else the rules
    directory as it was at git revision `against`, copied out to a temporary directory."""
    if Path(against).is_dir():
        yield Path(against)
        return
    git = shutil.which("git")
    if git is None:
        raise ImpactError(f"'{against}' is not a directory, and git is not installed to read a revision")
    root = _git(git, rules_dir, "rev-parse", "--show-toplevel").strip()
    relative = Path(rules_dir).resolve().relative_to(Path(root).resolve()).as_posix()
    with tempfile.TemporaryDirectory(prefix="rules-impact-") as tmp:
        archive = Path(tmp) / "rules.tar"
        _git(git, Path(root), "archive", "--format=tar", f"--output={archive}", against, "--", relative)
        with tarfile.open(archive) as tar:
            tar.extractall(tmp, filter="data")
        target = Path(tmp) / relative
        if not target.is_dir():
            raise ImpactError(f"there is no {relative}/ at {against}")
        yield target


def _git(git: str, rules_dir: Path, *args) -> str:
    try:
        done = subprocess.run(  # noqa: S603 - fixed git arguments; `against` is passed as one argument
            [git, "-C", str(rules_dir), *args], capture_output=True, text=True, check=False, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ImpactError(f"git failed: {exc}") from exc
    if done.returncode != 0:
        if args[0] != "archive":
            raise ImpactError(f"{rules_dir} is not in a git checkout: give --against a rules directory")
        message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "git failed"
        raise ImpactError(f"cannot read the rules at revision '{args[3]}': {message}")
    return done.stdout
