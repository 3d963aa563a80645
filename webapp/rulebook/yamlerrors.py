"""A YAML syntax error in plain words: what to fix, where it was noticed, and where what is unclosed began."""

from __future__ import annotations

OPENERS = {"flow sequence": "'['", "flow mapping": "'{'"}


def _indent(lines: list, number: int) -> int:
    """How many spaces line `number` (1-based) starts with."""
    text = lines[number - 1] if 0 < number <= len(lines) else ""
    return len(text) - len(text.lstrip(" "))


def plain_syntax_error(exc, text: str) -> str:
    """A YAML syntax error in plain words: what to fix, the line where the problem was noticed, and the line
    where the unclosed bracket, quote or block started."""
    lines = text.splitlines()
    problem, context = exc.problem or "", exc.context or ""
    seen = exc.problem_mark.line + 1 if exc.problem_mark else 0
    opened = exc.context_mark.line + 1 if exc.context_mark else 0
    for kind, opener in OPENERS.items():
        if kind in context:
            closer = "]" if opener == "'['" else "}"
            return (
                f"the {opener} opened on line {opened} is never closed (noticed on line {seen}): "
                f"end the list with '{closer}' on line {opened}, or remove the {opener}"
            )
    if "quoted scalar" in context:
        return (
            f"the quote opened on line {opened} is never closed (noticed on line {seen}): end the text on line "
            f"{opened} with the same quote mark"
        )
    if "block" in context and opened:
        return (
            f"line {seen} is indented {_indent(lines, seen)} spaces, which fits no block: the block it belongs to "
            f"starts on line {opened}, indented {_indent(lines, opened)} spaces; line the key up with the keys of "
            f"that block, or indent it under the key above it (line {seen - 1}, indented "
            f"{_indent(lines, seen - 1)} spaces)"
        )
    if "mapping values are not allowed" in problem:
        return (
            f"line {seen} has a ':' where no new key can start: if the text holds ': ', put the whole text in "
            f"quotes; if it is a key, line it up with the keys above (line {seen} is indented "
            f"{_indent(lines, seen)} spaces, line {seen - 1} {_indent(lines, seen - 1)})"
        )
    where = f" (the part that is wrong started on line {opened})" if opened and opened != seen else ""
    return f"{problem or exc}{where}"
