"""Security headers on every response, and the secret-key rule for production."""

from __future__ import annotations

import logging
import secrets

from flask import current_app

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Results URLs carry the answers: never send them to another site.
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
    ),
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
NO_KEY = (
    "CHECKER_PRODUCTION is set, but no secret key is configured, so the checker will not start. "
    "Set CHECKER_SECRET_KEY to a long random value and start again, for example:\n"
    "    export CHECKER_SECRET_KEY=\"$(python3 -c 'import secrets; print(secrets.token_hex(32))')\"\n"
    "Keep the same value across restarts so that results links keep working. "
    "`bash scripts/serve` does this for you: it keeps a key in the git-ignored file .secret_key."
)


class MissingSecretKey(RuntimeError):
    """Production mode was asked for without a secret key."""


def ensure_secret_key(config, warn: bool = True) -> None:
    """Production needs a configured key; development makes a random one for this run (with a warning, unless
    `warn` is false: the app factory warns on the first request, so that commands stay quiet)."""
    if config.get("SECRET_KEY"):
        return
    if config.get("PRODUCTION"):
        raise MissingSecretKey(NO_KEY)
    if warn:
        warn_random_key()
    config["SECRET_KEY"] = secrets.token_hex(32)


def warn_random_key() -> None:
    logging.getLogger(__name__).warning(
        "No CHECKER_SECRET_KEY set: using a random key, so links made now stop working on restart."
    )


def add_security_headers(response):
    """Set the strict headers (and HSTS when the site is configured for HTTPS) on a response."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    max_age = current_app.config.get("HSTS_MAX_AGE") or 0
    if max_age > 0:
        response.headers.setdefault("Strict-Transport-Security", f"max-age={int(max_age)}; includeSubDomains")
    if response.mimetype in ("text/html", "application/json"):
        response.headers.setdefault("Cache-Control", "no-store")  # pages and API answers reflect the answers
    return response
