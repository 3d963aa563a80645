"""A JSON body nested deeper than MAX_DEPTH is refused before it is decoded (the decoder would recurse)."""

from __future__ import annotations

MAX_DEPTH = 32  # an API request is {"answers": {"id": [..]}}: depth 3


def too_deep(data: bytes, limit: int = MAX_DEPTH) -> bool:
    """True when `data` opens more than `limit` arrays or objects inside each other; one pass, no recursion."""
    if data.count(b"[") + data.count(b"{") <= limit:
        return False  # too few brackets to nest that deep (the usual body): no pass byte by byte
    depth = 0
    in_string = escaped = False
    for byte in data:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return False
