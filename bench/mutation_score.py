"""The mutation score of each module from mutmut's results in mutants/, raw and without the named equivalents.

Run by bench/mutation after `mutmut run`. A mutant counts as killed when a test failed or timed out with it.
Equivalent mutants (no test could tell them from the original) are named, one a line with the reason, in
bench/mutation_equivalents.txt; the second score leaves them out of both counts.

Usage: python -m bench.mutation_score [--not-killed]   (--not-killed: only print the names of the mutants not killed)
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
EQUIVALENTS = ROOT / "bench" / "mutation_equivalents.txt"
KILLED = {1: "killed", 3: "killed", 36: "timeout", -24: "timeout", 24: "timeout", 152: "timeout", 255: "timeout"}
OTHER = {0: "survived", 5: "no tests", 33: "no tests", 34: "skipped", None: "not checked"}


def equivalents(path: Path = EQUIVALENTS) -> dict:
    """Mutant name -> why it is equivalent, from lines `name: reason` (blank lines and # comments skipped)."""
    named = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, reason = line.partition(":")
        if not sep or not reason.strip():
            raise SystemExit(f"{path.name}:{number}: write `mutant_name: why no test can kill it`")
        named[name.strip()] = reason.strip()
    return named


def results(mutants: Path = MUTANTS) -> dict:
    """Module path -> {mutant name: exit code} for every module mutmut mutated."""
    found = {}
    for meta in sorted(mutants.glob("webapp/**/*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        if codes:
            found[str(meta.relative_to(mutants))[: -len(".meta")]] = codes
    return found


def status(code) -> str:
    return KILLED.get(code) or OTHER.get(code, "suspicious")


def percent(killed: int, total: int) -> str:
    return f"{100 * killed / total:.1f}%" if total else "-"


def table(found: dict, named: dict) -> list:
    """Rows of (module, killed, total, raw %, killed, total without equivalents, %)."""
    rows = []
    sums = Counter()
    for module, codes in found.items():
        killed = sum(1 for code in codes.values() if code in KILLED)
        equivalent = [name for name in codes if name in named]
        eq_killed = sum(1 for name in equivalent if codes[name] in KILLED)
        row = (killed, len(codes), killed - eq_killed, len(codes) - len(equivalent))
        sums.update(dict(zip(("k", "t", "ek", "et"), row, strict=True)))
        rows.append((module, *row))
    rows.append(("all", sums["k"], sums["t"], sums["ek"], sums["et"]))
    return rows


def main(argv: list) -> int:
    if not MUTANTS.is_dir():
        print("no mutants/ folder: run bench/mutation first", file=sys.stderr)
        return 1
    found, named = results(), equivalents()
    if "--not-killed" in argv:
        for codes in found.values():
            print("\n".join(name for name, code in codes.items() if code not in KILLED))
        return 0
    print(f"{'module':34} {'killed / total':>15} {'raw':>7}   {'excluding equivalents':>21} {'score':>7}")
    for module, killed, total, eq_killed, eq_total in table(found, named):
        print(
            f"{module:34} {f'{killed} / {total}':>15} {percent(killed, total):>7}   "
            f"{f'{eq_killed} / {eq_total}':>21} {percent(eq_killed, eq_total):>7}"
        )
    every = {name: code for codes in found.values() for name, code in codes.items()}
    counts = Counter(status(code) for code in every.values())
    print("\n" + ", ".join(f"{n} {s}" for s, n in counts.most_common()))
    stale = [name for name in named if name not in every]
    wrong = [name for name in named if every.get(name) in KILLED]
    left = sorted(name for name, code in every.items() if code not in KILLED and name not in named)
    if stale:
        print(f"\nnamed as equivalent but not generated (renumbered? check {EQUIVALENTS.name}): " + ", ".join(stale))
    if wrong:
        print("\nnamed as equivalent but killed by a test (so not equivalent): " + ", ".join(wrong))
    if left:
        print(
            f"\n{len(left)} mutants not killed and not named as equivalent (see each with .venv/bin/mutmut show NAME):"
        )
        print("\n".join(f"  {name} ({status(every[name])})" for name in left))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
