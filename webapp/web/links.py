"""Links for templates: Flask's url_for, with each link remembered (webapp.web.links.page_url)."""

from __future__ import annotations

from flask import current_app, g, has_request_context, request, url_for

from webapp.web.moulds import TOKEN_LIKE, TOKEN_MARK

URLS_KEPT = 512


def page_url(endpoint: str, **values) -> str:
    """url_for for templates, remembered: each link depends only on its arguments, the script root, the language
    kept in links (webapp.web.i18n) and, for a full address, the host; building one through the URL map cost more
    than writing a paragraph. A link with the answers is remembered with a mark for the results token, which the
    token replaces (a token is letters, digits and `_.-`, which a link carries as they are); one with any other
    value for the answers is built every time."""
    if not has_request_context():
        return url_for(endpoint, **values)
    token = values.get("answers")
    if token is not None:
        if type(token) is not str or not TOKEN_LIKE.fullmatch(token):
            return url_for(endpoint, **values)
        values["answers"] = TOKEN_MARK
    lang = g.get("lang") if g.get("lang_in_url") else None
    blueprint = request.blueprint if endpoint.startswith(".") else None
    host = request.host_url if values.get("_external") else None
    key = (endpoint, tuple(sorted(values.items())), request.script_root, lang, blueprint, host)
    urls = current_app.extensions["page_urls"]
    url = urls.get(key)
    if url is None:
        url = url_for(endpoint, **values)
        if token is not None and url.count(TOKEN_MARK) != 1:  # the mark elsewhere too (in the host, say)
            return url_for(endpoint, **{**values, "answers": token})
        if len(urls) >= URLS_KEPT:
            urls.clear()
        urls[key] = url
    return url if token is None else url.replace(TOKEN_MARK, token, 1)


def register(app) -> None:
    app.extensions["page_urls"] = {}
    app.add_template_global(page_url, "url_for")  # the same links as Flask's url_for, remembered
