"""Fuzz the JSON API with schemathesis against its OpenAPI schema (CI runs this).

Usage: ``python scripts/fuzz_api.py`` with the environment's own Python, after
``pip install -e '.[fuzz]'``. It loads the demonstration area into a new data folder in a
temporary directory, starts ``nlc serve`` there on a free port, signs in through the sign-in
form as the area administrator and as a member, and for each runs::

    schemathesis run http://127.0.0.1:PORT/api/openapi.json \\
        -H 'Cookie: sessionid=…; csrftoken=…' -H 'X-CSRFToken: …' \\
        --checks not_a_server_error,response_schema_conformance \\
        --max-examples 25 --max-time 40 --seed 1 --phases examples,coverage,fuzzing

(the schema needs a signed-in user; the CSRF header lets writes through ninja's CSRF check).
The exit status is 1 when any run finds a server error (5xx) or an answer that breaks the
schema, else 0. ``--max-examples`` and ``--max-time`` bound the run (under two minutes in
all); ``--seed`` makes it repeatable. Results are recorded in benchmarks/RESULTS-fuzz.md.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

PASSWORD = "nlc-demo-2026"
CHECKS = "not_a_server_error,response_schema_conformance"


def free_port() -> int:
    """Return a TCP port free on the loopback address."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    """Start ``nlc serve`` on ``port`` and wait until it answers (at most two minutes)."""
    command = [sys.executable, "-m", "nlc.cli", "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"nlc serve stopped ({server.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5):
                return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    server.terminate()
    sys.exit(f"nlc serve did not answer within 120 s:\n{log.read_text()}")


def sign_in(base: str, username: str) -> dict[str, str]:
    """Sign in through the form; returns the cookies (``sessionid``, ``csrftoken``)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
    request = urllib.request.Request(
        f"{base}/accounts/login/",
        data=urllib.parse.urlencode(form).encode(),
        headers={"Referer": f"{base}/accounts/login/"},
    )
    opener.open(request).read()
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        sys.exit(f"could not sign in as {username}")
    return cookies


#: Path parameters of the API and the list each one's existing values are read from.
PATH_IDS = {
    "network_id": "networks",
    "organisation_id": "organisations",
    "person_id": "people",
    "membership_id": "memberships",
    "role_id": "roles",
    "tie_id": "ties",
}


def write_config(base: str, cookies: dict[str, str], path: Path) -> Path:
    """Write a schemathesis config that draws half of each path id from existing objects.

    Random ids rarely exist, so the operations on one object would otherwise answer 404
    almost always; the ids are those the signed-in user sees in the API's lists.
    """
    header = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    lines = []
    for name, noun in PATH_IDS.items():
        request = urllib.request.Request(f"{base}/api/{noun}?limit=20", headers=header)
        with urllib.request.urlopen(request) as response:
            ids = [item["id"] for item in json.load(response)["items"]]
        if ids:
            lines += [f"[dictionaries.{name}]", f"values = {ids}", ""]
    bound = [name for name in PATH_IDS if f"[dictionaries.{name}]" in lines]
    lines += ["[parameters]"]
    lines += [f'"path.{n}" = {{ dictionary = "{n}", probability = 0.5 }}' for n in bound]
    path.write_text("\n".join(lines) + "\n")
    return path


def fuzz(base: str, cookies: dict[str, str], args, report: Path) -> tuple[int, float, str]:
    """Run schemathesis once with these cookies; returns (exit status, seconds, output)."""
    cwd = report.parent
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    config = write_config(base, cookies, report.with_suffix(".toml"))
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "--config-file",
        str(config),
        "run",
        f"{base}/api/openapi.json",
        "-H",
        f"Cookie: {cookie}",
        "-H",
        f"X-CSRFToken: {cookies['csrftoken']}",
        "--checks",
        CHECKS,
        "--max-examples",
        str(args.max_examples),
        "--max-time",
        str(args.max_time),
        "--seed",
        str(args.seed),
        "--phases",
        "examples,coverage,fuzzing",
        "--workers",
        "1",
        "--report",
        "junit",
        "--report-junit-path",
        str(report),
    ]
    shown = " ".join(command[1:]).replace(cookie, "sessionid=…; csrftoken=…")
    shown = shown.replace(cookies["csrftoken"], "…").replace(str(config), config.name)
    print("$ schemathesis", shown, flush=True)
    started = time.perf_counter()
    done = subprocess.run(  # in the temporary folder: schemathesis keeps a cache in its cwd
        command, capture_output=True, text=True, env=os.environ | {"NO_COLOR": "1"}, cwd=cwd
    )
    return done.returncode, time.perf_counter() - started, done.stdout + done.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--users", default="member,admin", help="demo accounts to fuzz as (the admin deletes)"
    )
    parser.add_argument("--max-examples", type=int, default=25, help="per operation")
    parser.add_argument("--max-time", type=int, default=40, help="seconds per account")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the temporary data folder")
    args = parser.parse_args()
    if shutil.which("schemathesis", path=str(Path(sys.executable).parent)) is None:
        sys.exit("schemathesis is not installed: pip install -e '.[fuzz]'")

    folder = Path(tempfile.mkdtemp(prefix="nlc-fuzz-"))
    env = os.environ | {"NLC_DATA_DIR": str(folder / "data"), "NLC_SECURE_COOKIES": "false"}
    env.pop("DATABASE_URL", None)
    started = time.perf_counter()
    demo = [sys.executable, "-m", "nlc.cli", "demo", "--no-serve"]
    subprocess.run(demo, env=env, check=True, capture_output=True)
    port = free_port()
    server = start_server(env, port, folder / "serve.log")
    failed = []
    try:
        base = f"http://127.0.0.1:{port}"
        for username in args.users.split(","):
            report = folder / f"junit-{username}.xml"
            status, seconds, output = fuzz(base, sign_in(base, username), args, report)
            print(output)
            print(f"{username}: exit status {status} in {seconds:.0f} s", flush=True)
            if status != 0:
                failed.append(username)
    finally:
        server.terminate()
        server.wait(timeout=30)
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"fuzzing took {time.perf_counter() - started:.0f} s in all")
    if failed:
        print("schemathesis found failures as: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
