"""A bar chart of indicative support by programme, drawn on the server as SVG (no script, prints well)."""

from __future__ import annotations

from typing import NamedTuple

from webapp.wording.numbers import about_hkd
from webapp.wording.text import _
from webapp.wording.text import lazy_gettext as _l

WIDTH, ROW, BAR_Y, BAR_HEIGHT = 360, 44, 20, 14
COLOURS = {"cash": "#00703c", "tax": "#505a5f"}
KIND_WORDS = {
    "tax_deduction": _l("extra tax deduction"),
    "tax_saving": _l("tax saving"),
    "rebate": _l("rebate"),
    "investment": _l("investment"),
    "grant": _l("funding"),
}


class Bar(NamedTuple):
    label: str
    amount: str
    kind: str
    y: int
    width: int
    colour: str
    words: str  # what the bar is, in words, so that colour is never the only cue


class Chart(NamedTuple):
    """All the chart shows: companies whose charts are alike (amounts are shown rounded) share its SVG
    (webapp.web.resultspage). A tuple of texts and numbers, so that looking it up hashes and compares them only."""

    bars: tuple
    height: int
    width: int
    description: str


def support_chart(report) -> Chart | None:
    """Bars for the funding plan's programmes, then the likely extra tax deductions; None if there are none.

    Drawn narrow (360 units) with each label above its bar, so that it stays readable on a 375-pixel phone.
    """
    by_id = {r.programme.id: r for r in report.report.results}  # the engine's: plan members are all likely
    plan = report.report.plan
    items = [by_id[pid] for pid in (*plan.programmes, *plan.tax_deductions)] if plan else []
    if not items:
        return None
    largest = max(r.estimate.amount for r in items)
    bars = []
    for i, result in enumerate(items):
        kind = result.programme.estimate.counts_as
        width = max(2, round(WIDTH * result.estimate.amount / largest))
        colour = COLOURS["tax" if kind.startswith("tax") else "cash"]
        bars.append(
            Bar(
                result.programme.short_name,
                about_hkd(result.estimate.amount),
                kind,
                i * ROW,
                width,
                colour,
                KIND_WORDS[kind],
            )
        )
    description = _("; ").join(
        _("%(label)s: up to %(amount)s (%(kind)s)", label=b.label, amount=b.amount, kind=b.words) for b in bars
    )
    return Chart(tuple(bars), len(bars) * ROW, WIDTH, description)
