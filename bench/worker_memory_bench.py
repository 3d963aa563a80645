"""Resident memory (VmRSS) of each gunicorn web worker through a day's kinds of traffic, beside a minimal Flask app.

For 2 workers (the production default) and then 1 (WEB_CONCURRENCY=1): starts the checker with the production
settings (webapp.serving.gunicorn, worker recycling off so the figures show the same processes throughout) and
reads each worker's VmRSS after startup (no request yet; the master loaded the rules before forking it,
webapp/serving/warmup.py), after its first request, after 100 API requests (different bodies), after 100 different results pages, and after 10 PDFs. Requests go two at
a time, so both workers get traffic; the access log, with the worker's pid added, counts what each served.
PDFs are made by a render process per worker (webapp/serving/pdfjobs.py): its memory is reported on its own and
not counted as a web worker's. Then bench/minimal_app.py under the same settings: its workers' VmRSS after
startup and after 100 requests. Target: every web worker <= 60 MB after all of it. The run ends with the load
average and the CPU that processes other than these used meanwhile, to tell a quiet run from a noisy one.

Usage: bench/worker-memory [--api N] [--pages N] [--pdfs N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.load_bench import fetch, machine_lines
from bench.machine import CpuMeter, loadavg, machine_line
from bench.profiles import TYPICAL, variant
from bench.servers import all_stats, checker, cmdline, minimal, rss_mb

TARGET_MB = 60.0
SECRET = "bench-worker-memory-key"
# The access log as configured, with the worker's pid in front so the bench can tell who served what.
LOG_FORMAT = '%(p)s %(h)s "%(r)s" %(s)s %(b)s'  # gunicorn writes %(p)s as <pid>
EXTRA = ("--access-logfile", "-", "--access-logformat", LOG_FORMAT)
PID_IN_LOG = re.compile(r"^<(\d+)> ", re.MULTILINE)


def served(log: Path) -> dict:
    """pid -> requests in the access log so far."""
    counts: dict = {}
    for pid in PID_IN_LOG.findall(log.read_text(errors="replace")):
        counts[int(pid)] = counts.get(int(pid), 0) + 1
    return counts


def send(base: str, requests: list, check) -> None:
    """Send (path, body) requests two at a time; `check(status, body)` must hold for every answer."""

    def one(item):
        status, _, content = fetch(base, *item)
        if not check(status, content):
            raise RuntimeError(f"{item[0][:60]} answered {status}: {content[:200]!r}")

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(one, requests))


def ok(status, _content) -> bool:
    return status == 200


def is_pdf(status, content) -> bool:
    return status == 200 and content.startswith(b"%PDF")


def helpers_of(workers: list) -> list:
    """(pid, parent worker, kind, MB) of the processes the workers started (PDF render processes)."""
    found = []
    for pid, text in all_stats().items():
        ppid = int(text[text.rindex(")") + 2 :].split()[1])
        if ppid in workers:
            command = cmdline(pid)
            kind = "resource tracker" if "resource_tracker" in command else "PDF render process"
            found.append((pid, ppid, kind, rss_mb(pid) or 0.0))
    return found


def measure_checker(work: Path, env: dict, workers: int, counts: dict) -> bool:
    """Run the stages for `workers` workers; print the table; True when every worker ends within the target."""
    from webapp.web.tokens import make_token

    server = checker(work, {**env, "WEB_CONCURRENCY": str(workers)}, name=f"app{workers}", extra=EXTRA)
    server.start(probe=False)
    try:
        pids = sorted(server.workers())
        stages = [("after startup (no request yet)", {pid: rss_mb(pid) for pid in pids}, None)]
        body = json.dumps({"answers": TYPICAL})
        for _ in range(50):  # the first request of each worker loads the rules
            send(server.base, [("/api/v1/check", body)] * 2, ok)
            if all(served(server.log).get(pid) for pid in pids):
                break
        stages.append(("after the first requests", {pid: rss_mb(pid) for pid in pids},
                       served(server.log)))  # fmt: skip
        steps = [
            (f"after {counts['api']} API requests (different bodies)", ok,
             [("/api/v1/check", json.dumps({"answers": variant(i)})) for i in range(counts["api"])]),
            (f"after {counts['pages']} different results pages", ok,
             [(f"/results?answers={make_token(SECRET, variant(2000 + i))}", None) for i in range(counts["pages"])]),
            (f"after {counts['pdfs']} PDFs", is_pdf,
             [(f"/results.pdf?answers={make_token(SECRET, variant(4000 + i))}", None) for i in range(counts["pdfs"])]),
        ]  # fmt: skip
        for label, check, requests in steps:
            before = served(server.log)
            send(server.base, requests, check)
            time.sleep(0.3)  # the access log line is written after the answer
            after = served(server.log)
            stages.append((label, {pid: rss_mb(pid) for pid in pids},
                           {pid: after.get(pid, 0) - before.get(pid, 0) for pid in pids}))  # fmt: skip
        helpers = helpers_of(pids)
        private = {pid: private_mb(pid) for pid in pids}
        if sorted(server.workers()) != pids:
            print("NOTE: a worker was replaced during the run; the figures mix processes")
    finally:
        server.stop()

    title = f"checker, {workers} worker{'s' if workers > 1 else ''} (webapp.serving.gunicorn, worker recycling off)"
    print(f"\n{title}")
    print(f"{'VmRSS in MB (2**20 bytes)':<46}" + "".join(f"{'worker ' + str(pid):>14}" for pid in pids)
          + "   requests served (per worker)")  # fmt: skip
    for label, sizes, requests in stages:
        shown = "/".join(str(requests.get(pid, 0)) for pid in pids) if requests else ""
        print(f"{label:<46}" + "".join(f"{_mb(sizes[pid]):>14}" for pid in pids) + f"   {shown}")
    for pid, parent, kind, size in helpers:
        print(f"  not a web worker: {kind} {pid} (started by worker {parent}): {size:.1f} MB")
    if not helpers:
        print("  no PDF render process found after the PDFs")
    print(
        f"  private memory (USS: Private_Clean + Private_Dirty, /proc/<pid>/smaps_rollup) of each worker at the end:"
        f" {', '.join(_mb(private[pid]) for pid in pids)} MB; the rest of VmRSS is shared (with the gunicorn master, the other worker, libraries)"
    )
    print(f"  each worker keeps up to CHECKER_PAGE_CACHE_MB = {page_cache_mb()} MB of rendered results pages")
    final = stages[-1][1]
    met = all(size is not None and size <= TARGET_MB for size in final.values())
    shown = ", ".join(_mb(size) for size in final.values())
    print(f"target: each web worker <= {TARGET_MB:.0f} MB after all of it: {shown} MB: {'met' if met else 'MISSED'}")
    return met


def measure_minimal(work: Path, env: dict, workers: int, requests: int) -> None:
    server = minimal(work, {**env, "WEB_CONCURRENCY": str(workers)}, name=f"minimal{workers}", extra=EXTRA)
    server.start(probe=False)
    try:
        pids = sorted(server.workers())
        fresh = [rss_mb(pid) for pid in pids]
        send(server.base, [("/minimal", json.dumps({"answers": variant(i)})) for i in range(requests)], ok)
        time.sleep(0.3)
        after = [rss_mb(pid) for pid in pids]
        counts = served(server.log)
    finally:
        server.stop()
    print(
        f"minimal Flask JSON route (bench/minimal_app.py, same settings), {workers} worker(s): after startup"
        f" {' / '.join(_mb(x) for x in fresh)} MB; after {requests} requests {' / '.join(_mb(x) for x in after)} MB"
        f" (served {'/'.join(str(counts.get(pid, 0)) for pid in pids)})"
    )


def private_mb(pid: int) -> float | None:
    """Memory only this process holds (not shared with the master or others), in MB."""
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return None
    return sum(int(line.split()[1]) for line in lines if line.startswith(("Private_Clean:", "Private_Dirty:"))) / 1024


def page_cache_mb() -> str:
    from webapp.config import DEFAULTS

    return os.environ.get("CHECKER_PAGE_CACHE_MB", str(DEFAULTS["PAGE_CACHE_MB"]))


def _mb(value: float | None) -> str:
    return "gone" if value is None else f"{value:.1f}"


def main(argv: list) -> int:
    parser = argparse.ArgumentParser(prog="bench/worker-memory", description=__doc__.split("\n\n")[0])
    parser.add_argument("--api", type=int, default=100, help="API requests (default 100)")
    parser.add_argument("--pages", type=int, default=100, help="different results pages (default 100)")
    parser.add_argument("--pdfs", type=int, default=10, help="PDFs (default 10)")
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the servers are stopped in `finally`
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-memory-"))
    env = {"CHECKER_SECRET_KEY": SECRET, "GUNICORN_MAX_REQUESTS": "0"}  # 0: gunicorn never replaces a worker
    os.environ.update(env)
    for line in machine_lines():
        print(line)
    print(f"load average before: {loadavg()}")
    meter = CpuMeter(children=True)  # the servers it starts are its children: their CPU is not "other"
    counts = {"api": args.api, "pages": args.pages, "pdfs": args.pdfs}
    results = []
    for workers in (2, 1):
        results.append(measure_checker(work, env, workers, counts))
        measure_minimal(work, env, workers, args.api)
    print(machine_line(meter))
    print(f"\ntarget (each web worker <= {TARGET_MB:.0f} MB after all of it), 2 workers and 1 worker:"
          f" {'met' if all(results) else 'MISSED'}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
