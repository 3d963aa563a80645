"""Read a YAML file into plain Python data plus a map from data paths to line numbers (webapp.rulebook.located):
quickly with webapp.rulebook.blockyaml where the file is plain block YAML, else with PyYAML, which reports what is
wrong."""

from __future__ import annotations

import sys
from contextvars import ContextVar
from pathlib import Path

import yaml

from webapp.rulebook import blockyaml
from webapp.rulebook.filesafety import UnsafeFile, alias_problem, read_rule_bytes
from webapp.rulebook.located import Lines, Located, Problem
from webapp.rulebook.yamlerrors import plain_syntax_error

# libyaml's parser when PyYAML was built with it: the same results, several times faster, so reloads stay quick.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """The safe loader: plain data only. Dates stay text here; the schema reads them, and says where one is wrong."""

    def resolve(self, kind, value, implicit):
        # Called by libyaml's composer for every node, so it answers without PyYAML's generic resolver: this loader
        # has no path resolvers, so the tag of a list or mapping is the default one, and so is that of a quoted
        # scalar. A plain scalar's tag depends on its text alone, and only a text that starts with one of the
        # characters an implicit resolver is registered for (a digit, a sign, y, n, t, f, o, ~ ...) can be
        # anything but text: most texts are told apart by their first character. The others repeat the same few
        # hundred texts (numbers, yes/no, option values): each is worked out once.
        if kind is _Scalar:
            return _plain_tag(value) if implicit[0] else _STR
        return _MAP if kind is _Mapping else _SEQ if kind is _Sequence else super().resolve(kind, value, implicit)


def _plain_tag(value: str) -> str:
    """The tag of a plain scalar, as `_Loader.resolve` gives it."""
    if value[:1] not in _RESOLVED_FIRST:
        return _STR
    tag = _PLAIN_TAGS.get(value)
    if tag is None:
        tag = yaml.resolver.BaseResolver.resolve(_CONSTRUCTOR, _Scalar, value, (True, False))
        if len(_PLAIN_TAGS) < _PLAIN_TAGS_KEPT and len(value) <= 80:
            _PLAIN_TAGS[value] = tag
    return tag


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# The first characters of the plain scalars that may be something other than text ("" for the empty one: null).
_RESOLVED_FIRST = frozenset(key for key, resolvers in _Loader.yaml_implicit_resolvers.items() if resolvers)
_PLAIN_TAGS: dict = {}  # plain scalar text -> its tag
_PLAIN_TAGS_KEPT = 20_000
_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_Scalar, _Mapping, _Sequence = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
_CONSTRUCTOR = _Loader("")  # its scalar constructors and resolver keep no state
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


def _plain(text: str):
    """The value of a plain scalar read by webapp.rulebook.blockyaml, as `_read` gives it. Numbers, yes/no and
    null are worked out once for each text (the same few hundred in every file), and kept: they are immutable."""
    tag = _plain_tag(text)
    if tag == _STR:
        return _shared(text)
    try:
        return _PLAIN_VALUES[text]
    except KeyError:
        pass
    scalar = _SCALARS.get(tag)
    if scalar is None:
        raise blockyaml.Unsupported
    value = scalar(_CONSTRUCTOR, _Scalar(tag, text, None, None))
    if len(_PLAIN_VALUES) < _PLAIN_TAGS_KEPT and len(text) <= 80:
        _PLAIN_VALUES[text] = value
    return value


_PLAIN_VALUES: dict = {}  # plain scalar text -> its value, for the texts not read as text


def _key(text: str) -> str:
    """A plain name read as a key by webapp.rulebook.blockyaml, as `_read` keeps it: only one read as text."""
    if _plain_tag(text) != _STR:
        raise blockyaml.Unsupported
    return _intern(text)


class _Unusual(Exception):
    """A node the one-pass reader leaves to PyYAML's constructor: a merge key, a key that is not text, a duplicate
    key, a tag other than text, number, yes/no, null, list and mapping."""


def _read(node, line: int, constructor) -> tuple:
    """(The data of `node`, as PyYAML's safe loader builds it; its entry in Lines, with `line` its own line): `_walk`
    and `construct_document` in one pass. A duplicate key is left to them: it is an error, and its lines are noted
    over the first's there."""
    tag = node.tag
    if tag == _STR and type(node) is _Scalar:
        return _shared(node.value), line
    if tag == _MAP and type(node) is _Mapping:
        data, entry = {}, [line]
        for key_node, value_node in node.value:
            if key_node.tag != _STR or type(key_node) is not _Scalar:
                raise _Unusual  # merge keys (<<), numbers or yes/no as keys, mappings as keys
            key = _intern(key_node.value)  # a key: short, and repeated in every file
            if key in data:
                raise _Unusual
            line = key_node.start_mark.line + 1
            if value_node.tag == _STR and type(value_node) is _Scalar:
                text = value_node.value
                data[key] = text if len(text) > _SHORT else _intern(text)
                entry += (key, line)
            else:
                data[key], below = _read(value_node, line, constructor)
                entry += (key, below)
        return data, tuple(entry)
    if tag == _SEQ and type(node) is _Sequence:
        items, entry = [], [line]
        for i, item in enumerate(node.value):
            line = item.start_mark.line + 1
            if item.tag == _STR and type(item) is _Scalar:
                items.append(_shared(item.value))
                entry += (i, line)
            else:
                value, below = _read(item, line, constructor)
                items.append(value)
                entry += (i, below)
        return items, tuple(entry)
    scalar = _SCALARS.get(tag)
    if scalar is None or type(node) is not _Scalar:
        raise _Unusual
    return scalar(constructor, node), line


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


_QUICK = blockyaml.Scalars(_plain, _key, _shared, _RESOLVED_FIRST)


# `rules check` sets this: every file the quick reader takes is read by PyYAML as well, and any difference is an
# error in that file, so that an edit the two readers disagree on is caught at the check step, before publishing
# (the site itself reads each file once, quickly).
CROSS_CHECK = ContextVar("yaml_cross_check", default=False)
DISAGREE = (
    "the quick YAML reader (webapp/rulebook/blockyaml.py) and PyYAML read this file differently: do not publish it; "
    "please report it with the file (writing the text that changed another way, in quotes say, usually avoids it)"
)


def parse_text(text: str, name: str) -> Located:
    """Parse YAML text; syntax errors become a Problem with the line the parser stopped at. A file in the plain block
    YAML that webapp.rulebook.blockyaml reads is read there (several times faster), any other by PyYAML."""
    quick = blockyaml.read(text, _QUICK)
    if quick is None:
        return _pyyaml(text, name)
    located = Located(name=name, data=quick[0], lines=Lines(quick[1]))
    if CROSS_CHECK.get():
        reference = _pyyaml(text, name)
        same = repr(reference.data) == repr(located.data) and reference.lines.root == located.lines.root
        if not same or reference.problems:
            reference.problem((), DISAGREE)
            return reference
    return located


def _pyyaml(text: str, name: str) -> Located:
    """`text` read by PyYAML: every file the quick reader leaves, with every problem PyYAML finds."""
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
            located.lines = Lines(node.start_mark.line + 1)  # what there is to say where, should reading fail
            located.data, located.lines.root = _read(node, located.lines.root, _CONSTRUCTOR)
        except _Unusual:  # read it as PyYAML's constructor does
            paths = {}
            _walk(node, (), paths, located.problems, name)
            located.lines = Lines.from_paths(paths)
            located.data = _Loader("").construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        located.problems.append(Problem(name, mark.line + 1 if mark else 1, f"YAML error: {exc.problem or exc}"))
    return located


def parse_file(path: Path, display_name: str | None = None, content: bytes | None = None) -> Located:
    """Parse one YAML file from disk (or its `content`, already read with read_rule_bytes)."""
    name = display_name or str(path)
    try:
        text = (read_rule_bytes(path) if content is None else content).decode("utf-8")
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
