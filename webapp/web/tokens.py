"""Encrypted, compact tokens that carry a set of answers in a URL, so nothing is stored on the server.

A token also carries the date the results were made and the rules version they were made with, so a
link can reproduce its results exactly and say when the rules have changed since.

New tokens are encrypted and authenticated with Fernet (AES-128-CBC and HMAC-SHA256, from the `cryptography`
package) under a key derived from the app's secret key with HKDF, so the answers cannot be read from a link
(or a log that kept one). Older links, made before encryption, were only signed (itsdangerous); they are still
read, since links never expired, and they keep working as long as the secret key is the same.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import json
import zlib
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from itsdangerous import BadData, URLSafeSerializer

SALT = "answers-v1"  # the signed-only tokens made before encryption
PREFIX = "e1"  # an encrypted token: "e1" and a Fernet token without its "=" padding
MAX_TOKEN = 8000  # longer than any link the form makes; refused before any decoding


class BadToken(ValueError):
    """The token was altered, cut short or made with another key."""


@dataclass(frozen=True)
class Saved:
    answers: dict
    made: dt.date | None = None
    rules_version: str | None = None


@functools.lru_cache(maxsize=8)
def _fernet(secret: str) -> Fernet:
    """The cipher for `secret`, its key derived once per secret (HKDF at every link cost more than decrypting it)."""
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"hk-checker answers", info=b"answers-token-v2").derive(
        secret.encode() if isinstance(secret, str) else secret
    )
    return Fernet(base64.urlsafe_b64encode(key))


def _payload(answers: dict, made, rules_version) -> dict:
    payload = {"a": dict(answers)}
    if made:
        payload["d"] = made.isoformat()
    if rules_version:
        payload["v"] = rules_version
    return payload


def make_token(secret: str, answers: dict, made: dt.date | None = None, rules_version: str | None = None) -> str:
    """An encrypted token for `answers` (compressed JSON inside Fernet)."""
    data = zlib.compress(json.dumps(_payload(answers, made, rules_version), separators=(",", ":")).encode(), 9)
    return PREFIX + _fernet(secret).encrypt(data).decode().rstrip("=")


def make_signed_token(secret: str, answers: dict, made: dt.date | None = None, rules_version: str | None = None):
    """A token as links were made before encryption (signed only): for tests of old links."""
    return URLSafeSerializer(secret, salt=SALT).dumps(_payload(answers, made, rules_version))


def read_token(secret: str, token: str) -> Saved:
    """The answers, date and rules version in a token; BadToken when it cannot be trusted."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN:
        raise BadToken("too long")
    try:
        payload = _decrypt(secret, token) if token.startswith(PREFIX) else _unsign(secret, token)
        saved = Saved(
            payload["a"],
            dt.date.fromisoformat(payload["d"]) if payload.get("d") else None,
            payload.get("v") if isinstance(payload.get("v"), str) else None,
        )
    except (BadData, KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
        raise BadToken(type(exc).__name__) from exc
    if not isinstance(saved.answers, dict):
        raise BadToken("answers are not a mapping")
    return saved


def _decrypt(secret: str, token: str) -> dict:
    body = token[len(PREFIX) :]
    try:
        data = _fernet(secret).decrypt(body + "=" * (-len(body) % 4))
    except (InvalidToken, ValueError) as exc:
        raise BadToken("not decrypted") from exc
    inflater = zlib.decompressobj()
    text = inflater.decompress(data, 64 * 1024)
    if inflater.unconsumed_tail:
        raise BadToken("too large")
    return json.loads(text)


def _unsign(secret: str, token: str) -> dict:
    """An old signed-only token (still accepted: links never expired)."""
    return URLSafeSerializer(secret, salt=SALT).loads(token)
