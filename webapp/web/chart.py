"""A bar chart of indicative support by programme, drawn on the server as SVG (no script, prints well)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from webapp.wording.numbers import format_hkd
from webapp.wording.text import _

SHOWN_GROUPS = ("likely", "near_miss", "possible")
WIDTH, LABEL_WIDTH, VALUE_WIDTH, BAR_HEIGHT, GAP = 640, 190, 230, 22, 10
COLOURS = {"likely": "#00703c", "near_miss": "#0b4f8a", "possible": "#0b4f8a", "tax": "#505a5f"}
CHART_GROUP_WORDS = {"likely": _l("likely"), "near_miss": _l("one change away"), "possible": _l("may qualify")}
KIND_WORDS = {
    "tax_deduction": _l("extra tax deduction"),
    "tax_saving": _l("tax saving"),
    "rebate": _l("rebate"),
    "investment": _l("investment"),
    "grant": _l("funding"),
}


@dataclass
class Bar:
    label: str
    amount: str
    kind: str
    group: str
    y: int
    width: int
    colour: str
    words: str  # what the bar is, in words, so that colour is never the only cue


@dataclass
class Chart:
    bars: list
    height: int
    description: str


def support_chart(report) -> Chart | None:
    """Bars for the programmes that are likely, nearly or possibly a fit and have an amount; None if none."""
    items = [
        (r, group) for group in SHOWN_GROUPS for r in report.groups.get(group, []) if r.estimate and r.estimate.amount
    ]
    if not items:
        return None
    largest = max(r.estimate.amount for r, _ in items)
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for i, (result, group) in enumerate(items):
        kind = result.programme.estimate.counts_as
        width = max(2, round(room * result.estimate.amount / largest))
        colour = COLOURS["tax" if kind.startswith("tax") else group]
        y = i * (BAR_HEIGHT + GAP)
        words = KIND_WORDS[kind] if kind.startswith("tax") else CHART_GROUP_WORDS[group]
        bars.append(
            Bar(result.programme.short_name, format_hkd(result.estimate.amount), kind, group, y, width, colour, words)
        )
    description = _("; ").join(
        _("%(label)s: up to %(amount)s (%(kind)s)", label=b.label, amount=b.amount, kind=KIND_WORDS[b.kind])
        for b in bars
    )
    return Chart(bars, len(bars) * (BAR_HEIGHT + GAP), description)
