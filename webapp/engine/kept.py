"""What the engine keeps to share: the last few values made from some objects, found again by those objects'
identities (KeptByIdentity), and one object for each of many equal ones (kept_one, shared_value).

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


def shared_value(value):
    """`value`, or an equal one of the same type kept before: a parameter's value (a number, a text, a share) or a
    tuple of names. Evaluating a thousand programmes, each threshold a test compared with was an object of its own,
    made while its file was read and lying wherever that was: one line of memory read (and written, to count the
    reference) for each. Equal thresholds are one object now, read where the others were."""
    key = (float, value.hex()) if type(value) is float else (type(value), value)  # -0.0 is not 0.0 here
    return kept_one(_SHARED_VALUES, value, key)


def kept_one(kept: dict, value, key=None):
    """`value`, or an equal one made before (by `key`, itself by default) and kept in `kept`, which is emptied when
    it holds KEPT_ONES: programmes with the same criteria share one tuple of tests and one of outcomes
    (webapp.engine.evaluate), equal parameter values one object (shared_value)."""
    key = value if key is None else key
    found = kept.get(key)
    if found is None:
        if len(kept) >= KEPT_ONES:
            kept.clear()
        found = kept[key] = value
    return found


_SHARED_VALUES: dict = {}  # (type, value) -> the one object kept for it
KEPT_ONES = 1 << 16
