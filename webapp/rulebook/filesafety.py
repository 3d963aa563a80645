"""Reading a rule file safely: regular files only, a size cap, no YAML aliases, no outside content in messages.

Rule files are read with O_NOFOLLOW and O_NONBLOCK, then checked with fstat on the open descriptor, so a symbolic
link (to /proc/meminfo, or dangling), a FIFO (which would block the reader) or a device is refused without being
read, and the message names only the file as it appears in `rules/`, never where a link points or what it holds.
A file larger than MAX_BYTES is refused before it is parsed. YAML aliases (`*name`), which let a 342-byte file
expand into gigabytes, are refused: no bundled rule file uses one.
"""

from __future__ import annotations

import os
import stat

import yaml

MAX_BYTES = int(
    os.environ.get("CHECKER_RULE_FILE_MAX_BYTES", str(512 * 1024))
)  # the largest bundled file is about 43 KB
MAX_ALIASES = 0


class UnsafeFile(ValueError):
    """The file is not one the loader reads: the message is safe to show anywhere."""


def read_rule_bytes(path, max_bytes: int | None = None) -> bytes:
    """The bytes of a regular rule file of at most `max_bytes`; UnsafeFile otherwise."""
    limit = MAX_BYTES if max_bytes is None else max_bytes
    try:
        st = os.lstat(path)
    except FileNotFoundError as exc:
        raise UnsafeFile("the file is missing") from exc
    except OSError as exc:
        raise UnsafeFile("cannot read the file") from exc
    if stat.S_ISLNK(st.st_mode):
        raise UnsafeFile("a symbolic link: rule files must be regular files in the rules directory")
    if not stat.S_ISREG(st.st_mode):
        raise UnsafeFile("not a regular file (a FIFO, device or directory): rule files must be regular files")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        raise UnsafeFile("cannot read the file") from exc
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # replaced between the two looks
            raise UnsafeFile("not a regular file: rule files must be regular files")
        if st.st_size > limit:
            raise UnsafeFile(f"the file is larger than {limit:,} bytes: split it or shorten it")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise UnsafeFile("cannot read the file") from exc
    finally:
        os.close(fd)
    if len(data) > limit:
        raise UnsafeFile(f"the file is larger than {limit:,} bytes: split it or shorten it")
    return data


_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def alias_problem(text: str) -> str | None:
    """A message when `text` uses more than MAX_ALIASES YAML aliases (one linear pass over the events), else None."""
    if "*" not in text:
        return None
    aliases = 0
    try:
        for event in yaml.parse(text, Loader=_Parser):
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    line = event.start_mark.line + 1 if event.start_mark else 0
                    return f"line {line}: YAML aliases (*name) are not allowed in rule files: write the value out"
    except yaml.YAMLError:
        return None  # the parser reports syntax errors with their line
    return None
