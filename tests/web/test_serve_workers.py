"""`nlc serve --workers N`: several gunicorn processes, one background-import worker, a clean
stop (hardening issue #9, "Serving for real")."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="gunicorn runs on POSIX only")

LOGIN = "/accounts/login/"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of the processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append((int(entry.name), command.strip()))
    return found


def _get(port: int, path: str = LOGIN) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
        response.read()
        return response.status


@pytest.fixture
def server(tmp_path):
    """``nlc serve --workers 2 --threads 1`` (sync workers) on a free port, pids logged."""
    port = _free_port()
    access = tmp_path / "access.log"
    env = os.environ | {
        "NLC_DATA_DIR": str(tmp_path / "data"),
        "NLC_SECURE_COOKIES": "false",
        "GUNICORN_CMD_ARGS": f"--access-logfile {access} --access-logformat '%(p)s %(s)s %(U)s'",
    }
    env.pop("DATABASE_URL", None)
    log = (tmp_path / "serve.log").open("w")
    command = [sys.executable, "-m", "nlc.cli", "serve", "--workers", "2", "--threads", "1"]
    process = subprocess.Popen(
        [*command, "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 240
    while True:
        assert process.poll() is None, (tmp_path / "serve.log").read_text()
        try:
            _get(port)
            break
        except OSError:
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.5)
    yield process, port, access, tmp_path / "serve.log"
    if process.poll() is None:
        process.kill()
        process.wait()
    log.close()


def _pids_in(access: Path) -> list[int]:
    return [int(m) for m in re.findall(r"^<(\d+)> 200 ", access.read_text(), re.M)]


def test_two_worker_processes_serve_pages_and_stop_cleanly(server):
    process, port, access, log = server
    children = _children(process.pid)
    workers = [pid for pid, command in children if " serve " in f" {command} "]
    importers = [pid for pid, command in children if command.endswith("nlc.cli worker")]
    assert len(workers) == 2, children
    assert len(importers) == 1, children  # exactly one background-import worker

    # A sync worker serves one connection at a time: hold one busy with half a request,
    # and the next request must be answered by the other process.
    held = socket.create_connection(("127.0.0.1", port), timeout=30)
    held.sendall(f"GET {LOGIN} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode())
    time.sleep(0.5)
    assert _get(port, LOGIN + "?other") == 200
    held.sendall(b"Connection: close\r\n\r\n")
    reply = b""
    while chunk := held.recv(65536):
        reply += chunk
    held.close()
    assert reply.startswith(b"HTTP/1.1 200")
    for _ in range(50):  # the access log is written after the answer
        if len(set(_pids_in(access))) >= 2:
            break
        time.sleep(0.1)
    pids = set(_pids_in(access))
    assert len(pids) == 2 and pids <= set(workers), (pids, workers)

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 0, log.read_text()
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers + importers)
    assert "Shutting down: Master" in log.read_text()


def test_sign_in_failures_are_counted_where_every_process_sees_them(db, settings, rf):
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache

    from nlc.web import throttle

    caches[settings.LOGIN_THROTTLE_CACHE].clear()
    request = rf.post("/accounts/login/", REMOTE_ADDR="192.0.2.7")
    throttle.record_failure(request, "someone")
    # Another process has its own cache object; it reads the same table of the database.
    other = DatabaseCache(settings.CACHES[settings.LOGIN_THROTTLE_CACHE]["LOCATION"], {})
    assert other.get(throttle._key("someone", "192.0.2.7"))["failures"] == 1
    caches[settings.LOGIN_THROTTLE_CACHE].clear()
