"""How long each phase of one CLI command took, printed when ``NLC_TIMINGS`` is set.

The command marks the end of each phase (:func:`mark`); :func:`report` prints one line per
phase to standard error, wall-clock and CPU time (of all threads), starting with the start-up
(from the moment the process started, where the system says when that was, to :func:`start`:
the interpreter and the imports), and ends with the totals (up to the report: the exit comes
after it). Without ``NLC_TIMINGS`` every call does nothing.

This module is framework-free and imports only the standard library and :mod:`nlc.config`.
"""

from __future__ import annotations

import os
import sys
import time

from nlc import config

__all__ = ["enabled", "mark", "report", "start"]

_marks: list[tuple[str, float, float]] = []


def start() -> None:
    """Begin timing if ``NLC_TIMINGS`` is set (read here, so a bad value is an early error)."""
    _marks.clear()
    if config.read("NLC_TIMINGS"):
        _marks.append(("start-up and imports", time.perf_counter(), time.process_time()))


def enabled() -> bool:
    """Whether this command is being timed."""
    return bool(_marks)


def mark(phase: str) -> None:
    """Note that ``phase`` ends now."""
    if _marks:
        _marks.append((phase, time.perf_counter(), time.process_time()))


def _process_age() -> float | None:
    """Seconds since this process started, from Linux's ``/proc`` (else ``None``)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            ticks = int(stat.read().rpartition(")")[2].split()[19])
        with open("/proc/uptime", encoding="ascii") as uptime:
            up = float(uptime.read().split()[0])
        return max(up - ticks / os.sysconf("SC_CLK_TCK"), 0.0)
    except (OSError, ValueError, IndexError):
        return None


def report() -> None:
    """Print the phases marked so far to standard error (nothing unless timing)."""
    if not _marks:
        return
    now, now_cpu = time.perf_counter(), time.process_time()
    age = _process_age()
    name, first, first_cpu = _marks[0]
    startup = None if age is None else age - (now - first)
    shown = "      ?" if startup is None else f"{startup:7.3f}"
    lines = [f"{'':<22} {'wall':>7}   {'CPU':>7}", f"{name:<22} {shown} s {first_cpu:7.3f} s"]
    for (_, before, before_cpu), (phase, at, at_cpu) in zip(_marks, _marks[1:], strict=False):
        lines.append(f"{phase:<22} {at - before:7.3f} s {at_cpu - before_cpu:7.3f} s")
    total = (now - first) + (startup or 0.0)
    lines.append(f"{'total':<22} {total:7.3f} s {now_cpu:7.3f} s")
    print("timings:\n  " + "\n  ".join(lines), file=sys.stderr)
    _marks.clear()
