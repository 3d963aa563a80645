"""Moulds: HTML rendered once with marks where the values of one page go, cut there, and filled in for each page.

Three kinds (webapp.web.resultspage, webapp.web.fragments): the results page's shell, made from the page's shape with
the results token, the company's name and the page's slots as holes; a programme block that shows an amount, made
from its words with the amount and the arithmetic line as holes; and a row of the answers, made from its question
with the answer as the hole. All are rendered in an environment where
reading anything not given is an error (StrictUndefined), so what a mould is made from is all it can show, and that
is its key.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
import sys
from dataclasses import dataclass

from flask import g
from jinja2 import StrictUndefined
from markupsafe import Markup, escape

from webapp.wording.numbers import about_hkd
from webapp.wording.results import words_key

TOKEN_MARK = "tokenHole7Qz"  # noqa: S105 - not a secret: stands for the token while a shell or link is made: letters pass through links unchanged
TOKEN_LIKE = re.compile(r"[A-Za-z0-9_.\-]+")  # a token that links and HTML carry as it is (every valid one is)


class Mould:
    """HTML cut at the matches of `marks`: pieces[0], hole 0, pieces[1], ..., pieces[-1]; each hole is what
    `hole_of` makes of its match. `parts`: the shared parts a block shows (counted under their own keys)."""

    __slots__ = ("encoded", "holes", "parts", "pieces")

    def __init__(self, html: str, marks: re.Pattern, hole_of, parts=()):
        pieces, holes, start = [], [], 0
        for found in marks.finditer(html):
            pieces.append(html[start : found.start()])
            holes.append(hole_of(found))
            start = found.end()
        pieces.append(html[start:])
        self.pieces, self.holes, self.parts = tuple(pieces), tuple(holes), tuple(parts)
        self.encoded = None  # the pieces in UTF-8, made when first filled as UTF-8

    def fill(self, value_of) -> str:
        """The HTML with each hole replaced by `value_of(hole)`."""
        out = [self.pieces[0]]
        for hole, piece in zip(self.holes, self.pieces[1:], strict=True):
            out += (value_of(hole), piece)
        return "".join(out)

    def fill_utf8(self, value_of) -> bytes:
        """`fill`, in UTF-8: the mould's pieces encoded once, and each value as it comes (or as it is, when
        `value_of` gives bytes: UTF-8 kept so). A page of ASCII text with a few other characters (quotation marks,
        the languages' names) is then mostly copied, where the page joined into one text would be widened and
        encoded whole at each request."""
        pieces = self.encoded
        if pieces is None:
            pieces = self.encoded = tuple(piece.encode() for piece in self.pieces)
        out = [pieces[0]]
        for hole, piece in zip(self.holes, pieces[1:], strict=True):
            value = value_of(hole)
            out += (value if type(value) is bytes else value.encode(), piece)
        return b"".join(out)

    def __sizeof__(self) -> int:  # what the fragment cache counts: the text it holds (and its UTF-8 once made)
        encoded = sum(map(sys.getsizeof, self.encoded)) if self.encoded else 0
        return sum(map(sys.getsizeof, self.pieces)) + encoded + 64 * len(self.holes)


@contextlib.contextmanager
def noting_parts():
    """The shared parts (webapp.web.fragments.programme_part) of a block rendered meanwhile, in order."""
    g._fragment_parts = parts = []
    try:
        yield parts
    finally:
        del g._fragment_parts


def moulds_env(env):
    """The environment moulds are rendered in: the app's, with StrictUndefined (reading anything not given is an
    error) and an about_hkd filter that writes an AmountMark as its mark."""
    strict = getattr(env, "moulds_env", None)
    if strict is None:
        strict = env.overlay(undefined=StrictUndefined)
        strict.filters = {**env.filters, "about_hkd": _about_hkd_or_mark}
        env.moulds_env = strict
    return strict


# Blocks that show an amount: companies whose blocks say the same in words but for the amount and its arithmetic
# (the same programme, verdict, conditions, changes and values used) share one mould. It is rendered from the words
# alone: the engine's result stands behind them only as its programme, verdict and status, and a change only as the
# questions it names.
WORDED = "_programme.html"  # the block that shows the amount and its arithmetic
AMOUNT, ARITHMETIC = "\x00a\x00", "\x00e\x00"
_MARKS = re.compile("\x00([ae])\x00")


class AmountMark:
    """Stands for an estimate's amount while a mould is made: it is not None, and the about_hkd filter of the
    moulds' environment writes it as its mark. Any other use (a comparison, a sum) fails."""

    __slots__ = ()

    def __eq__(self, other):
        raise TypeError("an amount in a mould can only be shown")

    __hash__ = object.__hash__


AMOUNT_MARK = AmountMark()


@dataclass(frozen=True)
class ResultShown:
    """The engine's result as far as a block shows it (ResultWords reads its programme, verdict and status)."""

    programme: object
    verdict: str
    status: str


@dataclass(frozen=True)
class ChangeShown:
    """A change as far as a block shows it: the questions it names (the Change button goes to the first)."""

    facts: tuple


def block_mould_key(template: str, worded, as_of, page: tuple) -> tuple | None:
    """The key of the mould of a block that shows an amount, ending with the words it is made from; None for
    any other block."""
    estimate = worded.estimate
    if template != WORDED or estimate is None or estimate.amount is None:
        return None
    result = worded.result
    shown = dataclasses.replace(
        worded,
        result=ResultShown(result.programme, result.verdict, result.status),
        estimate=dataclasses.replace(estimate, amount=AMOUNT_MARK, explanation=ARITHMETIC),
        changes=tuple(dataclasses.replace(c, change=ChangeShown(tuple(c.change.facts))) for c in worded.changes),
    )
    return ("mould", template, as_of, page, shown)


def block_shape_key(template: str, result, report_words, block_key: tuple) -> tuple | None:
    """The key under which the mould of `result`'s block is kept as well, worked out from the engine's result
    without putting it in words (webapp.wording.results.words_key): the block of a company whose amount alone is
    new is then its mould filled with the amount and its arithmetic. None for a block that shows no amount, and
    for a result whose words cannot be told apart without making them."""
    if template != WORDED:
        return None
    words = words_key(result, report_words.report, report_words.questionnaire)
    return None if words is None else ("shape", template, *words, block_key[-1])


def block_mould(context, template: str, shown) -> Mould:
    """The mould of the block `template` for the words `shown` (the last item of its key)."""
    with noting_parts() as parts:
        strict = moulds_env(context.environment).get_template(template)
        html = strict.render({**context.get_all(), "pdf": bool(context.get("pdf")), "result": shown})
    return Mould(html, _MARKS, lambda found: found.group(1), parts)


def fill_block(mould: Mould, amount, arithmetic: str) -> str:
    """The block of `mould` showing `amount` and its `arithmetic` in words."""
    return mould.fill({"a": escape(about_hkd(amount)), "e": escape(arithmetic)}.__getitem__)


ROW = "_answer_row.html"
SHOWN = "\x00s\x00"
_SHOWN = re.compile(SHOWN)


def row_mould(env, question) -> Mould:
    """The mould of the answer row of `question`, its answer a hole: made from the question alone (and the
    language of the catalogue in use), in the environment where reading anything else is an error."""
    html = moulds_env(env).get_template(ROW).render({"question": question, "shown": Markup(SHOWN)})  # noqa: S704
    return Mould(html, _SHOWN, lambda found: "s")


def _about_hkd_or_mark(amount) -> str:
    return AMOUNT if amount is AMOUNT_MARK else about_hkd(amount)
