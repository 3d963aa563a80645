"""Loading the rules directory: every file parsed, validated and cross-checked, every problem located."""

from __future__ import annotations

import datetime as dt
import functools
import gc
import hashlib
from pathlib import Path

from webapp.config import HONG_KONG
from webapp.engine.model import Programme, Questionnaire
from webapp.rulebook import schema
from webapp.rulebook.costs import COSTS_FILE, load_costs
from webapp.rulebook.crosscheck import BRACED, REFS, check_file, cross_check, list_braced, list_refs, set_aside
from webapp.rulebook.derived import add_derived_texts, question_names
from webapp.rulebook.drafts import TEXTS, check_draft_rules, check_hard_coded_figures, list_texts
from webapp.rulebook.examples import check_examples
from webapp.rulebook.filechecks import check_estimate, check_parameters, check_placeholders, check_window
from webapp.rulebook.filesafety import UnsafeFile, read_rule_bytes
from webapp.rulebook.localise import (
    PROGRAMME_TEXT,
    QUESTIONNAIRE_TEXT,
    english_and_missing,
    localise,
    translated,
)
from webapp.rulebook.located import Located, Problem
from webapp.rulebook.memo import FileMemo
from webapp.rulebook.parser import ConditionParser
from webapp.rulebook.questionnaire import load_questionnaire
from webapp.rulebook.readahead import ReadAhead
from webapp.rulebook.ruleset import RuleSet
from webapp.rulebook.staleness import DEFAULT_STALE_AFTER_DAYS, check_stale
from webapp.rulebook.yamlsource import CROSS_CHECK, parse_file

QUESTIONS_FILE = "questions.yaml"
MISSING_TRANSLATION = "missing translation"


def rule_files(rules_dir: Path) -> list:
    """The YAML files that make up the rules, in a stable order."""
    return sorted(
        p for p in Path(rules_dir).iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith(("_", "."))
    )


def content_hash(files, contents: dict | None = None) -> str:
    """A short hash of the names and contents of the rule files: the rules version. `contents`: the bytes of the
    files already read (path -> bytes), so that the version is that of the very bytes parsed."""
    digest = hashlib.sha256()
    for path in files:
        content = (contents or {}).get(path)
        if content is None:
            content = _content(path)
        if content is None:  # removed while loading (the next look loads again), or not a file the loader reads
            content = b"(unreadable)"
        digest.update(path.name.encode() + b"\0" + content + b"\0")
    return digest.hexdigest()[:10]


def load_rules(
    rules_dir,
    today: dt.date | None = None,
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS,
    memo: FileMemo | None = None,
) -> RuleSet:
    """Load and check every file under `rules_dir`. Never raises for a problem in the files. With a `memo` (the rule
    store's), a programme file unchanged since the memo's last load is taken from it (webapp/rulebook/memo.py).

    The garbage collector is paused meanwhile: a load makes hundreds of thousands of objects that all stay alive
    (and no reference cycles, tests/test_loading_memory.py), so each collection it would set off, most of them
    full ones over everything loaded so far, would find nothing to free.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        if memo is not None:
            memo.begin()
        rules = _load_rules(Path(rules_dir), today, stale_after_days, memo)
        if memo is not None:
            memo.end()
        return rules
    finally:
        if paused:
            gc.enable()


def _load_rules(rules_dir: Path, today: dt.date | None, stale_after_days: int, memo: FileMemo | None) -> RuleSet:
    today = today or dt.date.today()
    try:
        files = rule_files(rules_dir)
    except OSError as exc:
        # The reason only (errno's words), never the exception's text: it holds the directory's absolute path.
        reason = exc.strerror or type(exc).__name__
        return RuleSet(None, problems=[Problem(f"{rules_dir.name}/", 0, f"cannot read the rules directory: {reason}")])
    shown = {p: f"{rules_dir.name}/{p.name}" for p in files}
    qpath = rules_dir / QUESTIONS_FILE
    if not qpath.exists():
        missing = Problem(f"{rules_dir.name}/{QUESTIONS_FILE}", 0, "the questionnaire file is missing")
        return RuleSet(None, problems=[missing], version=content_hash(files), files=[shown[p] for p in files])
    contents = {path: _content(path) for path in files}  # each file read once: parsed, and hashed for the version
    qlocated = _read(qpath, shown[qpath], QUESTIONNAIRE_TEXT, content=contents[qpath])
    questionnaire = load_questionnaire(qlocated)
    costs, clocated = load_costs(rules_dir, rules_dir.name)
    located_files, parsed = [qlocated] + ([clocated] if clocated else []), {}
    names = question_names(qlocated.raw)
    context = None
    if memo is not None and questionnaire is not None and contents[qpath] is not None:
        # The draft checks compare dates with the real date, whatever date the rules are evaluated on.
        context = FileMemo.context(contents[qpath], today, dt.datetime.now(HONG_KONG).date(), CROSS_CHECK.get())
    remembered = {}  # path -> (digest, (Located, Programme) when the memo has the file as it is, else None)
    if context is not None:
        remembered = {
            p: memo.find(shown[p], contents[p], context) for p in files if p != qpath and contents[p] is not None
        }
    to_read = [p for p in files if p != qpath and remembered.get(p, (None, None))[1] is None]
    alone = {}  # id of a Located -> what the checks of its file alone found (_alone), run as its file was loaded
    waiting = []  # (Located, Programme) loaded since the checks above last ran
    with ReadAhead(to_read, lambda p: _listed(_read(p, shown[p], PROGRAMME_TEXT, names, contents[p]))) as ahead:
        for path in files:
            if path == qpath:
                continue
            content = contents[path]
            digest, found = remembered.get(path, (None, None))
            if found is not None:
                located, programme = found
            else:
                ahead.drain()  # what the helper has read so far, taken in: it never waits for this process
                located = ahead.take(path) or _read(path, shown[path], PROGRAMME_TEXT, names, content)
                programme = None
                if questionnaire is None:
                    located.problem((), "not checked: fix the questionnaire file first", "warning")
                else:
                    programme = _guarded(load_programme, located, path.stem, questionnaire, today)
                    if context is not None and content is not None:
                        memo.keep(digest, context, located, programme)
            located_files.append(located)
            if programme and programme.id in parsed:
                located.problem(
                    ("id",), f"duplicate programme id '{programme.id}' (also in {parsed[programme.id][1].name})"
                )
            elif programme:
                parsed[programme.id] = (programme, located)
                if questionnaire is not None and not programme.requires:
                    waiting.append((located, programme))
            if len(waiting) >= ALONE_BATCH:
                # Checks that need no other file run now, while the helper still reads; what they find is put in
                # the file in their turn below, as if they ran there.
                for early, programme in waiting:
                    alone[id(early)] = _alone(qlocated, questionnaire, early, programme, today, stale_after_days)
                waiting.clear()
    if questionnaire is not None:
        # Examples run once every file is read (a programme may require another one), but for those run above.
        programmes = {pid: programme for pid, (programme, _) in parsed.items()}
        checked = {}
        for programme, located in parsed.values():
            found = alone.get(id(located))
            if found is None:
                found = _alone(qlocated, questionnaire, located, programme, today, stale_after_days, programmes)
            located.problems += found[0]
            checked[id(located)] = found[1]
        _guarded(cross_check, qlocated, questionnaire, parsed, located_files, today, costs, checked)
    if clocated:
        files.append(rules_dir / COSTS_FILE)
        shown[rules_dir / COSTS_FILE] = clocated.name
    rules = _rule_set(questionnaire, parsed, located_files, files, shown, contents)
    rules.costs = costs
    if questionnaire is not None:
        # Made when a language is first asked for (RuleSet.translation), from the English rules of this load.
        rules.translate = functools.partial(_translate, questionnaire, rules.programmes, qlocated, located_files, memo)
    return rules


def _alone(qlocated, questionnaire, located, programme, today, stale_after_days, programmes=None) -> tuple:
    """What the checks of one programme need no other file for found, taken out of its Located to be put back in
    their turn: (the problems of its examples and of its sources' dates, crosscheck.Checked of check_file). Its
    examples need the `programmes` it requires, if any."""
    own = set_aside(
        located, _examples_and_dates, located, programme, questionnaire, today, stale_after_days, programmes
    )
    return own.problems, set_aside(located, check_file, qlocated, questionnaire, located, programme, today)


def _examples_and_dates(located, programme, questionnaire, today, stale_after_days, programmes) -> None:
    _guarded(check_examples, located, programme, questionnaire, today, programmes)
    _guarded(check_stale, located, programme.spec, today, stale_after_days)


# The checks of each file alone run for this many files at a time: the objects of the programmes loaded meanwhile
# lie together in memory, not spread between what their checks made, and evaluating them reads fewer places
# (bench/engine: the cost per programme with 1,000).
ALONE_BATCH = 100


def _content(path: Path) -> bytes | None:
    """The bytes of a rule file; None when it cannot be read (parse_file reads it again and says why)."""
    try:
        return read_rule_bytes(path)
    except UnsafeFile:
        return None


def _read(path: Path, name: str, patterns, names: dict | None = None, content: bytes | None = None) -> Located:
    """Parse a file, keep its texts in every language aside, and check it with its English texts. With the
    questions' `names`, texts a programme file leaves out are derived (webapp.rulebook.derived)."""
    located = parse_file(path, name, content)
    if names is not None:
        add_derived_texts(located.data, names)
    located.raw = located.data
    if located.data is not None:
        without_english = []
        english, missing = english_and_missing(located.data, patterns, without_english)
        for text_path, lang in missing:
            located.problem(text_path, f"{MISSING_TRANSLATION}: no {lang} text here", "warning")
        for text_path in without_english:
            located.problem(
                text_path, "no English text here: write it after en:, the other languages are its translations"
            )
        located.data = english
    return located


def _listed(located: Located) -> Located:
    """`located` with the lists its checks make of its data made already: a helper reading ahead makes them, so
    that this process does not."""
    for name, make in ((TEXTS, list_texts), (REFS, list_refs), (BRACED, list_braced)):
        located.listed(name, make)
    return located


def _translate(english, programmes: dict, qlocated: Located, located_files: list, memo, lang: str) -> tuple:
    """The questionnaire (`english`) and `programmes` of a load with their texts in `lang`. A programme's English
    spec, already validated, takes the texts in `lang` (localise.translated): the file is not validated once per
    language. The conditions, compiled once, and what depends only on the date are shared by the three languages. A
    programme taken from the `memo` takes its other languages from there too."""
    scratch = Located(qlocated.name, localise(qlocated.raw, lang, QUESTIONNAIRE_TEXT), qlocated.lines)
    questionnaire = load_questionnaire(scratch) or english
    by_name = {located.name: located for located in located_files}
    translated_programmes = {}
    for pid, programme in programmes.items():
        located = by_name[programme.file]

        def make(programme=programme, located=located):
            spec = translated(programme.spec, located.raw, lang, PROGRAMME_TEXT)
            return Programme(spec, programme.conditions, programme.file, programme.compiled)

        translated_programmes[pid] = memo.translated(lang, programme, make) if memo is not None else make()
    return questionnaire, translated_programmes


def _rule_set(questionnaire, parsed, located_files, files, shown, contents) -> RuleSet:
    """The RuleSet to serve: every problem, file by file in line order; a file with an error is left out."""
    problems = [p for located in located_files for p in sorted(located.problems, key=lambda p: p.line)]
    broken = {p.file for p in problems if p.severity == "error"}
    # Drafts are for editors only: `parsed` keeps them for `rules test`, `rules explain` and the preview page.
    programmes = {
        pid: prog for pid, (prog, located) in parsed.items() if located.name not in broken and not prog.is_draft
    }
    checked = max((s.checked for p in programmes.values() for s in p.sources), default=None)
    names = [shown[p] for p in files]
    return RuleSet(questionnaire, programmes, problems, content_hash(files, contents), checked, names, parsed)


def _guarded(func, located: Located, *args):
    """Run a loading step; an unexpected failure becomes a problem in that file, never a crash."""
    try:
        return func(located, *args)
    except Exception as exc:  # noqa: BLE001 - a broken file must never take the site down
        located.problem((), f"could not check this file ({type(exc).__name__}: {exc})")
        return None


def load_programme(located: Located, stem: str, questionnaire: Questionnaire, today: dt.date):
    spec = schema.validate(schema.Programme, located)
    if spec is None:
        return None
    if spec.id != stem:
        located.problem(("id",), f"the id '{spec.id}' must equal the file name '{stem}'")
    check_parameters(located, spec)
    check_window(located, spec)
    parser = ConditionParser(located, questionnaire.questions, spec.parameters)
    conditions = {}
    for i, criterion in enumerate(spec.criteria):
        if criterion.id in conditions:
            located.problem(("criteria", i, "id"), f"duplicate criterion id '{criterion.id}'")
        conditions[criterion.id] = parser.parse(criterion.when, ("criteria", i, "when"))
        for key in ("met", "not_met", "unknown"):
            check_placeholders(located, spec, ("criteria", i, key), getattr(criterion, key))
    for key in ("summary", "offers"):
        check_placeholders(located, spec, (key,), getattr(spec, key))
    check_placeholders(located, spec, ("next_step", "text"), spec.next_step.text)
    check_estimate(located, spec, questionnaire)
    check_draft_rules(located, spec)
    check_hard_coded_figures(located, spec)
    located.lists.pop(TEXTS, None)  # the file's texts, listed once for the two checks above
    located.programme_refs = parser.programme_refs
    if located.has_errors:
        return None
    return Programme(spec, conditions, located.name)
