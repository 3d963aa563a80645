"""Engine benchmark: load and validate rules, then evaluate one profile against every programme.

Run with `bench/engine` (or `.venv/bin/python -m bench.engine_bench`). Each row is the median of repeated runs.
The two scale targets are measured side by side: the cost per programme with 10 and with 1,000 generated
programmes in alternating rounds (so that both see the same load from other processes), and the time to load
1,000 programmes from nothing. Then, apart, the time to make their texts in the two other languages (made when a
language is first asked for, not by a load) and the reload after one of them is edited, as the rule store does it
(with the memo of its last load, webapp/rulebook/memo.py). Other processes share the machine: the run prints the
load average and the CPU they used while it ran (from /proc/stat, less this process's own CPU), to judge how far to
trust the absolute times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import resource
import shutil
import statistics
import tempfile
import time
import timeit
import tracemalloc
from pathlib import Path

from bench.machine import CpuMeter, loadavg, machine_line
from bench.profiles import TYPICAL
from bench.synthetic import write_rules
from webapp.engine.evaluate import evaluate_programme
from webapp.engine.report import build_report
from webapp.rulebook import readahead
from webapp.rulebook.loader import load_rules
from webapp.rulebook.memo import FileMemo
from webapp.rulebook.store import load_settled

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 25)
SIZES = (10, 100, 1000)
BUNDLED_MS = 0.15  # evaluating one profile against every bundled programme
GROWTH = 1.3  # the cost per programme with 1,000 generated programmes, as a multiple of the cost with 10
LOAD_S = 1.5  # loading and validating 1,000 generated programmes
ROUNDS = 15  # alternating rounds of the side-by-side comparison


def load(rules_dir: Path):
    """(seconds, RuleSet): one load as the rule store runs it (store.load_settled)."""
    started = time.perf_counter()
    rules = load_settled(rules_dir, AS_OF)
    return time.perf_counter() - started, rules


def median_load(rules_dir: Path, repeats: int):
    """(median seconds to load and validate, the RuleSet, peak traced memory in MB of one load)."""
    times, rules = [], None
    for _ in range(repeats):
        rules = None  # the previous load is dropped before the next, as the store drops the rules it replaces
        seconds, rules = load(rules_dir)
        times.append(seconds)
    tracemalloc.start()
    load_rules(rules_dir, AS_OF)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return statistics.median(times), rules, peak


def other_languages(rules) -> float:
    """Seconds to make the texts of `rules` in the two other languages, on their first use (a load does not)."""
    started = time.perf_counter()
    for lang in ("zh-Hant", "zh-Hans"):
        rules.in_language(lang)
    return time.perf_counter() - started


def reload_after_edit(rules_dir: Path, repeats: int) -> tuple:
    """(median seconds, files taken from the memo): the rule store's reload after one file was edited, with the
    memo of the load before (webapp/rulebook/memo.py). The files are edited in a copy of `rules_dir`."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / rules_dir.name
        shutil.copytree(rules_dir, copy)
        memo, times = FileMemo(), []
        load_settled(copy, AS_OF, memo=memo)
        edited = sorted(copy.glob("synthetic_*.yaml"))
        for i in range(repeats):
            with edited[i].open("a", encoding="utf-8") as file:
                file.write("# edited\n")
            started = time.perf_counter()
            load_settled(copy, AS_OF, memo=memo)  # the result is dropped at once, as the store drops a replaced one
            times.append(time.perf_counter() - started)
        return statistics.median(times), memo.reused


def median_call(func, repeats: int = 7, budget: float = 0.2) -> float:
    """Median seconds per call over `repeats` runs, each long enough (about `budget` s) to time well."""
    number, _ = timeit.Timer(func).autorange()
    number = max(1, int(number * budget / 0.2))
    return statistics.median(timeit.repeat(func, number=number, repeat=repeats)) / number


def evaluate_all(rules):
    """A function that evaluates the typical profile against every programme of `rules`, as the bench times it."""
    facts = rules.questionnaire.drop_inapplicable(TYPICAL)
    programmes = list(rules.programmes.values())
    return lambda: [evaluate_programme(p, facts, AS_OF) for p in programmes]


def measure(name: str, rules_dir: Path, load_repeats: int) -> tuple:
    """(one row of the table, the RuleSet)."""
    load_s, rules, peak = median_load(rules_dir, load_repeats)
    facts = rules.questionnaire.drop_inapplicable(TYPICAL)
    evaluate = median_call(evaluate_all(rules))
    report = median_call(lambda: build_report(rules, facts, AS_OF))
    count = len(rules.programmes)
    row = {
        "name": name,
        "programmes": count,
        "problems": len(rules.errors),
        "load_s": load_s,
        "load_per_ms": load_s / max(count, 1) * 1000,
        "evaluate_ms": evaluate * 1000,
        "per_programme_us": evaluate / max(count, 1) * 1e6,
        "report_ms": report * 1000,
        "peak_mb": peak,
    }
    return row, rules


def side_by_side(small, large, rounds: int) -> dict:
    """Per-programme evaluation cost of two rule sets, timed in alternating rounds of about 0.1 s each."""
    runs = {}
    for key, rules in (("small", small), ("large", large)):
        func = evaluate_all(rules)
        number, _ = timeit.Timer(func).autorange()  # about 0.2 s
        runs[key] = (timeit.Timer(func), max(1, number // 2), len(rules.programmes))
    costs = {"small": [], "large": []}
    for _ in range(rounds):
        for key, (timer, number, count) in runs.items():
            costs[key].append(min(timer.repeat(repeat=3, number=number)) / number / count * 1e6)
    ratios = [big / little for big, little in zip(costs["large"], costs["small"], strict=True)]
    return {
        "small_us": statistics.median(costs["small"]),
        "large_us": statistics.median(costs["large"]),
        "ratio": statistics.median(ratios),
        "ratio_range": (min(ratios), max(ratios)),
    }


HEADER = (
    f"{'rules':<16}{'progs':>6}{'errors':>7}{'load+validate':>15}{'per prog':>10}"
    f"{'evaluate all':>14}{'per prog':>10}{'full report':>13}{'load peak':>11}"
)


def row(r: dict) -> str:
    """A table line for one measurement."""
    return (
        f"{r['name']:<16}{r['programmes']:>6}{r['problems']:>7}{r['load_s'] * 1000:>12.1f} ms"
        f"{r['load_per_ms']:>7.2f} ms{r['evaluate_ms']:>11.3f} ms{r['per_programme_us']:>7.2f} us"
        f"{r['report_ms']:>10.3f} ms{r['peak_mb']:>8.1f} MB"
    )


def verdicts(bundled: dict, largest: dict, compared: dict) -> list:
    """A met/MISSED line for each target."""
    low, high = compared["ratio_range"]
    return [
        f"bundled: evaluate all {bundled['evaluate_ms']:.3f} ms (< {BUNDLED_MS} ms: "
        f"{_ok(bundled['evaluate_ms'] < BUNDLED_MS)})",
        f"scale: cost per programme with 1,000 is {compared['ratio']:.2f}x the cost with 10 "
        f"({compared['large_us']:.2f} us / {compared['small_us']:.2f} us, rounds {low:.2f}-{high:.2f}x; "
        f"<= {GROWTH}x: {_ok(compared['ratio'] <= GROWTH)})",
        f"scale: load+validate 1,000 programmes {largest['load_s']:.2f} s (< {LOAD_S} s: "
        f"{_ok(largest['load_s'] < LOAD_S)})",
    ]


def _ok(flag: bool) -> str:
    return "met" if flag else "MISSED"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one load per size and fewer rounds (a smoke run)")
    args = parser.parse_args(argv)
    repeats = 1 if args.quick else 5
    logging.disable(logging.WARNING)  # the loader logs every rule-file warning; the table is the output here
    meter = CpuMeter(children=True)  # the load's helper processes are this bench's own work, not other processes'
    print(f"engine benchmark, as of {AS_OF}; medians of repeated runs; profile: bench/profiles.py TYPICAL")
    print(f"load average before: {loadavg()}; {os.cpu_count()} CPUs")
    helper = "yes" if readahead.worth_a_helper(readahead.MIN_FILES) else "no"
    print(
        f"a load of {readahead.MIN_FILES} or more files reads the later {readahead.HELPER_SHARE:.0%} of them in a "
        f"helper process (webapp/rulebook/readahead.py): {helper}, {readahead.cpus()} CPUs for this process"
    )
    print(HEADER)
    bundled, _ = measure("bundled", ROOT / "rules", repeats)
    print(row(bundled), flush=True)
    loaded = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            rules_dir = write_rules(Path(tmp) / f"rules_{size}", size, ROOT / "rules" / "questions.yaml")
            result, loaded[size] = measure("generated", rules_dir, 3 if size >= 1000 and not args.quick else repeats)
            largest = result
            print(row(result), flush=True)
            if size == SIZES[-1]:
                languages_s = other_languages(loaded[size])
                print(
                    f"then the texts of the {size:,} in Traditional and Simplified Chinese, made when first asked for "
                    f"(RuleSet.translation; the gunicorn master makes them before forking): {languages_s * 1000:.1f} ms",
                    flush=True,
                )
                reload_s, reused = reload_after_edit(rules_dir, 1 if args.quick else 3)
                print(
                    f"reload after one of the {size:,} files is edited: {reload_s * 1000:.1f} ms "
                    f"({reused:,} files taken from the rule store's memo of the load before)",
                    flush=True,
                )
    compared = side_by_side(loaded[SIZES[0]], loaded[SIZES[-1]], 3 if args.quick else ROUNDS)
    print(
        f"side by side, {3 if args.quick else ROUNDS} alternating rounds: evaluation per programme "
        f"{compared['small_us']:.2f} us with {SIZES[0]} programmes, {compared['large_us']:.2f} us with {SIZES[-1]:,}"
    )
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of this process: {max_rss:.0f} MB")
    print(machine_line(meter))
    print("targets:")
    for line in verdicts(bundled, largest, compared):
        print(" -", line)


if __name__ == "__main__":
    main()
