"""What else the machine did while a bench ran: the load average, and the CPU that other processes used.

Every bench prints these, so that a reader can tell a quiet run from a noisy one: the machines are shared.
"""

from __future__ import annotations

import os
import resource
import time

from bench.load_kit import cpu_totals


class CpuMeter:
    """The CPU that other processes use from now on: all busy CPU time (/proc/stat) less this process's own, and
    with `children`, less that of the processes it started and waited for (servers, once stopped)."""

    def __init__(self, children: bool = False):
        self.children = children
        self.started, self.busy, self.own = time.perf_counter(), _busy_seconds(), _own_seconds(children)

    def others(self) -> tuple:
        """(CPUs that other processes kept busy on average, wall seconds), or (None, seconds) without /proc."""
        wall = time.perf_counter() - self.started
        busy = _busy_seconds()
        if busy is None or self.busy is None:
            return None, wall
        return max(0.0, (busy - self.busy) - (_own_seconds(self.children) - self.own)) / wall, wall


def _busy_seconds() -> float | None:
    """CPU seconds all CPUs spent busy since boot (all but idle and iowait; guest time is in user already), or None."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            ticks = cpu_totals(stat.read())
    except (OSError, ValueError, AssertionError):
        return None
    return (sum(ticks.values()) - ticks["idle"] - ticks.get("iowait", 0)) / os.sysconf("SC_CLK_TCK")


def _own_seconds(children: bool = False) -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    seconds = usage.ru_utime + usage.ru_stime
    if children:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        seconds += usage.ru_utime + usage.ru_stime
    return seconds


def loadavg() -> str:
    """The load averages over 1, 5 and 15 minutes."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def machine_line(meter: CpuMeter) -> str:
    others, wall = meter.others()
    average = loadavg()
    used = "not known (no /proc/stat)" if others is None else f"{others:.2f} CPUs of {os.cpu_count()}"
    return f"load average now: {average}; other processes used {used} on average over the {wall:.0f} s run"
