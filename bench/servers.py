"""gunicorn servers for the benchmarks: started on a free port with a pid file, stopped by that pid.

Each server writes its pid file into the benchmark's work folder; bench/load and bench/worker-memory also stop
whatever a pid file there names when they exit (a trap in the shell wrapper), so nothing is left running even
when Python itself is killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.load_kit import children, free_port, stat_fields

ROOT = Path(__file__).resolve().parent.parent
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
SETTINGS = "python:webapp.serving.gunicorn"


def read_stat(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None


def all_stats() -> dict:
    """{pid: /proc/<pid>/stat text} of every process now."""
    stats = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            text = read_stat(int(entry.name))
            if text:
                stats[int(entry.name)] = text
    return stats


def rss_mb(pid: int) -> float | None:
    """Resident memory (VmRSS) of `pid` in MB (2**20 bytes), None when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


class Server:
    """One gunicorn master and its workers, started by `start` and stopped by `stop` (by its pid file)."""

    def __init__(self, name: str, work: Path, python: Path, config: str, app: str, env: dict, ready_path: str,
                 extra: tuple = ()):  # fmt: skip
        self.name, self.work = name, work
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.pidfile = work / f"{name}.pid"
        self.log = work / f"{name}.log"
        self.command = [str(python), "-m", "gunicorn", "--config", config, "--pid", str(self.pidfile), *extra, app]
        self.env = {**os.environ, **env, "PORT": str(self.port)}
        self.ready_path = ready_path
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 90, probe: bool = True) -> None:
        """Start gunicorn; return when `ready_path` answers (probe) or, without a request, when every worker
        has booted and sits idle (its CPU time still for 0.6 s)."""
        with self.log.open("w") as log:
            # a session of its own: Ctrl-C in the terminal reaches the benchmark, which stops the server itself
            self.process = subprocess.Popen(
                [*self.command, "--bind", f"127.0.0.1:{self.port}"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name}: gunicorn did not start:\n{self.log.read_text()[-3000:]}")
            if self.pidfile.exists() and len(self.workers()) >= self.expected_workers():
                if probe and self.answers():
                    return
                if not probe and self._idle(deadline):
                    return
            time.sleep(0.2)
        raise RuntimeError(f"{self.name}: no answer on {self.base}{self.ready_path} in {timeout:.0f} s")

    def _idle(self, deadline: float) -> bool:
        still, last = 0, None
        while time.monotonic() < deadline and self.process.poll() is None:
            now = self.workers()
            still = still + 1 if now == last and len(now) >= self.expected_workers() else 0
            if still >= 3:
                return True
            last = now
            time.sleep(0.2)
        return False

    def expected_workers(self) -> int:
        return int(self.env.get("WEB_CONCURRENCY", "2"))

    def answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.base + self.ready_path, timeout=2):
                return True
        except urllib.error.HTTPError:
            return True  # an HTTP answer of any status: the server is up
        except OSError:
            return False

    @property
    def master(self) -> int:
        try:
            return int(self.pidfile.read_text())
        except (OSError, ValueError):
            return self.process.pid if self.process else 0

    def workers(self, stats: dict | None = None) -> dict:
        """pid -> CPU ticks of each worker (the master's children)."""
        return children(self.master, stats if stats is not None else all_stats())

    def master_ticks(self) -> int:
        text = read_stat(self.master)
        return stat_fields(text)[1] if text else 0

    def stop(self) -> None:
        """SIGTERM to the master named in the pid file (gunicorn stops its workers), SIGKILL after 30 s."""
        if self.process is None:
            return
        pid = self.master
        stragglers = list(self.workers())
        if pid and "gunicorn" in cmdline(pid):
            os.kill(pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        for worker in stragglers:  # workers outlive a killed master only briefly; make sure
            if "gunicorn" in cmdline(worker):
                os.kill(worker, signal.SIGKILL)
        self.process = None


def checker(work: Path, env: dict, name: str = "app", extra: tuple = ()) -> Server:
    """The checker with the production settings (webapp.serving.gunicorn)."""
    return Server(name, work, VENV_PYTHON, SETTINGS, "webapp:create_app()", env, "/healthz", extra)


def minimal(work: Path, env: dict, name: str = "minimal", extra: tuple = ()) -> Server:
    """bench/minimal_app.py under the same production settings (they need only CHECKER_SECRET_KEY set)."""
    return Server(name, work, VENV_PYTHON, SETTINGS, "bench.minimal_app:app", env, "/", extra)
