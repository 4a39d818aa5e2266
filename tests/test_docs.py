"""The documentation keeps up with the code: every setting is in the README's table.

Modelled on datasette's ``tests/test_docs.py::test_settings_are_documented``.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from nlc.config import SETTINGS, TYPES

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
NAMES = {setting.name for setting in SETTINGS}
# Read by the code but not NLC's to document: the XDG default folder, Django's own switch.
NOT_SETTINGS = {"XDG_DATA_HOME", "DJANGO_SETTINGS_MODULE"}
# Where NLC_* names may be read or mentioned: the package, tests, scripts, benchmarks, Makefile.
SCANNED = ["src/nlc", "tests", "scripts", "benchmarks", "Makefile", ".ci"]
SUFFIXES = {".py", ".sh", ".html", ".js", ".toml", ".cfg", ".md", ""}
VARIABLE_NAME = re.compile(r"\bNLC_[A-Z0-9_]*[A-Z0-9]\b")
ENVIRON_READ = re.compile(
    r"""(?:os\.environ(?:\.get|\.setdefault|\.pop)?\s*[(\[]|os\.getenv\s*\()\s*["']([A-Z0-9_]+)["']"""
)


def _render_module():
    spec = importlib.util.spec_from_file_location(
        "render_settings", ROOT / "scripts/render_settings.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _files(*places: str):
    for place in places:
        path = ROOT / place
        if path.is_file():
            yield path
        elif path.is_dir():
            for file in sorted(path.rglob("*")):
                if file.is_file() and file.suffix in SUFFIXES and "__pycache__" not in file.parts:
                    yield file


def _readme_table() -> str:
    text = README.read_text(encoding="utf-8")
    return text.partition("<!-- settings:start -->")[2].partition("<!-- settings:end -->")[0]


def test_the_readme_settings_table_is_up_to_date():
    text = README.read_text(encoding="utf-8")
    assert _render_module().render(text) == text, "run: python scripts/render_settings.py"


def test_the_vocabularies_page_is_up_to_date():
    from nlc.web.vocabularies import markdown

    page = ROOT / "docs" / "vocabularies.md"
    assert page.read_text(encoding="utf-8") == markdown(), (
        "run: python scripts/render_vocabularies.py"
    )


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda setting: setting.name)
def test_every_setting_is_documented(setting):
    assert setting.type in TYPES
    assert len(setting.help) > 20, f"{setting.name} needs a meaning"
    assert f"| `{setting.name}` | {setting.type} |" in _readme_table()


def test_settings_are_sorted_and_unique():
    names = [setting.name for setting in SETTINGS]
    assert names == sorted(set(names))


def test_every_nlc_variable_in_the_code_is_in_the_table():
    found = {
        (name, str(path.relative_to(ROOT)))
        for path in _files(*SCANNED)
        for name in VARIABLE_NAME.findall(path.read_text(encoding="utf-8", errors="replace"))
    }
    assert {name for name, _ in found} >= {"NLC_DEBUG", "NLC_DATA_DIR"}  # the scan sees code
    missing = sorted((name, where) for name, where in found if name not in NAMES)
    assert not missing, f"add these to nlc.config.SETTINGS: {missing}"


def test_every_variable_the_package_reads_is_in_the_table():
    found = {
        (name, str(path.relative_to(ROOT)))
        for path in _files("src/nlc")
        for name in ENVIRON_READ.findall(path.read_text(encoding="utf-8"))
    }
    assert found, "the scan should see os.environ reads (config.py has one)"
    missing = sorted((n, where) for n, where in found if n not in NAMES | NOT_SETTINGS)
    assert not missing, f"add these to nlc.config.SETTINGS: {missing}"


def test_the_environ_scan_sees_the_usual_spellings():
    text = (
        """os.environ.get("A") os.environ["B_URL"] os.getenv('C') os.environ.setdefault("D", 1)"""
    )
    assert ENVIRON_READ.findall(text) == ["A", "B_URL", "C", "D"]
