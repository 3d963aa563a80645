"""bench/cache-misses: what valgrind counts is the evaluation the bench means, and its figures are read as written."""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from bench import cache_misses_bench as bench
from bench.synthetic import write_rules

RULES = Path(__file__).resolve().parent.parent / "rules"


def test_the_counted_part_evaluates_every_programme_inside_functools_reduce(tmp_path, monkeypatch):
    """valgrind counts from the bench's call of functools.reduce on: that call must run the rounds asked for, each
    of 1,000 evaluations, and nothing of the load."""
    rules_dir = write_rules(tmp_path / "rules", 10, RULES / "questions.yaml")
    counted = []
    evaluated = []
    reduce = functools.reduce

    def watching(func, items, start):
        counted.append(len(evaluated))
        return reduce(func, items, start)

    import webapp.engine.evaluate as evaluate

    real = evaluate.evaluate_programme

    def counting(*args, **kwargs):
        evaluated.append(args[0].id)
        return real(*args, **kwargs)

    monkeypatch.setattr(evaluate, "evaluate_programme", counting)
    monkeypatch.setattr(functools, "reduce", watching)
    try:
        bench.child(rules_dir, 3)
    finally:
        logging.disable(logging.NOTSET)  # the child, a process of its own under valgrind, silences warnings
    assert counted == [2 * bench.EVALUATIONS]  # two warm-up rounds before the counted part
    assert len(evaluated) == 5 * bench.EVALUATIONS
    assert set(evaluated) == {f"synthetic_{i:04d}" for i in range(10)}


def test_the_figures_are_read_from_the_main_process_file(tmp_path, monkeypatch):
    main = "version: 1\nevents: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw\n\nsummary: 4000 10 10 0 8 6 0 2 4\n"
    helper = "version: 1\nevents: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw\n\nsummary: 0 0 0 0 0 0 0 0 0\n"

    def run(command, **kwargs):
        (tmp_path / "callgrind.101").write_text(main)
        (tmp_path / "callgrind.102").write_text(helper)

    monkeypatch.setattr(bench.subprocess, "run", run)
    found = bench.measure(tmp_path / "rules", 2, (2**20, 8, 64), tmp_path)
    assert found["Ir"] == 2.0 and found["DLmr"] == 0.001 and found["DLmw"] == 0.002
    assert not list(tmp_path.glob("callgrind.*"))


def test_the_simulated_cache_is_this_machines_l2_or_one_megabyte():
    size, ways, line = bench.last_level()
    assert size >= 64 * 1024 and ways >= 1 and line in (32, 64, 128)
