"""Write docs/vocabularies.md from src/nlc/web/vocabularies.toml.

Usage: ``python scripts/render_vocabularies.py`` (rewrite the page) or
``python scripts/render_vocabularies.py --check`` (exit 1 if the page is out of date).
``tests/test_docs.py`` runs the same check.
"""

from __future__ import annotations

import sys
from pathlib import Path

from nlc.web.vocabularies import markdown

PAGE = Path(__file__).resolve().parents[1] / "docs" / "vocabularies.md"


def main(argv: list[str]) -> int:
    current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
    if current == markdown():
        return 0
    if "--check" in argv:
        print(f"{PAGE} is out of date: run python scripts/render_vocabularies.py")
        return 1
    PAGE.write_text(markdown(), encoding="utf-8")
    print(f"{PAGE}: vocabularies rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
