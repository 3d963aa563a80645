"""bench/load: the checker, a minimal Flask route and (with --anchors) OpenFisca's web API under the same gunicorn
settings, measured with wrk side by side in one run of interleaved rounds.

See `bench/load --help`. The pure parts (wrk scripts, parsing, CPU accounting, the table) are in bench/load_kit.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench import load_kit as kit
from bench import servers
from bench.machine import loadavg
from bench.servers import ROOT, Server

OPENFISCA_VENV = ROOT / ".bench" / "openfisca-venv"
OPENFISCA_PACKAGES = ["OpenFisca-Core[web-api]==46.0.1", "openfisca-country-template==8.2.0"]
# Copied from webapp.serving.gunicorn into OpenFisca's gunicorn config, so both run with the same worker settings.
COPIED_SETTINGS = ("workers", "worker_class", "preload_app", "keepalive", "timeout", "graceful_timeout", "backlog", "max_requests",
                   "max_requests_jitter", "limit_request_line", "limit_request_fields", "accesslog", "errorlog")  # fmt: skip
MODES = {
    False: "mode: app compresses and logs (wrk sends Accept-Encoding: gzip, as a browser does)",
    True: "mode: behind a proxy (CHECKER_BEHIND_PROXY=1): no gzip, no access log (wrk sends no Accept-Encoding)",
}


def arguments(argv: list) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/load", description=__doc__.split("\n\n")[0])
    parser.add_argument("-d", "--duration", type=int, default=10, help="seconds per wrk run (default 10)")
    parser.add_argument("-c", "--connections", type=int, default=50, help="wrk connections (default 50)")
    parser.add_argument("-t", "--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--long", action="store_true", help="30 s per run")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; the report gives the median (default 3)")
    parser.add_argument("--sequential", action="store_true", help="every round of one endpoint in a row")
    parser.add_argument("--anchors", action="store_true", help="also OpenFisca's POST /calculate (own venv)")
    parser.add_argument("--behind-proxy", action="store_true", help="CHECKER_BEHIND_PROXY=1, no Accept-Encoding")
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)  # the wrapper's folder for pid files
    args = parser.parse_args(argv)
    if args.long:
        args.duration = 30
    if args.rounds < 1 or args.duration < 1 or args.connections < args.threads:
        parser.error("need --rounds >= 1, -d >= 1 and at least as many connections as threads")
    return args


def machine_lines() -> list:
    model = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")), platform.processor() or "unknown",
    )  # fmt: skip
    nproc = len(os.sched_getaffinity(0))
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split("Copyright")[0].strip()
    return [
        f"date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        f"machine: nproc {nproc}, CPU {model}, Linux {platform.release()}",
        f"software: Python {platform.python_version()}, gunicorn {_version('gunicorn')}, Flask {_version('flask')},"
        f" {wrk}",
    ]


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


# --- OpenFisca ------------------------------------------------------------------------------------------------


def openfisca_python() -> Path:
    """The OpenFisca venv's python, made and filled with pip on first use (.bench/ is ignored by git)."""
    python = OPENFISCA_VENV / "bin" / "python"
    probe = [str(python), "-c", "import openfisca_web_api.app, openfisca_country_template, gunicorn"]
    if python.exists() and subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    print(f"bench/load --anchors: installing {' '.join(OPENFISCA_PACKAGES)} into {OPENFISCA_VENV} ...", file=sys.stderr)
    subprocess.run(["python3", "-m", "venv", str(OPENFISCA_VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", *OPENFISCA_PACKAGES], check=True)
    subprocess.run(probe, check=True)
    return python


def openfisca_versions(python: Path) -> str:
    code = (
        "from importlib.metadata import version as v; "
        "print(f\"OpenFisca-Core {v('OpenFisca-Core')}, openfisca-country-template {v('openfisca-country-template')},"
        " gunicorn {v('gunicorn')}, Flask {v('flask')}\")"
    )
    return subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def openfisca_config(work: Path, settings) -> str:
    """A gunicorn config file for OpenFisca with the checker's worker settings copied (the checker's own module
    imports the checker, which OpenFisca's venv does not have)."""
    path = work / "openfisca_gunicorn.py"
    path.write_text("".join(f"{name} = {getattr(settings, name)!r}\n" for name in COPIED_SETTINGS))
    return str(path)


def openfisca_numbers(answer: dict) -> dict:
    """The three variables from a /calculate answer; ValueError when one is not a number."""
    person = answer["persons"]["Ada"]
    values = {name: person[name][kit.OPENFISCA_MONTH] for name in kit.OPENFISCA_VARIABLES}
    for name, value in values.items():
        if not isinstance(value, int | float):
            raise ValueError(f"{name} is {value!r}, not a number")
    return values


# --- checks before measuring ----------------------------------------------------------------------------------


def fetch(base: str, path: str, body: str | None = None, headers: dict | None = None):
    """(status, headers, body) of one request."""
    data = body.encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, headers=headers or {})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def check_endpoints(rows: list, bases: dict) -> list:
    """Every endpoint's first and last request answered 200 (OpenFisca: with three numbers); lines to print."""
    lines = []
    for endpoint in rows:
        for path, body in {endpoint.requests[0], endpoint.requests[-1]}:
            status, _, content = fetch(bases[endpoint.server], path, body)
            if status != 200:
                raise RuntimeError(f"{endpoint.name}: {path[:60]} answered {status}: {content[:300]!r}")
        if endpoint.name == "openfisca":
            values = openfisca_numbers(json.loads(content))
            shown = ", ".join(f"{name} {value:g}" for name, value in values.items())
            lines.append(f"OpenFisca /calculate answered 200 for {kit.OPENFISCA_MONTH}: {shown}")
    return lines


def write_static_page(app: Server, rows: list, path: Path) -> None:
    """The checker's results page for the first of the distinct links, as the minimal app's fixed page."""
    first = next(e for e in rows if e.name == "results_cold").first_path
    status, _, content = fetch(app.base, first)
    if status != 200:
        raise RuntimeError(f"results page: {first[:60]} answered {status}")
    path.write_bytes(content)


def check_mode(app: Server, rows: list, behind_proxy: bool) -> list:
    """Whether the app gzips a results page for a client that accepts it, and logs each request."""
    results = next(e for e in rows if e.name == "results").first_path
    before = len(app.log.read_text())
    _, headers, _ = fetch(app.base, results, headers={"Accept-Encoding": "gzip"})
    time.sleep(0.3)
    logged = '"GET /results?' in app.log.read_text()[before:]
    gzipped = headers.get("Content-Encoding") == "gzip"
    line = (
        f"check: a results page asked for with Accept-Encoding: gzip came {'gzipped' if gzipped else 'plain'};"
        f" the request {'was' if logged else 'was not'} written to the access log"
    )
    lines = [line]
    if behind_proxy and (gzipped or logged):
        lines.append(
            "NOTE: this version of the app does not (fully) honour CHECKER_BEHIND_PROXY=1 yet: the figures below"
            " include its " + " and ".join(w for w, on in (("gzip", gzipped), ("access log", logged)) if on)
        )
    if not behind_proxy and not (gzipped and logged):
        lines.append("NOTE: the app should gzip and log in this mode; see the check above")
    return lines


# --- one wrk run ----------------------------------------------------------------------------------------------


def snapshot(server: Server) -> kit.Snapshot:
    stats = servers.all_stats()
    return kit.Snapshot(
        time.monotonic(),
        kit.cpu_totals(Path("/proc/stat").read_text()),
        server.master_ticks(),
        server.workers(stats),
        kit.process_ticks(stats),
    )


def run_wrk(script: Path, url: str, out: Path, duration: int, threads: int, connections: int) -> float:
    """Run wrk to completion; its own CPU seconds (user + system, from its rusage)."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "2s", "--latency",
               "-s", str(script), url]  # fmt: skip
    with out.open("w") as stream:
        process = subprocess.Popen(command, stdout=stream, stderr=subprocess.STDOUT)
    try:
        _, status, usage = os.wait4(process.pid, 0)
    except BaseException:  # stopped (SIGTERM from bench/load): wrk goes too
        process.kill()
        process.wait()
        raise
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_utime + usage.ru_stime


def measure(args, endpoint: kit.Endpoint, server: Server, work: Path, label: str, exclude: set) -> dict | None:
    script = work / f"{endpoint.name}.lua"
    out = work / f"{endpoint.name}.{label}.out"
    before = snapshot(server)
    wrk_seconds = run_wrk(script, server.base + endpoint.first_path, out, args.duration, args.threads, args.connections)
    after = snapshot(server)
    run = kit.parse(out.read_text())
    if run is None:
        print(f"{endpoint.name} ({label}): wrk gave no result:\n{out.read_text()[-2000:]}", file=sys.stderr)
        return None
    run.update(kit.account(before, after, wrk_seconds, run["requests"], os.sysconf("SC_CLK_TCK")))
    run["busiest"] = kit.busiest(before.processes, after.processes, exclude)
    return run


# --- main -----------------------------------------------------------------------------------------------------


def main(argv: list) -> int:
    args = arguments(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the servers are stopped in `finally`
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-load-"))
    env = {
        "CHECKER_SECRET_KEY": secrets.token_hex(32),
        "GUNICORN_MAX_REQUESTS": str(10**7),  # no worker is replaced during the run: its CPU would be lost
        "GUNICORN_MAX_REQUESTS_JITTER": "0",
    }
    if args.behind_proxy:
        env["CHECKER_BEHIND_PROXY"] = "1"
    env["BENCH_STATIC_PAGE"] = str(work / "static_page.html")  # what the minimal app answers on results links
    os.environ.update(env)  # before importing the settings, which read them
    import webapp.serving.gunicorn as settings

    of_python = openfisca_python() if args.anchors else None
    print(MODES[args.behind_proxy])
    for line in machine_lines():
        print(line)
    if of_python:
        print(f"anchor: {openfisca_versions(of_python)} in {OPENFISCA_VENV.relative_to(ROOT)}")
    else:
        print("anchor: OpenFisca not measured (run with --anchors to add POST /calculate)")
    print(
        f"servers: gunicorn with webapp.serving.gunicorn settings for each ({settings.workers} {settings.worker_class}"
        f" workers, keepalive {settings.keepalive} s, access log {settings.accesslog!r}, max_requests"
        f" {settings.max_requests:,})" + ("; OpenFisca with a copy of them" if of_python else "")
    )
    order = "interleaved (round 1 of every endpoint, then round 2, ...)" if not args.sequential else "sequential"
    print(
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s --timeout 2s; {args.rounds} round(s), {order};"
        f" the table gives medians"
    )
    print(f"load average before: {loadavg()}")
    sys.stdout.flush()

    running: dict = {}
    try:
        running["app"] = servers.checker(work, env)
        running["minimal"] = servers.minimal(work, env)
        if of_python:
            config = openfisca_config(work, settings)
            running["openfisca"] = Server("openfisca", work, of_python, config, "bench.openfisca_wsgi:app", env,
                                          "/entities")  # fmt: skip
        for server in running.values():
            server.start()
        rows = kit.endpoints(env["CHECKER_SECRET_KEY"], anchors=bool(of_python))
        write_static_page(running["app"], rows, Path(env["BENCH_STATIC_PAGE"]))
        bases = {name: server.base for name, server in running.items()}
        for line in [*check_endpoints(rows, bases), *check_mode(running["app"], rows, args.behind_proxy)]:
            print(line)
        for endpoint in rows:
            (work / f"{endpoint.name}.lua").write_text(kit.lua(endpoint, browser=not args.behind_proxy), "ascii")
        by_name = {endpoint.name: endpoint for endpoint in rows}
        for endpoint in rows:  # warm up: every worker loads the rules and compiles the templates
            server = running[endpoint.server]
            out = work / f"{endpoint.name}.warm.out"
            run_wrk(work / f"{endpoint.name}.lua", server.base + endpoint.first_path, out, 1, 1, 4)
        results: dict = {name: [] for name in by_name}
        ours = {os.getpid()} | {pid for server in running.values() for pid in (server.master, *server.workers())}
        for number, name in kit.schedule(list(by_name), args.rounds, interleave=not args.sequential):
            endpoint = by_name[name]
            run = measure(args, endpoint, running[endpoint.server], work, f"round{number}", ours)
            results[name].append(run)
            shown = f"{run['rps']:.0f} req/s, other {run['other']:.2f} cores" if run else "no result"
            print(f"  round {number}: {name:<13} {shown}", flush=True)
    finally:
        for server in running.values():
            server.stop()
    return report(args, by_name, results, running)


def report(args, by_name: dict, results: dict, running: dict) -> int:
    rows = {name: kit.summarise(runs) for name, runs in results.items()}
    labels = {name: endpoint.label for name, endpoint in by_name.items()}
    print()
    for line in kit.table(labels, rows):
        print(line)
    nproc = len(os.sched_getaffinity(0))
    measured = [row for row in rows.values() if row]
    others = [run["other"] for runs in results.values() for run in runs if run]
    wrk = statistics.median(row["wrk"] for row in measured) if measured else float("nan")
    print(
        "\nreq/s, p50, p99: medians of the rounds; x min: as a ratio to the minimal Flask route's median req/s."
        "\nCPU ms/req: user+system CPU of the measured server's workers (utime+stime, /proc/<pid>/stat) per request"
        " wrk completed; x min: as a ratio to the minimal route's."
        f"\nother: CPU used by everything else during the run, in cores (1.00 = one core all the time; this machine"
        f" has {nproc}): the machine's busy time (/proc/stat: user, nice, system, irq, softirq) minus the measured"
        f" server's workers and master and minus wrk's own CPU (its rusage; wrk used a median {wrk:.2f} cores)."
        " steal: time the hypervisor gave to other machines, in cores. Near 0 for both on a quiet machine."
    )
    if any(row["workers_changed"] for row in measured):
        print("* a worker started or stopped during a round: its CPU figure is incomplete")
    if others:
        steal = max(run["steal"] for runs in results.values() for run in runs if run)
        quiet = max(others) < 0.10 and steal < 0.05
        print(
            f"run: {'quiet' if quiet else 'NOISY'} (everything else used at most {max(others):.2f} cores, median"
            f" {statistics.median(others):.2f}, of {nproc}; steal at most {steal:.2f}); load average after: {loadavg()}"
        )
    used: dict = {}
    for runs in results.values():
        for run in runs:
            for key, ticks in (run or {}).get("busiest", {}).items():
                used[key] = used.get(key, 0) + ticks
    if used:
        tick = os.sysconf("SC_CLK_TCK")
        top = sorted(used.items(), key=lambda item: -item[1])[:4]
        shown = ", ".join(f"{comm} (pid {pid}) {ticks / tick:.1f} s" for (comm, pid), ticks in top)
        print(f"busiest other processes during the measured runs (CPU seconds): {shown}")
    print("\ntargets (issue 16), from this run's figures:")
    for text, met in kit.verdicts(rows, anchors=args.anchors):
        print(f" - {text}" + ("" if met is None else f": {kit.verdict_word(met)}"))
    for name, row in rows.items():
        if row and row["errors"]:
            print(f"   {name}: {row['detail']}")
    for line in kit.for_info(rows):
        print(f" - {line}")
    return 1 if any(row is None or row["errors"] for row in rows.values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
