"""What each kind of programme means: the one table the engine, the wording and the pages read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """How a kind of programme is evaluated and shown."""

    information: bool = False  # no eligibility test: shown "for information", worded as relevance
    near_misses: bool = True  # may be shown as one change away from likely


KINDS = {
    "funding": Kind(),
    "space": Kind(),
    "talent": Kind(),
    "tax": Kind(),
    "advice": Kind(information=True, near_misses=False),  # an office or service to contact
    "fund": Kind(information=True, near_misses=False),  # a fund that invests through others: no application
    "visa": Kind(information=True, near_misses=False),  # a visa for a person, not a verdict on the company
}


def kind_of(programme) -> Kind:
    """The Kind of a programme (or of its spec)."""
    return KINDS[programme.kind]
