"""The core (network, analysis, simulation, reports) and the CLI's own commands run without Django.

Each test runs Python in a subprocess where importing ``django`` or any ``django.*`` module
raises ImportError, as on a machine with only the core installed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE = ("nlc.network", "nlc.analysis", "nlc.simulation", "nlc.reports")

BLOCK_DJANGO = """
import importlib.abc
import sys


class NoDjango(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "django" or name.startswith("django."):
            raise ImportError(f"{name} is blocked: the core must not import Django")
        return None


sys.meta_path.insert(0, NoDjango())
"""

WALK_THE_CORE = """
import importlib
import json
import pkgutil

modules = []
for package in PACKAGES:
    modules.append(package)
    for info in pkgutil.walk_packages(importlib.import_module(package).__path__, package + "."):
        importlib.import_module(info.name)
        modules.append(info.name)
import nlc.cli, nlc.config, nlc.errors, nlc.files
print(json.dumps(modules))
"""

EVERY_HELP = """
import json

from click.testing import CliRunner

from nlc.cli import main

helps = {"": CliRunner().invoke(main, ["--help"])}
for name, command in main.commands.items():
    if command.context_settings.get("help_option_names") != []:  # manage passes --help on
        helps[name] = CliRunner().invoke(main, [name, "--help"])
print(json.dumps({name: [r.exit_code, r.output, repr(r.exception)] for name, r in helps.items()}))
"""


def run_without_django(code: str) -> subprocess.CompletedProcess:
    env = os.environ | {
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
        "DJANGO_SETTINGS_MODULE": "",
    }
    return subprocess.run(
        [sys.executable, "-c", BLOCK_DJANGO + textwrap.dedent(code)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )


def test_the_subprocess_cannot_import_django():
    done = run_without_django("import django.conf")
    assert done.returncode == 1
    assert "django is blocked" in done.stderr


def test_every_core_module_imports_without_django():
    done = run_without_django(f"PACKAGES = {CORE!r}\n" + WALK_THE_CORE)
    assert done.returncode == 0, done.stderr
    modules = json.loads(done.stdout)
    assert set(CORE) <= set(modules)
    assert "nlc.analysis.brokerage" in modules  # the walk reaches submodules


@pytest.fixture(scope="module")
def helps() -> dict[str, list]:
    done = run_without_django(EVERY_HELP)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_nlc_help_lists_every_command_without_django(helps):
    code, output, exception = helps[""]
    assert code == 0, exception
    for name in ("analyse", "simulate", "serve", "demo", "import"):
        assert name in output


def test_every_command_help_works_without_django(helps):
    assert {"analyse", "simulate", "example", "serve", "demo", "import"} <= set(helps)
    failed = {name: exception for name, (code, _, exception) in helps.items() if code != 0}
    assert not failed
    assert all("Usage:" in output for _, output, _ in helps.values())
