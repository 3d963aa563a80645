"""Signed, compact tokens that carry a set of answers in a URL, so nothing is stored on the server.

A token also carries the date the results were made and the rules version they were made with, so a
link can reproduce its results exactly and say when the rules have changed since.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from itsdangerous import BadData, URLSafeSerializer

SALT = "answers-v1"


class BadToken(ValueError):
    """The token was altered, cut short or made with another key."""


@dataclass(frozen=True)
class Saved:
    answers: dict
    made: dt.date | None = None
    rules_version: str | None = None


def make_token(secret: str, answers: dict, made: dt.date | None = None, rules_version: str | None = None) -> str:
    payload = {"a": dict(answers)}
    if made:
        payload["d"] = made.isoformat()
    if rules_version:
        payload["v"] = rules_version
    return URLSafeSerializer(secret, salt=SALT).dumps(payload)


def read_token(secret: str, token: str) -> Saved:
    """The answers, date and rules version in a token; BadToken when it cannot be trusted."""
    try:
        payload = URLSafeSerializer(secret, salt=SALT).loads(token)
        saved = Saved(
            payload["a"],
            dt.date.fromisoformat(payload["d"]) if payload.get("d") else None,
            payload.get("v") if isinstance(payload.get("v"), str) else None,
        )
    except (BadData, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BadToken(str(exc)) from exc
    if not isinstance(saved.answers, dict):
        raise BadToken("answers are not a mapping")
    return saved
