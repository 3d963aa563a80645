"""Atom feeds of changes to the terms: /programmes/changes.atom (every programme) and one per programme.

Entries come from each rule file's `changes:` log, from dated parameter values (every value after the first),
and from the application window's opening and closing dates; newest first, each linking to the programme page.
Drafts are never in a feed (they are not among the served programmes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import Blueprint, abort, current_app, url_for

from webapp.config import HONG_KONG
from webapp.web.i18n import current_language, long_date
from webapp.web.rules import served_rules
from webapp.wording.numbers import format_value
from webapp.wording.text import _

bp = Blueprint("feeds", __name__, url_prefix="/programmes")
ATOM = "application/atom+xml"
MAX_ENTRIES = 200


@dataclass(frozen=True)
class FeedEntry:
    day: dt.date
    key: str  # unique within the programme: what the entry is about
    title: str
    text: str
    programme: object


def entries_for(programme) -> list:
    """Every dated change of one programme, newest first."""
    entries = []
    for i, change in enumerate(programme.spec.changes):
        entries.append(
            FeedEntry(change.date, f"log-{i}", f"{programme.short_name}: {change.text}", change.text, programme)
        )
    for name, param in programme.spec.parameters.items():
        for before, after in zip(param.values, param.values[1:], strict=False):
            text = _(
                "%(label)s: %(old)s, then %(new)s from %(date)s.",
                label=param.label,
                old=format_value(param.unit, before.value),
                new=format_value(param.unit, after.value),
                date=long_date(after.since),
            )
            entries.append(
                FeedEntry(
                    after.since, f"parameter-{name}-{after.since}", f"{programme.short_name}: {text}", text, programme
                )
            )
    window = programme.spec.window
    if window.opens:
        text = _("Opens for applications on %(date)s.", date=long_date(window.opens))
        entries.append(FeedEntry(window.opens, "opens", f"{programme.short_name}: {text}", text, programme))
    if window.closes:
        text = _("Closes for applications after %(date)s.", date=long_date(window.closes))
        entries.append(FeedEntry(window.closes, "closes", f"{programme.short_name}: {text}", text, programme))
    return sorted(entries, key=lambda e: (e.day, e.key), reverse=True)


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), HONG_KONG)


def _feed(title: str, self_url: str, page_url: str, entries: list) -> str:
    # Imported when a feed is first asked for: feedgen brings lxml, 5 MB of a web worker's memory that the
    # form, the results pages and the API never use.
    from feedgen.feed import FeedGenerator

    feed = FeedGenerator()
    feed.id(self_url)
    feed.title(title)
    feed.author({"name": _("Hong Kong incentive eligibility checker")})
    feed.link(href=self_url, rel="self", type=ATOM)
    feed.link(href=page_url, rel="alternate", type="text/html")
    feed.language(current_language())
    newest = entries[0].day if entries else current_app.config["TODAY"]()
    feed.updated(_moment(newest))
    for entry in entries[:MAX_ENTRIES]:
        link = url_for("catalogue.programme", pid=entry.programme.id, _external=True)
        item = feed.add_entry(order="append")
        item.id(f"{link}#{entry.key}")
        item.title(entry.title)
        item.updated(_moment(entry.day))
        item.published(_moment(entry.day))
        item.link(href=link, rel="alternate", type="text/html")
        item.summary(entry.text)
    return feed.atom_str(pretty=True)


def _response(body: str):
    return current_app.response_class(body, mimetype=ATOM)


@bp.get("/changes.atom")
def all_changes():
    rules = served_rules()
    entries = [e for p in rules.programmes.values() for e in entries_for(p)]
    entries.sort(key=lambda e: (e.day, e.programme.id, e.key), reverse=True)
    self_url = url_for("feeds.all_changes", _external=True)
    return _response(
        _feed(_("Changes to the programmes' terms"), self_url, url_for("catalogue.index", _external=True), entries)
    )


@bp.get("/<pid>/changes.atom")
def programme_changes(pid):
    rules = served_rules()
    programme = rules.programmes.get(pid) or abort(404)
    self_url = url_for("feeds.programme_changes", pid=pid, _external=True)
    title = _("Changes to the terms of %(name)s", name=programme.name)
    return _response(
        _feed(title, self_url, url_for("catalogue.programme", pid=pid, _external=True), entries_for(programme))
    )
