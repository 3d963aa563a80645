"""What would change the outcome: the smallest changes to the answers that make a programme likely.

Worked out from each criterion's condition tree, never written by hand in rule files. An `all` needs
every part that is not met; an `any` takes its closest branch (fewest changes); `not` is pushed down
to the leaves. The changes one criterion needs are shown together, as one change.
"""

from __future__ import annotations

from dataclasses import dataclass

from webapp.engine.conditions import MET, NOT_MET, UNKNOWN, Leaf, evaluate

NEGATE = {"all": "any", "any": "all"}


@dataclass(frozen=True)
class Step:
    """One answer that would have to be given or changed."""

    leaf: Leaf
    negated: bool
    unknown: bool  # the question is unanswered: "tell us" rather than "if it were"


@dataclass
class Change:
    """What one criterion needs: one or more steps that must happen together."""

    criterion: str
    steps: tuple

    @property
    def facts(self) -> list:
        return list(dict.fromkeys(step.leaf.fact for step in self.steps))

    @property
    def only_missing_answers(self) -> bool:
        return all(step.unknown for step in self.steps)


def steps_to_meet(cond, facts: dict, params: dict, negated: bool = False, verdicts: dict | None = None):
    """The fewest steps that make `cond` met (or not met, when negated); None when none can."""
    if isinstance(cond, Leaf):
        outcome = evaluate(cond, facts, params, verdicts)
        if outcome == (MET if not negated else NOT_MET):
            return ()
        if cond.op == "programme":
            # Approval under another programme comes first, and only while that programme may be had.
            return (Step(cond, False, False),) if outcome == UNKNOWN and not negated else None
        if cond.op in ("at_least", "at_most") and cond.value not in params:
            return None  # no threshold in force: no answer can meet it
        return (Step(cond, negated, outcome == UNKNOWN),)
    if cond.op == "not":
        return steps_to_meet(cond.parts[0], facts, params, not negated, verdicts)
    if cond.op == "judgement":
        return None  # no answer makes a judgement met: the administering body decides
    op = NEGATE[cond.op] if negated else cond.op
    options = [steps_to_meet(part, facts, params, negated, verdicts) for part in cond.parts]
    if op == "all":
        if any(o is None for o in options):
            return None
        return tuple(step for option in options for step in option)
    reachable = [o for o in options if o is not None]
    return min(reachable, key=len) if reachable else None


def what_would_change(result) -> list:
    """The changes that would make this programme likely, one per criterion not yet met."""
    programme = result.programme
    params = programme.params_on(result.as_of)
    changes = []
    for outcome in result.criteria:
        if outcome.outcome == MET:
            continue
        steps = steps_to_meet(programme.conditions[outcome.id], result.facts, params, False, result.prerequisites)
        if steps:
            changes.append(Change(outcome.id, steps))
    return changes


def is_near_miss(result, changes, questionnaire=None) -> bool:
    """Unlikely now, but one change to the company's plans (one criterion's answers) away from likely.

    Every criterion not met must be reachable: one that no answer can meet (a judgement, another programme's
    verdict) has no change, so a programme with it is never a near miss. A change to an answer that describes what
    the company is (`describes_company` in the questionnaire: its industry, age, size) is not a plan either.
    """
    open_criteria = [c for c in result.criteria if c.outcome != MET]
    if result.verdict != "unlikely" or len(open_criteria) != 1 or len(changes) != 1:
        return False
    if changes[0].only_missing_answers:
        return False
    return not touches_company(changes[0], questionnaire)


def touches_company(change, questionnaire) -> bool:
    """True when the change would alter an answer about what the company is, rather than its plans."""
    questions = questionnaire.questions if questionnaire else {}
    return any(
        questions[s.leaf.fact].describes_company
        for s in change.steps
        if not s.unknown and s.leaf.op != "programme" and s.leaf.fact in questions
    )
