"""NLC's controlled vocabularies, kept as data in ``vocabularies.toml`` beside this module.

A vocabulary is a fixed list of (value, label) pairs a field takes its values from: the kinds
of organisation, the types of tie, a knowledge item's life cycle. The models get each as a
Django ``TextChoices`` class from :func:`text_choices` (``TieType.ADVICE``, ``.choices``,
``.values``, ``.label``, ``get_type_display()`` all work as with a class written out), and
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


def text_choices(app: str, name: str, *, qualname: str | None = None) -> type[models.TextChoices]:
    """The vocabulary ``[app.name]`` as a ``TextChoices`` class of ``nlc.web.<app>.models``.

    Parameters
    ----------
    app, name : str
        The vocabulary's table in ``vocabularies.toml``, e.g. ``"ties", "TieType"``.
    qualname : str, optional
        Where the class stands in its module, for one nested in a model (``"Comment.Action"``);
        ``name`` by default.

    Returns
    -------
    type
        A ``TextChoices`` subclass whose members are the vocabulary's, in its order.
    """
    vocabulary = load()[app, name]
    return models.TextChoices(
        qualname or name,
        [(member, (value, label)) for member, value, label in vocabulary.choices],
        module=f"nlc.web.{app}.models",
        qualname=qualname,
    )


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
