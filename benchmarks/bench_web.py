"""Benchmark: the web app's pages under load with every school in England imported (issue 3).

The data folder holds

* every school in England from the DfE census (``nlc import census``: about 24,400
  organisations in 152 local-authority areas, with easting/northing where the postcode is
  known), their trusts and the co-membership ties of multi-academy trusts from GIAS
  (``nlc import gias-links --ties``: about 40,000 ties), and
* the demonstration area grown with ``nlc demo --no-serve --scale N``; by default ``N`` is the
  scale whose people count is nearest 5,000.

``nlc serve`` then runs on 127.0.0.1 on a free port in a subprocess (``NLC_DATA_DIR`` = the
folder, ``NLC_SECURE_COOKIES=false`` so that the session cookie travels over plain http), the
benchmark signs in as the demo area administrator through the sign-in form, and each URL is
loaded with wrk: 20 connections on loopback for a bounded time. A Lua ``done`` hook prints
p50, p95 and p99 latency and the error count (socket errors plus non-2xx/3xx answers). Every
URL is first fetched once with the session cookie and must answer 200 (a redirect to the
sign-in page would otherwise count as success). The median of sequential single requests is
also measured: with nothing else queued it is the server's own time per request.

URLs are templates: ``{network}`` is replaced by the primary key of a demo network.

Run::

    python benchmarks/bench_web.py                     # build (or reuse) the data, measure
    python benchmarks/bench_web.py --write             # also write benchmarks/RESULTS-web.md
    python benchmarks/bench_web.py --url / --url '/networks/{network}/' --duration 10
    python benchmarks/bench_web.py --suite --write    # issue 9: the whole set, one command

``--suite`` is issue 9's benchmark in one command: the demo at scale 12 with every school in
England, ``nlc serve --workers 2``, the :data:`SUITE_URLS` first with 50 users who wait
1-2 s between requests, then with the same 50 connections sending without a pause (a
flood); each run is appended to the results file with the command, and each row carries
the machine's load average (1 min) just before its URL was loaded.

Needs ``wrk`` (``apt-get install -y wrk``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import json
import math
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENGLAND = Path(os.environ.get("NLC_SHARED", ROOT.parent / "shared")) / "real-data" / "england"
CENSUS = ENGLAND / "school_census_2022-23.csv"
GIAS = ENGLAND / "grouplinks_edubaseallacademiesandfree20190601.csv"
DEFAULT_URLS = [
    "/networks/{network}/",
    "/networks/{network}/map/data/",
    "/networks/{network}/map/data/?view=people",
    "/area/map/data/",
    "/area/map/data/?view=people",
    "/",
]
#: Issue 9's set (``--suite``): the network page, the map data and the API list endpoints.
SUITE_URLS = [
    "/networks/{network}/",
    "/networks/{network}/map/data/",
    "/area/map/data/",
    "/area/map/data/?view=people",
    "/api/networks",
    "/api/organisations",
    "/api/people",
    "/api/ties",
]
#: ``--suite``: 50 users reading 1-2 s between pages, then the same connections flooding.
SUITE_RUNS = [(50, (1000, 2000)), (50, None)]
DEMO_NETWORK = "Birmingham Community Leadership Network"
TARGET_MS = 300.0
#: Issue 9: p95 under 100 ms for 50 users with think time.
TARGET_P95_MS = 100.0

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d bytes=%d p50_us=%d p95_us=%d p99_us=%d max_us=%d "
    .. "connect=%d read=%d write=%d status=%d timeout=%d\\n",
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def demo_people(scale: int) -> int:
    """People the demo creates at ``scale``: 7 networks of 21 organisations with 4*scale
    people each, plus a pupil in each of the 11 schools that are not special schools."""
    return 7 * (21 * 4 * scale + 11)


def default_scale(target_people: int = 5000) -> int:
    return min(range(1, 51), key=lambda s: abs(demo_people(s) - target_people))


def nlc(*args: str, env: dict[str, str]) -> str:
    command = [sys.executable, "-m", "nlc.cli", *args]
    print("$ nlc", " ".join(args), flush=True)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"nlc {' '.join(args)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    print(done.stdout.strip(), f"[{time.perf_counter() - started:.1f} s]", flush=True)
    return done.stdout


def build(data_dir: Path, scale: int, env: dict[str, str], gias: bool) -> dict[str, float]:
    """Fill the data folder; returns how long each step took."""
    timings = {}
    data_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    nlc("import", "census", str(CENSUS), env=env)
    timings["census"] = time.perf_counter() - started
    if gias:
        started = time.perf_counter()
        nlc("import", "gias-links", str(GIAS), "--ties", env=env)
        timings["gias"] = time.perf_counter() - started
    started = time.perf_counter()
    nlc("demo", "--no-serve", "--scale", str(scale), env=env)
    timings["demo"] = time.perf_counter() - started
    (data_dir / "bench-web.json").write_text(json.dumps({"scale": scale, "gias": gias}))
    return timings


def counts(env: dict[str, str]) -> dict[str, int]:
    """Sizes of the data and the demo network's key, read in a subprocess."""
    code = f"""
import json, django
django.setup()
from django.db.models import Q
from nlc.web.demo import AREA_NAME
from nlc.web.registry.models import Area, Network, Organisation, Person
from nlc.web.ties.models import Tie
demo = Area.objects.get(name=AREA_NAME)
network = Network.objects.get(area=demo, name={DEMO_NETWORK!r})
ties = Tie.objects.filter(area=demo)
print(json.dumps({{
    "organisations": Organisation.objects.count(),
    "schools with a URN": Organisation.objects.filter(urn__isnull=False).count(),
    "areas": Area.objects.count(),
    "ties (all areas)": Tie.objects.count(),
    "demo organisations": Organisation.objects.filter(area=demo).count(),
    "demo people": Person.objects.filter(organisation__area=demo).count(),
    "demo ties": ties.count(),
    "demo organisation ties": ties.filter(source_organisation__isnull=False).count(),
    "demo person ties": ties.filter(source_person__isnull=False).count(),
    "network pk": network.pk,
    "network organisations": network.memberships.count(),
    "network people": Person.objects.filter(organisation__memberships__network=network).count(),
    "network ties": network.ties.count(),
}}))
"""
    env = env | {"DJANGO_SETTINGS_MODULE": "nlc.web.settings"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"could not count the data:\n{done.stderr}")
    return json.loads(done.stdout)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    env: dict[str, str], port: int, threads: int, log: Path, workers: int = 1
) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "nlc.cli",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--threads",
        str(threads),
        "--workers",
        str(workers),
    ]
    print("$", " ".join(command[2:]), f"(log: {log})", flush=True)
    out = log.open("w")
    server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"nlc serve stopped ({server.returncode}); see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2):
                return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    server.terminate()
    sys.exit(f"nlc serve did not answer within 120 s; see {log}")


def sign_in(base: str, username: str, password: str) -> str:
    """Sign in through the form (CSRF token and all); returns the Cookie header value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(
        f"{base}/accounts/login/", data=form, headers={"Referer": f"{base}/accounts/login/"}
    )
    opener.open(request).read()
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        sys.exit("sign-in failed: no session cookie (is NLC_SECURE_COOKIES=false?)")
    return f"sessionid={cookies['sessionid']}"


def fetch(url: str, cookie: str) -> tuple[int, int, float]:
    """(status, bytes, seconds) of one GET, not following redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    started = time.perf_counter()
    try:
        with opener.open(urllib.request.Request(url, headers={"Cookie": cookie})) as r:
            body = r.read()
            status = r.status
    except urllib.error.HTTPError as exc:
        body, status = exc.read(), exc.code
    return status, len(body), time.perf_counter() - started


def sequential_median(url: str, cookie: str, n: int) -> float:
    return statistics.median(fetch(url, cookie)[2] for _ in range(n)) * 1000


def cpu_jiffies() -> tuple[int, int]:
    """(busy, total) CPU time of the whole machine so far, from /proc/stat (Linux)."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    except (OSError, ValueError):
        return 0, 0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return sum(fields[:8]) - idle, sum(fields[:8])


def busy_cores(before: tuple[int, int], after: tuple[int, int]) -> float:
    """Cores kept busy between two :func:`cpu_jiffies` readings (all processes, wrk too)."""
    total = after[1] - before[1]
    return (after[0] - before[0]) / total * (os.cpu_count() or 1) if total else float("nan")


def run_wrk(
    url: str, cookie: str, connections: int, threads: int, duration: int, think: tuple | None
) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(WRK_SCRIPT)
        if think:
            # Each connection is a user who reads the page before asking for the next one;
            # wrk does not count the delay in the latency.
            f.write(f"delay = function() return math.random({think[0]}, {think[1]}) end\n")
        script = f.name
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        script,
        "-H",
        f"Cookie: {cookie}",
        url,
    ]
    shown = " ".join(command).replace(cookie, "sessionid=…").replace(script, "summary.lua")
    print("$", shown, flush=True)
    cpu_before = cpu_jiffies()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60)
    finally:
        os.unlink(script)
    cores = busy_cores(cpu_before, cpu_jiffies())
    match = re.search(r"^RESULT (.*)$", done.stdout, re.M)
    if done.returncode != 0 or match is None:
        sys.exit(f"wrk failed:\n{done.stdout}{done.stderr}")
    values = {k: int(v) for k, v in (p.split("=") for p in match.group(1).split())}
    errors = sum(values[k] for k in ("connect", "read", "write", "status", "timeout"))
    return {
        "command": shown,
        "requests": values["requests"],
        "rps": values["requests"] / (values["duration_us"] / 1e6),
        "p50": values["p50_us"] / 1000,
        "p95": values["p95_us"] / 1000,
        "p99": values["p99_us"] / 1000,
        "max": values["max_us"] / 1000,
        "errors": errors,
        "busy cores": cores,
        "error detail": {k: values[k] for k in ("connect", "read", "write", "status", "timeout")},
    }


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()}"


HEADER = """# Web benchmark (issue 3: Speed)

Made by `benchmarks/bench_web.py` (see its docstring). wrk keeps each of its 20 connections
busy: a connection sends its next request as soon as the last answer arrives (no think
time). Once the server is saturated the median latency is therefore about
connections / throughput, whatever the work per request; the *sequential median* column
(requests one at a time) is the server's own time per request. `nlc serve` is one waitress
process with 8 threads, so Python work runs on one core at a time (the GIL).
"""


def _errors(row: dict) -> str:
    """The error count, with its kinds when there are any (e.g. ``3 (timeout 3)``)."""
    if not row["errors"]:
        return "0"
    kinds = ", ".join(f"{k} {n}" for k, n in row["error detail"].items() if n)
    return f"{row['errors']} ({kinds})"


def write_results(
    path: Path, args, data: dict, timings: dict, rows: list[dict], load: tuple[float, float]
) -> None:
    scale = args.scale
    lines = [] if args.append else [HEADER]
    lines += [
        f"## Run of {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}: demo scale {scale}",
        "",
        f"Machine: {machine()}; load average (1 min) {load[0]:.1f} before and "
        f"{load[1]:.1f} after the run (the machine is shared).",
        "",
        (
            f"Load: {args.connections} users, each waiting {args.think_ms[0]}-"
            f"{args.think_ms[1]} ms between requests (wrk `delay`)."
            if args.think_ms
            else f"Load: {args.connections} connections, no wait between requests (a flood)."
        ),
        "",
        "Command:",
        "",
        "```",
        " ".join(["python benchmarks/bench_web.py", *sys.argv[1:]]),
        "```",
        "",
        "### Data",
        "",
        f"* Every school in England: `nlc import census {CENSUS.name}` "
        f"({data['schools with a URN']:,} schools with URNs, {data['areas']:,} areas, "
        f"{data['organisations']:,} organisations in all)"
        + (f" [{timings['census']:.1f} s]" if "census" in timings else ""),
    ]
    if args.gias:
        lines.append(
            f"* Their trusts and multi-academy-trust co-membership ties: "
            f"`nlc import gias-links {GIAS.name} --ties`"
            + (f" [{timings['gias']:.1f} s]" if "gias" in timings else "")
        )
    lines += [
        f"* The demonstration area: `nlc demo --no-serve --scale {scale}`"
        + (f" [{timings['demo']:.1f} s]" if "demo" in timings else "")
        + f": {data['demo organisations']:,} organisations, {data['demo people']:,} people, "
        f"{data['demo ties']:,} ties ({data['demo organisation ties']:,} between "
        f"organisations, {data['demo person ties']:,} between people).",
        f"* Ties in the database, all areas: {data['ties (all areas)']:,}.",
        f"* The network measured (`{{network}}` = {data['network pk']}, {DEMO_NETWORK}): "
        f"{data['network organisations']} member organisations, {data['network people']:,} "
        f"people, {data['network ties']:,} ties.",
        "",
    ]
    if data["demo ties"] < 20000:
        lines += [
            f"The demo reaches {data['demo people']:,} people at scale {scale} but only "
            f"{data['demo ties']:,} ties, short of issue 3's 20,000: the demo makes about "
            f"{data['demo ties'] / scale:,.0f} ties per unit of scale, so 20,000 ties come "
            f"only at scale {math.ceil(20000 * scale / max(data['demo ties'], 1))}.",
            "",
        ]
    lines += [
        "### Results",
        "",
        f"`nlc serve --threads {args.threads} --workers {args.workers}` "
        + ("(waitress)" if args.workers == 1 else f"(gunicorn, {args.workers} processes)")
        + " on 127.0.0.1, SQLite in the data "
        f"folder, signed in as the demo area administrator. Load: wrk, {args.connections} "
        f"connections, {args.wrk_threads} wrk threads, {args.duration} s per URL, on the same "
        "machine. Latencies in ms. *Sequential median*: median of "
        f"{args.sequential} requests one at a time, the server's own time per request. "
        "*Busy cores*: CPU time of the whole machine (the server, wrk and whatever else runs) "
        f"during the wrk run, in cores of {os.cpu_count()}. *Load*: the machine's load average "
        "(1 min) just before the URL was loaded (other jobs share the machine).",
        "",
        "| URL | bytes | requests | req/s | p50 | p95 | p99 | errors | sequential median |"
        " busy cores | load | p50 under 300 ms | p95 under 100 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for r in rows:
        ok = "yes" if r["p50"] < TARGET_MS else "**no**"
        ok95 = "yes" if r["p95"] < TARGET_P95_MS else "**no**"
        lines.append(
            f"| `{r['url']}` | {r['bytes']:,} | {r['requests']:,} | {r['rps']:.1f} | "
            f"{r['p50']:.0f} | {r['p95']:.0f} | {r['p99']:.0f} | {_errors(r)} | "
            f"{r['sequential']:.0f} | {r['busy cores']:.1f} | {r['load']:.1f} | {ok} | {ok95} |"
        )
    lines += ["", "wrk commands (the session cookie elided):", "", "```"]
    lines += [r["command"] for r in rows]
    lines += ["```", ""]
    if args.append and path.exists():
        with path.open("a") as f:
            f.write("\n" + "\n".join(lines))
    else:
        path.write_text("\n".join(lines))
    print(f"wrote {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "nlc-bench-web"
    )
    parser.add_argument("--rebuild", action="store_true", help="start from an empty data folder")
    parser.add_argument("--scale", type=int, default=default_scale())
    parser.add_argument("--no-gias", dest="gias", action="store_false")
    parser.add_argument("--url", action="append", help="URL path template (repeatable)")
    parser.add_argument("--duration", type=int, default=20, help="seconds of load per URL")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8, help="nlc serve --threads")
    parser.add_argument("--workers", type=int, default=1, help="nlc serve --workers")
    parser.add_argument(
        "--think-ms",
        type=lambda v: tuple(int(x) for x in v.split(",")),
        default=None,
        metavar="LOW,HIGH",
        help="each connection waits a random LOW..HIGH ms between requests (users, not a "
        "flood); without it wrk sends the next request at once",
    )
    parser.add_argument("--sequential", type=int, default=30)
    parser.add_argument(
        "--suite",
        action="store_true",
        help="issue 9's benchmark: scale 12, 2 workers, the suite's URLs with 50 users "
        "thinking 1-2 s, then a flood (other options still apply when given)",
    )
    parser.add_argument("--write", action="store_true", help="write benchmarks/RESULTS-web.md")
    parser.add_argument(
        "--append", action="store_true", help="add this run to the results file, keep the rest"
    )
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "RESULTS-web.md")
    args = parser.parse_args()
    if args.suite:
        given = set(sys.argv[1:])
        args.scale = args.scale if "--scale" in given else 12
        args.workers = args.workers if "--workers" in given else 2
        args.append = True
        if "--data-dir" not in given:
            args.data_dir = Path(tempfile.gettempdir()) / "nlc-bench-web-suite"
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    if not CENSUS.is_file():
        sys.exit(f"the census file is missing: {CENSUS} (set NLC_SHARED)")

    data_dir = args.data_dir.resolve()
    env = os.environ | {"NLC_DATA_DIR": str(data_dir), "NLC_SECURE_COOKIES": "false"}
    env.pop("DATABASE_URL", None)
    marker = data_dir / "bench-web.json"
    wanted = {"scale": args.scale, "gias": args.gias}
    timings: dict[str, float] = {}
    if args.rebuild or not marker.exists() or json.loads(marker.read_text()) != wanted:
        if data_dir.exists():
            shutil.rmtree(data_dir)
        timings = build(data_dir, args.scale, env, args.gias)
    else:
        print(f"reusing {data_dir} (scale {args.scale}; --rebuild to start again)")
    data = counts(env)
    print(json.dumps(data, indent=1))

    runs = SUITE_RUNS if args.suite else [(args.connections, args.think_ms)]
    urls = args.url or (SUITE_URLS if args.suite else DEFAULT_URLS)
    port = free_port()
    server = start_server(env, port, args.threads, data_dir / "serve.log", args.workers)
    try:
        base = f"http://127.0.0.1:{port}"
        cookie = sign_in(base, "admin", "nlc-demo-2026")
        for connections, think in runs:
            args.connections, args.think_ms = connections, think
            load_before = os.getloadavg()[0]
            rows = [measure(base, cookie, template, data, args) for template in urls]
            report(args, data, timings, rows, (load_before, os.getloadavg()[0]))
            timings = {}  # the build is reported with the first run only
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def measure(base: str, cookie: str, template: str, data: dict, args) -> dict:
    """One URL: a first fetch (must answer 200), the sequential median, then wrk."""
    path = template.format(network=data["network pk"])
    url = base + path
    status, size, _ = fetch(url, cookie)
    if status != 200:
        print(f"SKIP {path}: answers {status} (not built yet?)", flush=True)
        return {"url": path, "status": status}
    sequential = sequential_median(url, cookie, args.sequential)
    load = os.getloadavg()[0]
    result = run_wrk(url, cookie, args.connections, args.wrk_threads, args.duration, args.think_ms)
    result |= {"url": path, "bytes": size, "sequential": sequential, "status": status}
    result["load"] = load
    print(
        f"{path}: p50 {result['p50']:.0f} ms, p95 {result['p95']:.0f} ms, "
        f"p99 {result['p99']:.0f} ms, {result['rps']:.1f} req/s, "
        f"{result['errors']} errors, sequential median {sequential:.0f} ms, "
        f"{result['busy cores']:.1f} busy cores, load {load:.1f}",
        flush=True,
    )
    return result


def report(args, data: dict, timings: dict, rows: list[dict], load: tuple) -> None:
    """Say what was not measured; with ``--write``, add the run to the results file."""
    measured = [r for r in rows if r.get("status") == 200]
    missing = [r["url"] for r in rows if r.get("status") != 200]
    if missing:
        print("not measured (did not answer 200):", ", ".join(missing))
    if not (args.write and measured):
        return
    write_results(args.results, args, data, timings, measured, load)
    if missing:
        with args.results.open("a") as f:
            f.write(
                "Not measured (did not answer 200 when run): "
                + ", ".join(f"`{u}`" for u in missing)
                + "; re-run when they exist.\n"
            )


if __name__ == "__main__":
    main()
