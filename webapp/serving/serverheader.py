"""No `Server` header naming the software: gunicorn and Werkzeug's development server both send one by default.

Neither has a setting for it, so each is changed in one small, idempotent place: gunicorn's default response
headers lose their `Server` line (the gunicorn settings call `quiet_gunicorn`), and Werkzeug's request handler
stops adding one (the app factory calls `quiet_werkzeug`, for `flask run` and the test servers). nginx, in front
in production, is told `server_tokens off`, so it names no version either.
"""

from __future__ import annotations


def quiet_gunicorn() -> None:
    from gunicorn.http.wsgi import Response

    if getattr(Response.default_headers, "quiet", False):
        return
    original = Response.default_headers

    def default_headers(self):
        return [line for line in original(self) if not line.lower().startswith("server:")]

    default_headers.quiet = True
    Response.default_headers = default_headers


def quiet_werkzeug() -> None:
    from werkzeug.serving import WSGIRequestHandler

    if getattr(WSGIRequestHandler.send_response, "quiet", False):
        return

    def send_response(self, code, message=None):
        # http.server's send_response, without its `Server: Werkzeug/... Python/...` line
        self.log_request(code)
        self.send_response_only(code, message)
        self.send_header("Date", self.date_time_string())

    send_response.quiet = True
    WSGIRequestHandler.send_response = send_response
