"""Engine benchmark: load and validate rules, then evaluate one profile against every programme.

Run with `bench/engine` (or `.venv/bin/python -m bench.engine_bench`). Medians of timeit-style repeats.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import logging
import os
import resource
import statistics
import tempfile
import time
import timeit
import tracemalloc
from pathlib import Path

from bench.profiles import TYPICAL
from bench.synthetic import write_rules
from webapp.engine.evaluate import evaluate_programme
from webapp.engine.report import build_report
from webapp.rulebook.loader import load_rules

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 25)
SIZES = (10, 100, 1000)
TARGETS = "targets: bundled evaluation < 1 ms; 1,000 programmes: evaluation < 50 ms, load+validate < 3 s; linear"


def median_load(rules_dir: Path, repeats: int):
    """(median seconds to load and validate, the RuleSet, peak traced memory in MB of one load)."""
    times = []
    for _ in range(repeats):
        gc.collect()
        started = time.perf_counter()
        rules = load_rules(rules_dir, AS_OF)
        times.append(time.perf_counter() - started)
    gc.collect()
    tracemalloc.start()
    load_rules(rules_dir, AS_OF)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return statistics.median(times), rules, peak


def median_call(func, repeats: int = 7, budget: float = 0.2) -> float:
    """Median seconds per call over `repeats` runs, each long enough (about `budget` s) to time well."""
    number, _ = timeit.Timer(func).autorange()
    number = max(1, int(number * budget / 0.2))
    return statistics.median(timeit.repeat(func, number=number, repeat=repeats)) / number


def measure(name: str, rules_dir: Path, load_repeats: int) -> dict:
    """One row of the table."""
    load, rules, peak = median_load(rules_dir, load_repeats)
    facts = rules.questionnaire.drop_inapplicable(TYPICAL)
    programmes = list(rules.programmes.values())
    evaluate = median_call(lambda: [evaluate_programme(p, facts, AS_OF) for p in programmes])
    report = median_call(lambda: build_report(rules, facts, AS_OF))
    count = len(programmes)
    return {
        "name": name,
        "programmes": count,
        "problems": len(rules.errors),
        "load_s": load,
        "load_per_ms": load / count * 1000,
        "evaluate_ms": evaluate * 1000,
        "per_programme_us": evaluate / count * 1e6,
        "report_ms": report * 1000,
        "peak_mb": peak,
    }


HEADER = (
    f"{'rules':<12}{'progs':>6}{'errors':>7}{'load+validate':>15}{'per prog':>10}"
    f"{'evaluate all':>14}{'per prog':>10}{'full report':>13}{'load peak':>11}"
)


def row(r: dict) -> str:
    """A table line for one measurement."""
    return (
        f"{r['name']:<12}{r['programmes']:>6}{r['problems']:>7}{r['load_s'] * 1000:>12.1f} ms"
        f"{r['load_per_ms']:>7.2f} ms{r['evaluate_ms']:>11.3f} ms{r['per_programme_us']:>7.1f} us"
        f"{r['report_ms']:>10.3f} ms{r['peak_mb']:>8.1f} MB"
    )


def verdicts(rows: list) -> list:
    """Which targets the rows meet."""
    bundled, largest = rows[0], rows[-1]
    growth = largest["per_programme_us"] / rows[1]["per_programme_us"]
    return [
        f"bundled: evaluate all {bundled['evaluate_ms']:.3f} ms (< 1 ms: {_ok(bundled['evaluate_ms'] < 1)}), "
        f"full report {bundled['report_ms']:.3f} ms (< 1 ms: {_ok(bundled['report_ms'] < 1)})",
        f"1,000: evaluate all {largest['evaluate_ms']:.1f} ms (< 50 ms: {_ok(largest['evaluate_ms'] < 50)}), "
        f"load+validate {largest['load_s']:.2f} s (< 3 s: {_ok(largest['load_s'] < 3)})",
        f"growth: cost per programme at 1,000 is {growth:.2f}x the cost at 10 (linear: {_ok(growth < 1.5)})",
    ]


def _ok(flag: bool) -> str:
    return "met" if flag else "MISSED"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one load per size (for a smoke run)")
    args = parser.parse_args(argv)
    repeats = 1 if args.quick else 5
    logging.disable(logging.WARNING)  # the loader logs every rule-file warning; the table is the output here
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"engine benchmark, as of {AS_OF}; medians of timeit repeats; profile: bench/profiles.py TYPICAL")
    print(f"load average before: {load}")
    print(HEADER)
    rows = [measure("bundled", ROOT / "rules", repeats)]
    print(row(rows[-1]), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            rules_dir = write_rules(Path(tmp) / f"rules_{size}", size, ROOT / "rules" / "questions.yaml")
            rows.append(measure("generated", rules_dir, 3 if size >= 1000 and not args.quick else repeats))
            print(row(rows[-1]), flush=True)
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of this process: {max_rss:.0f} MB")
    print(TARGETS)
    for line in verdicts(rows):
        print(" -", line)


if __name__ == "__main__":
    main()
