"""Error pages for people and JSON errors for the API; never a bare 500."""

from __future__ import annotations

import traceback

from flask import current_app, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, InternalServerError

MESSAGES = {
    "bad_token": (
        _l("This link is not valid"),
        _l(
            "The link may have been cut short when it was copied, or changed. "
            "Ask for the full link again, or start a new check."
        ),
    ),
    "bad_date": (_l("That date is not valid"), _l("Write the date as YYYY-MM-DD, for example 2026-01-31.")),
    "pdf_unavailable": (
        _l("The PDF cannot be made right now"),
        _l("Use your browser's Print command instead: the printed page is the same report."),
    ),
    "pdf_busy": (
        _l("Too many PDFs are being made right now"),
        _l("Try again in a minute, or use your browser's Print command: the printed page is the same report."),
    ),
    400: (_l("Something was wrong with that request"), _l("Go back and try again, or start a new check.")),
    404: (_l("Page not found"), _l("If you typed the web address, check it is correct.")),
    405: (_l("That action is not allowed here"), _l("Go back and try again, or start a new check.")),
    413: (_l("That request was too large"), _l("Go back and shorten your answers.")),
    503: (
        _l("The service is being updated"),
        _l("The eligibility rules are being updated. Try again in a few minutes."),
    ),
    500: (_l("Sorry, there is a problem with the service"), _l("Try again later. Your answers were not saved.")),
}


def _handle(exc):
    if not isinstance(exc, HTTPException):
        # The exception's message may quote an answer: log its type and where it happened, never its text.
        where = "".join(traceback.format_tb(exc.__traceback__))
        current_app.logger.error("unhandled %s on %s %s\n%s", type(exc).__name__, request.method, request.path, where)
        exc = InternalServerError(original_exception=exc)
    code = exc.code or 500
    title, body = MESSAGES.get(exc.description, MESSAGES.get(code, MESSAGES[500]))
    headers = [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]  # such as Allow on a 405
    if request.path.startswith("/api/"):
        return jsonify({"errors": {"body": f"{title}. {body}"}}), code, headers
    return render_template("error.html", title=title, body=body, code=code), code, headers


def register(app):
    app.register_error_handler(HTTPException, _handle)
    app.register_error_handler(Exception, _handle)
