"""What a load found out about each rule file, kept for the next load of the same directory.

A reload after an edit used to read and check every file again: with a thousand programmes, seconds of CPU in every
worker for a one-line change. The rule store (webapp/rulebook/store.py) keeps one FileMemo per rules directory, and
the loader asks it for each programme file before reading it: a file whose bytes are the same as at the last load,
checked against the same questionnaire on the same dates, is not parsed, localised, validated or compiled again.
Its data, lines, the problems found in it alone and its Programme are taken as they were, and so are its texts in
each other language. What depends on other files (worked examples, which may require other programmes, and the
cross-file checks) runs at every load, over every file.

A file is recognised by a SHA-256 of its bytes, never by its size or modification time (an edit can keep both).
The memo holds the results of the last load only: entries of files that were removed, or changed, are dropped when
that load ends. Nothing is written to disk.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass

from webapp.rulebook.located import Located


@dataclass(frozen=True)
class _File:
    digest: bytes
    context: tuple  # what the checks of one file depend on besides its bytes (FileMemo.context)
    data: object
    raw: object
    lines: object
    problems: tuple  # the problems the file's own checks found (later steps add theirs to a copy)
    programme_refs: tuple
    programme: object  # webapp.engine.model.Programme, or None when the file has errors
    # What the checks listed of the file's data (Located.lists): the very dict, so that the lists the checks across
    # files make later in the load are kept too (they depend on the data alone).
    lists: dict


class FileMemo:
    """Per-file results of the last load of one rules directory (see the module's docstring)."""

    def __init__(self):
        self._files: dict = {}  # shown name -> _File, from the last load that ended
        self._next: dict | None = None  # the same, for the load under way
        self._translated: dict = {}  # (lang, programme id) -> (the English Programme, the one in lang)
        self._next_translated: dict | None = None
        # The texts in other languages are made when a request first asks for them (ruleset.RuleSet.translation),
        # in a request's thread, maybe while the rule store's thread loads: the two dicts above change under it.
        self._lock = threading.Lock()
        self.reused = 0  # files taken from the memo by the last load (for tests and the benchmark)

    @staticmethod
    def context(questionnaire_bytes: bytes, *dates) -> tuple:
        """What every file's own checks depend on besides its bytes: the questionnaire, and the dates."""
        return (hashlib.sha256(questionnaire_bytes).digest(), *dates)

    def begin(self) -> None:
        with self._lock:
            self._next, self._next_translated, self.reused = {}, {}, 0

    def end(self) -> None:
        """The load finished: what it kept replaces what the previous one had. The texts in other languages of the
        programmes it took from the memo are kept too: they are made after a load, when first asked for."""
        with self._lock:
            if self._next is not None:
                taken = {id(kept.programme) for kept in self._next.values() if kept.programme is not None}
                carried = {key: made for key, made in self._translated.items() if id(made[0]) in taken}
                self._files, self._translated = self._next, {**carried, **self._next_translated}
            self._next = self._next_translated = None

    def find(self, name: str, content: bytes, context: tuple):
        """(digest, (Located, Programme or None)) when `content` is what the file held at the last load, in the same
        context; (digest, None) otherwise."""
        digest = hashlib.sha256(content).digest()
        kept = self._files.get(name)
        if kept is None or kept.digest != digest or kept.context != context:
            return digest, None
        self._next[name] = kept
        self.reused += 1
        located = Located(name, kept.data, kept.lines, list(kept.problems), kept.raw, kept.lists)
        located.programme_refs = list(kept.programme_refs)
        return digest, (located, kept.programme)

    def keep(self, digest: bytes, context: tuple, located: Located, programme) -> None:
        """Keep what this load found in one file, for the next."""
        if self._next is None:
            return
        refs = tuple(getattr(located, "programme_refs", ()))
        self._next[located.name] = _File(
            digest,
            context,
            located.data,
            located.raw,
            located.lines,
            tuple(located.problems),
            refs,
            programme,
            located.lists,
        )

    def translated(self, lang: str, english, make):
        """The programme `english` with its texts in `lang`: the one made before when `english` is the very same
        Programme (taken from this memo), else `make()`; kept for the next time."""
        key = (lang, english.id)
        with self._lock:
            kept = self._translated.get(key)
        programme = kept[1] if kept is not None and kept[0] is english else make()
        with self._lock:
            self._translated[key] = (english, programme)
            if self._next_translated is not None:  # a load under way: it keeps it too
                self._next_translated[key] = (english, programme)
        return programme
