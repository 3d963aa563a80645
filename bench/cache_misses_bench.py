"""Cache misses per programme evaluated, with 10 and with 1,000 generated programmes: the cause of the scale ratio
that bench/engine times, counted without the noise of a shared machine.

bench/engine times evaluating each of 1,000 programmes against each of 10, in alternating rounds; on a machine shared
with others the rounds range from about 0.8 to 1.8 ×, because what the thousand read does not stay in the processor
caches that the neighbours use too. This bench counts instead: it runs the same evaluation under valgrind's cache
simulator (callgrind, --cache-sim=yes) with a last-level cache the size of this machine's L2 (read from /sys, 1 MB
by default), and prints, per programme evaluated, the instructions, the first-level data misses and the misses of
that 1 MB cache, reads and writes. Only the evaluation is counted (valgrind starts counting in functools.reduce,
which runs the rounds); the load before it is not. The figures are the same from run to run, so a change to the
engine can be judged by them alone: each miss of the larger cache is a read from the shared L3 cache or memory.

Usage: bench/cache-misses [--rounds N]. Needs valgrind (apt install valgrind) and a Python whose library has its
symbols (pyenv's and python.org's do; Debian's has them in a separate package): without them valgrind cannot tell
where the evaluation starts, and the bench says so. It takes a few minutes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gc
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (10, 1000)
EVALUATIONS = 1000  # programmes evaluated per round, with either size (10 programmes a hundred times)
AS_OF = dt.date(2026, 11, 25)
EVENTS = re.compile(r"^events:\s*(.+)$", re.MULTILINE)
TOTALS = re.compile(r"^(?:summary|totals):\s*(.+)$", re.MULTILINE)


def last_level() -> tuple:
    """(size in bytes, ways, line size) of this machine's L2 cache, or 1 MB, 8 ways, 64 bytes when /sys does not
    say."""
    base = Path("/sys/devices/system/cpu/cpu0/cache/index2")
    try:
        size = (base / "size").read_text().strip()
        bytes_ = int(size[:-1]) * 1024 if size.endswith("K") else int(size[:-1]) * 2**20 if size.endswith("M") else 0
        ways = int((base / "ways_of_associativity").read_text())
        line = int((base / "coherency_line_size").read_text())
        if bytes_ and ways and line:
            return bytes_, ways, line
    except (OSError, ValueError):
        pass
    return 2**20, 8, 64


def child(rules_dir: Path, rounds: int) -> None:
    """In valgrind: load `rules_dir`, evaluate every programme twice (the plans of the date are made then), and then
    `rounds` rounds of EVALUATIONS evaluations inside functools.reduce, where valgrind counts."""
    sys.path.insert(0, str(ROOT))
    logging.disable(logging.WARNING)
    from bench.profiles import TYPICAL
    from webapp.engine.evaluate import evaluate_programme
    from webapp.rulebook.store import load_settled

    rules = load_settled(rules_dir, AS_OF)
    facts = rules.questionnaire.drop_inapplicable(TYPICAL)
    programmes = list(rules.programmes.values())
    repeat = EVALUATIONS // len(programmes)

    def one_round(*_):
        for _ in range(repeat):
            [evaluate_programme(p, facts, AS_OF) for p in programmes]  # kept until the next, as a check keeps them

    one_round()
    one_round()
    gc.disable()  # as timeit, which bench/engine times with
    functools.reduce(one_round, range(rounds), None)


def measure(rules_dir: Path, rounds: int, cache: tuple, work: Path) -> dict:
    """{event: count per programme evaluated} for one rules directory."""
    out = work / "callgrind.%p"
    command = [
        "valgrind",
        "--tool=callgrind",
        "--cache-sim=yes",
        f"--LL={cache[0]},{cache[1]},{cache[2]}",
        "--collect-atstart=no",
        "--toggle-collect=functools_reduce",
        f"--callgrind-out-file={out}",
        sys.executable,
        "-m",
        "bench.cache_misses_bench",
        "--child",
        str(rules_dir),
        "--rounds",
        str(rounds),
    ]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    best = {}
    for path in work.glob("callgrind.*"):  # the load's helper process writes a file of its own, with nothing in it
        text = path.read_text()
        path.unlink()
        names, totals = EVENTS.search(text), TOTALS.findall(text)
        if names and totals:
            counts = dict(zip(names.group(1).split(), (int(x) for x in totals[-1].split()), strict=False))
            if counts.get("Ir", 0) > best.get("Ir", 0):
                best = counts
    evaluations = rounds * EVALUATIONS
    return {event: count / evaluations for event, count in best.items()}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="rounds of 1,000 evaluations counted (default 2)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.rounds)
        return
    if shutil.which("valgrind") is None:
        sys.exit("bench/cache-misses needs valgrind: apt install valgrind")
    sys.path.insert(0, str(ROOT))
    from bench.synthetic import write_rules

    cache = last_level()
    print(
        f"cache misses per programme evaluated (valgrind callgrind, cache simulated: L1 as this machine's, last level "
        f"{cache[0] // 1024} KB, {cache[1]} ways, {cache[2]}-byte lines, as this machine's L2); "
        f"{args.rounds} rounds of {EVALUATIONS:,} evaluations, profile bench/profiles.py TYPICAL, as of {AS_OF}"
    )
    print(f"{'programmes':>10}{'instructions':>14}{'L1 reads':>10}{'L1 writes':>11}{'L2 reads':>10}{'L2 writes':>11}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rows = {}
        for size in SIZES:
            rules_dir = write_rules(work / f"rules_{size}", size, ROOT / "rules" / "questions.yaml")
            found = measure(rules_dir, args.rounds, cache, work)
            if not found or not found.get("Ir"):
                sys.exit(
                    "valgrind counted nothing: this Python's library has no symbols, so valgrind cannot find "
                    "functools_reduce, where the evaluation starts"
                )
            rows[size] = found
            print(
                f"{size:>10,}{found['Ir']:>14,.0f}{found.get('D1mr', 0):>10.1f}{found.get('D1mw', 0):>11.1f}"
                f"{found.get('DLmr', 0):>10.1f}{found.get('DLmw', 0):>11.1f}",
                flush=True,
            )
    small, large = rows[SIZES[0]], rows[SIZES[-1]]
    extra = sum(large.get(k, 0) - small.get(k, 0) for k in ("DLmr", "DLmw"))
    print(
        f"with {SIZES[-1]:,} programmes, each evaluation misses the {cache[0] // 1024} KB cache {extra:.1f} times more "
        f"than with {SIZES[0]} (each such miss is a read from the shared L3 cache or from memory)"
    )


if __name__ == "__main__":
    main()
