"""A newcomer's first run (issue #8): a busy port, ``make demo PORT=``, the simulation kernels
compiled at install, and the simulation page's progress state."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from nlc.web import cli

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def busy_port():
    """A port something is listening on."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


@pytest.mark.parametrize("command", ["serve", "demo"])
def test_a_busy_port_is_named_before_anything_starts(command, busy_port, monkeypatch):
    started = []
    monkeypatch.setattr(cli, "setup_django", lambda: started.append("django"))
    monkeypatch.setattr(cli, "run_server", lambda *args: started.append("server"))
    result = CliRunner().invoke(getattr(cli, command), ["--port", str(busy_port)])
    assert result.exit_code == 1
    assert f"port {busy_port} on 127.0.0.1 is already in use" in result.output
    assert "--port" in result.output and "make demo PORT=" in result.output
    assert "serving on" not in result.output and "Traceback" not in result.output
    assert started == []  # refused before the database or the demo is touched


def test_a_free_port_passes_the_check():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    cli.ensure_port_free("127.0.0.1", port)


def test_an_unknown_host_is_a_clear_error():
    result = CliRunner().invoke(cli.serve, ["--host", "no-such-host.invalid", "--port", "8"])
    assert result.exit_code == 1
    assert "cannot listen on host 'no-such-host.invalid'" in result.output


def make_dry_run(*args: str) -> str:
    """What ``make`` would run (``-n``), with the venv's nlc taken as up to date."""
    done = subprocess.run(
        ["make", "-n", "-o", ".venv/bin/nlc", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_make_demo_takes_a_port():
    assert "nlc demo --port 8000" in make_dry_run("demo")
    assert "nlc demo --port 8123" in make_dry_run("demo", "PORT=8123")


def test_make_install_compiles_the_simulation_kernels_too(tmp_path):
    recipe = make_dry_run("-B", "install", "VENV=" + str(tmp_path / "venv"))
    assert "nlc.analysis.precompile import warm_up" in recipe
    assert "nlc.simulation.precompile import warm_up" in recipe


def test_the_simulation_warm_up_compiles_the_kernels_the_page_runs():
    from nlc.simulation import kernels
    from nlc.simulation.precompile import warm_up

    warm_up()
    for name in ("cascade_record", "cascade_trace", "threshold_record", "rr_sets_chunk"):
        assert getattr(kernels, name).signatures, name


def test_the_simulation_page_shows_progress_while_it_runs(client_for, small_area, led_network):
    page = client_for("leader").get(f"/networks/{led_network.pk}/simulate/").content.decode()
    assert 'data-busy-message="Running {runs} runs…"' in page
    assert 'id="sim-progress" role="status"' in page
    # A static script (the CSP allows no inline one), whose file is really there.
    assert "/static/nlc/busy.js" in page
    assert (ROOT / "src/nlc/web/static/nlc/busy.js").is_file()
