"""Shared helpers for the benchmark drivers: machine facts, timed child runs, RESULTS.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import resource
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "RESULTS.md"
TIME = "/usr/bin/time"
#: The code these benchmarks measure, for the "uncommitted changes" note.
MEASURED = ("src/nlc/analysis", "src/nlc/network", "src/nlc/reports", "src/nlc/cli.py")


# --------------------------------------------------------------------------------------
# Machine


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def nproc() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def memory_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024**2
    except OSError:
        pass
    return float("nan")


def loadavg() -> tuple[float, float, float]:
    try:
        a, b, c = Path("/proc/loadavg").read_text().split()[:3]
        return float(a), float(b), float(c)
    except OSError:
        return (float("nan"),) * 3


def _cpu_times() -> tuple[int, int]:
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    values = list(map(int, fields))
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values), idle


def busy_cores(seconds: float = 1.0) -> float:
    """How many cores other processes kept busy over ``seconds`` (sampled from /proc/stat)."""
    try:
        total0, idle0 = _cpu_times()
        time.sleep(seconds)
        total1, idle1 = _cpu_times()
    except OSError:
        return float("nan")
    total = total1 - total0
    return nproc() * (1 - (idle1 - idle0) / total) if total else float("nan")


def wait_quiet(max_wait: float, threshold: float = 0.3) -> float:
    """Wait (at most ``max_wait`` s) until other processes use under ``threshold`` cores.

    Returns the busy-core figure last seen, to be reported with the timings: the machine is
    shared, and timings taken while other jobs run are slower than the machine can do.
    """
    deadline = time.monotonic() + max_wait
    busy = busy_cores()
    while busy > threshold and time.monotonic() < deadline:
        busy = busy_cores(2.0)
    return busy


def machine() -> dict:
    import numpy

    info = {
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "nproc": nproc(),
        "cpu": cpu_model(),
        "memory_gb": round(memory_gb(), 1),
        "python": platform.python_version(),
        "numpy": numpy.__version__,
    }
    for name in ("numba", "igraph", "networkit"):
        try:
            info[name] = __import__(name).__version__
        except Exception:  # pragma: no cover - optional
            info[name] = "absent"
    try:
        info["nlc_commit"] = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--", *MEASURED],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        if dirty:
            info["nlc_commit"] += " (with uncommitted changes to the measured code)"
    except (OSError, subprocess.CalledProcessError):
        info["nlc_commit"] = "unknown"
    return info


def machine_lines(info: dict) -> list[str]:
    return [
        f"- Date: {info['date']}",
        f"- Machine: {info['nproc']} cores ({info['cpu']}), {info['memory_gb']} GB RAM",
        f"- Software: Python {info['python']}, numpy {info['numpy']}, numba {info['numba']}, "
        f"igraph {info['igraph']}, networkit {info['networkit']}; nlc at {info['nlc_commit']}",
    ]


# --------------------------------------------------------------------------------------
# Child processes


@dataclass
class Run:
    """One timed child process."""

    command: list[str]
    returncode: int
    wall: float
    max_rss_mb: float
    user: float
    sys: float
    stdout: str
    stderr: str
    busy_before: float = float("nan")
    others_busy: float = float("nan")
    extra: dict = field(default_factory=dict)

    def busy(self) -> str:
        """Cores other jobs kept busy just before / on average during the run."""
        return f"{self.busy_before:.1f} / {self.others_busy:.1f}"

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def error_line(self) -> str:
        lines = [x.strip() for x in self.stderr.splitlines() if x.strip()]
        keep = [x for x in lines if "error" in x.lower()]
        return " ".join((keep or lines[-3:])[:3])[:300]


def nlc_command() -> list[str]:
    """The installed ``nlc`` script of this Python, else ``python -c 'main()'``."""
    script = Path(sys.executable).with_name("nlc")
    if script.exists():
        return [str(script)]
    found = shutil.which("nlc")
    if found:
        return [found]
    return [sys.executable, "-c", "from nlc.cli import run; run()"]


_TIME_FIELDS = {
    "Maximum resident set size (kbytes)": "max_rss_kb",
    "User time (seconds)": "user",
    "System time (seconds)": "sys",
    "Elapsed (wall clock) time (h:mm:ss or m:ss)": "elapsed",
}


def _parse_time_v(text: str) -> tuple[str, dict]:
    """Split GNU time's ``-v`` report off the end of stderr."""
    values = {}
    kept = []
    for line in text.splitlines():
        stripped = line.strip()
        key, sep, value = stripped.rpartition(": ")
        if sep and key in _TIME_FIELDS:
            values[_TIME_FIELDS[key]] = value
        elif not re.match(r"^(Command being timed|Command exited|[A-Z][A-Za-z ()/%]+: )", stripped):
            kept.append(line)
    return "\n".join(kept), values


def run_timed(
    command: list[str], env: dict | None = None, cwd: Path | None = None, timeout: float = 900
) -> Run:
    """Run ``command``; wall time from this process, peak RSS and CPU times of the child.

    Uses ``/usr/bin/time -v`` when present, else ``getrusage(RUSAGE_CHILDREN)`` (whose
    ``ru_maxrss`` is the largest child so far, so this process runs nothing else meanwhile).
    """
    full_env = {**os.environ, **(env or {})}
    use_time = Path(TIME).exists()
    argv = [TIME, "-v", *command] if use_time else command
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    stat0 = _cpu_times_safe()
    start = time.perf_counter()
    proc = subprocess.run(
        argv, env=full_env, cwd=cwd, capture_output=True, text=True, timeout=timeout
    )
    wall = time.perf_counter() - start
    stat1 = _cpu_times_safe()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    stderr = proc.stderr
    if use_time:
        stderr, values = _parse_time_v(proc.stderr)
        rss_mb = int(values.get("max_rss_kb", 0)) / 1024
        user, sys_ = float(values.get("user", "nan")), float(values.get("sys", "nan"))
    else:
        rss_mb = after.ru_maxrss / 1024
        user = after.ru_utime - before.ru_utime
        sys_ = after.ru_stime - before.ru_stime
    run = Run(command, proc.returncode, wall, rss_mb, user, sys_, proc.stdout, stderr)
    if stat0 and stat1:
        # every core's busy time over the run, less the child's own CPU time
        busy_all = ((stat1[0] - stat1[1]) - (stat0[0] - stat0[1])) / os.sysconf("SC_CLK_TCK")
        run.others_busy = max(0.0, (busy_all - user - sys_) / wall)
    return run


def _cpu_times_safe() -> tuple[int, int] | None:
    try:
        return _cpu_times()
    except (OSError, ValueError, IndexError):
        return None


# --------------------------------------------------------------------------------------
# Output


def table(headers: list[str], rows: list[list], title: str | None = None) -> str:
    """A GitHub-markdown table (also readable in a terminal)."""
    cells = [[str(c) for c in row] for row in rows]
    widths = [
        max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)
    ]
    out = []
    if title:
        out.append(f"**{title}**\n")
    out.append("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |")
    out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in cells:
        out.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    return "\n".join(out)


def fmt_s(seconds: float | None) -> str:
    if seconds is None or seconds != seconds:
        return "–"
    if seconds >= 100:
        return f"{seconds:.0f} s"
    if seconds >= 10:
        return f"{seconds:.1f} s"
    if seconds >= 0.1:
        return f"{seconds:.2f} s"
    return f"{seconds * 1000:.1f} ms"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("**PASS**" if ok else "**FAIL**")


def shell(command: list[str]) -> str:
    return " ".join(shlex.quote(str(c)) for c in command)


def rel(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(REPO))
    except ValueError:
        return str(path)


_HEADER = """# Benchmark results

Figures written by the drivers in `benchmarks/` (see `benchmarks/README.md`); each section
is replaced when its driver runs again. These are measurements, not tests: the machine is
shared with other jobs, so each section says how busy it was.
"""


def update_results(key: str, body: str, path: Path = RESULTS) -> None:
    """Replace (or append) the section between ``<!-- bench:key -->`` markers."""
    start, end = f"<!-- bench:{key} -->", f"<!-- /bench:{key} -->"
    text = path.read_text() if path.exists() else _HEADER
    block = f"{start}\n{body.rstrip()}\n{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text)
