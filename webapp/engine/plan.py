"""The funding plan: the likely programmes whose cash adds up, never paying twice for the same cost.

Each rule file says which costs a programme pays for (`pays_for`, from the closed list in rules/_costs.yaml), which
programmes it cannot be combined with (`not_combined_with`) and which it may stack on (`adds_to`: it may pay for the
same costs as those). The plan is the combination of likely programmes with an indicative cash amount that has the
largest total and breaks none of these; ties go to the combination whose ids sort first, so the plan is the same
every time. Tax deductions are added up apart (a deduction is not a payment); programmes that may qualify are
possible additions, never counted.
"""

from __future__ import annotations

from dataclasses import dataclass

CASH = ("grant", "rebate")
EXACT_UP_TO = 16  # candidates tried in every combination; beyond, the largest are placed first, one by one


@dataclass(frozen=True)
class LeftOut:
    """A likely programme left out of the plan, and the plan programme it clashes with."""

    id: str
    clashes_with: str
    reason: str  # "same_costs" or "not_combined"
    costs: tuple = ()  # the costs both would pay for


@dataclass(frozen=True)
class FundingPlan:
    programmes: tuple  # ids in the plan, largest amount first
    total_hkd: float
    left_out: tuple  # LeftOut
    tax_deductions: tuple  # ids of likely programmes with an extra tax deduction
    tax_deductions_hkd: float
    possible_additions: tuple  # ids of programmes that may qualify and have a cash amount


def clash(a, b) -> tuple | None:
    """(reason, shared costs) when programmes `a` and `b` cannot both be in one plan, else None."""
    if b.id in a.spec.not_combined_with or a.id in b.spec.not_combined_with:
        return ("not_combined", ())
    if b.id in a.spec.adds_to or a.id in b.spec.adds_to:
        return None
    shared = tuple(c for c in a.spec.pays_for if c in b.spec.pays_for)
    return ("same_costs", shared) if shared else None


def _amount(result) -> float:
    return result.estimate.amount if result.estimate and result.estimate.amount else 0


def _counts_as(result) -> str | None:
    return result.programme.spec.estimate.counts_as if result.programme.spec.estimate else None


def build_plan(results) -> FundingPlan:
    """The plan for one report's results."""
    counted = [r for r in results if r.verdict in ("likely", "possible") and _amount(r) > 0]  # all that may count
    results = [r for r in counted if _counts_as(r) is not None]
    cash = sorted(
        (r for r in results if r.verdict == "likely" and _counts_as(r) in CASH),
        key=lambda r: (-_amount(r), r.programme.id),
    )
    chosen = _best(cash)
    in_plan = [r for r in cash if r.programme.id in chosen]
    left_out = []
    for result in cash:
        if result.programme.id in chosen:
            continue
        for member in in_plan:
            found = clash(result.programme, member.programme)
            if found:
                left_out.append(LeftOut(result.programme.id, member.programme.id, *found))
                break
    tax = [r for r in results if r.verdict == "likely" and _counts_as(r) == "tax_deduction"]
    possible = [r for r in results if r.verdict == "possible" and _counts_as(r) in CASH]
    return FundingPlan(
        tuple(r.programme.id for r in in_plan),
        sum(_amount(r) for r in in_plan),
        tuple(left_out),
        tuple(r.programme.id for r in tax),
        sum(_amount(r) for r in tax),
        tuple(r.programme.id for r in sorted(possible, key=lambda r: (-_amount(r), r.programme.id))),
    )


def _best(cash: list) -> set:
    """The ids of the combination with the largest total in which no two programmes clash."""
    if len(cash) > EXACT_UP_TO:
        return _greedy(cash)
    n = len(cash)
    conflicts = [
        sum(1 << j for j in range(n) if j != i and clash(cash[i].programme, cash[j].programme)) for i in range(n)
    ]
    best = [0.0, ()]  # [total, ids], the larger total and then the smaller ids win
    _search(cash, conflicts, best, 0, 0, 0.0, [])
    return set(best[1])


def _search(cash: list, conflicts: list, best: list, i: int, taken: int, total: float, ids: list) -> None:
    """Try the combinations of cash[i:] with those taken so far, keeping the best in `best`. A function of its own,
    not one nested in _best: a nested function that calls itself refers to itself, a cycle that would hold the
    results (and their programmes) of every check until the garbage collector ran."""
    if i == len(cash):
        found = tuple(sorted(ids))
        if total > best[0] or (total == best[0] and found < best[1]):
            best[:] = [total, found]
        return
    if total + sum(_amount(r) for r in cash[i:]) < best[0]:
        return  # even taking everything left cannot beat the best found
    if not taken & conflicts[i]:
        _search(cash, conflicts, best, i + 1, taken | 1 << i, total + _amount(cash[i]), ids + [cash[i].programme.id])
    _search(cash, conflicts, best, i + 1, taken, total, ids)


def _greedy(cash: list) -> set:
    chosen = []
    for result in cash:  # largest first
        if not any(clash(result.programme, other.programme) for other in chosen):
            chosen.append(result)
    return {r.programme.id for r in chosen}
