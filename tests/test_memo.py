"""A reload takes unchanged files from the memo of the last load, and gives exactly what a load from nothing gives."""

import datetime as dt
import shutil
import threading

import pytest

from tests.support.app import RULES, TODAY_DATE
from webapp.rulebook.loader import load_rules
from webapp.rulebook.memo import FileMemo


def _as_data(programmes: dict) -> dict:
    """Programmes compare by identity (caches key on them): what each holds, to compare two loads."""
    return {pid: (p.spec, p.conditions, p.file) for pid, p in programmes.items()}


def _same(memo_rules, fresh):
    assert memo_rules.version == fresh.version and memo_rules.files == fresh.files
    assert memo_rules.problems == fresh.problems
    assert list(memo_rules.programmes) == list(fresh.programmes)
    assert _as_data(memo_rules.programmes) == _as_data(fresh.programmes)
    assert _as_data({pid: p for pid, (p, _) in memo_rules.parsed.items()}) == _as_data(
        {pid: p for pid, (p, _) in fresh.parsed.items()}
    )
    assert [(located.data, located.lines.root) for _, located in memo_rules.parsed.values()] == [
        (located.data, located.lines.root) for _, located in fresh.parsed.values()
    ]
    assert memo_rules.questionnaire == fresh.questionnaire and memo_rules.checked == fresh.checked
    for lang in ("zh-Hant", "zh-Hans"):
        if fresh.questionnaire is None:
            assert memo_rules.translation(lang) is fresh.translation(lang) is None
            continue
        questionnaire, programmes = fresh.translation(lang)
        assert memo_rules.translation(lang)[0] == questionnaire
        assert _as_data(memo_rules.translation(lang)[1]) == _as_data(programmes)


@pytest.fixture
def rules_dir(tmp_path):
    shutil.copytree(RULES, tmp_path / "rules")
    return tmp_path / "rules"


def _append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_reload_after_one_edit_reads_that_file_only_and_keeps_the_other_programmes(rules_dir):
    memo = FileMemo()
    first = load_rules(rules_dir, TODAY_DATE, memo=memo)
    assert memo.reused == 0
    before = first.translation("zh-Hant")[1]  # made after the load, on first use, as a request makes it
    _append(rules_dir / "amc.yaml", "# an edit that changes nothing else\n")
    again = load_rules(rules_dir, TODAY_DATE, memo=memo)
    programme_files = len([f for f in first.files if not f.endswith(("questions.yaml", "_costs.yaml"))])
    assert memo.reused == programme_files - 1
    assert again.programmes["nias"] is first.programmes["nias"]
    after = again.translation("zh-Hant")[1]
    assert after["nias"] is before["nias"]  # kept through the reload, though made after the first load ended
    assert after["amc"] is not before["amc"] and after["amc"].name == before["amc"].name
    assert again.programmes["amc"] is not first.programmes["amc"]
    assert again.version != first.version
    _same(again, load_rules(rules_dir, TODAY_DATE))


EDITS = {
    "a syntax error": lambda d: _append(d / "nias.yaml", "criteria: [unclosed\n"),
    "a failing example": lambda d: _replace(d / "amc.yaml", "    verdict: likely\n", "    verdict: unlikely\n"),
    "a removed file": lambda d: (d / "tvp.yaml").unlink(),
    "a new file": lambda d: shutil.copy(d / "tvp.yaml", d / "tvp_copy.yaml"),
    "an edited questionnaire": lambda d: _append(d / "questions.yaml", "# the questionnaire changed\n"),
    "an edited list of costs": lambda d: _append(d / "_costs.yaml", "# the costs changed\n"),
    "a question renamed": lambda d: _replace(d / "questions.yaml", "- id: train_staff\n", "- id: train_staff_now\n"),
    "a broken questionnaire": lambda d: _append(d / "questions.yaml", "questions: [unclosed\n"),
}


@pytest.mark.parametrize("edit", EDITS)
def test_after_any_edit_the_reload_equals_a_load_from_nothing(rules_dir, edit):
    memo = FileMemo()
    load_rules(rules_dir, TODAY_DATE, memo=memo)
    EDITS[edit](rules_dir)
    again = load_rules(rules_dir, TODAY_DATE, memo=memo)
    fresh = load_rules(rules_dir, TODAY_DATE)
    _same(again, fresh)
    broken = {"a syntax error": "nias.yaml", "a failing example": "amc.yaml", "a question renamed": "nittp.yaml"}.get(
        edit
    )
    if broken:
        assert any(p.file.endswith(broken) for p in again.errors)
    # ... and the edit undone, again.
    shutil.rmtree(rules_dir)
    shutil.copytree(RULES, rules_dir)
    _same(load_rules(rules_dir, TODAY_DATE, memo=memo), load_rules(rules_dir, TODAY_DATE))


def test_a_failing_example_of_another_programme_is_found_although_that_file_is_unchanged(rules_dir):
    """Examples run at every load: a programme taken from the memo is still checked against the others."""
    memo = FileMemo()
    first = load_rules(rules_dir, TODAY_DATE, memo=memo)
    assert not first.errors
    # rth_nias requires an approval under nias; with nias gone, its examples that count on it cannot pass.
    (rules_dir / "nias.yaml").unlink()
    again = load_rules(rules_dir, TODAY_DATE, memo=memo)
    _same(again, load_rules(rules_dir, TODAY_DATE))
    assert any(p.file.endswith("rth_nias.yaml") for p in again.errors)


def test_another_date_reads_every_file_again(rules_dir):
    memo = FileMemo()
    load_rules(rules_dir, TODAY_DATE, memo=memo)
    later = TODAY_DATE + dt.timedelta(days=400)
    again = load_rules(rules_dir, later, memo=memo)
    assert memo.reused == 0
    _same(again, load_rules(rules_dir, later))


def test_a_load_that_fails_leaves_the_memo_as_it_was(rules_dir, monkeypatch):
    import webapp.rulebook.loader as loader

    memo = FileMemo()
    load_rules(rules_dir, TODAY_DATE, memo=memo)

    def broken(*args):
        raise RuntimeError("interrupted")

    monkeypatch.setattr(loader, "cross_check", broken)  # _guarded turns it into a problem: not a failure
    monkeypatch.setattr(loader, "_rule_set", broken)
    with pytest.raises(RuntimeError):
        load_rules(rules_dir, TODAY_DATE, memo=memo)
    monkeypatch.undo()
    again = load_rules(rules_dir, TODAY_DATE, memo=memo)
    assert memo.reused > 30
    _same(again, load_rules(rules_dir, TODAY_DATE))


def test_the_memo_lets_go_of_what_an_edit_or_a_removal_replaced(rules_dir):
    import gc
    import weakref

    memo = FileMemo()
    first = load_rules(rules_dir, TODAY_DATE, memo=memo)
    edited, removed, kept = (weakref.ref(first.programmes[pid]) for pid in ("amc", "tvp", "nias"))
    _append(rules_dir / "amc.yaml", "# edited\n")
    (rules_dir / "tvp.yaml").unlink()
    again = load_rules(rules_dir, TODAY_DATE, memo=memo)
    del first
    gc.collect()
    assert edited() is None and removed() is None  # neither the memo nor the new rules hold them
    assert kept() is again.programmes["nias"]


def test_the_texts_in_other_languages_are_made_on_first_use_once_even_by_two_requests_at_once(rules_dir):
    rules = load_rules(rules_dir, TODAY_DATE, memo=FileMemo())
    assert rules.translations == {}  # a load (or `rules check`) makes no other language
    assert rules.in_language("en") is rules
    made, start = [], threading.Barrier(4)

    def ask(lang):
        start.wait()
        made.append((lang, rules.in_language(lang)))

    threads = [threading.Thread(target=ask, args=(lang,)) for lang in ("zh-Hant", "zh-Hans") * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(rules.translations) == {"zh-Hant", "zh-Hans"}
    for lang in ("zh-Hant", "zh-Hans"):
        assert len({id(found) for code, found in made if code == lang}) == 1
        localised = rules.in_language(lang)
        assert localised.programmes["nias"].name != rules.programmes["nias"].name
        assert localised.programmes["nias"].compiled is rules.programmes["nias"].compiled


def test_a_language_that_cannot_be_made_shows_the_rules_in_english_and_is_logged_once(rules_dir, caplog):
    rules = load_rules(rules_dir, TODAY_DATE)
    calls = []

    def broken(lang):
        calls.append(lang)
        raise ValueError("a bug in making the texts")

    rules.translate = broken
    assert rules.in_language("zh-Hant") is rules and rules.in_language("zh-Hant") is rules
    assert rules.translation("zh-Hant") is None and calls == ["zh-Hant"]
    assert "could not make the rules' texts in zh-Hant" in caplog.text


def test_a_file_taken_from_the_memo_keeps_what_the_checks_listed_of_it(rules_dir):
    """The checks across files list the questions each file names and its texts with a brace once: a reload takes
    those lists with the unchanged files (they depend on the file's data alone), and lists the edited file anew."""
    memo = FileMemo()
    first = load_rules(rules_dir, TODAY_DATE, memo=memo)
    _append(rules_dir / "nias.yaml", "\n# an edit\n")
    second = load_rules(rules_dir, TODAY_DATE, memo=memo)
    fresh = load_rules(rules_dir, TODAY_DATE)
    for pid, (_, located) in second.parsed.items():
        assert located.lists == fresh.parsed[pid][1].lists and located.lists  # the same lists as a load from nothing
        kept = located.lists is first.parsed[pid][1].lists
        assert kept == (pid != "nias")  # taken from the memo, not made again; the edited file's made anew
