"""The rules at run time: a programme with its parsed conditions, and the questionnaire."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections import namedtuple
from dataclasses import dataclass, field
from fractions import Fraction

from webapp.engine.conditions import MET, NOT_MET, compile_condition

DATES_KEPT = 64  # evaluation dates whose parameter values a programme keeps (dates come from users)


@functools.lru_cache(maxsize=256)
def ratio_share(text: str) -> Fraction:
    """The government's share in a "government:company" matching ratio such as "1:2" (one third). Kept for each
    text (a Fraction never changes): working it out again was a fifth of an estimate's cost."""
    gov, company = (Fraction(part.strip()) for part in str(text).split(":"))
    return gov / (gov + company)


class Compiled:
    """What the versions of one programme in each language share: each criterion's condition compiled once
    (webapp.engine.conditions.compile_condition), what each uses, and the caches that depend only on the date.
    Nothing in it holds a text, so the English, Traditional and Simplified Chinese programmes use one copy."""

    __slots__ = ("tests", "uses", "requires", "params", "plans", "outcomes")

    def __init__(self, conditions: dict):
        self.tests = {cid: compile_condition(cond) for cid, cond in conditions.items()}
        # criterion id -> (question ids, parameter names), each once in order of first use
        self.uses = {
            cid: (tuple(dict.fromkeys(cond.facts())), tuple(dict.fromkeys(cond.params())))
            for cid, cond in conditions.items()
        }
        self.requires = tuple(dict.fromkeys(pid for cond in conditions.values() for pid in cond.programmes()))
        self.params = {}  # date -> every parameter's value in force
        self.plans = {}  # date -> what evaluating on that date needs (webapp.engine.evaluate)
        self.outcomes = {}  # criterion id -> {outcome: its CriterionOutcome} (webapp.engine.evaluate)


def remember(cache: dict, as_of, value):
    """Keep `value` for the date `as_of` in `cache`, which keeps the DATES_KEPT dates added last."""
    cache[as_of] = value
    if len(cache) > DATES_KEPT:
        cache.pop(next(iter(cache)), None)  # the oldest; another thread may have taken it already
    return value


def dated_values_on(spec, as_of: dt.date) -> dict:
    """Parameter name -> its DatedValue in force on `as_of` (None before the first), for a programme's spec."""
    found = {}
    for name, param in spec.parameters.items():
        current = None
        for dated in param.values:
            if dated.since <= as_of:
                current = dated
        found[name] = current
    return found


class EstimateView:
    """What webapp.engine.estimates reads of a programme on one date, copied into a few small objects made one
    after the other: the estimate's terms, and the parameters it uses with their values in force on that date.

    Evaluating a thousand programmes, the estimate was what reached out to the most scattered objects (each
    pydantic model is an object and a dict of its own, made while its file was read): from here it reads one
    object, one shared tuple of terms and one small dict instead. Anything else is read from the spec itself, so
    the view answers as the programme would. It holds no reference to the programme, so the plans that keep it
    make no reference cycle.
    """

    __slots__ = ("spec", "estimate", "as_of", "_real", "names", "values", "params", "unanswered")

    def __init__(self, spec, as_of: dt.date, params: dict | None = None):
        self._real = spec
        self.as_of = as_of
        # The plan's dict of the parameters in force on `as_of` (webapp.engine.evaluate), which the tests read: the
        # estimate reads its values there too where they are equal and of the same type (all but a ratio, which the
        # plan holds as the government's share and the estimate as written).
        self.params = params
        # The parameters the estimate uses and {name: value} on `as_of` (None while one is not in force), worked out
        # by webapp.engine.estimates on first use.
        self.names = self.values = None
        # The estimate that is the same for every company (a fixed amount, or the answer it needs not given), made
        # on first use by webapp.engine.estimates.
        self.unanswered = None
        terms = compact(spec.estimate)
        if len(_SHARED_TERMS) > 1 << 16:
            _SHARED_TERMS.clear()
        self.estimate = _SHARED_TERMS.setdefault(terms, terms)  # equal terms are one tuple
        self.spec = _SpecView(self.estimate, spec)

    def value_on(self, name: str, as_of: dt.date):
        found = dated_values_on(self._real, as_of)[name]
        return None if found is None else compact(found)

    def __getattr__(self, name):
        return getattr(self._real, name)


class _SpecView:
    __slots__ = ("estimate", "_real")

    def __init__(self, estimate, real):
        self.estimate, self._real = estimate, real

    def __getattr__(self, name):
        return getattr(self._real, name)


_SHARED_TERMS: dict = {}  # an estimate's terms, compact -> the one tuple of them
_COMPACT: dict = {}  # pydantic model class -> the named tuple class with its fields
_SHORT_TEXT = 64


def compact(value):
    """A pydantic model (and the models in its lists, a list as a tuple) as a named tuple of the same fields, so
    that equal ones can be one; a short text as Python's shared copy of it (sys.intern); anything else as is."""
    if isinstance(value, list):
        return tuple(compact(item) for item in value)
    if type(value) is str and len(value) <= _SHORT_TEXT:
        return sys.intern(value)  # a name looked up by: the same object as the keys it is looked up in
    fields = getattr(type(value), "model_fields", None)
    if fields is None:
        return value
    kind = _COMPACT.get(type(value))
    if kind is None:
        kind = _COMPACT[type(value)] = namedtuple(type(value).__name__, list(fields))
    return kind(*(compact(getattr(value, name)) for name in fields))


@dataclass(eq=False)  # compared and hashed by identity: caches in other layers key on it
class Programme:
    """A validated rule file (its `spec`) with its parsed condition per criterion id.

    `compiled` is shared by the versions of the programme in each language (the loader passes the English
    one's); without it, the conditions are compiled here.
    """

    spec: object  # rulebook.schema.ProgrammeSpec
    conditions: dict  # criterion id -> condition
    file: str = ""
    compiled: Compiled | None = field(default=None, repr=False, compare=False)
    uses: dict = field(init=False, repr=False, compare=False)  # criterion id -> (question ids, parameter names)
    requires: tuple = field(init=False, repr=False, compare=False)  # ids of the programmes its criteria require
    _dated: dict = field(default_factory=dict, repr=False, compare=False)  # date -> {name: DatedValue or None}

    # `last_plan`, the plan of the date evaluated last (webapp.engine.evaluate), is read for every programme in every
    # check: a slot, read in the object itself, where an attribute in the __dict__ of a thousand programmes was a
    # look-up in a thousand scattered tables (bench/engine). The other attributes stay in the __dict__.
    __slots__ = ("__dict__", "__weakref__", "last_plan")

    def __post_init__(self):
        self.last_plan = None
        # The attributes read for every evaluation, copied once (a lookup through __getattr__ costs a call each time).
        for name in ("id", "kind", "name", "short_name", "estimate", "window", "status", "criteria", "parameters"):
            self.__dict__[name] = getattr(self.spec, name)
        if self.compiled is None:
            self.compiled = Compiled(self.conditions)
        self.uses, self.requires = self.compiled.uses, self.compiled.requires
        self.__dict__["plans"] = self.compiled.plans

    def __getattr__(self, name):
        return getattr(self.spec, name)

    def value_on(self, name: str, as_of: dt.date):
        """The dated value of parameter `name` in force on `as_of`, or None before the first."""
        dated = self._dated.get(as_of)
        if dated is None:
            dated = remember(self._dated, as_of, self._dated_values_on(as_of))
        return dated[name]

    def _dated_values_on(self, as_of: dt.date) -> dict:
        return dated_values_on(self.spec, as_of)

    def params_on(self, as_of: dt.date) -> dict:
        """Every parameter's value in force on `as_of` (a ratio as the government's share); do not change it."""
        values = self.compiled.params.get(as_of)
        if values is None:
            values = remember(self.compiled.params, as_of, self._values_on(as_of))
        return values

    def _values_on(self, as_of: dt.date) -> dict:
        values = {}
        for name, param in self.spec.parameters.items():
            dated = self.value_on(name, as_of)
            if dated is not None:
                values[name] = ratio_share(dated.value) if param.unit == "ratio" else dated.value
        return values

    def criteria_on(self, as_of: dt.date) -> list:
        """The criteria in force on `as_of` (a criterion may have `since` and `until` dates)."""
        return [
            c
            for c in self.spec.criteria
            if (c.since is None or c.since <= as_of) and (c.until is None or as_of <= c.until)
        ]

    def status_on(self, as_of: dt.date) -> str:
        """open, closed or upcoming on `as_of`. Window dates decide where given, so a programme closed today
        is still open on a date inside its window; `status` decides where the window has no date."""
        window, status = self.spec.window, self.spec.status
        if window.closes and as_of > window.closes:
            return "closed"
        if window.opens and as_of < window.opens:
            return "upcoming"
        if status == "closed" and not window.closes:
            return "closed"
        if status == "upcoming" and not window.opens:
            return "upcoming"
        return "open"

    @property
    def is_draft(self) -> bool:
        """A draft is shown only to editors (`rules test`, `rules explain`, the preview page)."""
        return self.spec.status == "draft"

    def opened(self):
        """The first day the programme was open: the window's `opens`, else its first dated parameter value
        (None when neither is known)."""
        if self.spec.window.opens:
            return self.spec.window.opens
        firsts = [param.values[0].since for param in self.spec.parameters.values() if param.values]
        return min(firsts, default=None)

    def listed_on(self, as_of: dt.date) -> bool:
        """Whether results dated `as_of` show the programme. Never a draft. Before the window's `opens` it is
        shown as not yet open (status_on); without a window it is left out before its first dated parameter
        value, except an announced (`upcoming`) one."""
        if self.is_draft:
            return False
        if self.spec.window.opens or self.spec.status == "upcoming":
            return True
        opened = self.opened()
        return opened is None or as_of >= opened


@dataclass(frozen=True)
class Derivation:
    """How an input that predates a question answers it: when `cond` is met, `value`, or the answer to `same_as`."""

    cond: object
    value: object = None
    same_as: str | None = None


@dataclass
class Questionnaire:
    """Questions in order, with each question's `asked_when` condition and `derive` rules parsed."""

    title: str
    intro: str
    sections: list
    questions: dict = field(default_factory=dict)
    asked_when: dict = field(default_factory=dict)
    derived: dict = field(default_factory=dict)  # question id -> Derivations, tried in order
    _tests: dict = field(default_factory=dict, init=False, repr=False, compare=False)  # condition -> compiled
    # (question id, option value) of every option that is a plan, not yet so ("we will incorporate one")
    _plans: frozenset = field(default=frozenset(), init=False, repr=False, compare=False)
    # Worked out once: (question id, its asked_when or None) in order; (question id, the one it may not exceed);
    # question id -> the values of its options
    _asked: tuple = field(default=(), init=False, repr=False, compare=False)
    not_more_than: tuple = field(default=(), init=False, repr=False, compare=False)
    option_values: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self):
        # Question ids interned: the answers are keyed by them, and compiled conditions look them up by the same
        # objects (webapp.engine.conditions interns the facts it tests).
        interned = {sys.intern(qid): question for qid, question in self.questions.items()}
        self.questions.clear()
        self.questions.update(interned)
        self._plans = frozenset(
            (qid, option.value) for qid, question in interned.items() for option in question.options if option.planned
        )
        self._asked = tuple((qid, self.asked_when.get(qid)) for qid in interned)
        self.not_more_than = tuple((qid, q.not_more_than) for qid, q in interned.items() if q.not_more_than)
        self.option_values = {qid: frozenset(o.value for o in q.options) for qid, q in interned.items() if q.options}

    def chooses_a_plan(self, facts: dict) -> bool:
        """Whether an answer in `facts` is an option that is a plan (an option with a `planned` text)."""
        if not self._plans:
            return False
        for qid, answer in facts.items():
            for value in answer if isinstance(answer, (list, tuple)) else (answer,):
                if (qid, value) in self._plans:
                    return True
        return False

    def _met(self, cond, facts: dict) -> str:
        """The outcome of a questionnaire condition (no parameters, no programmes), compiled the first time."""
        test = self._tests.get(id(cond))
        if test is None or test[0] is not cond:
            test = self._tests[id(cond)] = (cond, compile_condition(cond))
        return test[1](facts, _NO_PARAMS, None)

    def derive(self, qid: str, facts: dict):
        """(True, the answer) when an input without `qid` answers it through a derive rule, else (False, None)."""
        for rule in self.derived.get(qid, ()):
            if self._met(rule.cond, facts) == MET:
                return True, facts.get(rule.same_as) if rule.same_as else rule.value
        return False, None

    def applies(self, qid: str, facts: dict) -> bool:
        """True unless the answers given so far rule the question out."""
        cond = self.asked_when.get(qid)
        return cond is None or self._met(cond, facts) != NOT_MET

    def surely_applies(self, qid: str, facts: dict) -> bool:
        """True when the question has no condition or its condition is met by the answers."""
        cond = self.asked_when.get(qid)
        return cond is None or self._met(cond, facts) == MET

    def drop_inapplicable(self, facts: dict) -> dict:
        """Answers to questions that do not apply are ignored (in order, so chains resolve)."""
        kept = {}
        for qid, cond in self._asked:
            if qid in facts and (cond is None or self._met(cond, kept) != NOT_MET):
                kept[qid] = facts[qid]
        return kept


_NO_PARAMS: dict = {}  # questionnaire conditions compare with no parameter
