"""The rule store picks up sound edits without a restart, holds back edits that break a file, and looks cheaply."""

import datetime as dt
import gc
import logging
import threading
import time
import weakref

from tests.support.app import TODAY, make_app
from tests.support.rulefiles import edit, line_of, set_cap
from webapp.rulebook import store as store_module
from webapp.rulebook.store import RuleStore


def cap_in_use(store):
    return store.current().programmes["nias"].spec.parameters["max_funding"].values[0].value


def new_store(rules_dir, interval):
    return RuleStore(rules_dir, lambda: dt.date.fromisoformat(TODAY), interval)


def after_interval(store):
    """The rules a request gets once the reload that the interval's end starts in the background is over."""
    time.sleep(store.interval * 2 + 0.01)
    store.current()
    store.wait_for_reload()
    return store.current()


def test_a_sound_edit_is_served_by_the_next_request_after_the_interval(rules_copy):
    store = new_store(rules_copy, 0.01)
    before = store.current().version
    set_cap(rules_copy, 200000000, 300000000)
    assert after_interval(store).version != before
    assert cap_in_use(store) == 300000000


def test_looking_for_edits_costs_one_directory_scan_per_interval_not_per_request(rules_copy, monkeypatch):
    store = new_store(rules_copy, 60)
    store.current()
    scans = []
    original = store._scan
    monkeypatch.setattr(store, "_scan", lambda: scans.append(1) or original())
    for _ in range(200):
        store.current()
    assert scans == []
    store._next_check = 0  # as if the interval had passed
    for _ in range(200):
        store.current()
    assert len(scans) == 1


def test_a_reload_interval_of_zero_never_reloads(rules_copy):
    store = new_store(rules_copy, 0)
    first = store.current()
    set_cap(rules_copy, 200000000, 300000000)
    time.sleep(0.02)
    assert store.current() is first


def test_an_edit_that_breaks_a_file_is_not_published_and_is_listed_as_pending(rules_copy, caplog):
    store = new_store(rules_copy, 0.01)
    good = store.current()
    # ESS: no other programme requires it (a broken nias.yaml also holds back rth_nias, whose examples need NIAS).
    edit(rules_copy / "ess.yaml", "kind: funding", "kind: grant")
    with caplog.at_level(logging.ERROR, logger="webapp.rulebook.store"):
        served = after_interval(store)
    assert served.version == good.version and "ess" in served.programmes
    pending = [str(p) for p in served.problems if p.severity == "not published"]
    line = line_of(rules_copy / "ess.yaml", "kind: grant")
    assert len(pending) == 1 and pending[0].startswith(f"rules/ess.yaml:{line}: not published: 'kind'")
    assert f"rules/ess.yaml:{line}: 'kind'" in caplog.text
    assert served.errors == [], "a held edit must not look like a file left out of the results"
    edit(rules_copy / "ess.yaml", "kind: grant", "kind: funding")
    set_cap(rules_copy, 200000000, 250000000)
    assert after_interval(store).problems == []
    assert cap_in_use(store) == 250000000


def test_healthz_reports_the_version_in_use_and_the_pending_problems(rules_copy):
    client = make_app(RULES_DIR=str(rules_copy), RELOAD_INTERVAL=0.01).test_client()
    version = client.get("/healthz").get_json()["rules_version"]
    edit(rules_copy / "vpas.yaml", "kind: talent", "kind: people")
    time.sleep(0.05)
    client.get("/healthz")  # starts the reload in the background
    client.application.extensions["rules"].wait_for_reload()
    health = client.get("/healthz").get_json()
    line = line_of(rules_copy / "vpas.yaml", "kind: people")
    assert health["rules_version"] == version
    assert any(p.startswith(f"rules/vpas.yaml:{line}: not published: 'kind'") for p in health["problems"])


def test_a_file_broken_at_start_up_stays_out_while_edits_to_other_files_are_published(rules_copy):
    edit(rules_copy / "vpas.yaml", "kind: talent", "kind: people")
    store = new_store(rules_copy, 0.01)
    assert "vpas" not in store.current().programmes and "nias" in store.current().programmes
    set_cap(rules_copy, 200000000, 300000000)
    assert "vpas" not in after_interval(store).programmes
    assert cap_in_use(store) == 300000000


def test_a_new_file_with_an_error_is_not_published(rules_copy):
    store = new_store(rules_copy, 0.01)
    good = store.current()
    (rules_copy / "draft.yaml").write_text("id: draft\n")
    assert after_interval(store).version == good.version


def test_only_one_thread_reloads_and_the_others_keep_serving(rules_copy, monkeypatch):
    store = new_store(rules_copy, 0.01)
    old = store.current()
    running, peak = [0], [0]
    real_load = store_module.load_rules

    def slow_load(*args, **kwargs):
        running[0] += 1
        peak[0] = max(peak[0], running[0])
        time.sleep(0.2)
        running[0] -= 1
        return real_load(*args, **kwargs)

    monkeypatch.setattr(store_module, "load_rules", slow_load)
    set_cap(rules_copy, 200000000, 300000000)
    time.sleep(0.03)
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(store.current())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(rules is old for rules in seen) >= 6, "the other requests must not wait for the reload"
    store.wait_for_reload()  # (the reload thread may not have started loading yet)
    assert peak[0] == 1
    assert cap_in_use(store) == 300000000


def test_a_rules_directory_that_disappears_for_a_moment_is_not_published(rules_copy):
    store = new_store(rules_copy, 0.01)
    good = store.current()
    moved = rules_copy.with_name("rules-moved")
    rules_copy.rename(moved)
    try:
        served = after_interval(store)
        assert served.version == good.version and served.programmes == good.programmes
        assert any("cannot read the rules directory" in str(p) for p in served.problems)
    finally:
        moved.rename(rules_copy)
    assert after_interval(store).problems == []


def test_a_site_without_a_readable_questionnaire_takes_any_load_that_fixes_it(rules_copy):
    questions = rules_copy / "questions.yaml"
    text = questions.read_text()
    questions.write_text("title: [unclosed\n")
    edit(rules_copy / "vpas.yaml", "kind: talent", "kind: people")
    store = new_store(rules_copy, 0.01)
    assert store.current().questionnaire is None
    questions.write_text(text)
    served = after_interval(store)
    assert served.questionnaire is not None and "nias" in served.programmes and "vpas" not in served.programmes


def test_the_rules_in_use_are_out_of_the_garbage_collectors_sight_and_replaced_ones_are_still_freed(rules_copy):
    store = new_store(rules_copy, 0.01)
    first = store.current()
    programme = first.programmes["nias"]
    assert gc.get_freeze_count() > 0
    assert all(o is not programme for o in gc.get_objects())  # frozen: no collection traverses it
    gone = weakref.ref(programme.spec.parameters["max_funding"])
    del first, programme
    set_cap(rules_copy, 200000000, 300000000)
    after_interval(store)
    assert cap_in_use(store) == 300000000
    assert gone() is None  # the replaced rules were freed although frozen: they hold no reference cycle
