"""The last published set of rules, kept beside them, to compare an edit with before it goes live.

When the site publishes rules it writes `<rules dir>/.published.json`: the version, the rule files and every
question's bounds. Against it:

- a rule file that was published and is now missing is a *removal*: the site keeps serving the last published
  rules (and lists the removal on /healthz), and `flask rules check` reports it, until the maintainer confirms
  with `flask rules confirm-removal ID` (which adds `ID.yaml` to `<rules dir>/.confirmed-removals`);
- a question whose bounds are now tighter (a larger `min`, smaller `max` or `max_length`, `whole` added, an
  option or the question removed) can make answers in links made before out of bounds: `rules check` flags it
  (such a link then opens at the form with the answer marked).

Neither file is a rule file (their names start with a dot), and both are ignored by git.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from webapp.rulebook.located import Problem

MANIFEST = ".published.json"
CONFIRMATIONS = ".confirmed-removals"
log = logging.getLogger(__name__)


def bounds_of(questionnaire) -> dict:
    """What limits each answer: type, min, max, whole, max_length and option values."""
    if questionnaire is None:
        return {}
    return {
        qid: {
            "type": q.type,
            "min": q.min,
            "max": q.max,
            "whole": bool(getattr(q, "whole", False)),
            "max_length": getattr(q, "max_length", None),
            "options": [o.value for o in q.options],
        }
        for qid, q in questionnaire.questions.items()
    }


def basenames(rules) -> list:
    return sorted(name.rsplit("/", 1)[-1] for name in rules.files)


def write(rules_dir, rules) -> None:
    """Record `rules` as the last published set (best effort: a read-only directory only logs)."""
    data = {"version": rules.version, "files": basenames(rules), "bounds": bounds_of(rules.questionnaire)}
    target = Path(rules_dir) / MANIFEST
    try:
        temporary = target.with_name(f"{MANIFEST}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(temporary, target)
    except OSError:
        log.warning("could not record the published rules in %s", MANIFEST)


def read(rules_dir) -> dict | None:
    """The last published set, or None when none was recorded (or the record is unreadable)."""
    path = Path(rules_dir) / MANIFEST
    try:
        if path.is_symlink() or path.stat().st_size > 1_000_000:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("files"), list) else None


def confirmed(rules_dir) -> set:
    """File names whose removal the maintainer confirmed."""
    path = Path(rules_dir) / CONFIRMATIONS
    try:
        if path.is_symlink() or path.stat().st_size > 100_000:
            return set()
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return set()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def confirm(rules_dir, programme_id: str) -> str:
    """Record the maintainer's confirmation that `<programme_id>.yaml` was removed on purpose; its file name."""
    name = programme_id if programme_id.endswith((".yaml", ".yml")) else f"{programme_id}.yaml"
    if "/" in name or name.startswith("."):
        raise ValueError(f"not a rule file name: {name}")
    if name not in confirmed(rules_dir):
        with (Path(rules_dir) / CONFIRMATIONS).open("a", encoding="utf-8") as handle:
            handle.write(name + "\n")
    return name


def forget_confirmations(rules_dir, present) -> None:
    """Drop confirmations of files that are there again (so removing one later needs a new confirmation)."""
    path = Path(rules_dir) / CONFIRMATIONS
    names = confirmed(rules_dir)
    kept = sorted(name for name in names if name not in present)
    if kept == sorted(names):
        return
    try:
        if kept:
            path.write_text("".join(n + "\n" for n in kept), encoding="utf-8")
        elif path.exists():
            path.unlink()
    except OSError:
        log.warning("could not update %s", CONFIRMATIONS)


def removed(published_files, rules, rules_dir) -> list:
    """Files in the published set that are missing now and whose removal is not confirmed."""
    now, ok = set(basenames(rules)), confirmed(rules_dir)
    return sorted(name for name in published_files if name not in now and name not in ok)


def removal_problem(dir_name: str, name: str, version: str, served: bool) -> Problem:
    pid = name.rsplit(".", 1)[0]
    still = "still served" if served else "no longer served"
    return Problem(
        f"{dir_name}/{name}",
        0,
        f"removed since the published rules (version {version}); {still} until you confirm with "
        f"`flask --app webapp rules confirm-removal {pid}`",
        "removed",
    )


def tightened_bounds(old: dict, questionnaire) -> list:
    """(question id, message) for each bound tighter now than in `old` (the published bounds)."""
    new, found = bounds_of(questionnaire), []
    for qid, before in sorted((old or {}).items()):
        after = new.get(qid)
        if after is None:
            found.append((qid, "the question was removed: links that answer it no longer open as they did"))
            continue
        if after["type"] != before.get("type"):
            found.append((qid, f"its type changed from {before.get('type')} to {after['type']}"))
            continue
        if after["min"] is not None and (before.get("min") is None or after["min"] > before["min"]):
            found.append((qid, f"min raised from {before.get('min')} to {after['min']}"))
        if after["max"] is not None and (before.get("max") is None or after["max"] < before["max"]):
            found.append((qid, f"max lowered from {before.get('max')} to {after['max']}"))
        if after["max_length"] is not None and (
            before.get("max_length") is None or after["max_length"] < before["max_length"]
        ):
            found.append((qid, f"max_length lowered from {before.get('max_length')} to {after['max_length']}"))
        if after["whole"] and not before.get("whole"):
            found.append((qid, "it now takes whole numbers only"))
        gone = [o for o in before.get("options") or [] if o not in after["options"]]
        if gone:
            found.append((qid, f"option {', '.join(gone)} removed"))
    return found


def _question_line(rules_dir, qid: str) -> int:
    """The line of `- id: qid` in the questionnaire file (0 when it is not found)."""
    try:
        text = (Path(rules_dir) / "questions.yaml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return 0
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() in (f"- id: {qid}", f"id: {qid}"):
            return number
    return 0


def with_published_checks(rules, rules_dir):
    """`rules` with the comparison against the last published set added to its problems (for `rules check`).

    A removed file is an error until its removal is confirmed; a tightened bound is a warning.
    """
    import dataclasses

    record = read(rules_dir)
    if record is None:
        return rules
    dir_name = Path(rules_dir).name
    version = record.get("version", "?")
    extra = []
    for name in removed(record["files"], rules, rules_dir):
        problem = removal_problem(dir_name, name, version, True)
        extra.append(dataclasses.replace(problem, severity="error"))
    if rules.questionnaire is not None:
        for qid, change in tightened_bounds(record.get("bounds") or {}, rules.questionnaire):
            extra.append(
                Problem(
                    f"{dir_name}/questions.yaml",
                    _question_line(rules_dir, qid),
                    f"'{qid}': {change} since the published rules (version {version}): links made before may "
                    "hold an answer now out of bounds (they open at the form with that answer to change)",
                    "warning",
                )
            )
    return dataclasses.replace(rules, problems=rules.problems + extra) if extra else rules
