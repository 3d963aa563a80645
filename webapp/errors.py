"""Error pages for people and JSON errors for the API; never a bare 500."""

from __future__ import annotations

from flask import current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

MESSAGES = {
    "bad_token": (
        "This link is not valid",
        "The link may have been cut short when it was copied, or changed. "
        "Ask for the full link again, or start a new check.",
    ),
    "bad_date": ("That date is not valid", "Write the date as YYYY-MM-DD, for example 2026-01-31."),
    400: ("Something was wrong with that request", "Go back and try again, or start a new check."),
    404: ("Page not found", "If you typed the web address, check it is correct."),
    405: ("That action is not allowed here", "Go back and try again, or start a new check."),
    413: ("That request was too large", "Go back and shorten your answers."),
    503: ("The service is being updated", "The eligibility rules are being updated. Try again in a few minutes."),
    500: ("Sorry, there is a problem with the service", "Try again later. Your answers were not saved."),
}


def _handle(exc):
    if not isinstance(exc, HTTPException):
        current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
        exc = InternalServerError(original_exception=exc)
    code = exc.code or 500
    title, body = MESSAGES.get(exc.description, MESSAGES.get(code, MESSAGES[500]))
    if request.path.startswith("/api/"):
        return jsonify({"errors": {"body": f"{title}. {body}"}}), code
    return render_template("error.html", title=title, body=body, code=code), code


def register(app):
    app.register_error_handler(HTTPException, _handle)
    app.register_error_handler(Exception, _handle)
