"""A quick reader for the plain block YAML that rule files are written in, with PyYAML for everything else.

libyaml parses a rule file quickly, but PyYAML then makes a node and two marks (Python objects) for every key,
item and text, and reading them back into data and lines takes as long again: most of the time of a load. Rule files
use little of YAML: mappings and lists in block style, one key or item a line, texts written plainly or in quotes
on one line, folded or literal paragraphs (`>-`, `|`), short lists of names in brackets. This module reads exactly
that, a line at a time, and gives up (returns None) at the first line it does not know for certain, so that
PyYAML reads the file instead, with its own messages for what is wrong. What it gives up on includes, for example:
tabs, carriage returns and characters that YAML does not allow unquoted, anchors, aliases and tags, a comment after
a value, a plain text carried on to the next line, quotes with escapes or over several lines, `key: value` pairs in
braces, a key written twice, keys that are not plain names or that YAML reads as something other than text, and
every indentation it does not expect (which is where PyYAML finds most mistakes).

What it accepts it reads as PyYAML's safe loader reads it (tests/test_yaml_reading.py compares the two on every
bundled file, on generated files and on thousands of edited copies), with the line of every key and item as
`webapp.rulebook.located.Lines` keeps them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field


class Unsupported(Exception):
    """Something this reader leaves to PyYAML."""


# Every character here may stand in a plain or quoted text, or in a key, as libyaml reads it: printable ASCII and
# the line feed; above ASCII, all but the C1 controls, the other line breaks (U+2028, U+2029), the byte order mark
# and the non-characters. A file with any other character is left to PyYAML.
_OTHER_CHARACTER = re.compile("[^\n\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +|$)(.*)")  # a plain name, a colon, spaces or the end; the rest
_FLOW_NAMES = re.compile(r"\[([A-Za-z_][A-Za-z0-9_]*(?:, [A-Za-z_][A-Za-z0-9_]*)*)\]")  # [a, b_c]
# First characters of a value that are not the start of a plain text (YAML's indicators).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_KEYS_KEPT = 10_000
_LONGEST_KEY = 128  # libyaml takes a key of up to 1,024 characters on one line
_BLOCK_HEADERS = {">": (True, "\n"), ">-": (True, ""), "|": (False, "\n"), "|-": (False, "")}  # (folded, ending)


@dataclass(frozen=True)
class Scalars:
    """How the caller reads scalars, as its YAML loader does."""

    plain: Callable  # text -> the value of a plain scalar; raises Unsupported for one left to PyYAML
    key: Callable  # name -> the key to keep for it; raises Unsupported for a name not read as text
    shared: Callable  # text -> the text to keep for a quoted or block text, and a plain one of the kind below
    resolved_first: frozenset  # the first characters of the plain scalars that may be read as something but text
    keys: dict = field(default_factory=dict)  # name -> key, for the names read as keys before


def read(text: str, scalars: Scalars):
    """(data, the Lines entry of the data) for `text`, or None when PyYAML must read it."""
    if not text.endswith("\n") or _OTHER_CHARACTER.search(text):
        return None
    try:
        reader = _Reader(text.split("\n"), scalars)
        if reader.next_line(0) is None or reader.indent != 0:
            return None
        return reader.node(0, reader.at + 1)  # the first node ends only at the end: nothing is less indented
    except (Unsupported, RecursionError):  # PyYAML says what it makes of a file nested hundreds of levels deep
        return None


def _dash(body: str) -> bool:
    return body.startswith("- ") or body == "-"


class _Reader:
    """Reads the lines from `at` on: `indent` and `body` are those of line `at` once next_line has found it."""

    def __init__(self, lines: list, scalars: Scalars):
        self.lines, self.scalars, self.keys = lines, scalars, scalars.keys
        self.plain, self.shared, self.resolved_first = scalars.plain, scalars.shared, scalars.resolved_first
        self.bodies = [line.strip(" ") for line in lines]  # each line without the spaces around it
        self.indents = [len(line) - len(line.lstrip(" ")) for line in lines]
        self.at, self.indent, self.body = 0, 0, ""

    def next_line(self, at: int):
        """Move to the first line from `at` on that is neither blank nor a comment; its index, or None at the end
        (where `indent` is -1)."""
        bodies = self.bodies
        while at < len(bodies):
            body = bodies[at]
            if body and body[0] != "#":
                self.at, self.indent, self.body = at, self.indents[at], body
                return at
            at += 1
        self.at, self.indent, self.body = at, -1, ""
        return None

    def key_of(self, body: str) -> tuple:
        """(The key, the rest of the line after the colon and spaces) of a line `name: ...` or `name:`; raises
        Unsupported for any other line."""
        match = _KEY.match(body)
        if match is None or match.start(2) > _LONGEST_KEY:
            raise Unsupported
        name, rest = match.group(1, 2)
        return self.keys.get(name) or self.known(name), rest

    def known(self, name: str) -> str:
        """The key for `name`, kept for the next files (most keys are the same in every file)."""
        key = self.scalars.key(name)
        if len(self.keys) < _KEYS_KEPT and len(name) + 2 <= _LONGEST_KEY:  # as `name: text` too, it is short enough
            self.keys[name] = key
        return key

    def node(self, indent: int, line: int) -> tuple:
        """The mapping or list that starts at the current line, indented by `indent`; `line` is its line in Lines."""
        if _dash(self.body):
            return self.sequence(indent, line)
        return self.mapping(indent, self.body, line)

    def mapping(self, indent: int, body: str, line: int) -> tuple:
        """A mapping whose keys stand at column `indent`; its first key is `body`, on the current line (after the
        dash of a list item, for a mapping written on the item's line).

        The current line is kept in locals (`current`, `body`) while lines of the usual kind (`key: plain text`,
        then the next key) follow one another, and written to the reader's state only before any other step and
        when the mapping ends: reading a thousand rule files, that state was written on every line."""
        data, entry = {}, [line]
        bodies, indents, keys, shared, resolved_first = (
            self.bodies,
            self.indents,
            self.keys,
            self.shared,
            self.resolved_first,
        )
        current, count, key_of = self.at, len(bodies), self.key_of
        while True:
            # Most lines are `name: text`, or `name:` before a value on the lines below, with a name read before:
            # split at the first colon and space (a name has neither) and looked up, it needs no pattern.
            name, spaced, rest = body.partition(": ")
            key = keys.get(name) if spaced else keys.get(body[:-1]) if body[-1] == ":" else None
            if key is None or rest[:1] == " ":  # a name not read before, or more than one space after the colon
                key, rest = key_of(body)
            at = current + 1
            if key in data:
                raise Unsupported  # PyYAML reports it
            following = bodies[at] if at < count else ""
            if (
                rest
                and following
                and indents[at] <= indent
                and following[0] != "#"
                and rest[0] not in _INDICATORS
                and ": " not in rest
                and " #" not in rest
                and rest[-1] != ":"
            ):
                # Most lines: a plain text on one line, then the next key (what `value` does, without its steps).
                data[key] = shared(rest) if rest[0] not in resolved_first else self.plain(rest)
                entry += (key, at)
                if indents[at] != indent:  # less indented: the mapping ends
                    self.at, self.indent, self.body = at, indents[at], following
                    return data, tuple(entry)
                current, body = at, following
                continue
            self.at = current  # what the steps below read
            if rest:
                data[key], below = self.value(rest, indent)
            else:
                self.next_line(current + 1)
                if self.indent > indent:
                    data[key], below = self.node(self.indent, at)
                elif self.indent == indent and _dash(self.body):
                    data[key], below = self.sequence(indent, at, indentless=True)  # a list at its key's column
                else:
                    data[key], below = self.plain(""), at  # nothing: null
            entry += (key, below)
            if self.indent != indent:
                if self.indent > indent:
                    raise Unsupported
                return data, tuple(entry)
            current, body = self.at, self.body

    def sequence(self, indent: int, line: int, indentless: bool = False) -> tuple:
        """A list whose dashes stand at column `indent`, from the current line on. An `indentless` list, written at
        its key's column, ends at the next key; any other, at a line less indented."""
        items, entry = [], [line]
        while True:
            body = self.body
            if body == "-":
                raise Unsupported  # an item on the lines below, or an empty one
            rest = body[2:].lstrip(" ")
            if rest.startswith("-"):
                raise Unsupported  # a list in a list, or a negative number
            name, spaced, _ = rest.partition(": ")
            if spaced and name in self.keys or _KEY.match(rest):  # a mapping on the item's line
                value, below = self.mapping(indent + len(body) - len(rest), rest, self.at + 1)
            else:
                value, below = self.value(rest, indent)
            entry += (len(items), below)
            items.append(value)
            if self.indent != indent or not _dash(self.body):
                if self.indent > indent or self.indent == indent and not indentless:
                    raise Unsupported
                return items, tuple(entry)

    def value(self, rest: str, indent: int) -> tuple:
        """(The value written after a key or a dash on the current line, its Lines entry), then move to the line
        after it, which must not be indented past `indent`, the column of the key or dash. A comment after a value
        is left to PyYAML."""
        line, first = self.at + 1, rest[0]
        if first not in _INDICATORS:
            return self.plain_text(rest, indent), line
        if first == "'" and len(rest) > 1 and rest.endswith("'") and "'" not in rest[1:-1].replace("''", ""):
            value, below = self.shared(rest[1:-1].replace("''", "'")), line
        elif first == '"' and len(rest) > 1 and rest.endswith('"') and not {'"', "\\"} & set(rest[1:-1]):
            value, below = self.shared(rest[1:-1]), line
        elif first == '"' and self.lines[self.at].endswith("\\"):
            return self.shared(self.joined(rest, indent)), line
        elif rest in _BLOCK_HEADERS:
            return self.shared(self.block(rest, indent)), line
        elif rest == "[]" or rest == "{}":
            value, below = [] if rest == "[]" else {}, (line,)
        elif first == "[" and _FLOW_NAMES.fullmatch(rest):
            value = [self.plain(name) for name in rest[1:-1].split(", ")]
            if not all(type(item) is str for item in value):
                raise Unsupported  # [yes, no] and the like
            below = (line, *(part for i in range(len(value)) for part in (i, line)))
        else:
            raise Unsupported
        if self.next_line(self.at + 1) is not None and self.indent > indent:
            raise Unsupported
        return value, below

    def plain_text(self, rest: str, indent: int):
        """The value of a plain text that starts with `rest` on the current line and may go on over the lines below,
        indented past `indent`: each line break folded into a space, and a run of empty lines into as many line
        breaks; then move to the line after it."""
        if ": " in rest or rest.endswith(":") or " #" in rest:
            raise Unsupported  # a colon or a comment that YAML reads otherwise
        bodies, indents, at, gap, text = self.bodies, self.indents, self.at + 1, 0, rest
        if at < len(bodies) and indents[at] <= indent and bodies[at] and bodies[at][0] != "#":
            self.at, self.indent, self.body = at, indents[at], bodies[at]  # the next key or item: most texts
            return self.shared(text) if text[0] not in self.resolved_first else self.plain(text)
        while at < len(bodies):
            body = bodies[at]
            if not body:
                gap += 1
            elif indents[at] <= indent:
                break
            elif body[0] in _INDICATORS or ": " in body or body.endswith(":") or " #" in body:
                raise Unsupported
            else:
                text += ("\n" * gap if gap else " ") + body
                gap = 0
            at += 1
        if self.next_line(at) is not None and self.indent > indent:
            raise Unsupported  # after a comment
        return self.shared(text) if text[0] not in self.resolved_first else self.plain(text)

    def joined(self, rest: str, indent: int) -> str:
        """A double-quoted text over several lines, each but the last ending with a backslash (the text goes on
        without a space), with no other backslash or quote; then move to the line after it."""
        lines, at, text = self.lines, self.at + 1, rest[1:-1]
        while at < len(lines):
            line = lines[at]
            body = line.lstrip(" ")
            if len(line) - len(body) <= indent or not body or {'"', "\\"} & set(text):
                raise Unsupported
            if not body.endswith("\\"):
                body = body.rstrip(" ")
                if not body.endswith('"') or {'"', "\\"} & set(body[:-1]):
                    raise Unsupported
                text += body[:-1]
                break
            text += body[:-1]
            at += 1
        else:
            raise Unsupported
        if self.next_line(at + 1) is not None and self.indent > indent:
            raise Unsupported
        return text

    def block(self, header: str, indent: int) -> str:
        """A folded (>) or literal (|) text on the lines below, indented past `indent`, kept to lines of text at
        one indentation and empty lines between them; then move to the line after it."""
        folded, ending = _BLOCK_HEADERS[header]
        lines, at = self.lines, self.at + 1
        texts, gaps = [], []  # the lines of text, and how many empty lines came before each
        gap, width = 0, None
        while at < len(lines):
            line = lines[at]
            if not line:
                gap += 1
            else:
                body = line.lstrip(" ")
                margin = len(line) - len(body)
                if width is None:
                    if margin <= indent:
                        break
                    width = margin
                if margin < width:
                    break
                if margin > width or not body or line.endswith(" ") or gap and not texts:
                    raise Unsupported  # more indented lines, blank lines with spaces, trailing spaces
                texts.append(body)
                gaps.append(gap)
                gap = 0
            at += 1
        if not texts:
            raise Unsupported
        text = texts[0]
        for body, before in zip(texts[1:], gaps[1:], strict=True):
            text += (("\n" * before if before else " ") if folded else "\n" * (before + 1)) + body
        if self.next_line(at) is not None and self.indent > indent:
            raise Unsupported
        return text + ending
