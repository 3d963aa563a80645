"""Security headers on every response, and the secret-key rule for production."""

from __future__ import annotations

import logging
import secrets

from flask.sessions import SecureCookieSessionInterface

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


class SecurityHeaders:
    """WSGI middleware: the strict headers (and HSTS when the site is configured for HTTPS) on every response,
    error pages and static files included, leaving any header that the view set itself. Done on the header list
    as it leaves, which costs a few microseconds instead of a pass through Flask's header object."""

    def __init__(self, wsgi_app, hsts_max_age: int = 0):
        self.wsgi_app = wsgi_app
        self.headers = list(HEADERS.items())
        if hsts_max_age and hsts_max_age > 0:
            self.headers.append(("Strict-Transport-Security", f"max-age={int(hsts_max_age)}; includeSubDomains"))
        self.names = {name.lower() for name, _ in self.headers} | {"cache-control"}

    def __call__(self, environ, start_response):
        def start(status, headers, exc_info=None):
            present = {name.lower() for name, _ in headers} & self.names
            if present:
                headers.extend(h for h in self.headers if h[0].lower() not in present)
            else:
                headers.extend(self.headers)
            if "cache-control" not in present:
                kind = next((value for name, value in headers if name.lower() == "content-type"), "")
                if kind.startswith(("text/html", "application/json")):
                    headers.append(("Cache-Control", "no-store"))  # pages and API answers reflect the answers
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        return self.wsgi_app(environ, start)


def add_security_headers(app) -> None:
    """Put the strict headers on every response of `app`."""
    app.wsgi_app = SecurityHeaders(app.wsgi_app, app.config.get("HSTS_MAX_AGE") or 0)
    app.session_interface = SessionCookies()


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions (used only for the form's CSRF token), with the signing serializer made once
    per secret key instead of at every request: Flask opens the session of every request, API calls and results
    pages included, and building the serializer cost more than the rest of opening it."""

    def __init__(self):
        self._serializers: dict = {}

    def open_session(self, app, request):
        """A request without any cookie (API calls, most results pages) gets an empty session at once, as Flask's
        own would give it after reading the cookies."""
        if app.secret_key and "HTTP_COOKIE" not in request.environ:
            return self.session_class()
        return super().open_session(app, request)

    def get_signing_serializer(self, app):
        if not app.secret_key:
            return None
        key = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        serializer = self._serializers.get(key)
        if serializer is None:
            if len(self._serializers) > 8:  # a key changed at run time (tests do): forget the old ones
                self._serializers.clear()
            serializer = self._serializers[key] = super().get_signing_serializer(app)
        return serializer
