"""What a programme that is not a draft must not hold: TODO text and placeholder addresses (errors); and what
`rules check` warns about in any programme: a `checked` date in the future, and a number typed into a text
that a parameter holds (the text then goes stale when the parameter changes)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from urllib.parse import urlsplit

from webapp.config import HONG_KONG

TODO = re.compile(r"\bTODO\b")
PLACEHOLDER_HOSTS = ("example.com", "example.org", "example.net", "localhost")
PLACEHOLDER_URLS = ("https://www.gov.hk/", "https://www.gov.hk", "http://www.gov.hk/")
# Texts about the programme's own terms, where a hard-coded figure goes stale; parameter notes are history.
FIGURE_TEXTS = ("summary", "offers", "criteria", "next_step")  # notes often speak of other schemes
AMOUNT = re.compile(r"HK\$\s?(\d[\d,]*(?:\.\d+)?)\s*(m\b|million\b|bn\b|billion\b|k\b)?", re.IGNORECASE)
RATIO = re.compile(r"(?<![\d:])(\d+:\d+)(?![\d:])")
PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s?%")
DIGIT = re.compile(r"\d")
SCALE = {"m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9, "k": 1e3}


ADDRESS_KEYS = ("url", "source")  # keys whose texts are checked for placeholder addresses


def _strings(data, path: tuple, figures: bool) -> list:
    """(path, text) of every string in `data` that the checks below may find something in, depth first: one with
    TODO, under a key in ADDRESS_KEYS, or, where figures are looked for, with a digit (every figure has one). A list
    built in one pass that makes no path for the other texts: rule files hold thousands, and most are plain words."""
    if isinstance(data, str):
        return [(path, data)] if "TODO" in data or path[-1] in ADDRESS_KEYS or figures and DIGIT.search(data) else []
    found = []
    _collect(data, path, found, figures)
    return found


def _collect(data, path, found, figures) -> None:
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        if isinstance(value, str):
            if "TODO" in value or key in ADDRESS_KEYS or figures and DIGIT.search(value):
                found.append(((*path, key), value))
        elif isinstance(value, (dict, list)):
            _collect(value, (*path, key), found, figures)


def _texts(located) -> dict:
    """Top-level key -> (path, text) of the strings under it (see _strings) in the file as written (examples
    aside: neither check below reads them), listed once per file for both."""
    return located.listed(TEXTS, list_texts)


TEXTS = "texts with a figure, TODO or an address"  # the name of the list in Located.lists


def list_texts(located) -> dict:
    """What _texts lists. A text with a digit is listed only under FIGURE_TEXTS, the keys where figures are looked
    for: most of a file's texts are elsewhere (parameters, sources, notes), and searching each of them for a digit
    took about a sixth of the time taken to list them."""
    raw = located.raw if isinstance(located.raw, dict) else {}
    return {key: _strings(value, (key,), key in FIGURE_TEXTS) for key, value in raw.items() if key != "examples"}


def check_draft_rules(located, spec) -> None:
    """Report TODO text and placeholder addresses outside drafts, and future `checked` dates."""
    if spec.status != "draft":
        texts = _texts(located)
        for path, text in (found for found in texts.values() for found in found):
            if "TODO" in text and TODO.search(text):
                located.problem(
                    path,
                    "TODO text left in a programme that is not a draft: write the text, or set "
                    "status: draft until it is done",
                )
            elif path and path[-1] in ADDRESS_KEYS and _placeholder_url(text):
                located.problem(
                    path,
                    f"placeholder address {text}: give the page the text comes from, or set "
                    "status: draft until it is done",
                )
    # `checked` is when someone read the page: compared with the real date, not CHECKER_FIXED_DATE.
    real_today = dt.datetime.now(HONG_KONG).date()
    for i, source in enumerate(spec.sources):
        if source.checked > real_today:
            located.problem(
                ("sources", i, "checked"),
                f"the source was checked on {source.checked}, which is "
                f"after today ({real_today}): write the date you read it",
                "warning",
            )


@functools.lru_cache(maxsize=4096)  # rule files give the same few addresses again and again
def _placeholder_url(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return url.strip() in PLACEHOLDER_URLS or any(host == h or host.endswith("." + h) for h in PLACEHOLDER_HOSTS)


def _parameter_values(spec) -> dict:
    """(unit, value as written) pairs held by the programme's parameters -> parameter name."""
    held = {}
    for name, param in spec.parameters.items():
        for dated in param.values:
            value = str(dated.value).replace(" ", "") if param.unit == "ratio" else float(dated.value)
            held.setdefault((param.unit, value), name)
    return held


def figures_in(text: str):
    """(unit, value, as written) of every amount, ratio and percentage in a text."""
    if not DIGIT.search(text):  # every figure has a digit, and most texts none
        return
    for match in AMOUNT.finditer(text):
        number = float(match.group(1).replace(",", "")) * SCALE.get((match.group(2) or "").lower(), 1)
        yield "hkd", number, match.group(0).strip()
    for match in RATIO.finditer(text):
        yield "ratio", match.group(1), match.group(1)
    for match in PERCENT.finditer(text):
        yield "percent", float(match.group(1)), match.group(0)


def check_hard_coded_figures(located, spec) -> None:
    """Warn where a text types a figure that a parameter holds: `{name}` shows it, and follows its changes."""
    held = _parameter_values(spec)
    if not held:
        return
    texts = _texts(located)
    for path, text in (found for key in FIGURE_TEXTS for found in texts.get(key, ())):
        if path[-1] in ("url", "id") or "when" in path:
            continue
        for unit, value, written in figures_in(text):
            name = held.get((unit, value))
            if name:
                located.problem(
                    path,
                    f"the text types {written}, a value of the parameter '{name}': write "
                    f"{{{name}}} instead, so that the text follows the parameter",
                    "warning",
                )
