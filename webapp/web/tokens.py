"""Encrypted, compact tokens that carry a set of answers in a URL, so nothing is stored on the server.

A token also carries the date the results were made and the rules version they were made with, so a
link can reproduce its results exactly and say when the rules have changed since.

New tokens ("e2") are encrypted and authenticated with AES-256-GCM (from the `cryptography` package, a random
96-bit nonce for each token) under a key derived from the app's secret key with HKDF, so the answers cannot be read
from a link (or a log that kept one), nor changed. Links never expire, so every older kind is still read, as long
as the secret key is the same: "e1" tokens, encrypted with Fernet (AES-128-CBC and HMAC-SHA256: a typical link is
50 characters longer than with GCM, and takes nearly a third longer to open), and the first links, made before
encryption, which were only signed (itsdangerous).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import json
import os
import zlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from itsdangerous import BadData, URLSafeSerializer

SALT = "answers-v1"  # the signed-only tokens made before encryption
PREFIX = "e2"  # a token: "e2" and, in URL-safe base64 without "=", the nonce and the AES-GCM ciphertext and tag
FERNET_PREFIX = "e1"  # an older token: "e1" and a Fernet token without its "=" padding
NONCE = 12  # bytes
AAD = b"hk-checker answers e2"  # bound into the tag: a token of this kind opens only as one
MAX_TOKEN = 8000  # longer than any link the form makes; refused before any decoding


class BadToken(ValueError):
    """The token was altered, cut short or made with another key."""


@dataclass(frozen=True)
class Saved:
    answers: dict
    made: dt.date | None = None
    rules_version: str | None = None


def _derive(secret, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"hk-checker answers", info=info).derive(
        secret.encode() if isinstance(secret, str) else secret
    )


@functools.lru_cache(maxsize=8)
def _aead(secret: str) -> AESGCM:
    """The cipher for `secret`, its key derived once per secret (HKDF at every link cost more than decrypting it)."""
    return AESGCM(_derive(secret, b"answers-token-v3"))


@functools.lru_cache(maxsize=8)
def _fernet(secret: str) -> Fernet:
    """The cipher of the "e1" tokens for `secret` (a key of its own, derived once per secret)."""
    return Fernet(base64.urlsafe_b64encode(_derive(secret, b"answers-token-v2")))


def _payload(answers: dict, made, rules_version) -> dict:
    payload = {"a": dict(answers)}
    if made:
        payload["d"] = made.isoformat()
    if rules_version:
        payload["v"] = rules_version
    return payload


def _compressed(answers: dict, made, rules_version) -> bytes:
    return zlib.compress(json.dumps(_payload(answers, made, rules_version), separators=(",", ":")).encode(), 9)


def make_token(secret: str, answers: dict, made: dt.date | None = None, rules_version: str | None = None) -> str:
    """An encrypted token for `answers` (compressed JSON, sealed with AES-GCM)."""
    nonce = os.urandom(NONCE)
    sealed = nonce + _aead(secret).encrypt(nonce, _compressed(answers, made, rules_version), AAD)
    return PREFIX + base64.urlsafe_b64encode(sealed).decode().rstrip("=")


def make_fernet_token(secret: str, answers: dict, made: dt.date | None = None, rules_version: str | None = None):
    """A token as links were made with Fernet ("e1"): for tests of old links."""
    return FERNET_PREFIX + _fernet(secret).encrypt(_compressed(answers, made, rules_version)).decode().rstrip("=")


def make_signed_token(secret: str, answers: dict, made: dt.date | None = None, rules_version: str | None = None):
    """A token as links were made before encryption (signed only): for tests of old links."""
    return URLSafeSerializer(secret, salt=SALT).dumps(_payload(answers, made, rules_version))


def read_token(secret: str, token: str) -> Saved:
    """The answers, date and rules version in a token; BadToken when it cannot be trusted."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN:
        raise BadToken("too long")
    try:
        if token.startswith(PREFIX):
            payload = _open(secret, token)
        elif token.startswith(FERNET_PREFIX):
            payload = _decrypt(secret, token)
        else:
            payload = _unsign(secret, token)
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


def _open(secret: str, token: str) -> dict:
    body = token[len(PREFIX) :]
    try:
        sealed = base64.b64decode(body + "=" * (-len(body) % 4), altchars=b"-_", validate=True)  # nothing else
        data = _aead(secret).decrypt(sealed[:NONCE], sealed[NONCE:], AAD)
    except (InvalidTag, binascii.Error, ValueError) as exc:  # altered, cut short, another key, not base64
        raise BadToken("not decrypted") from exc
    return _inflated(data)


def _decrypt(secret: str, token: str) -> dict:
    """An "e1" token (Fernet)."""
    body = token[len(FERNET_PREFIX) :]
    try:
        data = _fernet(secret).decrypt(body + "=" * (-len(body) % 4))
    except (InvalidToken, ValueError) as exc:
        raise BadToken("not decrypted") from exc
    return _inflated(data)


def _inflated(data: bytes) -> dict:
    inflater = zlib.decompressobj()
    text = inflater.decompress(data, 64 * 1024)
    if inflater.unconsumed_tail:
        raise BadToken("too large")
    return json.loads(text)


def _unsign(secret: str, token: str) -> dict:
    """An old signed-only token (still accepted: links never expired)."""
    return URLSafeSerializer(secret, salt=SALT).loads(token)
