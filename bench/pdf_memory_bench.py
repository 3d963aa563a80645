"""Memory of a gunicorn worker before and after 50 PDFs (each a different link, so none comes from the cache).

Starts gunicorn with the production settings and one worker on 127.0.0.1 and a free port (worker recycling off,
so the figure shows the worker itself), reads the worker's resident memory (VmRSS) after a first results page
("fresh"), makes 50 PDFs, and reads it again, with the render process's memory beside it. Stops gunicorn by PID.

Usage: bench/pdf-memory [--count N]
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.load_kit import free_port
from bench.machine import CpuMeter, machine_line
from bench.profiles import TYPICAL
from webapp.web.tokens import make_token

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-pdf-key"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children(pid: int) -> list:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def get(url: str, timeout: float = 60) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read()


def main(argv: list) -> int:
    count = int(argv[argv.index("--count") + 1]) if "--count" in argv else 50
    port = free_port()
    work = Path(tempfile.mkdtemp())
    env = {**os.environ, "PORT": str(port), "WEB_CONCURRENCY": "1", "CHECKER_SECRET_KEY": SECRET,
           "GUNICORN_MAX_REQUESTS": "0"}  # fmt: skip
    command = [sys.executable, "-m", "gunicorn", "--config", "python:webapp.serving.gunicorn",
               "--pid", str(work / "pid"), "webapp:create_app()"]  # fmt: skip
    with (work / "log").open("w") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    meter = CpuMeter(children=True)  # the server is this process's child: its CPU is not "other"
    try:
        for _ in range(100):
            try:
                get(f"{base}/healthz", 2)
                break
            except OSError:
                time.sleep(0.1)
        master = int((work / "pid").read_text())
        worker = children(master)[0]
        token = make_token(SECRET, TYPICAL)
        get(f"{base}/results?answers={token}")
        fresh = rss_mb(worker)
        started = time.perf_counter()
        for i in range(count):
            token = make_token(SECRET, {**TYPICAL, "company_name": f"Bench Company {i}"})
            assert get(f"{base}/results.pdf?answers={token}").startswith(b"%PDF")
        seconds = time.perf_counter() - started
        after = rss_mb(worker)
        renderers = [rss_mb(pid) for pid in children(worker) if Path(f"/proc/{pid}").exists()]
        print(f"worker RSS fresh (after one results page): {fresh:7.1f} MB")
        print(
            f"worker RSS after {count} PDFs:               {after:7.1f} MB  ({after / fresh:.2f}x fresh; target <= 1.5x)"
        )
        print(f"render process(es) RSS now:                {', '.join(f'{r:.1f} MB' for r in renderers) or 'none'}")
        print(f"{count} PDFs in {seconds:.1f} s ({seconds / count * 1000:.0f} ms each, one at a time)")
    finally:
        pid = int((work / "pid").read_text()) if (work / "pid").exists() else server.pid
        os.kill(pid, signal.SIGTERM)
        server.wait(timeout=30)
    print(machine_line(meter))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
