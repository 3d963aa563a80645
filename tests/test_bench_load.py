"""The pure parts of bench/load on made-up input: wrk's RESULT line, CPU accounting from fake /proc text, the
order of the interleaved rounds, the ratio table and the targets. Nothing here is timed or starts a server."""

import json
from pathlib import Path

import pytest

from bench import load_kit as kit
from bench import minimal_app as minimal_module
from bench.load_bench import COPIED_SETTINGS, openfisca_config, openfisca_numbers
from bench.minimal_app import app as minimal_app


def stat(pid, comm, ppid, utime, stime):
    """A /proc/<pid>/stat line with the fields bench.load_kit reads in their places (14 and 15 are the times)."""
    fields = ["S", str(ppid), "1", "1", "0", "-1", "4194560", "100", "0", "0", "0", str(utime), str(stime)]
    return f"{pid} ({comm}) {' '.join(fields)} 0 0 20 0 1 0 1234 5678 90\n"


def proc_stat(user, nice, system, idle, iowait, irq, softirq, steal):
    return f"cpu  {user} {nice} {system} {idle} {iowait} {irq} {softirq} {steal} 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n"


# --- wrk -------------------------------------------------------------------------------------------------------


def test_the_result_line_gives_requests_per_second_latency_and_errors():
    output = "Running 10s test @ http://127.0.0.1:1\n  2 threads\nRESULT 5000 10000000 12500 98000 3 1 0 2 4\n"
    run = kit.parse(output)
    assert run["requests"] == 5000
    assert run["seconds"] == 10
    assert run["rps"] == 500
    assert (run["p50_ms"], run["p99_ms"]) == (12.5, 98)
    assert run["errors"] == 10
    assert run["detail"] == "3 non-2xx/3xx, 7 socket"


def test_no_result_line_is_no_result():
    assert kit.parse("unable to connect to 127.0.0.1:1 Connection refused\n") is None


# --- CPU accounting --------------------------------------------------------------------------------------------


def test_stat_fields_read_the_parent_and_cpu_after_a_command_name_with_spaces_and_parentheses():
    assert kit.stat_fields(stat(42, "gunicorn: worker [app (x) y]", 7, 150, 30)) == (7, 180)


def test_the_workers_are_the_masters_children_only():
    stats = {
        10: stat(10, "gunicorn: master", 1, 5, 5),
        11: stat(11, "gunicorn: worker", 10, 100, 20),
        12: stat(12, "gunicorn: worker", 10, 200, 40),
        13: stat(13, "python", 11, 999, 999),  # a worker's child (a PDF renderer) is not a worker
        14: stat(14, "wrk", 2, 50, 50),
    }
    assert kit.children(10, stats) == {11: 120, 12: 240}


def test_cpu_totals_read_the_first_line_of_proc_stat():
    totals = kit.cpu_totals(proc_stat(100, 1, 20, 500, 3, 0, 7, 2))
    assert totals == {
        "user": 100,
        "nice": 1,
        "system": 20,
        "idle": 500,
        "iowait": 3,
        "irq": 0,
        "softirq": 7,
        "steal": 2,
    }


def test_accounting_splits_the_machines_cpu_between_server_wrk_and_everything_else():
    before = kit.Snapshot(100.0, kit.cpu_totals(proc_stat(1000, 0, 500, 9000, 0, 0, 100, 0)), 50, {11: 300, 12: 400})
    # 10 s later at 100 ticks a second: 1,500 busy ticks (user 1,000 + system 400 + softirq 100) = 1.5 cores;
    # the workers used 600 + 500 ticks, the master 10, wrk 2 s; 2,000 requests; 20 ticks stolen.
    after = kit.Snapshot(110.0, kit.cpu_totals(proc_stat(2000, 0, 900, 9500, 0, 0, 200, 20)), 60, {11: 900, 12: 900})
    figures = kit.account(before, after, wrk_seconds=2.0, requests=2000, ticks_per_second=100)
    assert figures["worker_ms"] == pytest.approx(1100 / 100 * 1000 / 2000)  # 5.5 ms a request
    assert figures["server"] == pytest.approx(1.11)
    assert figures["wrk"] == pytest.approx(0.2)
    assert figures["other"] == pytest.approx(1.5 - 1.11 - 0.2)
    assert figures["steal"] == pytest.approx(0.02)
    assert figures["workers_changed"] is False


def test_a_worker_started_during_the_run_counts_whole_and_is_flagged():
    machine = kit.cpu_totals(proc_stat(0, 0, 0, 0, 0, 0, 0, 0))
    before = kit.Snapshot(0.0, machine, 0, {11: 300})
    after = kit.Snapshot(1.0, machine, 0, {11: 400, 15: 50})
    figures = kit.account(before, after, wrk_seconds=0.0, requests=150, ticks_per_second=100)
    assert figures["worker_ms"] == pytest.approx(1500 / 150)
    assert figures["workers_changed"] is True


# --- rounds ----------------------------------------------------------------------------------------------------


def test_rounds_are_interleaved_round_by_round():
    assert kit.schedule(["minimal", "api", "results"], 2) == [
        (1, "minimal"),
        (1, "api"),
        (1, "results"),
        (2, "minimal"),
        (2, "api"),
        (2, "results"),
    ]


def test_sequential_rounds_keep_each_endpoint_together():
    assert kit.schedule(["minimal", "api"], 3, interleave=False) == [
        (1, "minimal"),
        (2, "minimal"),
        (3, "minimal"),
        (1, "api"),
        (2, "api"),
        (3, "api"),
    ]


# --- the report ------------------------------------------------------------------------------------------------


def run(rps, worker_ms=1.0, errors=0, other=0.0):
    return {"rps": rps, "p50_ms": 10.0, "p99_ms": 20.0, "worker_ms": worker_ms, "other": other, "steal": 0.0,
            "wrk": 0.3, "errors": errors, "detail": f"{errors} non-2xx/3xx, 0 socket", "workers_changed": False}  # fmt: skip


def test_the_summary_is_the_median_of_the_rounds_with_errors_added_up():
    summary = kit.summarise([run(900, errors=1), run(1000), run(2000, errors=2), None])
    assert summary["rps"] == 1000
    assert summary["errors"] == 3
    assert summary["rounds_rps"] == [900, 1000, 2000]
    assert kit.summarise([None, None]) is None


def rows(**rps):
    return {name: kit.summarise([run(value, worker_ms=value / 1000)]) for name, value in rps.items()}


def test_the_table_gives_every_endpoint_as_a_ratio_to_the_minimal_route():
    lines = kit.table({"minimal": "minimal", "api": "api", "results_cold": "cold"}, rows(minimal=2000, api=500))
    minimal_line, api_line, cold_line = lines[1:]
    assert minimal_line.split()[1:3] == ["2000", "1.00"]
    assert api_line.split()[1:3] == ["500", "0.25"]
    assert api_line.split()[-4:-2] == ["0.50", "0.25"]  # CPU ms a request, and as a ratio to the minimal route's
    assert "no result" in cold_line


def test_targets_met_and_missed_from_the_same_run():
    figures = rows(minimal=1000, api=400, results_cold=249, openfisca=201)
    found = dict(kit.verdicts(figures, anchors=True))
    assert found["API >= 0.40 x minimal route: 0.40 x"] is True
    assert found["API >= 2 x OpenFisca /calculate: 1.99 x"] is False
    assert found["results, 1,000 links >= 0.25 x minimal route: 0.25 x"] is False  # 0.249, shown rounded
    assert found["no errors: 0 in all runs"] is True


def test_without_anchors_the_openfisca_target_says_it_was_not_measured():
    found = dict(kit.verdicts(rows(minimal=1000, api=500, results_cold=300), anchors=False))
    assert found["API >= 2 x OpenFisca /calculate: not measured (run with --anchors)"] is None
    assert kit.verdict_word(None) == "not measured"
    assert found["API >= 0.40 x minimal route: 0.50 x"] is True


def test_errors_miss_the_error_target():
    figures = {"minimal": kit.summarise([run(1000)]), "api": kit.summarise([run(500, errors=4)])}
    assert dict(kit.verdicts(figures, anchors=False))["no errors: 4 in all runs"] is False


# --- endpoints and wrk scripts ---------------------------------------------------------------------------------


def test_the_endpoints_start_with_the_minimal_route_and_rotate_distinct_requests():
    rows_ = kit.endpoints("test-secret", anchors=False)
    names = [e.name for e in rows_]
    assert names == [
        "minimal", "healthz", "form", "api", "api_varied", "api_full", "results", "results_cold", "static_page"
    ]  # fmt: skip
    by_name = {e.name: e for e in rows_}
    assert len(set(by_name["api_varied"].requests)) == kit.DISTINCT
    assert len(set(by_name["results_cold"].requests)) == kit.DISTINCT
    assert by_name["api_full"].first_path == "/api/v1/check?detail=full"
    assert by_name["minimal"].requests[0][1] == by_name["api"].requests[0][1]  # the same body to both
    assert by_name["static_page"].requests == by_name["results_cold"].requests  # the same links, to the minimal app
    assert by_name["static_page"].server == "minimal"
    assert [e.name for e in kit.endpoints("test-secret", anchors=True)][-1] == "openfisca"


def test_a_browser_script_asks_for_gzip_and_a_proxy_script_does_not():
    endpoint = kit.Endpoint("api", "api", "app", "POST", (("/api/v1/check", '{"answers": {}}'),))
    browser, proxy = kit.lua(endpoint, browser=True), kit.lua(endpoint, browser=False)
    assert 'wrk.headers["Accept-Encoding"] = "gzip"' in browser
    assert "Accept-Encoding" not in proxy
    assert 'wrk.body = "{\\"answers\\": {}}"' in proxy
    assert 'wrk.method = "POST"' in proxy and "RESULT" in proxy


def test_a_rotating_script_lists_every_request_once():
    endpoint = kit.Endpoint("cold", "cold", "app", "GET", tuple((f"/results?answers=t{i}", None) for i in range(3)))
    script = kit.lua(endpoint, browser=False)
    assert script.count('{"/results?answers=t') == 3
    assert "i = i % #items + 1" in script
    with pytest.raises(ValueError):
        kit.lua(kit.Endpoint("x", "x", "app", "GET", (("/é", None),)), browser=False)


def test_the_openfisca_answer_must_hold_three_numbers():
    month = kit.OPENFISCA_MONTH
    answer = {"persons": {"Ada": {name: {month: 1.5} for name in kit.OPENFISCA_VARIABLES}}}
    assert openfisca_numbers(answer) == dict.fromkeys(kit.OPENFISCA_VARIABLES, 1.5)
    answer["persons"]["Ada"]["basic_income"][month] = None
    with pytest.raises(ValueError, match="basic_income"):
        openfisca_numbers(answer)
    body = kit.OPENFISCA_BODY["persons"]["Ada"]
    assert all(body[name] == {month: None} for name in kit.OPENFISCA_VARIABLES)


def test_openfisca_gets_a_copy_of_the_checkers_worker_settings(tmp_path):
    import webapp.serving.gunicorn as settings

    copied = {}
    exec(Path(openfisca_config(tmp_path, settings)).read_text(), {}, copied)
    assert copied == {name: getattr(settings, name) for name in COPIED_SETTINGS}


def test_the_minimal_route_answers_a_small_json_object():
    client = minimal_app.test_client()
    response = client.post("/minimal", data=json.dumps({"answers": {"a": 1, "b": 2}}), content_type="application/json")
    assert response.status_code == 200
    assert response.get_json() == {"ok": True, "answers": 2}


def test_the_minimal_app_answers_the_same_page_for_every_link_and_404_without_one(tmp_path, monkeypatch):
    page = tmp_path / "page.html"
    page.write_text("<!doctype html><title>Results</title><p>約 HK$150m</p>", encoding="utf-8")
    client = minimal_app.test_client()
    minimal_module._static_page.cache_clear()
    monkeypatch.delenv("BENCH_STATIC_PAGE", raising=False)
    assert client.get("/results?answers=a").status_code == 404
    monkeypatch.setenv("BENCH_STATIC_PAGE", str(page))
    answers = [client.get(f"/results?answers=t{i}") for i in range(3)]
    assert {a.status_code for a in answers} == {200}
    assert {a.get_data(as_text=True) for a in answers} == {page.read_text(encoding="utf-8")}
    minimal_module._static_page.cache_clear()


def test_the_floor_line_compares_the_fixed_page_with_the_results_page():
    figures = {
        name: kit.summarise([run(n)]) for name, n in (("minimal", 1000), ("results_cold", 150), ("static_page", 750))
    }
    line = next(line for line in kit.for_info(figures) if "fixed results page" in line)
    assert "0.75 x minimal route" in line and "results page's 0.15 x" in line
    assert not [line for line in kit.for_info({"minimal": figures["minimal"]}) if "fixed" in line]


def test_the_busiest_other_processes_leave_out_the_measured_ones():
    before = kit.process_ticks({1: stat(1, "python", 0, 100, 0), 2: stat(2, "gunicorn: worker", 9, 50, 0)})
    after = kit.process_ticks(
        {1: stat(1, "python", 0, 160, 5), 2: stat(2, "gunicorn: worker", 9, 500, 0), 3: stat(3, "pytest", 0, 7, 1)}
    )
    assert kit.busiest(before, after, exclude={2}) == {("python", 1): 65, ("pytest", 3): 8}
