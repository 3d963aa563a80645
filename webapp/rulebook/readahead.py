"""Reading rule files in a second process while this one checks the first files: a load of many files on a machine
with more than one CPU takes about half the time.

Reading a file (parsing its YAML, adding the texts it may leave out, setting its English texts apart, and listing
what the checks look for in it: Located.lists) is most of a load, and depends on nothing but the file, the
questionnaire's names and the checks' settings, all known before the first file is read. So the loader gives the later files to a helper: a child forked from this process (it has the
code, the files' bytes and the settings already, and nothing needs sending to it), which reads them and sends back
what it read as plain data (marshal: dicts, lists, texts, numbers; texts kept in Python's table of shared texts stay
there). Meanwhile this process reads and checks the first files; then it takes the helper's and checks those.

Nothing depends on the helper: a file it could not send (data marshal cannot carry), a helper that fails or does not
answer in time, or a machine where it cannot fork, and this process reads the file itself, exactly as without one.
The results are the same either way (tests/test_read_ahead.py compares them). The helper writes nothing but its
answer to a pipe, and ends with os._exit: none of this process's exit handlers, buffers or servers run in it.

Written on os.fork, a pipe and marshal rather than multiprocessing: a process pool pickles every answer (and pickle
does not keep texts shared), starts threads to manage its workers, and would start a process for every load; this
is one fork, one pipe and one answer.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import select
import signal
import struct
import threading
import time
from collections.abc import Callable

from webapp.rulebook.located import Lines, Located, Problem

MIN_FILES = 48  # fewer files are read in less time than it takes to start a helper and take its answer
# Of the files to read, the share the helper reads: this process reads the others and checks them (about a fifth
# of the time it takes to read one) while the helper reads, so that the two finish together.
HELPER_SHARE = 0.55
WAIT_S = 20.0  # how long to wait for the helper's answer before reading its files here (it takes about a second)
_LENGTH = struct.Struct("<q")  # each file's answer: its length in bytes, then the answer (-1: read it yourself)


def cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def worth_a_helper(files: int) -> bool:
    """Whether a load that reads `files` files starts a helper: enough files, more than one CPU, and this process
    running one thread only. A fork copies only the thread that calls it, so a lock another thread held then would
    stay held in the helper for good; the store reloads in a thread of its own beside the server's, so a reload,
    which mostly takes unchanged files from its memo anyway, reads them here. The first load, before a server
    starts, gets a helper."""
    return files >= MIN_FILES and cpus() >= 2 and hasattr(os, "fork") and threading.active_count() == 1


class ReadAhead:
    """A helper reading the later share of `paths`, each with `read(path)`, when one is worth it (enough files, more
    than one CPU) and can be started; in a `with` block, which stops it if it still runs at the end. `take(path)`
    gives the Located data the helper read for `path`, or None when this process must read the file (one the helper
    was not given or could not send, or there is no helper, or it failed)."""

    def __init__(self, paths: list, read: Callable[[object], Located]):
        self._pid, self._fd, self._paths, self._theirs, self._read = None, None, (), frozenset(), {}
        if not worth_a_helper(len(paths)):
            return
        theirs = paths[len(paths) - round(len(paths) * HELPER_SHARE) :]
        try:
            rfd, wfd = os.pipe()
        except OSError:
            return
        try:
            pid = os.fork()
        except OSError:
            os.close(rfd)
            os.close(wfd)
            return
        if pid == 0:  # the helper: never returns
            _helper(rfd, wfd, theirs, read)
        os.close(wfd)
        self._pid, self._fd, self._paths, self._theirs, self._read = pid, rfd, theirs, frozenset(theirs), None

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(self, *exc) -> None:
        if self._read is None:  # the load ended (or failed) before it took the helper's answer
            self._read = {}
            self._end(stop=True)

    def take(self, path) -> Located | None:
        if self._read is None and path in self._theirs:
            self._read = self._answer()
        return self._read.pop(path, None) if self._read else None

    def _answer(self) -> dict:
        answer = bytearray()
        deadline = time.monotonic() + WAIT_S
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([self._fd], [], [], left)[0]:
                    self._end(stop=True)  # too slow: this process reads the files itself
                    return {}
                chunk = os.read(self._fd, 1 << 20)
                if not chunk:
                    break
                answer += chunk
        except OSError:
            self._end(stop=True)
            return {}
        return _decode(self._paths, answer) if self._end(stop=False) else {}

    def _end(self, stop: bool) -> bool:
        """Close the pipe and reap the helper (killed first when `stop`); whether it ended well."""
        os.close(self._fd)
        if stop:
            with contextlib.suppress(OSError):
                os.kill(self._pid, signal.SIGKILL)
        try:
            _, status = os.waitpid(self._pid, 0)
        except ChildProcessError:  # reaped by someone else (a server's SIGCHLD handler): its answer decides
            return not stop
        return not stop and os.waitstatus_to_exitcode(status) == 0


def _helper(rfd: int, wfd: int, paths: list, read) -> None:
    """In the forked helper: read each file, write each answer, and leave at once whatever happens."""
    code = 1
    try:
        os.close(rfd)
        for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(number, signal.SIG_DFL)  # a server's handlers are not the helper's
        answers = []  # all read before any is written: the pipe holds 64 KB, and this process reads it only
        for path in paths:  # once it comes to the helper's files
            answer = _encode(read(path))
            answers += (_LENGTH.pack(-1 if answer is None else len(answer)), answer or b"")
        with os.fdopen(wfd, "wb") as out:
            out.write(b"".join(answers))
        code = 0
    finally:
        os._exit(code)


def _encode(located: Located) -> bytes | None:
    """What `located` holds, as marshal bytes; None when it holds something marshal does not carry."""
    if set(vars(located)) != {"name", "data", "lines", "problems", "raw", "lists"}:
        return None  # something this module does not know to send
    problems = tuple((p.file, p.line, p.message, p.severity) for p in located.problems)
    try:
        return marshal.dumps((located.name, located.data, located.raw, located.lines.root, problems, located.lists))
    except ValueError:
        return None


def _decode(paths: list, answer: bytearray) -> dict:
    """path -> Located from the helper's answer; the files after a broken answer are left out."""
    read, at = {}, 0
    with memoryview(answer) as view:
        for path in paths:
            if at + _LENGTH.size > len(answer):
                break
            (length,) = _LENGTH.unpack_from(answer, at)
            at += _LENGTH.size
            if length < 0:
                continue
            try:
                # Written by this process's own helper, on a pipe only the two hold.
                name, data, raw, root, problems, lists = marshal.loads(view[at : at + length])  # noqa: S302
            except (EOFError, ValueError, TypeError):
                break
            at += length
            read[path] = Located(name, data, Lines(root), [Problem(*p) for p in problems], raw, lists)
    return read
