"""Settings read through ``nlc.config``: typed, defaulted, and loud about bad values."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from nlc import config
from nlc.cli import NLCGroup, main

ROOT = Path(__file__).resolve().parents[1]


def test_it_reads_booleans_in_the_usual_spellings():
    for text, value in [("1", True), ("Yes", True), ("on", True), ("0", False), ("off", False)]:
        assert config.read("NLC_DEBUG", {"NLC_DEBUG": text}) is value


def test_it_gives_the_default_when_unset_or_empty():
    assert config.read("NLC_SECURE_COOKIES", {}) is True
    assert config.read("NLC_SECURE_COOKIES", {"NLC_SECURE_COOKIES": " "}) is True
    assert config.read("NLC_LOGIN_ATTEMPTS", {"NLC_LOGIN_ATTEMPTS": ""}) == 5
    assert config.read("NLC_ALLOWED_HOSTS", {})[0] == "localhost"
    assert config.read("DATABASE_URL", {}) is None


def test_it_splits_lists_and_expands_paths():
    hosts = config.read("NLC_ALLOWED_HOSTS", {"NLC_ALLOWED_HOSTS": "a.org, b.org,"})
    assert hosts == ["a.org", "b.org"]
    assert config.read("NLC_DATA_DIR", {"NLC_DATA_DIR": "~/x"}) == Path.home() / "x"


def test_it_defaults_the_data_folder_to_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert config.read("NLC_DATA_DIR", {}) == tmp_path / "nlc"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "NLC_DEBUG",
            "maybe",
            "NLC_DEBUG must be true or false (1/0, yes/no, on/off), not 'maybe'",
        ),
        ("NLC_LOGIN_ATTEMPTS", "five", "NLC_LOGIN_ATTEMPTS must be a whole number, not 'five'"),
        ("NLC_LOGIN_WINDOW", "0", "NLC_LOGIN_WINDOW must be a whole number of at least 1, not '0'"),
        ("DATABASE_URL", "localhost/db", "DATABASE_URL must be a URL such as postgres://"),
    ],
)
def test_it_names_the_variable_and_the_bad_value(name, value, message):
    with pytest.raises(config.SettingError) as info:
        config.read(name, {name: value})
    assert str(info.value).startswith(message)


def test_the_web_settings_refuse_a_bad_value(tmp_path):
    env = os.environ | {
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
        "NLC_DATA_DIR": str(tmp_path),
        "NLC_LOGIN_ATTEMPTS": "lots",
    }
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", "import nlc.web.settings"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert (
        "ImproperlyConfigured: NLC_LOGIN_ATTEMPTS must be a whole number, not 'lots'" in done.stderr
    )


@pytest.fixture
def broken_cli():
    """A group like ``nlc`` with one command that fails as a bug would."""

    @click.group(cls=NLCGroup)
    def group():
        pass

    @group.command()
    def crash():
        raise RuntimeError("a bug")

    return group


def test_an_internal_error_is_one_line_when_nlc_debug_is_false(broken_cli):
    # NLC_DEBUG=0 used to count as set (any text was true) and showed the traceback.
    result = CliRunner().invoke(broken_cli, ["crash"], env={"NLC_DEBUG": "0"})
    assert result.exit_code == 1
    assert "internal error: RuntimeError: a bug" in result.output


def test_an_internal_error_raises_when_nlc_debug_is_true(broken_cli):
    result = CliRunner().invoke(broken_cli, ["crash"], env={"NLC_DEBUG": "1"})
    assert isinstance(result.exception, RuntimeError)


def test_the_cli_refuses_a_bad_nlc_debug_plainly():
    result = CliRunner().invoke(main, ["example", "--help"], env={"NLC_DEBUG": "maybe"})
    assert result.exit_code == 2
    assert "NLC_DEBUG must be true or false" in result.output
