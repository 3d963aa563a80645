"""Times of the amount and number readers on 60 KB adversarial inputs, next to the pattern used before issue 15.

Usage: bench/parsers [--before-size N]   (the old pattern is quadratic: it is timed on N tabs, default 8,000)
"""

from __future__ import annotations

import contextlib
import re
import sys
import time
import unicodedata

from bench.machine import CpuMeter, machine_line
from webapp.engine.amounts import parse_amount, parse_number

# The amount pattern before issue 15 (webapp/engine/amounts.py at eaca276), to show the difference.
OLD_AMOUNT = re.compile(
    r"^(?:hk\$|hkd|\$|港幣|港币)?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*([a-z]*|[萬万億亿]|百[萬万])\s*"
    r"(?:hkd|hong kong dollars|港元|港幣|港币|元)?$"
)
SIZE = 60_000
INPUTS = {
    "tabs": "1" + "\t" * SIZE + "!",
    "spaces": "1" + " " * SIZE + "x",
    "digits": "1" * SIZE + "!",
    "commas": "1" + ",000" * (SIZE // 4) + ",",
    "letters": "1" + "m" * SIZE + "1",
    "ideographic spaces": "１" + "\u3000" * SIZE + "！",
    "typical (150m)": "HK$150m",
}


def timed(func, text: str) -> float:
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        with contextlib.suppress(ValueError):
            func(text)
        best = min(best, time.perf_counter() - started)
    return best


def old_amount(text: str):
    cleaned = unicodedata.normalize("NFKC", text).strip().lower().replace(" ", "").replace("\u00a0", "")
    return OLD_AMOUNT.match(cleaned)


def main(argv: list) -> int:
    before = int(argv[argv.index("--before-size") + 1]) if "--before-size" in argv else 8_000
    meter = CpuMeter()
    print(f"{'input (60 KB)':<22}{'parse_amount':>14}{'parse_number':>14}")
    for name, text in INPUTS.items():
        print(f"{name:<22}{timed(parse_amount, text) * 1e6:>11.1f} us{timed(parse_number, text) * 1e6:>11.1f} us")
    print()
    print(f"before issue 15, amount pattern on '1' + {before:,} tabs + '!' (quadratic):")
    for size in (before // 4, before // 2, before):
        started = time.perf_counter()
        old_amount("1" + "\t" * size + "!")
        print(f"  {size:>7,} tabs: {time.perf_counter() - started:8.3f} s")
    print(machine_line(meter))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
