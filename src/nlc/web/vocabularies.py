"""NLC's controlled vocabularies, kept as data in ``vocabularies.toml`` beside this module.

A vocabulary is a fixed list of (value, label) pairs a field takes its values from: the kinds
of organisation, the types of tie, a knowledge item's life cycle. An app's models import
each by name (``from nlc.web.vocabularies import TieType``), which gives a Django
``TextChoices`` class made by :func:`text_choices`: ``TieType.ADVICE``, ``.choices``,
``.values``, ``.label`` and ``get_type_display()`` work as with a class written out.
``docs/vocabularies.md`` is made from the same file by :func:`markdown`, so the list people
read is the list the database keeps.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.db import models

__all__ = ["Vocabulary", "load", "markdown", "text_choices"]

SOURCE = Path(__file__).with_name("vocabularies.toml")


@dataclass(frozen=True)
class Vocabulary:
    """One vocabulary: its app, name, one-line meaning and (member, value, label) triples."""

    app: str
    name: str
    meaning: str
    choices: tuple[tuple[str, str, str], ...]


@functools.cache
def load() -> dict[tuple[str, str], Vocabulary]:
    """Read the vocabularies, in the file's order.

    Returns
    -------
    dict of (str, str) to Vocabulary
        Keyed by (app, name), e.g. ``("ties", "TieType")``.
    """
    data = tomllib.loads(SOURCE.read_text(encoding="utf-8"))
    found = {}
    for app, tables in data.items():
        for name, table in tables.items():
            choices = tuple(
                (entry[2] if len(entry) == 3 else entry[0].upper(), entry[0], entry[1])
                for entry in table["choices"]
            )
            found[app, name] = Vocabulary(app, name, table["meaning"], choices)
    return found


@functools.cache
def text_choices(name: str) -> type[models.TextChoices]:
    """The vocabulary ``name`` as a ``TextChoices`` class.

    Each name is one class, however often it is asked for. The models import their
    vocabularies from this module by name (``from nlc.web.vocabularies import TieType``),
    which calls this function.

    Parameters
    ----------
    name : str
        The vocabulary's name, e.g. ``"TieType"`` (unique across the apps).

    Returns
    -------
    type
        A ``TextChoices`` subclass whose members are the vocabulary's, in its order.

    Raises
    ------
    KeyError
        If no app has a vocabulary of that name.
    """
    vocabulary = {v.name: v for v in load().values()}[name]
    # Of this module: its ``__getattr__`` finds every vocabulary by name, so that members
    # pickle (the derived-data cache keeps them) and unpickle as the same objects.
    return models.TextChoices(
        name,
        [(member, (value, label)) for member, value, label in vocabulary.choices],
        module=__name__,
    )


def __getattr__(name: str) -> type[models.TextChoices]:
    # PEP 562: ``from nlc.web.vocabularies import TieType`` builds (once) the class.
    try:
        return text_choices(name)
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


def markdown() -> str:
    """The vocabularies as Markdown: a section an app, a table a vocabulary.

    Returns
    -------
    str
        The text of ``docs/vocabularies.md``.
    """
    lines = [
        "# Vocabularies",
        "",
        "<!-- made by scripts/render_vocabularies.py from src/nlc/web/vocabularies.toml;"
        " do not edit -->",
        "",
        "The fixed lists NLC's fields take their values from. The value is what the database,",
        "the API and the import files hold; the label is what the pages show (imports accept",
        "either). To change one, edit `src/nlc/web/vocabularies.toml` and make a migration.",
    ]
    app = None
    for vocabulary in load().values():
        if vocabulary.app != app:
            app = vocabulary.app
            lines += ["", f"## {app}"]
        lines += ["", f"### {vocabulary.name}", "", vocabulary.meaning, ""]
        lines += ["| value | label |", "|---|---|"]
        lines += [
            f"| {f'`{value}`' if value else '(empty)'} | {label} |"
            for _, value, label in vocabulary.choices
        ]
    return "\n".join(lines) + "\n"
