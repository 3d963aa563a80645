"""The rules the app is serving, reloaded when the files change, and only published when the change is sound."""

from __future__ import annotations

import dataclasses
import gc
import logging
import os
import threading
import time
from pathlib import Path

from flask import current_app

from webapp.rulebook import published
from webapp.rulebook.loader import load_rules
from webapp.rulebook.located import Problem
from webapp.rulebook.memo import FileMemo
from webapp.rulebook.ruleset import RuleSet

log = logging.getLogger(__name__)


class RuleStore:
    """Holds the RuleSet in use and swaps in a new one, whole, when an edit to the rules directory is sound.

    At start-up a broken file is left out and the rest is served, so the site comes up. On a reload, a change
    that makes a file fail that did not fail before is held back: the last good rules stay in use and the
    problems are listed as pending (in the log and on /healthz) until the files are fixed.

    Reloads run in a background thread: a request that finds the interval over starts one and carries on with
    the rules in use, so no request waits on a reload (only the very first requests wait for the first load,
    as there is nothing else to serve). A load that takes longer than `time_limit` seconds is not published.
    A rule file removed since the last published set holds the edit back until the removal is confirmed
    (webapp/rulebook/published.py).
    """

    def __init__(self, rules_dir: Path, today, interval: float = 2, time_limit: float = 10):
        self.rules_dir = Path(rules_dir)
        self.today = today
        self.interval = float(interval or 0)  # seconds between looks at the files; 0: never reload
        self.time_limit = float(time_limit or 0)  # a load slower than this is not published; 0: no limit
        self.last_reload_seconds = None
        self.loading_since = None  # time.monotonic() when the running load started
        self._reloader: threading.Thread | None = None
        self._lock = threading.Lock()
        self._good: RuleSet | None = None  # the last published load, without pending problems
        self._rules: RuleSet | None = None  # what requests see: the good load, plus pending problems if any
        self._signature = None
        self._next_check = 0.0
        self._memo = FileMemo()  # what the last load found in each file, for the next (webapp/rulebook/memo.py)

    def current(self) -> RuleSet:
        """The rules to use for this request; looks for edits at most once every `interval` seconds."""
        if self._rules is None:
            with self._lock:  # the first requests wait for the first load: there is nothing else to serve
                if self._rules is None:
                    self._load()
        elif self.interval and time.monotonic() >= self._next_check and self._lock.acquire(blocking=False):
            # One background thread looks and reloads; every request carries on with the rules in use meanwhile.
            self._next_check = time.monotonic() + self.interval
            self._reloader = threading.Thread(target=self._look, name="rules-reload", daemon=True)
            try:
                self._reloader.start()
            except RuntimeError:  # no thread can be started (interpreter shutting down)
                self._lock.release()
        return self._rules

    def _look(self) -> None:
        """In the background thread, holding the lock: load again if the files changed."""
        try:
            if self._scan() != self._signature:
                self._load()
        except Exception:  # noqa: BLE001 - the thread must release the lock whatever happens
            log.exception("looking for rules edits failed")
        finally:
            self._next_check = time.monotonic() + self.interval
            self._lock.release()

    def catch_up(self) -> None:
        """In a process forked from one that had loaded the rules (a gunicorn worker, webapp/serving/warmup.py):
        load now, before serving, if the files changed since, so that a new worker never serves older rules than a
        worker started afresh would."""
        with self._lock:
            if self._rules is not None and self._scan() != self._signature:
                self._load()

    def wait_for_reload(self, timeout: float = 30) -> None:
        """Wait until a reload started in the background has finished (for tests and the CLI)."""
        thread = self._reloader
        if thread is not None:
            thread.join(timeout)

    def slow_load_problem(self) -> Problem | None:
        """A problem to show while a load has been running for longer than the time limit."""
        since = self.loading_since
        if since is None or not self.time_limit or time.monotonic() - since <= self.time_limit:
            return None
        return Problem(
            f"{self.rules_dir.name}/",
            0,
            f"loading the rules has taken {time.monotonic() - since:.0f}s, over the limit of {self.time_limit:.0f}s",
            "not published",
        )

    def reload(self) -> bool:
        """Load the files now, whatever the interval; True when the result was published."""
        with self._lock:
            return self._load()

    def _scan(self):
        """What identifies the files' contents cheaply: name, size, modification time and inode of each."""
        try:
            entries = sorted(os.scandir(self.rules_dir), key=lambda e: e.name)
        except OSError:
            return None
        names = (".yaml", ".yml")
        return tuple(
            (e.name, *_stat(e)) for e in entries if e.name.endswith(names) or e.name == published.CONFIRMATIONS
        )

    def _load(self) -> bool:
        # Taken before reading, so an edit made while loading is seen by the next look.
        signature = self._scan()
        started = time.perf_counter()
        self.loading_since = time.monotonic()
        try:
            rules = load_settled(self.rules_dir, self.today(), first=self._good is None, memo=self._memo)
        except Exception:  # noqa: BLE001 - a failed reload must never take the site down
            if self._good is None:
                raise
            log.exception("rules reload failed; still serving version %s", self._good.version)
            return False
        finally:
            self.loading_since = None
        self.last_reload_seconds = time.perf_counter() - started
        self._signature = signature
        self._next_check = time.monotonic() + self.interval
        if self.time_limit and self.last_reload_seconds > self.time_limit and self._good is not None:
            slow = Problem(
                f"{self.rules_dir.name}/",
                0,
                f"loading took {self.last_reload_seconds:.1f}s, over the limit of {self.time_limit:.0f}s "
                f"(in version {rules.version})",
                "not published",
            )
            log.error("rules %s not published: %s", rules.version, slow)
            self._rules = dataclasses.replace(self._good, problems=self._good.problems + [slow])
            return False
        record = published.read(self.rules_dir)
        reference = record["files"] if record else (published.basenames(self._good) if self._good else [])
        gone = published.removed(reference, rules, self.rules_dir) if rules.questionnaire is not None else []
        version = record.get("version", "?") if record else (self._good.version if self._good else "?")
        if gone and self._good is not None and self._good.questionnaire is not None:
            # A removal waits for the maintainer's confirmation: keep serving the last published rules.
            notes = [published.removal_problem(self.rules_dir.name, name, version, True) for name in gone]
            for note in notes:
                log.error("rules %s not published: %s", rules.version, note)
            self._rules = dataclasses.replace(self._good, problems=self._good.problems + notes)
            return False
        if gone:  # at start-up the removed file cannot be served: say so, and keep the record until confirmed
            notes = [published.removal_problem(self.rules_dir.name, name, version, False) for name in gone]
            rules = dataclasses.replace(rules, problems=rules.problems + notes)
        # With no questionnaire in use the site serves nothing, so any load that reads one is better.
        degraded = self._good is None or self._good.questionnaire is None
        broken = set() if degraded else _newly_broken(self._good, rules)
        if broken:
            self._hold(rules, broken)
            return False
        for problem in rules.errors:
            log.warning("rules problem: %s", problem)
        warnings = len(rules.problems) - len(rules.errors)
        if warnings:
            log.info("rules %s: %d warnings (run `flask rules check` to list them)", rules.version, warnings)
        if self._good is not None:
            log.info("rules %s published in %.3fs", rules.version, self.last_reload_seconds)
        self._good = self._rules = rules
        if not gone and rules.questionnaire is not None:
            published.write(self.rules_dir, rules)
            published.forget_confirmations(self.rules_dir, published.basenames(rules))
        return True

    def _hold(self, rules: RuleSet, broken: set) -> None:
        new_errors = [p for p in rules.errors if p.file in broken]
        for problem in new_errors:
            log.error("rules %s not published: %s", rules.version, problem)
        pending = [
            Problem(p.file, p.line, f"{p.message} (in version {rules.version})", "not published") for p in new_errors
        ]
        # One new object, assigned in one step: a request sees either the old set or this one, never a mix.
        self._rules = dataclasses.replace(self._good, problems=self._good.problems + pending)


def load_settled(rules_dir: Path, today, first: bool = True, memo: FileMemo | None = None) -> RuleSet:
    """`load_rules` as the store runs it, then every object alive is moved out of the garbage collector's sight
    (gc.freeze): no later collection traverses the rules, and a collection while requests are served looks only at
    what the requests made. Rules replaced later are still freed, by reference counting: they hold no reference
    cycle (tests/test_loading_memory.py).

    The `first` load collects the garbage there is before it loads, so that none of it is frozen for good: nothing
    is served yet, so no request waits for it. A reload does not (a full collection holds every request thread
    until it ends); the little cyclic garbage that requests left at that moment stays frozen.
    """
    if first:
        gc.collect()
    try:
        return load_rules(rules_dir, today, memo=memo)
    finally:
        gc.freeze()


def _stat(entry) -> tuple:
    try:
        st = entry.stat()
    except OSError:  # removed between listing and looking: it counts as changed
        return (None, None, None)
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def _newly_broken(good: RuleSet, rules: RuleSet) -> set:
    """Files with an error in `rules` that had none in `good`: what an edit broke."""
    before = {p.file for p in good.errors}
    return {p.file for p in rules.errors} - before


EXTENSION = "rules"


def install(app) -> RuleStore:
    """Give `app` a RuleStore for its RULES_DIR, TODAY and RELOAD_INTERVAL settings."""
    store = RuleStore(
        app.config["RULES_DIR"], app.config["TODAY"], app.config["RELOAD_INTERVAL"], app.config["RULES_TIME_LIMIT"]
    )
    app.extensions[EXTENSION] = store
    return store


def rules_in_use() -> RuleSet:
    """The RuleSet the current app serves (it may have no questionnaire while the files are broken)."""
    return current_app.extensions[EXTENSION].current()
