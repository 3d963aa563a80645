"""The results page: a shell made once for each shape of page, with the company's own parts filled in.

The shell is what companies with the same shape of results see alike: the header and footer, the notices, the
contents, the group headings, the forms to share the page or see it as of another date. Its shape is a few values
(the page's language, print mode and address, its dates, the rules version, the groups shown and their sizes...),
and the shell template (results.html) is rendered from those values alone, in an environment where reading
anything else is an error (StrictUndefined): the shape is all it can show. What differs from company to company is
a slot, made from the whole report at each request: the answer box, the chart, the "more may fit" list, the
programme blocks (themselves reused, webapp.web.fragments) and the answer rows; and two values are holes: the
results token in its links and the company's name.

A shell rendered once is kept (in the fragment cache), cut at its slots and holes, so a page for a link never seen
before is that shell with its slots and holes filled in. Without a fragment cache, or for a link with more in its
address than the checker puts there, the shell is rendered for the page itself, from the same template and shape.
"""

from __future__ import annotations

import re
from functools import partial

from flask import current_app, g, request
from jinja2.runtime import new_context
from markupsafe import Markup, escape

from webapp.web.fragments import answer_rows, page_key, programme_blocks
from webapp.web.i18n import HTML_LANG, language_links
from webapp.web.moulds import TOKEN_LIKE, TOKEN_MARK, Mould, moulds_env
from webapp.wording.plan import answer_box
from webapp.wording.results import GROUP_TITLES

SHELL, PLAN, CHART = "results.html", "_results_plan.html", "_chart.html"
ALSO_SHOWN = 6  # programmes listed under "more may fit" (the rest behind "and N more")
COMPANY_MARK = "\x00c\x00"
ARGS_SHAPED = frozenset({"answers", "lang", "as_of"})  # a link with other parameters gets a shell of its own
ARG_MAX = 40  # longer values than any the checker writes: such a link gets a shell of its own
_HOLES = re.compile(re.escape(TOKEN_MARK) + "|\x00(c|[0-9]+)\x00")
_TOKEN = re.compile(re.escape(TOKEN_MARK))
TOKEN, COMPANY = "token", "company"


def results_html(full: dict, encoded: bool = False):
    """The results page for `full`, the variables the page is made from (those of render_template); in UTF-8 bytes
    if `encoded` (as it is sent)."""
    app = current_app
    app.update_template_context(full)  # what render_template adds: the language, its spacing, the request...
    env = app.jinja_env
    slots = Slots(env, full)
    token, company = full["token"], full.get("company")
    shape = shape_of(full)
    cache = env.fragment_cache
    key = _key(shape) if cache is not None and TOKEN_LIKE.fullmatch(token) else None
    if key is None:
        html = _shell(env, shape, token, company, full["language_links"], slots.slot)
        return html.encode() if encoded else html
    mould = cache.get(key)
    if mould is None:
        holes: list = []

        def hole(name: str, *args) -> Markup:
            holes.append((name, args))
            return Markup(f"\x00{len(holes) - 1}\x00")  # noqa: S704 - a marker cut out below

        links = partial(language_links, TOKEN_MARK)
        html = _shell(env, shape, TOKEN_MARK, COMPANY_MARK if company else company, links, hole)
        mould = Mould(html, _HOLES, partial(_hole, holes))
        cache.put(key, mould)
    if encoded:
        slots.utf8 = True
        return mould.fill_utf8(partial(_value, slots, token, company))
    return mould.fill(partial(_value, slots, token, company))


def shape_of(full: dict) -> dict:
    """Everything the shell shows besides the token, the company's name and its slots."""
    report = full["report"]
    rules = report.rules
    lang = full["lang"]
    return {
        "lang": lang,
        "html_lang": HTML_LANG[lang],
        "sp": full["sp"],
        "pdf": bool(full.get("pdf")),
        "today": full["today"],
        "made": full["made"],
        "rules_changed": full["rules_changed"],
        "as_of": report.as_of,
        "rules_version": rules.version,
        "rules_checked": rules.checked,
        "rules_errors": bool(rules.errors),
        "shown": tuple((key, len(members)) for key, members in report.shown_groups.items()),
        "possible_count": len(report.shown_groups.get("possible", ())),
        "rows_count": len(full["rows"]),
        "public_url": full["public_url"],
        "has_company": bool(full.get("company")),
    }


def _key(shape: dict) -> tuple | None:
    """The shell's key: its shape, and what its links are built from (the address, the other parameters of the
    link, whether the language came from it); None for a link that carries parameters the checker never writes."""
    args = []
    for name, values in request.args.lists():
        if name not in ARGS_SHAPED or len(values) != 1:
            return None
        if name != "answers" and len(values[0]) > ARG_MAX:
            return None
        args.append((name, None if name == "answers" else values[0]))
    page = (request.host_url, request.script_root, request.path, tuple(args), bool(g.get("lang_in_url")))
    return (SHELL, tuple(shape.values()), page)


def _shell(env, shape: dict, token: str, company, links, slot) -> str:
    """The shell template rendered from the shape, with `token` and `company` (marks or the page's own) and the
    slot function `slot`; anything else it read would be an error."""
    strict = moulds_env(env)
    context = {
        **shape,
        "token": token,
        "company": company,
        "language_links": links,
        "html_langs": HTML_LANG,
        "groups": GROUP_TITLES,
        "slot": slot,
    }
    return strict.get_template(SHELL).render(context)


def _hole(slots: list, found) -> object:
    """What stands in the hole of a mark found in a shell: the token, the company's name or a slot (name, args)."""
    mark = found.group(1)
    return TOKEN if mark is None else COMPANY if mark == "c" else slots[int(mark)]


def _value(slots: Slots, token: str, company, hole) -> str | bytes:
    if hole is TOKEN:
        return token
    if hole is COMPANY:
        return escape(company)
    return slots.slot(hole[0], *hole[1])


class Slots:
    """The parts of one results page made from its whole report; with `utf8` set, the parts kept in UTF-8 (the
    programme blocks) come as bytes, for a page sent as it is filled (Mould.fill_utf8)."""

    def __init__(self, env, full: dict):
        self.env, self.full = env, full
        self._context = None
        self.utf8 = False

    def slot(self, name: str, *args) -> Markup | bytes:
        made = getattr(self, "_" + name)(*args)
        return made if type(made) is bytes else Markup(made)  # noqa: S704 - rendered templates and reused blocks

    @property
    def context(self):
        """A template context of the whole page, for the block functions of webapp.web.fragments: the page's
        variables as they are (shared), without the environment's globals copied in beside them, which the
        templates those functions render get anyway."""
        if self._context is None:
            self._context = new_context(self.env, PLAN, {}, self.full, shared=True)
        return self._context

    def _plan(self) -> str:
        """The answer box: made from its words (AnswerBox), the link and the page's language and spacing; kept as a
        mould with the link as its hole, for the next company whose box says the same."""
        box, token, full = answer_box(self.full["report"]), self.full["token"], self.full
        cache = self.env.fragment_cache
        if cache is None or not TOKEN_LIKE.fullmatch(token):
            return self.env.get_template(PLAN).render({**full, "box": box})
        key = (PLAN, box, page_key(self.context), request.script_root)
        mould = cache.get(key)
        if mould is None:
            values = {"box": box, "token": TOKEN_MARK, "lang": full["lang"], "sp": full["sp"]}
            mould = Mould(moulds_env(self.env).get_template(PLAN).render(values), _TOKEN, lambda found: TOKEN)
            cache.put(key, mould)
        return mould.fill(lambda hole: token)

    def _chart(self) -> str:
        """The chart: made from its bars and words (Chart) in the page's language, and kept for the next company
        whose chart is alike."""
        chart, cache = self.full["chart"], self.env.fragment_cache
        if cache is None:
            return self.env.get_template(CHART).render(self.full)
        key = (CHART, chart, self.full["lang"])
        html = cache.get(key)
        if html is None:
            html = moulds_env(self.env).get_template(CHART).render({"chart": chart})
            cache.put(key, html)
        return html

    def _also(self) -> str | bytes:
        found = self.full["report"].shown_groups.get("possible", ())[:ALSO_SHOWN]
        return programme_blocks(self.context, found, "_also_item.html", self.utf8, "\n")

    def _blocks(self, group: str, template: str) -> str:
        return programme_blocks(self.context, self.full["report"].shown_groups[group], template, self.utf8)

    def _rows(self) -> str:
        return answer_rows(self.context, self.full["rows"])
