"""Read a YAML file into plain Python data plus a map from data paths to line numbers."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from webapp.rulebook.filesafety import UnsafeFile, alias_problem, read_rule_bytes

Path_ = tuple  # a data path such as ("criteria", 0, "when")


@dataclass
class Problem:
    """One thing wrong with a rule file, located at a line (1-based; 0 when unknown)."""

    file: str
    line: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        # Errors read like a compiler's; anything milder says what it is, so it is not mistaken for one.
        label = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.file}:{self.line}: {label}{self.message}"

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "message": self.message, "severity": self.severity}


@dataclass
class Located:
    """Parsed YAML data with the line of every key and item, for error messages."""

    name: str
    data: object
    lines: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    raw: object = None  # the data as written, with the texts of every language

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def line(self, path: Path_) -> int:
        """The line of the nearest enclosing element of `path` that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def problem(self, path: Path_, message: str, severity: str = "error") -> Problem:
        p = Problem(self.name, self.line(path), message, severity)
        self.problems.append(p)
        return p


# libyaml's parser when PyYAML was built with it: the same results, several times faster, so reloads stay quick.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """The safe loader: plain data only. Dates stay text here; the schema reads them, and says where one is wrong."""

    def resolve(self, kind, value, implicit):
        # The tag of a plain scalar depends on its text alone (this loader has no path resolvers), and rule files
        # repeat the same few hundred texts (keys, language codes, option values): each is worked out once.
        if kind is yaml.ScalarNode and implicit[0]:
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_PLAIN_TAGS) < _PLAIN_TAGS_KEPT and len(value) <= 80:
                    _PLAIN_TAGS[value] = tag
            return tag
        return super().resolve(kind, value, implicit)


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_PLAIN_TAGS: dict = {}  # plain scalar text -> its tag
_PLAIN_TAGS_KEPT = 20_000
_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_Scalar = yaml.ScalarNode
_SCALARS = {  # the other tags a rule file's plain scalars take, read as PyYAML's safe loader reads them
    "tag:yaml.org,2002:int": yaml.constructor.SafeConstructor.construct_yaml_int,
    "tag:yaml.org,2002:float": yaml.constructor.SafeConstructor.construct_yaml_float,
    "tag:yaml.org,2002:bool": yaml.constructor.SafeConstructor.construct_yaml_bool,
    "tag:yaml.org,2002:null": yaml.constructor.SafeConstructor.construct_yaml_null,
}


def _shared(text: str) -> str:
    """A short text as the one object Python keeps for it (sys.intern): keys, option values, parameter names and
    units repeat in every file, and evaluating a programme then reads objects it shares with all the others
    instead of copies of its own scattered through memory. Longer texts (addresses, sentences) are seldom repeated and stay as read."""
    return text if len(text) > _SHORT else _intern(text)


_SHORT = 32
_intern = sys.intern


class _Unusual(Exception):
    """A node the one-pass reader leaves to PyYAML's constructor: a merge key, a key that is not text, a tag
    other than text, number, yes/no, null, list and mapping."""


def _read(node, path, lines, problems, name, constructor):
    """The data of `node`, as PyYAML's safe loader builds it, while noting the line of every key and item and
    every duplicate key: `_walk` and `construct_document` in one pass (the caller notes the line of the root)."""
    tag = node.tag
    if tag == _STR and type(node) is _Scalar:
        return _shared(node.value)
    if tag == _MAP and type(node) is yaml.MappingNode:
        data, seen = {}, {}
        for key_node, value_node in node.value:
            if key_node.tag != _STR or type(key_node) is not _Scalar:
                raise _Unusual  # merge keys (<<), numbers or yes/no as keys, mappings as keys
            key = _intern(key_node.value)  # a key: short, and repeated in every file
            line = key_node.start_mark.line + 1
            if key in seen:
                problems.append(Problem(name, line, f"duplicate key '{key}' (first written on line {seen[key]})"))
            else:
                seen[key] = line
            where = (*path, key)
            lines[where] = line
            if value_node.tag == _STR and type(value_node) is _Scalar:
                text = value_node.value
                data[key] = text if len(text) > _SHORT else _intern(text)
            else:
                data[key] = _read(value_node, where, lines, problems, name, constructor)
        return data
    if tag == _SEQ and type(node) is yaml.SequenceNode:
        items = []
        for i, item in enumerate(node.value):
            where = (*path, i)
            lines[where] = item.start_mark.line + 1
            text = item.tag == _STR and type(item) is _Scalar
            items.append(_shared(item.value) if text else _read(item, where, lines, problems, name, constructor))
        return items
    scalar = _SCALARS.get(tag)
    if scalar is None or type(node) is not _Scalar:
        raise _Unusual
    return scalar(constructor, node)


def _walk(node, path, lines, problems, name):
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue  # a list or mapping as a key: the constructor reports it, with its line
            key = key_node.value
            if key in seen:
                problems.append(
                    Problem(
                        name, key_node.start_mark.line + 1, f"duplicate key '{key}' (first written on line {seen[key]})"
                    )
                )
            seen.setdefault(key, key_node.start_mark.line + 1)
            lines[path + (key,)] = key_node.start_mark.line + 1
            _walk(value_node, path + (key,), lines, problems, name)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[path + (i,)] = item.start_mark.line + 1
            _walk(item, path + (i,), lines, problems, name)


def parse_text(text: str, name: str) -> Located:
    """Parse YAML text; syntax errors become a Problem with the line the parser stopped at."""
    located = Located(name=name, data=None)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        located.problems.append(Problem(name, line, f"YAML syntax error: {plain_syntax_error(exc, text)}"))
        return located
    if node is None:
        located.problem((), "the file is empty")
        return located
    # Built from the same node, even with duplicate keys, so that the file's other problems are reported too.
    try:
        try:
            located.lines[()] = node.start_mark.line + 1
            located.data = _read(node, (), located.lines, located.problems, name, _CONSTRUCTOR)
        except _Unusual:  # read it as PyYAML's constructor does
            located.lines.clear()
            del located.problems[:]
            _walk(node, (), located.lines, located.problems, name)
            located.data = _Loader("").construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        located.problems.append(Problem(name, mark.line + 1 if mark else 1, f"YAML error: {exc.problem or exc}"))
    return located


def parse_file(path: Path, display_name: str | None = None) -> Located:
    """Parse one YAML file from disk."""
    name = display_name or str(path)
    try:
        text = read_rule_bytes(path).decode("utf-8")
    except (UnsafeFile, UnicodeDecodeError) as exc:
        located = Located(name=name, data=None)
        # Never the exception's text for an OS error: it could show an absolute path or where a link points.
        located.problem((), str(exc) if isinstance(exc, UnsafeFile) else "cannot read the file: it is not UTF-8")
        return located
    aliases = alias_problem(text)
    if aliases:
        located = Located(name=name, data=None)
        located.problem((), aliases)
        return located
    return parse_text(text, name)


_CONSTRUCTOR = _Loader("")  # its scalar constructors keep no state

OPENERS = {"flow sequence": "'['", "flow mapping": "'{'"}


def _indent(lines: list, number: int) -> int:
    """How many spaces line `number` (1-based) starts with."""
    text = lines[number - 1] if 0 < number <= len(lines) else ""
    return len(text) - len(text.lstrip(" "))


def plain_syntax_error(exc, text: str) -> str:
    """A YAML syntax error in plain words: what to fix, the line where the problem was noticed, and the line
    where the unclosed bracket, quote or block started."""
    lines = text.splitlines()
    problem, context = exc.problem or "", exc.context or ""
    seen = exc.problem_mark.line + 1 if exc.problem_mark else 0
    opened = exc.context_mark.line + 1 if exc.context_mark else 0
    for kind, opener in OPENERS.items():
        if kind in context:
            closer = "]" if opener == "'['" else "}"
            return (
                f"the {opener} opened on line {opened} is never closed (noticed on line {seen}): "
                f"end the list with '{closer}' on line {opened}, or remove the {opener}"
            )
    if "quoted scalar" in context:
        return (
            f"the quote opened on line {opened} is never closed (noticed on line {seen}): end the text on line "
            f"{opened} with the same quote mark"
        )
    if "block" in context and opened:
        return (
            f"line {seen} is indented {_indent(lines, seen)} spaces, which fits no block: the block it belongs to "
            f"starts on line {opened}, indented {_indent(lines, opened)} spaces; line the key up with the keys of "
            f"that block, or indent it under the key above it (line {seen - 1}, indented "
            f"{_indent(lines, seen - 1)} spaces)"
        )
    if "mapping values are not allowed" in problem:
        return (
            f"line {seen} has a ':' where no new key can start: if the text holds ': ', put the whole text in "
            f"quotes; if it is a key, line it up with the keys above (line {seen} is indented "
            f"{_indent(lines, seen)} spaces, line {seen - 1} {_indent(lines, seen - 1)})"
        )
    where = f" (the part that is wrong started on line {opened})" if opened and opened != seen else ""
    return f"{problem or exc}{where}"
