"""The shape of rule files and the questionnaire file, checked by pydantic.

Field order here is the documented key order of the files. Condition trees (`when`, `asked_when`)
are plain data here and checked by `webapp.conditions`, which knows the questions and parameters.
"""

from __future__ import annotations

import datetime as dt
import difflib
import typing
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from webapp.engine.kinds import KINDS as KIND_TABLE

KINDS = tuple(KIND_TABLE)
STATUSES = ("open", "closed", "upcoming", "draft")
VERDICTS = ("likely", "possible", "unlikely", "upcoming", "closed")
OUTCOMES = ("met", "not_met", "unknown")
UNITS = ("hkd", "ratio", "percent", "count", "years")
QUESTION_TYPES = ("text", "choice", "multi", "yes_no", "number", "amount")
ESTIMATE_SHAPES = ("matching", "percentage", "tiered", "fixed")
ESTIMATE_KINDS = ("grant", "rebate", "tax_deduction", "tax_saving", "investment")

Date = dt.date
Number = int | float


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)


# --- programme files -------------------------------------------------------------------------


class Window(Strict):
    opens: Date | None = None
    closes: Date | None = None


class Source(Strict):
    title: str
    url: str = Field(pattern=r"^https?://\S+$")
    checked: Date
    official: bool = True


class DatedValue(Strict):
    since: Date
    value: Number | str
    source: str
    unverified: bool = False
    note: str | None = None


class Parameter(Strict):
    label: str
    unit: Literal[UNITS]  # type: ignore[valid-type]
    values: list[DatedValue] = Field(min_length=1)


class Criterion(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    when: Any
    met: str
    not_met: str
    unknown: str | None = None  # derived from the names of the questions tested when left out
    unverified: bool = False
    since: Date | None = None
    until: Date | None = None


class Tier(Strict):
    up_to: str | None = None
    rate: str


class Estimate(Strict):
    shape: Literal[ESTIMATE_SHAPES]  # type: ignore[valid-type]
    counts_as: Literal[ESTIMATE_KINDS] = "grant"  # type: ignore[valid-type]
    of: str | None = None
    ratio: str | None = None
    rate: str | None = None
    tiers: list[Tier] | None = None
    baseline: str | None = None
    cap: str | None = None
    amount: str | None = None
    note: str | None = None


class Change(Strict):
    date: Date
    text: str


class NextStep(Strict):
    text: str
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")


class Example(Strict):
    name: str
    as_of: Date | None = None
    answers: dict[str, Any]
    verdict: Literal[VERDICTS]  # type: ignore[valid-type]
    criteria: dict[str, Literal[OUTCOMES]] | None = None  # type: ignore[valid-type]
    estimate_hkd: Number | None = None


class Programme(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    short_name: str
    body: str
    kind: Literal[KINDS]  # type: ignore[valid-type]
    status: Literal[STATUSES]  # type: ignore[valid-type]
    window: Window = Window()
    summary: str
    offers: str
    sources: list[Source] = Field(min_length=1)
    unverified: list[str] = []
    notes: list[str] = []
    assessment: list[str] = []
    parameters: dict[str, Parameter] = {}
    criteria: list[Criterion] = []
    estimate: Estimate | None = None
    pays_for: list[str] = []
    not_combined_with: list[str] = []
    adds_to: list[str] = []
    changes: list[Change] = []
    next_step: NextStep
    examples: list[Example] = Field(min_length=1)


# --- the list of costs ---------------------------------------------------------------------


class Cost(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str


class CostList(Strict):
    costs: list[Cost] = Field(min_length=1)


# --- the questionnaire -----------------------------------------------------------------------


class Option(Strict):
    value: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    hint: str | None = None
    planned: str | None = None  # the answer is a plan, not yet so: how a condition met by it is worded


class Derivation(Strict):
    when: Any
    value: Any = None
    same_as: str | None = None


class Question(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    type: Literal[QUESTION_TYPES]  # type: ignore[valid-type]
    label: str
    name: str
    hint: str | None = None
    optional: bool = False
    not_sure: str | None = None
    options: list[Option] = []
    asked_when: Any = None
    min: Number | None = None
    max: Number | None = None
    whole: bool = False
    max_length: int | None = None
    not_more_than: str | None = None
    lists_programmes: bool = False
    describes_company: bool = False
    derive: list[Derivation] = []
    errors: dict[str, str] = {}


class Section(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    intro: str | None = None
    questions: list[Question] = Field(min_length=1)


class Questionnaire(Strict):
    title: str
    intro: str
    sections: list[Section] = Field(min_length=1)


# --- mapping pydantic's errors to plain messages ----------------------------------------------


def _model_at(model, loc):
    """The pydantic model that holds the last key of `loc`, or None."""
    current = model
    for part in loc[:-1]:
        if isinstance(part, int) or current is None:
            continue
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(part)
            current = _unwrap(info.annotation) if info else None
        elif current is dict:
            continue
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation):
    for arg in typing.get_args(annotation) or (annotation,):
        inner = _unwrap(arg) if typing.get_args(arg) else arg
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return inner
    return None


def _message(model, error) -> tuple[tuple, str]:
    loc = tuple(error["loc"])
    key = next((p for p in reversed(loc) if isinstance(p, str)), None)
    kind = error["type"]
    if kind == "missing":
        return loc[:-1], f"missing required key '{loc[-1]}'"
    if kind.startswith(("date_", "datetime_")):
        return loc, f"'{key}': write dates as YYYY-MM-DD, e.g. 2024-12-31 (got {error.get('input')!r})"
    if kind == "extra_forbidden":
        holder = _model_at(model, loc)
        allowed = list(holder.model_fields) if holder else []
        hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        text = f"unknown key '{loc[-1]}'"
        if hint:
            text += f" (did you mean '{hint[0]}'?)"
        elif allowed:
            text += f" (allowed here: {', '.join(allowed)})"
        return loc, text
    where = f"'{key}'" if key else "this value"
    return loc, f"{where}: {error['msg'][0].lower()}{error['msg'][1:]}"


def validate(model, located):
    """Validate located.data against `model`; report every error with its line. Returns the model or None."""
    if located.data is None and located.problems:
        return None  # the YAML itself is broken; that problem is already reported
    if not isinstance(located.data, dict):
        located.problem((), "the file must be a mapping of keys to values")
        return None
    try:
        return model.model_validate(located.data)
    except ValidationError as exc:
        seen = set()
        for error in exc.errors(include_url=False):
            # A union reports once per branch; keep the first message for each place.
            path, text = _message(model, error)
            path = tuple(p for p in path if not _is_union_tag(p))
            if error["type"] == "missing":
                path, text = _moved(located, path, error["loc"][-1], text)
            if path in seen:
                continue
            seen.add(path)
            located.problem(path, text)
        return None


def _is_union_tag(part) -> bool:
    return isinstance(part, str) and ("[" in part or part in {"int", "float", "str", "date"})


def _moved(located, path, key, text):
    """A missing key written deeper inside the same block (pushed under a sibling key) is reported where it is."""
    holder = located.data
    for part in path:
        try:
            holder = holder[part]
        except (KeyError, IndexError, TypeError):
            return path, text
    found = _find_key(holder, key, path)
    if found is None or len(found) < len(path) + 2:
        return path, text
    parent = next(str(p) for p in reversed(found[:-1]) if isinstance(p, str))
    return found, (
        f"'{key}' is indented under '{parent}', but it belongs beside '{parent}' (line {located.line(path)}): "
        f"move it back to the left so that it lines up with '{parent}'"
    )


def _find_key(data, key, path):
    """The path of the first `key` inside `data` (depth first), or None."""
    if isinstance(data, dict):
        if key in data:
            return path + (key,)
        items = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return None
    for k, v in items:
        found = _find_key(v, key, path + (k,))
        if found:
            return found
    return None
