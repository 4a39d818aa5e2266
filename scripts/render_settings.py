"""Write the settings table of ``nlc.config`` into README.md, between its two markers.

Usage: ``python scripts/render_settings.py`` (rewrite the README) or
``python scripts/render_settings.py --check`` (exit 1 if the README is out of date).
``tests/test_docs.py`` runs the same check.
"""

from __future__ import annotations

import sys
from pathlib import Path

from nlc.config import markdown_table

README = Path(__file__).resolve().parents[1] / "README.md"
START = "<!-- settings:start -->"
END = "<!-- settings:end -->"


def render(text: str) -> str:
    """Return ``text`` (the README) with the table between the markers made anew.

    Parameters
    ----------
    text : str
        The README, holding ``START`` and ``END`` once each, in that order.

    Returns
    -------
    str
        The README with the current settings table between the markers.
    """
    head, start, rest = text.partition(START)
    _, end, tail = rest.partition(END)
    if not start or not end:
        raise SystemExit(f"{README}: the markers {START} and {END} are missing")
    note = "<!-- made by scripts/render_settings.py from src/nlc/config.py; do not edit -->\n"
    return f"{head}{START}\n{note}{markdown_table()}{END}{tail}"


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    new = render(text)
    if "--check" in argv:
        if new != text:
            print(f"{README} is out of date: run python scripts/render_settings.py")
            return 1
        return 0
    if new != text:
        README.write_text(new, encoding="utf-8")
        print(f"{README}: settings table rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
