"""Signed, compact tokens that carry a set of answers (and a date) in a URL, so nothing is stored."""

from __future__ import annotations

import datetime as dt

from itsdangerous import BadData, URLSafeSerializer

SALT = "answers-v1"


class BadToken(ValueError):
    """The token was altered, cut short or made with another key."""


def make_token(secret: str, answers: dict, as_of: dt.date | None = None) -> str:
    payload = {"a": dict(answers)}
    if as_of:
        payload["d"] = as_of.isoformat()
    return URLSafeSerializer(secret, salt=SALT).dumps(payload)


def read_token(secret: str, token: str) -> tuple[dict, dt.date | None]:
    """(answers, date or None); BadToken when the token cannot be trusted."""
    try:
        payload = URLSafeSerializer(secret, salt=SALT).loads(token)
        answers = payload["a"]
        as_of = dt.date.fromisoformat(payload["d"]) if payload.get("d") else None
    except (BadData, KeyError, TypeError, ValueError) as exc:
        raise BadToken(str(exc)) from exc
    if not isinstance(answers, dict):
        raise BadToken("answers are not a mapping")
    return answers, as_of
