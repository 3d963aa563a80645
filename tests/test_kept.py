"""KeptByIdentity: values found again only for the very objects they were made from."""

from webapp.engine.kept import KeptByIdentity


class Thing:
    def __init__(self, n):
        self.n = n

    def __eq__(self, other):  # equal things are still different objects to the cache
        return isinstance(other, Thing) and other.n == self.n

    __hash__ = object.__hash__


def test_a_value_is_found_for_the_same_objects_and_plain_values_only():
    kept = KeptByIdentity(4)
    a, b = Thing(1), Thing(2)
    kept.put((a, b), ("en",), "made")
    assert kept.get((a, b), ("en",)) == "made"
    assert kept.get((a, b), ("zh-Hant",)) is None
    assert kept.get((a, Thing(2)), ("en",)) is None  # equal, but not the very object
    assert kept.get((b, a), ("en",)) is None


def test_the_least_recently_used_goes_first_and_the_objects_stay_alive_while_kept():
    kept = KeptByIdentity(2)
    things = [Thing(i) for i in range(3)]
    kept.put((things[0],), (), 0)
    kept.put((things[1],), (), 1)
    assert kept.get((things[0],)) == 0  # used: now the most recent
    kept.put((things[2],), (), 2)
    assert len(kept) == 2 and kept.get((things[1],)) is None and kept.get((things[0],)) == 0
    ids = {id(t) for t in things}
    del things
    entries = list(kept.entries.values())  # each entry holds its objects, so their ids cannot be reused
    assert {id(objects[0]) for objects, _ in entries} <= ids
