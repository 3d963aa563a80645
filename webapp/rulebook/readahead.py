"""Reading rule files in a second process while this one checks the first files: a load of many files on a machine
with more than one CPU takes about half the time.

Reading a file (parsing its YAML, adding the texts it may leave out, setting its English texts apart, and listing
what the checks look for in it: Located.lists) is most of a load, and depends on nothing but the file, the
questionnaire's names and the checks' settings, all known before the first file is read. So the loader has a
helper read files too: a child forked from this process (it has the code, the files' bytes and the settings
already, and nothing needs sending to it), which starts at the later files, reads them and sends each back as soon as
it is read, as plain data (marshal: dicts, lists, texts, numbers; texts kept in Python's table of shared texts stay
there). Meanwhile this process reads and checks the first files, taking in and decoding what the helper has sent
between two of them (so that the helper never waits for room in the pipe); then it checks the helper's files as they
come. Which process reads which file is settled as they go, by whichever comes to it first (ReadAhead): neither
waits for the other, however the machine shares its CPUs between them.

Nothing depends on the helper: a file it could not send (data marshal cannot carry), a helper that fails or does not
answer in time, or a machine where it cannot fork, and this process reads the files it did not get itself, exactly
as without one. Each file's answer stands on its own: the results are the same either way (tests/test_read_ahead.py
compares them). The helper writes nothing but its answers to a pipe, and ends with os._exit: none of this process's
exit handlers, buffers or servers run in it.

Written on os.fork, a pipe, a table of one byte a file in shared memory (mmap) and marshal rather than
multiprocessing: a process pool pickles every answer (and pickle does not keep texts shared), starts threads to
manage its workers, and would start a process for every load; this is one fork, one pipe and one answer a file.
"""

from __future__ import annotations

import contextlib
import itertools
import marshal
import mmap
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
# Of the files to read, the share the helper starts at (the later ones). This process reads the others, checks every
# file (about half as long as it takes to read one) and decodes the helper's answers; where the two meet is settled
# as they go (ReadAhead), so this is where the helper starts, not what it must read. Loading 1,000 generated files,
# with 0.8 the helper read 734-793 of them and this process 51-107 of the helper's share besides its own, waiting for
# none; with 0.9, 744-863 and 37-156, in the same time.
HELPER_SHARE = 0.8
WAIT_S = 20.0  # how long to wait for the helper's answer before reading its files here (it takes about a second)
PIPE_BYTES = 1 << 20  # the pipe's room asked for (Linux allows up to 1 MB unprivileged; 64 KB otherwise)
# This process's room for the answers as they come: the rest of an answer that has not come in whole, and the next
# read (at least READ_BYTES). Answers are decoded as soon as they have come, so the room is reused from the start.
# Taking them in new memory each time (some 13 MB for the helper's share of 1,000 generated files, a page fault every
# 4 KB) made a load of those files fault 29,900-31,000 times in this process; 27,300-27,500 since.
RECEIVE_BYTES = 1 << 20
READ_BYTES = 1 << 16
# Each answer: the file's place in the list of paths and the answer's length in bytes (-1: read it yourself), then
# the answer.
_HEADER = struct.Struct("<qq")
UNCLAIMED, HERE, HELPER = 0, 1, 2  # who reads a file, in the table the two processes share


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
    """A helper reading rule files, each with `read(path)`, while this process reads and checks the others, when
    one is worth it (enough files, more than one CPU) and can be started; in a `with` block, which stops it if it
    still runs at the end.

    Each file is read by whichever process comes to it first, as a table in memory the two share (`_claims`) tells
    them: this process goes through `paths` in order, reading each file the helper has not taken; the helper starts
    at the later share of them (HELPER_SHARE) and goes on to the end, then back from where it started, down to the
    files this process has taken. When this process comes to a file the helper is still reading, it reads the next
    file the helper has not taken meanwhile, instead of waiting. So neither waits for the other: a helper slowed by
    other work on the machine leaves more files to this process, and one that is quicker reads more. (A file both
    came to at the same moment is read by both; this process keeps its own reading.)

    The helper sends each file as soon as it has read it. `drain()` takes in and decodes what it has sent so far
    without waiting (the loader calls it between the files it reads itself, so that the helper never waits for room
    in the pipe), and `take(path)` gives the Located data the helper read for `path`, waiting for it if the helper
    is reading it; None when this process must read the file (one the helper has not taken or could not send, or
    there is no helper, or it failed or stopped answering before sending it)."""

    def __init__(self, paths: list, read: Callable[[object], Located]):
        self._pid, self._fd, self._claims, self._got, self._deadline = None, None, None, {}, None
        self._paths, self._read, self._index = paths, read, {}  # `_index`: each path -> its place in `paths`
        self._here = {}  # place -> what this process read of a file ahead of its turn, while the helper read another
        self._ahead = 0  # no file before this place is left unclaimed
        # The answers come into `_buffer`: those from `_start` to `_filled` have not been decoded yet.
        self._buffer, self._start, self._filled = bytearray(), 0, 0
        self.received = 0  # files taken from the helper's answers so far
        if not worth_a_helper(len(paths)):
            return
        try:
            claims = mmap.mmap(-1, len(paths))  # shared with the helper across the fork; all UNCLAIMED (zeros)
        except OSError:
            return
        try:
            rfd, wfd = os.pipe()
        except OSError:
            claims.close()
            return
        with contextlib.suppress(AttributeError, OSError):  # room for a few files' answers (Linux)
            fcntl.fcntl(wfd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        try:
            pid = os.fork()
        except OSError:
            os.close(rfd)
            os.close(wfd)
            claims.close()
            return
        if pid == 0:  # the helper: never returns
            _helper(rfd, wfd, paths, len(paths) - round(len(paths) * HELPER_SHARE), claims, read)
        os.close(wfd)
        os.set_blocking(rfd, False)
        self._pid, self._fd, self._claims = pid, rfd, claims
        self._buffer = bytearray(RECEIVE_BYTES)
        self._index = {path: place for place, path in enumerate(paths)}

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is not None:  # the load ended (or failed) before the helper's last answer
            self._end(stop=True)

    def drain(self) -> None:
        """Take in whatever the helper has sent, without waiting, and decode each answer that has come in whole."""
        try:
            while self._fd is not None:
                self._make_room()
                with memoryview(self._buffer) as room:
                    received = os.readv(self._fd, [room[self._filled :]])
                if not received:  # the helper has sent everything and closed its end
                    self._end(stop=False)
                    return
                self._filled += received
                while self._decode_next():
                    pass
        except BlockingIOError:
            return
        except OSError:
            self._end(stop=True)

    def take(self, path) -> Located | None:
        place = self._index.get(path)
        if place is None:
            return None
        if place in self._here:
            return self._here.pop(place)
        claims = self._claims
        while place not in self._got:
            if self._fd is None:
                return None  # no more answers: the files not sent are read here
            if claims[place] != HELPER:
                claims[place] = HERE  # not taken by the helper: it is read here, and the helper leaves it
                return None
            if not self._read_ahead() and not self._wait():  # the helper is reading it
                return None
            self.drain()
        found = self._got.pop(place)
        self.received += found is not None
        return found

    def _read_ahead(self) -> bool:
        """Read here the next file the helper has not taken, if there is one and the helper has sent nothing in the
        meantime; whether one was read."""
        claims, ahead = self._claims, self._ahead
        while ahead < len(claims) and claims[ahead] != UNCLAIMED:
            ahead += 1
        self._ahead = ahead
        if ahead == len(claims) or select.select([self._fd], [], [], 0)[0]:
            return False
        claims[ahead] = HERE
        try:
            self._here[ahead] = self._read(self._paths[ahead])
        except Exception:  # noqa: BLE001 - the loader reads it again in its turn, and sees what goes wrong
            self._here[ahead] = None
        return True

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
        """Decode the next answer if the whole of it has come; whether it had."""
        buffer, start = self._buffer, self._start
        if start + _HEADER.size > self._filled:
            return False
        place, length = _HEADER.unpack_from(buffer, start)
        end = start + _HEADER.size + max(length, 0)
        if end > self._filled:
            return False
        self._start = end
        located = None  # the helper could not send this file: it is read here
        if length >= 0:
            located = _decode(buffer, start + _HEADER.size, end)
            if located is None:  # a broken answer: this and every file not sent yet are read here
                self._end(stop=True)
                return False
        self._got[place] = located
        return True

    def _make_room(self) -> None:
        """At least READ_BYTES of room after the answers not decoded yet: what is left of them (the start of one,
        at most) is moved to the start of the buffer, which is doubled if that is not enough."""
        buffer, start = self._buffer, self._start
        if len(buffer) - self._filled >= READ_BYTES:
            return
        left = buffer[start : self._filled]
        if len(buffer) - len(left) < READ_BYTES:  # an answer larger than the buffer
            buffer += bytes(len(buffer))
        buffer[: len(left)] = left
        self._start, self._filled = 0, len(left)

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
        self._claims.close()


def _helper(rfd: int, wfd: int, paths: list, first: int, claims, read) -> None:
    """In the forked helper: read each file this process has not taken, from `first` to the end and then back from
    `first`, and send its answer at once; and leave whatever happens."""
    code = 1
    try:
        os.close(rfd)
        for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(number, signal.SIG_DFL)  # a server's handlers are not the helper's
        with os.fdopen(wfd, "wb", buffering=PIPE_BYTES) as out:  # written out as the pipe takes it
            for place in itertools.chain(range(first, len(paths)), range(first - 1, -1, -1)):
                if claims[place] != UNCLAIMED:
                    if place < first:
                        break  # back among the files this process reads: it has taken this one and those before
                    continue
                claims[place] = HELPER
                answer = _encode(read(paths[place]))
                out.write(_HEADER.pack(place, -1 if answer is None else len(answer)))
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
