"""Issue 15's smaller findings: token redaction by shape, encrypted tokens (old signed links still open),
deeply nested JSON, no Server header naming the software, the API's words for Not sure with options."""

import base64
import datetime as dt
import urllib.request

import pytest

from tests.support.forms import post, text_of
from webapp.serving.privacy import redact
from webapp.web.tokens import BadToken, make_signed_token, make_token, read_token

SECRET_NAME = "Zyxwvut Confidential Holdings Ltd"


def test_a_token_is_redacted_whatever_its_parameter_is_called(client, app):
    token = make_token(app.secret_key, {"company_name": SECRET_NAME})
    old = make_signed_token(app.secret_key, {"company_name": SECRET_NAME})
    for line in (
        f'"GET /results?answer%73={token} HTTP/1.1" 200',
        f'"GET /results?lang=en&x={token}&as_of=2026-01-01 HTTP/1.1" 200',
        f'"GET /results?{token} HTTP/1.1" 200',
        f'"GET /?answer%73={old} HTTP/1.1" 200',
    ):
        assert token not in redact(line) and old not in redact(line)
        assert "[redacted]" in redact(line)
    assert redact('"GET /results?lang=zh-Hant&as_of=2026-01-01 HTTP/1.1"') == (
        '"GET /results?lang=zh-Hant&as_of=2026-01-01 HTTP/1.1"'
    )
    assert client.get(f"/results?answer%73={token}").status_code == 200  # served: so it must be redacted


def test_the_answers_in_a_token_cannot_be_read_without_the_key(app):
    token = make_token(app.secret_key, {"company_name": SECRET_NAME, "total_project_cost_hkd": 987654321})
    for chunk in (token, token[2:], token.split(".")[0]):
        padded = chunk + "=" * (-len(chunk) % 4)
        decoded = (
            base64.urlsafe_b64decode(padded.encode())
            if set(padded) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")
            else b""
        )
        import zlib

        for data in (decoded, _try(zlib.decompress, decoded)):
            assert b"Zyxwvut" not in (data or b"") and b"987654321" not in (data or b"")
    assert read_token(app.secret_key, token).answers["company_name"] == SECRET_NAME


def _try(func, data):
    try:
        return func(data)
    except Exception:  # noqa: BLE001
        return b""


def test_an_old_signed_only_link_still_opens(client, app, bundled_rules):
    # Made exactly as links were made before encryption (itsdangerous, salt "answers-v1"); links never expired.
    from itsdangerous import URLSafeSerializer

    old = URLSafeSerializer(app.secret_key, salt="answers-v1").dumps(
        {"a": {"industry": "life_health_tech", "company_name": "Old Link Ltd"}, "d": "2025-06-01", "v": "oldversion1"}
    )
    saved = read_token(app.secret_key, old)
    assert saved.made == dt.date(2025, 6, 1) and saved.answers["company_name"] == "Old Link Ltd"
    response = client.get(f"/results?answers={old}")
    assert response.status_code == 200
    assert "The rules have changed since this link was made on 1 June 2025." in text_of(response)


def test_a_new_link_is_encrypted_and_works(client):
    location = post(client).headers["Location"]
    assert "answers=e2" in location
    assert client.get(location).status_code == 200


def test_a_link_encrypted_with_fernet_still_opens(client, app):
    # Made exactly as links were made before AES-GCM ("e1": Fernet under its own HKDF key); links never expire.
    from webapp.web.tokens import make_fernet_token

    old = make_fernet_token(app.secret_key, {"industry": "life_health_tech", "company_name": "Fernet Link Ltd"})
    assert old.startswith("e1gAAAAA") and read_token(app.secret_key, old).answers["company_name"] == "Fernet Link Ltd"
    assert client.get(f"/results?answers={old}").status_code == 200
    assert client.get(f"/results?answers={old[:-3]}").status_code == 400  # cut short


def test_an_altered_or_foreign_link_is_refused():
    token = make_token("k", {"company_name": "Acme"})
    body = token[2:]
    for altered in (
        "e2" + body[:20] + ("A" if body[20] != "A" else "B") + body[21:],  # one character changed
        token[:-1],  # cut short
        token[:10],  # shorter than the nonce and tag
        "e2" + body + "AAAA",  # bytes added
        "e2!!" + body,  # not base64
        make_token("another key", {"company_name": "Acme"}),
        "e1" + body,  # the GCM token presented as the older kind
    ):
        with pytest.raises(BadToken):
            read_token("k", altered)


def test_json_nested_30000_deep_gets_400_not_500(client):
    body = "[" * 30_000 + "]" * 30_000
    response = client.post("/api/v1/check", data=body, content_type="application/json")
    assert response.status_code == 400
    assert "nested" in response.get_json()["errors"]["body"]
    deep_answers = '{"answers": {"rd_plans": ' + "[" * 100 + "]" * 100 + "}}"
    assert client.post("/api/v1/check", data=deep_answers, content_type="application/json").status_code == 400


def test_not_sure_with_options_is_named_as_such_by_the_api(client):
    response = client.post("/api/v1/check", json={"answers": {"rd_plans": ["not_sure", "in_house_hk"]}})
    assert response.status_code == 400
    message = response.get_json()["errors"]["rd_plans"]
    assert "not_sure" in message and "alone" in message
    assert "has no option" not in message


def test_no_server_header_names_the_software(live_server, gunicorn):  # noqa: F811
    base, _ = gunicorn
    for url in (f"{live_server}/healthz", f"{base}/healthz", f"{base}/static/style.css"):
        with urllib.request.urlopen(url, timeout=10) as response:
            server = response.headers.get("Server") or ""
            assert "werkzeug" not in server.lower() and "gunicorn" not in server.lower(), (url, server)
            assert "python" not in server.lower()
