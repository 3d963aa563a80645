"""Terms that have not been checked for a long time: `rules check` warns about each programme whose newest
source was read more than CHECKER_STALE_AFTER_DAYS days ago (default 180)."""

from __future__ import annotations

import datetime as dt

DEFAULT_STALE_AFTER_DAYS = 180


def last_checked(spec):
    """(date, index) of the source read most recently."""
    index = max(range(len(spec.sources)), key=lambda i: spec.sources[i].checked)
    return spec.sources[index].checked, index


def is_stale(spec, today: dt.date, days: int = DEFAULT_STALE_AFTER_DAYS) -> bool:
    return (today - last_checked(spec)[0]).days > int(days)


def check_stale(located, spec, today: dt.date, days: int = DEFAULT_STALE_AFTER_DAYS) -> None:
    """A warning at the newest source's `checked` date when even that one is older than `days` days."""
    checked, index = last_checked(spec)
    if is_stale(spec, today, days):
        located.problem(
            ("sources", index, "checked"),
            f"the terms were last checked on {checked}, {(today - checked).days} days ago (more than {int(days)}): "
            "read the sources again, correct what changed, and update each source's checked date",
            "warning",
        )
