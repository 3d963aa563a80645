"""The last few values made from some objects, found again by those objects' identities.

Results, reports and answers are shared by companies whose answers lead to the same remembered objects
(webapp.engine.report): what is made from them once (a report, an API answer) can be kept for the next company
that arrives at the same objects. A key holds the ids of the objects, and the entry holds the objects themselves,
so that no id in a key can be reused by another object while the entry is kept; an entry is returned only when
every object is the very one it was made from.
"""

from __future__ import annotations

import contextlib
import operator
from collections import OrderedDict


class KeptByIdentity:
    """At most `size` values, each made from a tuple of objects (and a few plain values), the least recently used
    let go first."""

    def __init__(self, size: int):
        self.size = size
        self.entries: OrderedDict = OrderedDict()  # (ids of the objects, plain values) -> (the objects, value)

    def get(self, objects: tuple, plain: tuple = ()):
        """The value kept for these very `objects` and `plain` values, or None."""
        key = (tuple(map(id, objects)), plain)
        kept = self.entries.pop(key, None)  # taken out and put back: now the most recently used (never a KeyError,
        if kept is None:  # even when another thread of a threaded server lets it go meanwhile)
            return None
        self.entries[key] = kept
        return kept[1] if all(map(operator.is_, kept[0], objects)) else None

    def put(self, objects: tuple, plain: tuple, value) -> None:
        self.entries[(tuple(map(id, objects)), plain)] = (tuple(objects), value)
        if len(self.entries) > self.size:
            with contextlib.suppress(KeyError):
                self.entries.popitem(last=False)

    def clear(self) -> None:
        self.entries.clear()

    def __len__(self) -> int:
        return len(self.entries)
