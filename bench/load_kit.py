"""The pure parts of bench/load: the endpoints and their wrk scripts, wrk's RESULT line, CPU accounting from
/proc, the order of the interleaved rounds, and the report table with the targets.

Nothing here starts a process; bench/load_bench.py runs the servers and wrk and hands the figures to these
functions, so tests/test_bench_load.py can check them on made-up input.
"""

from __future__ import annotations

import json
import socket
import statistics
from dataclasses import dataclass

from bench.profiles import TYPICAL, variant

DISTINCT = 1000  # different API bodies and results links in the rotating runs
# The targets, as ratios of requests per second measured in the same run.
API_VS_MINIMAL = 0.40
API_VS_OPENFISCA = 2.0
RESULTS_COLD_VS_MINIMAL = 0.25
BROWSER = 'wrk.headers["Accept-Encoding"] = "gzip"\n'
DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f\\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(99), e.status, e.connect, e.read, e.write,
    e.timeout))
end
"""
# Each wrk thread starts its rotation at a different place, so two threads do not ask for the same item at once.
ROTATE = """
local items = {
%s
}
local thread_number = 0
function setup(thread)
  thread:set("offset", thread_number)
  thread_number = thread_number + 1
end
local i = 0
function init(args)
  i = ((offset or 0) * 499) %% #items
end
request = function()
  i = i %% #items + 1
  return wrk.format(nil, items[i][1], nil, items[i][2])
end
"""
# A request for OpenFisca's /calculate: one person, one month, three variables computed from a salary.
OPENFISCA_MONTH = "2025-01"
OPENFISCA_VARIABLES = ("income_tax", "social_security_contribution", "basic_income")
OPENFISCA_BODY = {
    "persons": {
        "Ada": {
            "birth": {"ETERNITY": "1980-01-01"},
            "salary": {OPENFISCA_MONTH: 3000},
            **{name: {OPENFISCA_MONTH: None} for name in OPENFISCA_VARIABLES},
        }
    },
    "households": {"_": {"adults": ["Ada"]}},
}


@dataclass(frozen=True)
class Endpoint:
    """What one row of the report measures: on which server, and the request(s) wrk sends, rotated."""

    name: str
    label: str
    server: str  # "app", "minimal" or "openfisca"
    method: str
    requests: tuple  # ((path, body text or None), ...): one, or DISTINCT to rotate through

    @property
    def first_path(self) -> str:
        return self.requests[0][0]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api_body(answers: dict) -> str:
    return json.dumps({"answers": answers})


def endpoints(secret: str, anchors: bool) -> list:
    """Every endpoint of the run, in the order of the report (the minimal route first: it is the baseline)."""
    from webapp.web.tokens import make_token  # the app's own token format, so the links are valid

    body = api_body(TYPICAL)
    cold = tuple((f"/results?answers={make_token(secret, variant(i))}", None) for i in range(DISTINCT))
    rows = [
        Endpoint("minimal", "minimal Flask JSON route (POST)", "minimal", "POST", (("/minimal", body),)),
        Endpoint("healthz", "GET /healthz", "app", "GET", (("/healthz", None),)),
        Endpoint("form", "GET / (the form page)", "app", "GET", (("/", None),)),
        Endpoint("api", "POST /api/v1/check (typical profile)", "app", "POST", (("/api/v1/check", body),)),
        Endpoint(
            "api_varied",
            f"POST /api/v1/check ({DISTINCT:,} different bodies)",
            "app",
            "POST",
            tuple(("/api/v1/check", api_body(variant(i))) for i in range(DISTINCT)),
        ),
        Endpoint("api_full", "POST /api/v1/check?detail=full", "app", "POST", (("/api/v1/check?detail=full", body),)),
        Endpoint(
            "results",
            "GET /results?answers=... (one link)",
            "app",
            "GET",
            ((f"/results?answers={make_token(secret, TYPICAL)}", None),),
        ),
        Endpoint(
            "results_cold",
            f"GET /results?answers=... ({DISTINCT:,} links)",
            "app",
            "GET",
            cold,
        ),
        Endpoint(
            "static_page",
            f"fixed page on the same {DISTINCT:,} links (minimal)",
            "minimal",
            "GET",
            cold,
        ),
    ]
    if anchors:
        rows.append(
            Endpoint(
                "openfisca",
                "OpenFisca POST /calculate (3 variables)",
                "openfisca",
                "POST",
                (("/calculate", json.dumps(OPENFISCA_BODY)),),
            )
        )
    return rows


def _lua_string(text: str) -> str:
    if not text.isascii():
        raise ValueError("wrk scripts here carry ASCII text only")
    return json.dumps(text)  # a JSON string literal of ASCII text is a valid Lua string literal


def lua(endpoint: Endpoint, browser: bool) -> str:
    """The wrk script for `endpoint`; `browser` adds Accept-Encoding: gzip, as a browser sends."""
    parts = [BROWSER if browser else ""]
    parts.append(f"wrk.method = {_lua_string(endpoint.method)}\n")
    if endpoint.method == "POST":
        parts.append('wrk.headers["Content-Type"] = "application/json"\n')
    if len(endpoint.requests) == 1:
        path, body = endpoint.requests[0]
        parts.append(f"wrk.path = {_lua_string(path)}\n")
        if body is not None:
            parts.append(f"wrk.body = {_lua_string(body)}\n")
    else:
        items = ",\n".join(
            f"{{{_lua_string(path)}, {_lua_string(body) if body is not None else 'nil'}}}"
            for path, body in endpoint.requests
        )
        parts.append(ROTATE % items)
    parts.append(DONE)
    return "".join(parts)


def parse(output: str) -> dict | None:
    """The figures of one wrk run from the RESULT line its script prints."""
    for line in output.splitlines():
        if line.startswith("RESULT "):
            n, duration, p50, p99, status, *socket_errors = (float(x) for x in line.split()[1:])
            return {
                "requests": int(n),
                "seconds": duration / 1e6,
                "rps": n / (duration / 1e6),
                "p50_ms": p50 / 1000,
                "p99_ms": p99 / 1000,
                "errors": int(status + sum(socket_errors)),
                "detail": f"{int(status)} non-2xx/3xx, {int(sum(socket_errors))} socket",
            }
    return None


def schedule(names: list, rounds: int, interleave: bool = True) -> list:
    """(round, name) in the order to run: round 1 of every endpoint, then round 2, ...; or each in a row."""
    if interleave:
        return [(r, name) for r in range(1, rounds + 1) for name in names]
    return [(r, name) for name in names for r in range(1, rounds + 1)]


# --- CPU accounting -------------------------------------------------------------------------------------------


def stat_fields(text: str) -> tuple:
    """(ppid, utime + stime in clock ticks) from the text of /proc/<pid>/stat."""
    rest = text[text.rindex(")") + 2 :].split()  # the command name may hold spaces and parentheses
    # rest[0] is field 3 (state): ppid is field 4, utime 14 and stime 15
    return int(rest[1]), int(rest[11]) + int(rest[12])


def process_ticks(stats: dict) -> dict:
    """pid -> (command name, CPU ticks) from {pid: /proc/<pid>/stat text}."""
    return {pid: (text[text.index("(") + 1 : text.rindex(")")], stat_fields(text)[1]) for pid, text in stats.items()}


def busiest(before: dict, after: dict, exclude: set) -> dict:
    """(command name, pid) -> CPU ticks used between two process_ticks() readings, for processes not excluded
    (a process that started in between counts whole; one that ended in between is not seen)."""
    used = {}
    for pid, (comm, ticks) in after.items():
        if pid not in exclude:
            delta = ticks - before.get(pid, (comm, 0))[1]
            if delta > 0:
                used[(comm, pid)] = delta
    return used


def children(master: int, stats: dict) -> dict:
    """pid -> CPU ticks of the processes whose parent is `master`, from {pid: /proc/<pid>/stat text}."""
    found = {}
    for pid, text in stats.items():
        ppid, ticks = stat_fields(text)
        if ppid == master:
            found[pid] = ticks
    return found


CPU_FIELDS = ("user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal")


def cpu_totals(text: str) -> dict:
    """The machine's CPU ticks by kind from the first line of /proc/stat (all cores together)."""
    line = text.splitlines()[0].split()
    assert line[0] == "cpu", "the first line of /proc/stat is the total"
    return {kind: int(value) for kind, value in zip(CPU_FIELDS, line[1:], strict=False)}


@dataclass
class Snapshot:
    """What /proc says at one moment: the machine's CPU ticks and the measured server's."""

    seconds: float  # a monotonic clock
    machine: dict  # cpu_totals()
    master: int  # ticks of the gunicorn master
    workers: dict  # pid -> ticks of each worker
    processes: dict | None = None  # process_ticks() of every process


def account(before: Snapshot, after: Snapshot, wrk_seconds: float, requests: int, ticks_per_second: int) -> dict:
    """Where the CPU went during one wrk run.

    worker_ms: the workers' CPU per request (ms); server, wrk, other, steal: cores' worth (1.0 = one core busy
    the whole run): the measured server (workers and master), wrk itself, everything else (the machine's busy
    time minus the two), and time the hypervisor gave to other machines.
    workers_changed: a worker started or stopped during the run, so its figure is incomplete.

    Busy time counts interrupts: with the kernel's usual tick-based accounting a process's utime+stime include
    the interrupt work (loopback networking) done while it ran, which /proc/stat files under irq and softirq.
    """
    wall = after.seconds - before.seconds
    tick = 1.0 / ticks_per_second
    worker_ticks = sum(ticks - before.workers.get(pid, 0) for pid, ticks in after.workers.items())
    server_ticks = worker_ticks + after.master - before.master
    delta = {kind: after.machine[kind] - before.machine[kind] for kind in CPU_FIELDS}
    busy = sum(delta[kind] for kind in ("user", "nice", "system", "irq", "softirq"))
    other_seconds = busy * tick - server_ticks * tick - wrk_seconds
    return {
        "worker_ms": worker_ticks * tick * 1000 / requests if requests else float("nan"),
        "server": server_ticks * tick / wall,
        "wrk": wrk_seconds / wall,
        "other": other_seconds / wall,
        "steal": delta["steal"] * tick / wall,
        "workers_changed": set(before.workers) != set(after.workers),
    }


# --- the report -----------------------------------------------------------------------------------------------


def summarise(runs: list) -> dict | None:
    """The median of each figure over the rounds of one endpoint (None when no round gave a result)."""
    runs = [run for run in runs if run]
    if not runs:
        return None
    keys = ("rps", "p50_ms", "p99_ms", "worker_ms", "other", "steal", "wrk")
    summary = {key: statistics.median(run[key] for run in runs) for key in keys}
    summary["errors"] = sum(run["errors"] for run in runs)
    summary["rounds_rps"] = [run["rps"] for run in runs]
    summary["workers_changed"] = any(run["workers_changed"] for run in runs)
    summary["detail"] = "; ".join(run["detail"] for run in runs if run["errors"])
    return summary


def ratio(rows: dict, name: str, key: str = "rps", base: str = "minimal") -> float | None:
    if rows.get(name) and rows.get(base) and rows[base][key]:
        return rows[name][key] / rows[base][key]
    return None


def table(labels: dict, rows: dict) -> list:
    """The report's lines: one row per endpoint with its medians and its ratios to the minimal route."""
    head = (
        f"{'endpoint':<44}{'req/s':>7}{'x min':>7}  {'each round':<17}{'p50 ms':>7}{'p99 ms':>8}{'errors':>7}"
        f"{'CPU ms/req':>11}{'x min':>7}{'other':>7}{'steal':>7}"
    )
    lines = [head]
    for name, label in labels.items():
        row = rows.get(name)
        if row is None:
            lines.append(f"{label:<44} no result (see wrk's output above)")
            continue
        rps_ratio, cpu_ratio = ratio(rows, name), ratio(rows, name, "worker_ms")
        rounds = "/".join(f"{rps:.0f}" for rps in row["rounds_rps"])
        flag = "*" if row["workers_changed"] else ""
        lines.append(
            f"{label:<44}{row['rps']:>7.0f}{_times(rps_ratio):>7}  {rounds:<17}{row['p50_ms']:>7.1f}"
            f"{row['p99_ms']:>8.1f}{row['errors']:>7}{row['worker_ms']:>10.2f}{flag:1}{_times(cpu_ratio):>7}"
            f"{row['other']:>7.2f}{row['steal']:>7.2f}"
        )
    return lines


def _times(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def verdicts(rows: dict, anchors: bool) -> list:
    """The issue's targets, each from this run's figures: (text, met) with met None when not measured."""
    out = []
    api_min = ratio(rows, "api")
    if api_min is not None:
        out.append((f"API >= {API_VS_MINIMAL:.2f} x minimal route: {api_min:.2f} x", api_min >= API_VS_MINIMAL))
    else:
        out.append((f"API >= {API_VS_MINIMAL:.2f} x minimal route: not measured", None))
    if anchors:
        api_of = ratio(rows, "api", base="openfisca")
        if api_of is not None:
            text = f"API >= {API_VS_OPENFISCA:.0f} x OpenFisca /calculate: {api_of:.2f} x"
            out.append((text, api_of >= API_VS_OPENFISCA))
        else:
            out.append((f"API >= {API_VS_OPENFISCA:.0f} x OpenFisca /calculate: not measured (no result)", None))
    else:
        out.append((f"API >= {API_VS_OPENFISCA:.0f} x OpenFisca /calculate: not measured (run with --anchors)", None))
    cold = ratio(rows, "results_cold")
    if cold is not None:
        text = f"results, {DISTINCT:,} links >= {RESULTS_COLD_VS_MINIMAL:.2f} x minimal route: {cold:.2f} x"
        out.append((text, cold >= RESULTS_COLD_VS_MINIMAL))
    else:
        out.append(
            (f"results, {DISTINCT:,} links >= {RESULTS_COLD_VS_MINIMAL:.2f} x minimal route: not measured", None)
        )
    errors = sum(row["errors"] for row in rows.values() if row)
    out.append((f"no errors: {errors} in all runs", errors == 0))
    return out


def for_info(rows: dict) -> list:
    lines = []
    for name, what in (("results", "results, one link (page cache)"), ("api_varied", "API, varied bodies"),
                       ("api_full", "API, ?detail=full"), ("healthz", "/healthz")):  # fmt: skip
        value = ratio(rows, name)
        if value is not None:
            lines.append(f"{what}: {value:.2f} x minimal route (for information)")
    floor, cold = ratio(rows, "static_page"), ratio(rows, "results_cold")
    if floor is not None and cold is not None:
        lines.append(
            f"a fixed results page of the same size on the same {DISTINCT:,} links, from the minimal app: {floor:.2f} x"
            f" minimal route, the floor under the results page's {cold:.2f} x (gunicorn, Flask and the page's bytes,"
            f" with nothing worked out; no gzip: compare it behind a proxy)"
        )
    return lines


def verdict_word(met: bool | None) -> str:
    return {True: "met", False: "MISSED", None: "not measured"}[met]
