"""Where things are in a rule file: a problem at a line, the line of every key and item, and data read with both.

The vocabulary of every check of the rules (webapp.rulebook): a check reports a Problem at the line of a data path,
through the Located data it reads. How a file becomes Located data is webapp.rulebook.yamlsource's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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


class Lines:
    """The line of every key and item of a file, as a tree that follows the data. Each element of the data has an
    entry: its line, or, for a mapping or list, the tuple (its line, key, entry, key, entry, ...) of its keys (or
    positions) with theirs. `root` is the entry of the whole data (None when nothing was read).

    A tree of flat tuples rather than one dict keyed by whole paths: reading a file then makes no path tuple per key
    and item, and the lines kept with the loaded rules take an int per key and one tuple per mapping or list instead
    of a tuple per key and hash tables. A key is looked for by comparing it with each key in turn: lines are looked
    up only to report a problem or an example, and a mapping in a rule file has a few dozen keys at most.
    """

    __slots__ = ("root",)

    def __init__(self, root: int | tuple | None = None):
        self.root = root

    def line(self, path: Path_) -> int:
        """The line of the nearest enclosing element of `path` that has one (1 when nothing was read)."""
        entry = self.root
        if entry is None:
            return 1
        for part in path:
            if type(entry) is not tuple:
                break
            keys = entry[1::2]
            if part not in keys:
                break
            entry = entry[2 + 2 * keys.index(part)]
        return entry if type(entry) is not tuple else entry[0]

    def paths(self) -> dict:
        """The same lines as one dict of whole paths -> line (for tests, and to read them as a whole)."""
        found, pending = {}, [((), self.root)] if self.root is not None else []
        while pending:
            path, entry = pending.pop()
            if type(entry) is tuple:
                found[path] = entry[0]
                pending += (((*path, key), below) for key, below in zip(entry[1::2], entry[2::2], strict=True))
            else:
                found[path] = entry
        return found

    @classmethod
    def from_paths(cls, paths: dict) -> Lines:
        """The tree of a dict of whole paths -> line in which every path's parent is there too."""
        if () not in paths:
            return cls()
        nodes = {(): [paths[()], {}]}  # path -> [its line, its children's nodes by key]
        for path in sorted(paths, key=len):
            if path:
                nodes[path] = nodes[path[:-1]][1][path[-1]] = [paths[path], {}]
        return cls(_entry(nodes[()]))


def _entry(node: list):
    line, children = node
    return (line, *(part for key, child in children.items() for part in (key, _entry(child)))) if children else line


@dataclass
class Located:
    """Parsed YAML data with the line of every key and item, for error messages."""

    name: str
    data: object
    lines: Lines = field(default_factory=Lines)
    problems: list = field(default_factory=list)
    raw: object = None  # the data as written, with the texts of every language
    # What checks list from the data (the texts with a figure, the questions named...), each list made once a file:
    # name -> list (see `listed`). Plain data, so that a helper process that reads files can make them too.
    lists: dict = field(default_factory=dict)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def line(self, path: Path_) -> int:
        """The line of the nearest enclosing element of `path` that has one."""
        return self.lines.line(path)

    def listed(self, name: str, make):
        """The list `name` of this file's data: `make(self)`, made the first time it is asked for."""
        found = self.lists.get(name)
        if found is None:
            found = self.lists[name] = make(self)
        return found

    def problem(self, path: Path_, message: str, severity: str = "error") -> Problem:
        p = Problem(self.name, self.line(path), message, severity)
        self.problems.append(p)
        return p
