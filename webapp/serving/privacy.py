"""Keeping answers out of logs: results links carry the answers, so their tokens are redacted."""

from __future__ import annotations

import logging
import re

# The `answers` query parameter of / and /results holds a signed token with every answer given.
TOKEN = re.compile(r"(?i)(\banswers=)[^&\s\"']+")
REDACTED = "[redacted]"
REQUEST_LOGGERS = ("werkzeug", "gunicorn.access")


def redact(text: str) -> str:
    """`text` with the value of every `answers=` query parameter replaced by [redacted]."""
    return TOKEN.sub(r"\1" + REDACTED, text)


class RedactTokens(logging.Filter):
    """Rewrites a log record so that no results-link token reaches a handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "answers=" in message.lower():
            record.msg, record.args = redact(message), ()
        return True


def install(logger_names=REQUEST_LOGGERS) -> None:
    """Add the filter to the loggers that write request lines (once each)."""
    for name in logger_names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
