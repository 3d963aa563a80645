"""Programme blocks of the results page, rendered once and reused while nothing they show differs.

A block shows one programme's result in words. It depends on the programme (one object per rules version and
language), the answers its conditions and estimate read, the verdicts of the programmes it requires, the group it
is shown in, the date, and the page's language, host and print mode: nothing else. The engine keeps one result for
each set of those answers, verdicts and date (webapp.engine.report), so two companies with the same answers to
those questions get the very same result object, and the same block: a block is kept under its result's identity
(held by the key, so that its id is not reused while the block is kept), its group and the page. A results page for
a link never seen before is mostly made of blocks made before. The cache is a least-recently-used budget of bytes
per worker process (FRAGMENT_CACHE_MB; 0 turns it off).
"""

from __future__ import annotations

import operator
import sys
from collections import OrderedDict

from flask import current_app, g, request
from jinja2 import pass_context
from markupsafe import Markup, escape

from webapp.serving.delivery import BudgetLRU
from webapp.web.moulds import (
    ROW,
    block_mould,
    block_mould_key,
    block_shape_key,
    fill_block,
    noting_parts,
    row_mould,
)
from webapp.wording.estimates import explanation

LATEST_KEPT = 1024


class FragmentCache(BudgetLRU):
    """Rendered blocks within a budget of bytes. A block is kept as a tuple of pieces: its own text, with the
    answer-independent parts it shows (programme_part) in between as the very objects kept for those parts, so
    that a programme's hundred variants hold one copy of its next step and sources, not a hundred."""

    def __init__(self, max_bytes: int):
        super().__init__(max_bytes)
        self.misses = 0
        self.latest: dict = {}  # (template, programme, page) -> the pieces of the block of that kind made last

    def share(self, family: tuple, pieces: tuple) -> tuple:
        """`pieces`, each the very object of the block of the same programme made last where the two are equal:
        companies that differ in one amount get blocks that differ in one line, and keep only that line apart."""
        last = self.latest.get(family)
        if last is not None and len(last) == len(pieces):
            pieces = tuple(old if old == new else new for old, new in zip(last, pieces, strict=True))
        if len(self.latest) >= LATEST_KEPT:
            self.latest.clear()
        self.latest[family] = pieces
        return pieces

    @property
    def fragments(self) -> OrderedDict:
        return self.entries

    @staticmethod
    def cost(entry) -> int:
        # What the entry holds in memory (a text with one character beyond Latin-1 takes 2 or 4 bytes a
        # character), and roughly 200 bytes for its key; the shared parts in a tuple are counted under their own key.
        if type(entry) is tuple:
            return sum(map(sys.getsizeof, entry[0::2])) + sys.getsizeof(entry) + 200
        return sys.getsizeof(entry) + 200

    def put(self, key, html) -> None:
        self.misses += 1
        self.store(key, html)


def fragment_key(template: str, result, report, page: tuple) -> tuple:
    """Everything the block of `result` (the engine's) can show: the result itself (its programme, date, status,
    verdict, the answers it read and the verdicts it required), its group and whether it is a near miss in this
    report, and the page. Nothing here needs it in words."""
    pid = result.programme.id
    return (template, Same(result), report.group_of[pid], pid in report.near_misses, page)


def _block(context, result, template: str) -> tuple:
    """The pieces of the block of `result` (joined, they are the block)."""
    words = context["report"]  # the page's ReportWords
    cache = context.environment.fragment_cache
    if cache is None:
        return (_render(context, template, words.words(result)),)
    key = fragment_key(template, result, words.report, page_key(context))
    pieces = cache.get(key)
    if pieces is None:
        shape = block_shape_key(template, result, words, key)
        mould = cache.get(shape) if shape is not None else None
        if mould is not None:  # a block made before but for its amount: not put in words again, nor kept (its
            cache.misses += 1  # amount is this company's; filling the mould again costs less than keeping it)
            estimate = words.report.shown_estimate(result)
            return (fill_block(mould, estimate.amount, explanation(estimate)),)
        html, parts = _make_block(context, template, words, words.words(result), key, shape)
        pieces = cache.share((template, result.programme, key[-1]), _pieces(html, parts))
        cache.put(key, pieces)
    return pieces


def _make_block(context, template: str, words, worded, key: tuple, shape: tuple | None) -> tuple:
    """(html, the shared parts it shows) of the block of `worded`: filled into its mould, made first if need be
    and kept under its `shape` as well, or rendered whole for a block that shows no amount."""
    cache = context.environment.fragment_cache
    mould_key = block_mould_key(template, worded, words.as_of, key[-1])
    if mould_key is None:
        with noting_parts() as parts:  # the shared parts the block shows, noted by programme_part
            return _render(context, template, worded), parts
    mould = cache.get(mould_key)
    if mould is None:
        mould = block_mould(context, template, mould_key[-1])
        cache.put(mould_key, mould)
    if shape is not None:
        cache.put(shape, mould)
    return fill_block(mould, worded.estimate.amount, worded.estimate.explanation), mould.parts


def _pieces(html: str, parts: list) -> tuple:
    """`html` cut around the shared `parts` it shows, in order: (own text, part, own text, ..., own text)."""
    pieces, start = [], 0
    for part in parts:
        at = html.find(part, start) if part else -1
        if at >= 0:
            pieces += [html[start:at], part]
            start = at + len(part)
    pieces.append(html[start:])
    return tuple(pieces)


@pass_context
def programme_part(context, programme, template: str) -> Markup:
    """A part of a programme block that no answer changes (its next step, sources...), made once per programme,
    language, host and day."""
    cache = context.environment.fragment_cache
    if cache is None:
        return _render_part(context, template, programme)
    key = (template, programme, page_key(context))
    html = cache.get(key)
    if html is None:
        html = _render_part(context, template, programme)
        cache.put(key, html)
    parts = g.get("_fragment_parts")
    if parts is not None:
        parts.append(html)
    return html


@pass_context
def answer_row(context, question, shown) -> Markup:
    """One row of the answers on the results page, made once per question (of one language's questionnaire) and
    answer as shown; a row for an answer not shown before is filled into the question's mould."""
    cache = context.environment.fragment_cache
    lang = context.get("lang")
    key = (ROW, question.id, question.name, str(shown), lang)  # all a row shows
    html = cache.get(key) if cache is not None else None
    if html is None:
        if cache is None:  # made from nothing, as every row is compared with (tests/test_fragments.py)
            template = context.environment.get_template(ROW)
            return Markup(template.render({**context.get_all(), "question": question, "shown": shown}))  # noqa: S704
        mould_key = ("mould", ROW, question.id, question.name, lang)
        mould = cache.get(mould_key)
        if mould is None:
            mould = row_mould(context.environment, question)
            cache.put(mould_key, mould)
        html = Markup(mould.fill(_shown(shown)))  # noqa: S704 - a rendered template, the answer escaped into it
        cache.put(key, html)
    return html


def _shown(shown):
    """The value_of of a row mould: the answer, escaped as the template would escape it."""
    value = escape(shown)
    return lambda hole: value


@pass_context
def answer_rows(context, rows) -> Markup:
    """The rows of every (question, answer as shown) in `rows`, joined (one call from the template)."""
    return Markup("".join([answer_row(context, question, shown) for question, shown in rows]))  # noqa: S704


class Same:
    """An object as a key by identity, held (so that its id is not reused while the key lives): a question is a
    pydantic model and a result a dataclass, whose hashes would be of all their fields."""

    __slots__ = ("obj",)

    def __init__(self, obj):
        self.obj = obj

    def __hash__(self) -> int:
        return id(self.obj)

    def __eq__(self, other) -> bool:
        return type(other) is Same and other.obj is self.obj


@pass_context
def question_html(context, question, field) -> Markup:
    """One question of the form (the `question` macro of _macros.html), made once per question (of one language's
    questionnaire), answer and error: the form shows the same 25 questions to everyone, mostly unanswered."""
    cache = context.environment.fragment_cache
    errors = tuple(map(str, field.errors))
    key = ("question", Same(question), repr(field.data), errors, context.get("lang"))  # all the macro shows
    html = cache.get(key) if cache is not None else None
    if html is None:
        macros = context.environment.get_template("_macros.html").module
        html = Markup(macros.question(question, field, context["choices"](question)))  # noqa: S704
        if cache is not None:
            cache.put(key, html)
    return html


class Joined:
    """The blocks of a group of results, joined and in UTF-8 (as the page is sent), with the results they were made
    from (held, so that their ids, which key the entry, are not reused while it is kept)."""

    __slots__ = ("results", "utf8")

    def __init__(self, results: tuple, utf8: bytes):
        self.results, self.utf8 = results, utf8

    def __sizeof__(self) -> int:  # what the fragment cache counts: the text (the results are the engine's)
        return sys.getsizeof(self.utf8) + 64


def programme_blocks(context, results: tuple, template: str, utf8: bool = False, between: str = "") -> Markup | bytes:
    """The blocks of a group of results (`results`, all of one group of the page), joined (`between` each); in
    UTF-8 if `utf8`. A group whose blocks were all made before is kept joined as well, in UTF-8, under the
    identities of its results and the page: the groups that do not change from one company to the next are then one
    look-up each, not one a programme, and are sent as they are kept. The group is in the key: a result's block
    depends on its group and on being a near miss, and a result is a near miss exactly when it is in the near_miss
    group (webapp.engine.report)."""
    cache = context.environment.fragment_cache
    if cache is None or not results:
        html = _joined(context, results, template, between)
        return html.encode() if utf8 else Markup(html)  # noqa: S704 - pieces of rendered templates
    group = context["report"].report.group_of[results[0].programme.id]
    key = (template, group, page_key(context), tuple(map(id, results)))
    joined = cache.get(key)
    if joined is not None and all(map(operator.is_, joined.results, results)):
        return joined.utf8 if utf8 else Markup(joined.utf8.decode())  # noqa: S704 - as below
    misses = cache.misses
    html = _joined(context, results, template, between)
    encoded = html.encode()
    if cache.misses == misses:  # made of kept blocks only: likely to be asked for again
        cache.put(key, Joined(tuple(results), encoded))
    return encoded if utf8 else Markup(html)  # noqa: S704 - pieces of rendered templates


def _joined(context, results: tuple, template: str, between: str) -> str:
    if between:
        return between.join(["".join(_block(context, result, template)) for result in results])
    return "".join([piece for result in results for piece in _block(context, result, template)])


def page_key(context) -> tuple:
    """What every block on this page depends on besides its result: the language, print mode, host, whether the
    language came from the address, and the day. Worked out once a request and print mode (kept in `g`: the
    blocks and parts of a page are rendered in contexts of their own), and kept on the context too: the results
    page asks from one context for its 36 blocks."""
    page = context.__dict__.get("_fragment_page")
    if page is not None:
        return page
    pdf = bool(context.get("pdf"))
    kept = g.get("_fragment_pages")
    if kept is None:
        kept = g._fragment_pages = {}
    page = kept.get(pdf)
    if page is None:
        lang_in_url = bool(g.get("lang_in_url"))
        page = kept[pdf] = (context.get("lang"), pdf, request.host_url, lang_in_url, current_app.config["TODAY"]())
    context._fragment_page = page
    return page


def _render_part(context, template: str, programme) -> Markup:
    html = context.environment.get_template(template).render({**context.get_all(), "p": programme})
    return Markup(html)  # noqa: S704 - the output of a template that escapes every value it inserts


def _render(context, template: str, worded) -> Markup:
    html = context.environment.get_template(template).render({**context.get_all(), "result": worded})
    return Markup(html)  # noqa: S704 - the output of a template that escapes every value it inserts


def register(app) -> None:
    megabytes = app.config.get("FRAGMENT_CACHE_MB") or 0
    app.extensions["fragment_cache"] = FragmentCache(int(megabytes * 2**20)) if megabytes > 0 else None
    app.jinja_env.fragment_cache = app.extensions["fragment_cache"]  # read by the template globals below
    app.add_template_global(programme_part, "programme_part")
    app.add_template_global(answer_row, "answer_row")
    app.add_template_global(answer_rows, "answer_rows_html")
    app.add_template_global(question_html, "question_html")
