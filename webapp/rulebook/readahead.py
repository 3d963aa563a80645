"""Reading rule files in a second process while this one checks the first files: a load of many files on a machine
with more than one CPU takes about half the time.

Reading a file (parsing its YAML, adding the texts it may leave out, setting its English texts apart, and listing
what the checks look for in it: Located.lists) is most of a load, and depends on nothing but the file, the
questionnaire's names and the checks' settings, all known before the first file is read. So the loader gives the
later files to a helper: a child forked from this process (it has the code, the files' bytes and the settings
already, and nothing needs sending to it), which reads them and sends each back as soon as it is read, as plain data
(marshal: dicts, lists, texts, numbers; texts kept in Python's table of shared texts stay there). Meanwhile this
process reads and checks the first files, taking in what the helper has sent between two of them (so that the
helper never waits for room in the pipe); then it checks the helper's files as they come.

Nothing depends on the helper: a file it could not send (data marshal cannot carry), a helper that fails or does not
answer in time, or a machine where it cannot fork, and this process reads the files it did not get itself, exactly
as without one. Each file's answer stands on its own: the results are the same either way (tests/test_read_ahead.py
compares them). The helper writes nothing but its answers to a pipe, and ends with os._exit: none of this process's
exit handlers, buffers or servers run in it.

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

try:
    import fcntl
except ImportError:  # not on every system: the pipe keeps its usual room
    fcntl = None

MIN_FILES = 48  # fewer files are read in less time than it takes to start a helper and take its answer
# Of the files to read, the share the helper reads. This process reads the others, checks every file (about as long
# as it takes to read one) and decodes the helper's answers, so that the two finish together near three quarters
# (1,000 generated files, loads one after the other: 0.75 took 1.31-1.44 s, this process never waiting; 0.65
# 1.64-1.75 s, this process the slower; 0.85 1.42-1.65 s, this process waiting 0.16-0.32 s for the helper).
HELPER_SHARE = 0.75
WAIT_S = 20.0  # how long to wait for the helper's answer before reading its files here (it takes about a second)
PIPE_BYTES = 1 << 20  # the pipe's room asked for (Linux allows up to 1 MB unprivileged; 64 KB otherwise)
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
    than one CPU) and can be started; in a `with` block, which stops it if it still runs at the end.

    The helper sends each file as soon as it has read it. `drain()` takes in what it has sent so far without waiting
    (the loader calls it between the files it reads itself, so that the helper never waits for room in the pipe),
    and `take(path)` gives the Located data the helper read for `path`, waiting for it if need be; None when this
    process must read the file (one the helper was not given or could not send, or there is no helper, or it
    failed or stopped answering before sending it)."""

    def __init__(self, paths: list, read: Callable[[object], Located]):
        self._pid, self._fd, self._order, self._theirs = None, None, (), {}
        self._buffer, self._at, self._next, self._got, self._deadline = bytearray(), 0, 0, {}, None
        self.received = 0  # files taken from the helper's answers so far
        if not worth_a_helper(len(paths)):
            return
        theirs = paths[len(paths) - round(len(paths) * HELPER_SHARE) :]
        try:
            rfd, wfd = os.pipe()
        except OSError:
            return
        with contextlib.suppress(AttributeError, OSError):  # room for a few files' answers (Linux)
            fcntl.fcntl(wfd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        try:
            pid = os.fork()
        except OSError:
            os.close(rfd)
            os.close(wfd)
            return
        if pid == 0:  # the helper: never returns
            _helper(rfd, wfd, theirs, read)
        os.close(wfd)
        os.set_blocking(rfd, False)
        self._pid, self._fd, self._order = pid, rfd, tuple(theirs)
        self._theirs = {path: place for place, path in enumerate(theirs)}  # each path -> the place of its answer

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is not None:  # the load ended (or failed) before the helper's last answer
            self._end(stop=True)

    def drain(self) -> None:
        """Take in whatever the helper has sent, without waiting."""
        if self._fd is None:
            return
        try:
            while True:
                chunk = os.read(self._fd, 1 << 20)
                if not chunk:  # the helper has sent everything and closed its end
                    self._end(stop=False)
                    return
                self._buffer += chunk
        except BlockingIOError:
            return
        except OSError:
            self._end(stop=True)

    def take(self, path) -> Located | None:
        place = self._theirs.get(path)
        if place is None:
            return None
        while path not in self._got and self._next <= place:  # up to its answer, not past it
            if self._decode_next():
                continue
            if self._fd is None or not self._wait():
                break  # no more answers: the files not sent yet are read here
            self.drain()
        found = self._got.pop(path, None)
        self.received += found is not None
        return found

    def _wait(self) -> bool:
        """Wait for the helper to send more (for WAIT_S at most, from the first wait); False when it took too long
        (it is stopped: this process reads the files itself)."""
        if self._deadline is None:
            self._deadline = time.monotonic() + WAIT_S
        left = self._deadline - time.monotonic()
        try:
            if left > 0 and select.select([self._fd], [], [], left)[0]:
                return True
        except OSError:
            pass
        self._end(stop=True)
        return False

    def _decode_next(self) -> bool:
        """Decode the next file's answer if the whole of it has come; whether it had."""
        buffer, at = self._buffer, self._at
        if at + _LENGTH.size > len(buffer):
            return False
        (length,) = _LENGTH.unpack_from(buffer, at)
        end = at + _LENGTH.size + max(length, 0)
        if end > len(buffer):
            return False
        path = self._order[self._next]
        self._next += 1
        self._at = end
        if length >= 0:
            located = _decode(buffer, at + _LENGTH.size, end)
            if located is None:  # a broken answer: this and every later file are read here
                self._next = len(self._order)
                return False
            self._got[path] = located
        if self._next == len(self._order) or end > 1 << 22:
            del buffer[:end]  # what was decoded is let go (now and then: a deletion moves the rest)
            self._at = 0
        return True

    def _end(self, stop: bool) -> None:
        """Close the pipe and reap the helper (killed first when `stop`). What it sent in full is used either way:
        each file's answer stands on its own."""
        os.close(self._fd)
        self._fd = None
        if stop:
            with contextlib.suppress(OSError):
                os.kill(self._pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):  # reaped by someone else (a server's SIGCHLD handler)
            os.waitpid(self._pid, 0)


def _helper(rfd: int, wfd: int, paths: list, read) -> None:
    """In the forked helper: read each file and send its answer at once, and leave whatever happens."""
    code = 1
    try:
        os.close(rfd)
        for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(number, signal.SIG_DFL)  # a server's handlers are not the helper's
        with os.fdopen(wfd, "wb", buffering=PIPE_BYTES) as out:  # written out as the pipe takes it
            for path in paths:
                answer = _encode(read(path))
                out.write(_LENGTH.pack(-1 if answer is None else len(answer)))
                out.write(answer or b"")
                out.flush()  # sent now: the loader may be waiting for it
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


def _decode(buffer: bytearray, start: int, end: int) -> Located | None:
    """The Located of one answer (buffer[start:end]); None when it does not decode."""
    try:
        with memoryview(buffer) as view:
            # Written by this process's own helper, on a pipe only the two hold.
            name, data, raw, root, problems, lists = marshal.loads(view[start:end])  # noqa: S302
    except (EOFError, ValueError, TypeError):
        return None
    return Located(name, data, Lines(root), [Problem(*p) for p in problems], raw, lists)
