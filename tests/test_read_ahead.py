"""Rule files read by a helper process (webapp/rulebook/readahead.py) load exactly as files read in this one, and
nothing goes wrong when the helper does."""

from __future__ import annotations

import atexit
import datetime as dt
import os
import threading
import time
from pathlib import Path

import pytest

from bench.synthetic import write_rules
from webapp.engine.evaluate import evaluate_programme
from webapp.rulebook import readahead
from webapp.rulebook.loader import load_rules
from webapp.rulebook.located import Lines, Located, Problem
from webapp.rulebook.readahead import ReadAhead

RULES = Path(__file__).resolve().parent.parent / "rules"
AS_OF = dt.date(2026, 6, 1)


@pytest.fixture
def helper(monkeypatch):
    """Loads start a helper for as few as 8 files, whatever the machine and the test run's threads; returns the
    number of files each helper sent and this process took, as the loads go."""
    carried = []
    leave = ReadAhead.__exit__

    def counting(self, *exc):
        if self._pid is not None:
            carried.append(self.received)
        return leave(self, *exc)

    monkeypatch.setattr(readahead, "MIN_FILES", 8)
    monkeypatch.setattr(readahead, "cpus", lambda: 2)
    monkeypatch.setattr(readahead.threading, "active_count", lambda: 1)
    monkeypatch.setattr(ReadAhead, "__exit__", counting)
    return carried


def _loaded(rules) -> dict:
    """Everything a load found, file by file, in a form that compares by value."""
    found = {}
    for pid, (programme, located) in rules.parsed.items():
        found[pid] = (
            located.name,
            located.data,
            located.raw,
            located.lines.root,
            [str(p) for p in located.problems],
            programme.spec.model_dump(),
            programme.file,
        )
    return {"programmes": found, "problems": [str(p) for p in rules.problems], "version": rules.version}


def _break_some(rules_dir: Path) -> None:
    """Files of the helper's share with a syntax error, a schema error, and YAML the quick reader leaves to PyYAML."""
    files = sorted(rules_dir.glob("synthetic_*.yaml"))
    files[-3].write_text(files[-3].read_text(encoding="utf-8") + "oops: [unclosed\n", encoding="utf-8")
    text = files[-5].read_text(encoding="utf-8")
    files[-5].write_text(text.replace("\nstatus:", "\nstatuss:", 1), encoding="utf-8")
    text = files[-7].read_text(encoding="utf-8")
    files[-7].write_text(text.replace("\nsummary:", "\nsummary: &s", 1) if "\nsummary:\n" in text else text, "utf-8")


def test_a_load_with_a_helper_finds_exactly_what_a_load_without_one_finds(tmp_path, helper, monkeypatch):
    rules_dir = write_rules(tmp_path / "rules", 40, RULES / "questions.yaml")
    _break_some(rules_dir)
    with_helper = load_rules(rules_dir, AS_OF)
    assert helper and helper[0] > 15  # the helper read and sent most of its share (not the broken files)
    monkeypatch.setattr(readahead, "MIN_FILES", 10**9)
    alone = load_rules(rules_dir, AS_OF)
    assert helper == [helper[0]]  # no helper the second time
    assert _loaded(with_helper) == _loaded(alone)
    for pid, (_, located) in with_helper.parsed.items():
        # What the checks listed of each file: the helper lists its files' for them, the checks list the others'
        # when they need them (not at all for the questions named, with a file that cannot be read).
        here = alone.parsed[pid][1].lists
        assert {name: here[name] for name in located.lists.keys() & here.keys()} == {
            name: located.lists[name] for name in located.lists.keys() & here.keys()
        }
    assert any(located.lists for _, located in with_helper.parsed.values())
    assert any("synthetic_0037" in p for p in _loaded(alone)["problems"])  # the syntax error, reported alike
    assert set(with_helper.programmes) == set(alone.programmes)
    facts = {"hk_entity": "incorporated", "sector": "biotech", "stage": "growth"}
    for pid, programme in with_helper.programmes.items():
        assert evaluate_programme(programme, facts, AS_OF).verdict == (
            evaluate_programme(alone.programmes[pid], facts, AS_OF).verdict
        )


def test_texts_read_by_the_helper_are_shared_as_texts_read_here_are(tmp_path, helper):
    rules = load_rules(write_rules(tmp_path / "rules", 20, RULES / "questions.yaml"), AS_OF)
    assert helper and helper[0] > 0
    first, last = rules.parsed["synthetic_0000"][1].raw, rules.parsed["synthetic_0019"][1].raw
    assert "criteria" in first and "criteria" in last
    key_here = next(k for k in first if k == "criteria")
    key_there = next(k for k in last if k == "criteria")
    assert key_here is key_there  # the helper's keys are the very objects this process keeps for them


def _read_file(path) -> Located:
    located = Located(str(path), {"path": str(path), "n": [1, 2.5, None, True]}, Lines((1, "path", 1, "n", 2)))
    located.problems.append(Problem(str(path), 2, "a warning", "warning"))
    located.raw = {"as written": str(path)}
    return located


def _until_sent(ahead: ReadAhead, done=None) -> None:
    """Take in the helper's answers until `done()` (by default: until it has sent all it reads and ended)."""
    deadline = time.monotonic() + 20
    while ahead._fd is not None and not (done and done()) and time.monotonic() < deadline:
        ahead.drain()  # as the loader does before each file it reads itself
        time.sleep(0.005)


def _equal(located: Located, here: Located) -> bool:
    return (located.name, located.data, located.raw, located.lines.root, located.problems) == (
        here.name,
        here.data,
        here.raw,
        here.lines.root,
        here.problems,
    )


def test_the_helper_sends_each_file_as_read_here_and_goes_back_to_the_files_before_its_share(helper):
    """Left alone, the helper reads its share (the later files) and then the files before it, down to the first."""
    paths = [f"file{i}.yaml" for i in range(20)]
    with ReadAhead(paths, _read_file) as ahead:
        _until_sent(ahead)
        taken = [ahead.take(p) for p in paths]
    assert all(_equal(located, _read_file(path)) for path, located in zip(paths, taken, strict=True))
    assert ahead.received == 20


def test_each_file_is_read_by_the_process_that_comes_to_it_first(helper, tmp_path):
    """The files this process takes first are read here only; the helper reads the others once each."""
    paths = [f"file{i}.yaml" for i in range(20)]
    log, go = tmp_path / "read by the helper", tmp_path / "go on"
    mine = round(20 * (1 - readahead.HELPER_SHARE))

    def read(path):
        deadline = time.monotonic() + 10
        while path == paths[mine] and not go.exists() and time.monotonic() < deadline:
            time.sleep(0.005)  # the helper's first file: not before this process has taken its first two
        with log.open("a") as out:
            out.write(path + "\n")
        return _read_file(path)

    with ReadAhead(paths, read) as ahead:
        here = [ahead.take(p) for p in paths[:2]]
        go.touch()
        _until_sent(ahead)
        taken = [ahead.take(p) for p in paths[2:]]
    assert here == [None, None]
    assert all(_equal(located, _read_file(path)) for path, located in zip(paths[2:], taken, strict=True))
    assert sorted(log.read_text().split()) == sorted(paths[2:])  # each once, none of this process's
    assert log.read_text().split()[: 20 - mine] == paths[mine:]  # its share first, in order


def test_a_slow_helper_leaves_the_files_it_has_not_come_to_to_this_process(helper):
    """This process does not wait for a slow helper: while the helper reads a file, it reads the next one the
    helper has not taken, and the helper leaves it."""
    paths = [f"file{i}.yaml" for i in range(20)]
    here = os.getpid()

    def slow_there(path):
        if os.getpid() != here:
            time.sleep(0.25)
        return _read_file(path)

    started = time.monotonic()
    mine = round(20 * (1 - readahead.HELPER_SHARE))
    with ReadAhead(paths, slow_there) as ahead:
        deadline = time.monotonic() + 10
        while ahead._claims[mine] != readahead.HELPER and time.monotonic() < deadline:
            time.sleep(0.005)  # until the helper has taken its first file
        taken = [ahead.take(p) for p in paths]
    assert time.monotonic() - started < 2.5  # not the 4 s the helper would take to read its share
    assert taken[:mine] == [None] * mine  # not taken by the helper, and not read ahead: the loader reads them
    assert _equal(taken[mine], _read_file(paths[mine]))  # the helper's: it was reading it
    assert all(_equal(located, _read_file(path)) for path, located in zip(paths[mine:], taken[mine:], strict=True))
    assert 1 <= ahead.received < 10  # read there; the others were read here, ahead of their turn


def test_a_file_the_helper_cannot_send_is_read_here(helper):
    paths = [f"file{i}.yaml" for i in range(20)]

    def read(path):
        located = _read_file(path)
        if path == "file15.yaml":
            located.data = {"when": dt.date(2026, 1, 1)}  # marshal does not carry a date
        return located

    with ReadAhead(paths, read) as ahead:
        _until_sent(ahead)
        taken = {p: ahead.take(p) for p in reversed(paths)}
    assert taken["file15.yaml"] is None
    assert taken["file14.yaml"] is not None and taken["file16.yaml"] is not None


def test_a_file_the_helper_cannot_send_is_read_here_without_waiting_for_the_files_after_it(helper):
    paths = [f"file{i}.yaml" for i in range(20)]
    mine = round(20 * (1 - readahead.HELPER_SHARE))

    def read(path):
        located = _read_file(path)
        if path == paths[mine]:
            located.data = {"when": dt.date(2026, 1, 1)}  # its answer: "read it yourself"
        elif path != paths[mine + 1]:
            time.sleep(0.3)  # the files after it come slowly
        return located

    with ReadAhead(paths, read) as ahead:
        _until_sent(ahead, lambda: mine + 1 in ahead._got)
        assert ahead.take(paths[mine]) is None
        assert ahead._fd is not None  # the helper is still reading: this process did not wait for it
        assert ahead.take(paths[mine + 1]) is not None


@pytest.mark.parametrize("failing", [19, 12])
def test_a_helper_that_fails_leaves_the_files_it_did_not_send_to_this_process(helper, failing):
    paths = [f"file{i}.yaml" for i in range(20)]
    mine = round(20 * (1 - readahead.HELPER_SHARE))

    def read(path):
        if path == f"file{failing}.yaml":
            raise RuntimeError("something unexpected")
        return _read_file(path)

    with ReadAhead(paths, read) as ahead:
        _until_sent(ahead)
        taken = [ahead.take(p) for p in paths]
    assert taken[:mine] == [None] * mine  # it failed before it came back to them
    assert all(located is not None for located in taken[mine:failing])  # each sent in full before the failure
    assert taken[failing:] == [None] * (20 - failing)  # the failing file and those after it: read here


def test_the_helper_never_waits_for_room_in_the_pipe(helper):
    """Answers larger than the pipe holds: taken in between this process's own files, the helper sends them all
    and ends before this process comes to its files."""
    paths = [f"file{i}.yaml" for i in range(20)]

    def big(path):
        located = _read_file(path)
        located.data = {"text": path * 40_000}  # about 400 KB each, several MB in all
        return located

    with ReadAhead(paths, big) as ahead:
        _until_sent(ahead)
        assert ahead._fd is None  # the helper sent everything and closed the pipe
        taken = [ahead.take(p) for p in paths]
    assert [located.data for located in taken] == [{"text": p * 40_000} for p in paths]


@pytest.mark.parametrize("large", [None, "file17.yaml"])
def test_answers_come_into_one_room_reused_from_its_start(helper, monkeypatch, large):
    """The answers are decoded as they come and the room they come into is used again from its start, so that
    taking them writes to no new memory; an answer larger than the room makes it larger."""
    monkeypatch.setattr(readahead, "RECEIVE_BYTES", 4096)
    monkeypatch.setattr(readahead, "READ_BYTES", 512)
    paths = [f"file{i}.yaml" for i in range(20)]

    def read(path):
        located = _read_file(path)
        located.data["text"] = path * (3_000 if path == large else 30)  # some 300 bytes, or 30 KB
        return located

    with ReadAhead(paths, read) as ahead:
        _until_sent(ahead)
        taken = [ahead.take(p) for p in paths]
        room = len(ahead._buffer)
    assert [located.data for located in taken] == [read(p).data for p in paths]
    assert room == 4096 if large is None else 30_000 < room <= 4 * 30_000


def test_a_helper_that_does_not_answer_in_time_is_stopped(helper, monkeypatch):
    monkeypatch.setattr(readahead, "WAIT_S", 0.3)
    paths = [f"file{i}.yaml" for i in range(20)]

    def slow(path):
        time.sleep(30)
        return _read_file(path)

    started = time.monotonic()
    with ReadAhead(paths, slow) as ahead:
        pid = ahead._pid
        assert ahead.take(paths[-1]) is None
    assert time.monotonic() - started < 10
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped: no process left behind


def test_a_load_that_ends_before_taking_the_answer_stops_the_helper(helper):
    paths = [f"file{i}.yaml" for i in range(20)]
    with ReadAhead(paths, lambda p: time.sleep(30)) as ahead:
        pid = ahead._pid
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_the_helper_runs_none_of_this_process_exit_handlers(helper, tmp_path):
    marker = tmp_path / "ran"

    def handler():
        marker.write_text("the helper ran an exit handler")

    atexit.register(handler)
    try:
        with ReadAhead([f"file{i}.yaml" for i in range(20)], _read_file) as ahead:
            _until_sent(ahead)
            assert ahead.take("file19.yaml") is not None
    finally:
        atexit.unregister(handler)
    assert not marker.exists()


def test_no_helper_for_few_files_one_cpu_or_a_second_thread(monkeypatch):
    monkeypatch.setattr(readahead, "cpus", lambda: 2)
    assert not readahead.worth_a_helper(readahead.MIN_FILES - 1)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not readahead.worth_a_helper(1000)  # a thread besides this one: a reload beside a server
    finally:
        stop.set()
        thread.join()
    monkeypatch.setattr(readahead.threading, "active_count", lambda: 1)
    assert readahead.worth_a_helper(1000)
    monkeypatch.setattr(readahead, "cpus", lambda: 1)
    assert not readahead.worth_a_helper(1000)
    with ReadAhead([f"file{i}.yaml" for i in range(100)], _read_file) as ahead:
        assert ahead._pid is None and ahead.take("file99.yaml") is None
