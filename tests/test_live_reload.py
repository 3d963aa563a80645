"""Edits under a running HTTP server: sound ones go live, broken ones never do, and no request fails meanwhile."""

import json
import threading
import time
import urllib.error
import urllib.request

import pytest
from werkzeug.serving import make_server

from tests.support.app import make_app
from tests.support.rulefiles import edit, set_cap

BIG_PROJECT = {
    "answers": {
        "hk_entity": "incorporated",
        "industry": "life_health_tech",
        "production_plan": "new_smart_facility",
        "total_project_cost_hkd": 900000000,
    }
}


def call(url, body=None):
    """(status, decoded JSON) of one request; a failed request is a status, never an exception."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, None
    except OSError as exc:
        return f"{type(exc).__name__}: {exc}", None


def nias_cap(base):
    """(rules version, NIAS estimate for a HK$900m project, which equals the cap) from one API call."""
    status, body = call(f"{base}/api/v1/check", BIG_PROJECT)
    assert status == 200, status
    nias = [r for r in body["results"] if r["id"] == "nias"]
    return body["rules_version"], nias[0]["estimate_hkd"] if nias else None


def wait_for(check, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.02)
    pytest.fail(f"timed out waiting for {check.__doc__ or check}")


class Hammer:
    """Threads sending requests until stopped, recording every status and every (version, cap) seen."""

    def __init__(self, base):
        self.base, self.stop, self.statuses, self.caps = base, threading.Event(), [], []
        targets = [self._api] * 3 + [self._health] * 2
        self.threads = [threading.Thread(target=t, daemon=True) for t in targets]

    def _api(self):
        while not self.stop.is_set():
            status, body = call(f"{self.base}/api/v1/check", BIG_PROJECT)
            self.statuses.append(status)
            if body:
                nias = [r["estimate_hkd"] for r in body["results"] if r["id"] == "nias"]
                self.caps.append((body["rules_version"], nias[0] if nias else None))

    def _health(self):
        while not self.stop.is_set():
            self.statuses.append(call(f"{self.base}/healthz")[0])

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=15)


@pytest.fixture
def served_copy(rules_copy):
    """A real HTTP server on 127.0.0.1 serving a copy of the rules, looking for edits every 50 ms."""
    app = make_app(RULES_DIR=str(rules_copy), RELOAD_INTERVAL=0.05)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield rules_copy, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def test_edits_under_a_running_server_go_live_only_when_sound_and_no_request_fails(served_copy):
    rules, base = served_copy
    with Hammer(base) as hammer:
        first, cap = nias_cap(base)
        assert cap == 200000000
        set_cap(rules, 200000000, 300000000)
        wait_for(lambda: nias_cap(base)[1] == 300000000)
        second = nias_cap(base)[0]
        edit(rules / "nias.yaml", "kind: funding", "kind: grant")
        wait_for(lambda: any("not published" in p for p in call(f"{base}/healthz")[1]["problems"]))
        time.sleep(0.3)  # several more intervals: the broken edit must still not be served
        assert nias_cap(base) == (second, 300000000)
        edit(rules / "nias.yaml", "kind: grant", "kind: funding")
        set_cap(rules, 300000000, 250000000)
        wait_for(lambda: nias_cap(base)[1] == 250000000)
        assert call(f"{base}/healthz")[1]["problems"] == []
    assert len(hammer.statuses) > 50 and set(hammer.statuses) == {200}, set(hammer.statuses)
    # Every response saw one whole version: a version never comes with another version's cap, nor without NIAS.
    by_version = {}
    for version, seen_cap in hammer.caps:
        by_version.setdefault(version, set()).add(seen_cap)
    assert all(len(caps) == 1 and None not in caps for caps in by_version.values()), by_version
    assert {first, second} <= set(by_version)
