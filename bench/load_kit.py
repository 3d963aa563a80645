"""Helpers for bench/load: a free port, the wrk scripts for each endpoint, and the report table."""

from __future__ import annotations

import json
import os
import socket
import sys
from pathlib import Path

from bench.profiles import TYPICAL, variant
from webapp.web.tokens import make_token

# name -> what each run measures, in the order of the report.
ENDPOINTS = {
    "healthz": "GET /healthz (the baseline)",
    "form": "GET / (the form page)",
    "api": "POST /api/v1/check (JSON)",
    "results": "GET /results?answers=<token> (one permalink)",
    "results_cold": "GET /results?answers=<token> (1,000 different permalinks)",
}
TARGETS = {"api": 0.50, "results": 0.35}
DISTINCT_LINKS = 1000
BROWSER = 'wrk.headers["Accept-Encoding"] = "gzip"\n'
DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f\\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(99), e.status, e.connect, e.read, e.write,
    e.timeout))
end
"""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string literal is a valid Lua string literal for this ASCII text


def scripts(secret: str) -> dict:
    """name -> (path to request, wrk Lua script)."""
    body = json.dumps({"answers": TYPICAL})
    token = make_token(secret, TYPICAL)
    links = ",\n".join(_lua_string(f"/results?answers={make_token(secret, variant(i))}") for i in range(DISTINCT_LINKS))
    rotate = f"""
local links = {{
{links}
}}
local i = 0
request = function()
  i = i % #links + 1
  return wrk.format(nil, links[i])
end
"""
    post = f'wrk.method = "POST"\nwrk.body = {_lua_string(body)}\nwrk.headers["Content-Type"] = "application/json"\n'
    return {
        "healthz": ("/healthz", BROWSER + DONE),
        "form": ("/", BROWSER + DONE),
        "api": ("/api/v1/check", BROWSER + post + DONE),
        "results": (f"/results?answers={token}", BROWSER + DONE),
        "results_cold": ("/results", BROWSER + rotate + DONE),
    }


def prepare(work: Path) -> None:
    """Write <name>.lua and <name>.path for every endpoint into `work`."""
    for name, (path, lua) in scripts(os.environ["CHECKER_SECRET_KEY"]).items():
        (work / f"{name}.lua").write_text(lua, encoding="ascii")
        (work / f"{name}.path").write_text(path, encoding="ascii")


def parse(output: str) -> dict | None:
    """The figures of one wrk run from its RESULT line."""
    for line in output.splitlines():
        if line.startswith("RESULT "):
            n, duration, p50, p99, status, *socket_errors = (float(x) for x in line.split()[1:])
            return {
                "rps": n / (duration / 1e6),
                "p50_ms": p50 / 1000,
                "p99_ms": p99 / 1000,
                "errors": int(status + sum(socket_errors)),
                "detail": f"{int(status)} non-2xx/3xx, {int(sum(socket_errors))} socket",
            }
    return None


def report(work: Path, names: list) -> int:
    """Print the table; 1 if a run failed or had errors."""
    runs = {name: parse((work / f"{name}.out").read_text()) for name in names}
    base = runs.get("healthz")
    print(f"{'endpoint':<62}{'req/s':>8}{'p50':>12}{'p99':>12}{'errors':>8}  {'req/s':>6}{'p50':>7}{'p99':>7}")
    print(f"{'':<62}{'':>8}{'':>12}{'':>12}{'':>8}  {'ratio to /healthz':>20}")
    for name, run in runs.items():
        if run is None:
            print(f"{ENDPOINTS[name]:<62} wrk gave no result (see its output above)")
            continue
        ratios = _ratios(run, base)
        print(
            f"{ENDPOINTS[name]:<62}{run['rps']:>8.0f}{run['p50_ms']:>9.1f} ms{run['p99_ms']:>9.1f} ms"
            f"{run['errors']:>8}  {ratios}"
        )
    _verdicts(runs, base)
    return 1 if any(r is None or r["errors"] for r in runs.values()) else 0


def _ratios(run: dict, base: dict | None) -> str:
    if not base:
        return ""
    return (
        f"{run['rps'] / base['rps']:>6.2f}{run['p50_ms'] / base['p50_ms']:>7.1f}{run['p99_ms'] / base['p99_ms']:>7.1f}"
    )


def _verdicts(runs: dict, base: dict | None) -> None:
    if not base:
        return
    for name, target in TARGETS.items():
        if runs.get(name):
            ratio = runs[name]["rps"] / base["rps"]
            flag = "met" if ratio >= target else "MISSED"
            print(f" - {name}: throughput {ratio:.0%} of /healthz (target >= {target:.0%}: {flag})")
    errors = sum(r["errors"] for r in runs.values() if r)
    print(f" - errors: {errors} in all runs (target 0: {'met' if errors == 0 else 'MISSED'})")
    for name, run in runs.items():
        if run and run["errors"]:
            print(f"   {name}: {run['detail']}")


def main(argv: list) -> int:
    command = argv[0] if argv else ""
    if command == "free-port":
        print(free_port())
        return 0
    if command == "prepare":
        prepare(Path(argv[1]))
        return 0
    if command == "report":
        return report(Path(argv[1]), argv[2:])
    print("usage: python -m bench.load_kit free-port | prepare DIR | report DIR NAME...", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
