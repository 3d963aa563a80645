"""Keeping answers out of logs: results links carry the answers, so their tokens are redacted.

Tokens are recognised by their shape, not by the name of the query parameter that holds them (`?answer%73=`
is served as `?answers=` too): every query-string value, or bare query item, of 24 or more URL-safe characters
is replaced. Form tokens and other long values are redacted as well, which costs nothing in a log.
"""

from __future__ import annotations

import logging
import re

# After "?", "&", ";" or "=": a run of the characters a token (encrypted or signed, maybe percent-encoded) uses.
TOKEN = re.compile(r"(?<=[?&;=])[A-Za-z0-9_\-.~%]{24,}")
NAMED = re.compile(r"(?i)(\banswers=)[^&\s\"']+")  # the parameter the site itself uses, whatever its value
REDACTED = "[redacted]"
REQUEST_LOGGERS = ("werkzeug", "gunicorn.access")


def redact(text: str) -> str:
    """`text` with every query value shaped like a token replaced by [redacted]."""
    return TOKEN.sub(REDACTED, NAMED.sub(r"\1" + REDACTED, text))


class RedactTokens(logging.Filter):
    """Rewrites a log record so that no results-link token reaches a handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def install(logger_names=REQUEST_LOGGERS) -> None:
    """Add the filter to the loggers that write request lines (once each)."""
    for name in logger_names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
