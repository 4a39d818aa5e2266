"""What each app holds about a person, for subject access and erasure.

An app that keeps records naming people says so in its own ``personal.py`` (loaded with
the apps' ``audit.py`` when Django starts)::

    # nlc/web/<app>/personal.py
    from nlc.web.audit.personal import PersonalData, register_personal_data

    register_personal_data(
        PersonalData("meetings", "Meetings attended", export=meetings, erase=leave_meetings)
    )

``export(person)`` returns the rows shown in the person's data (JSON-ready dicts: their own
words and the records that name them, other people by number only). ``erase(person)`` runs
inside the erasure's transaction, before the person is deleted, with the audit log
switched off; it removes what belongs to the person (and whatever was derived from it, such
as co-participation ties) and returns how many records it removed or cleared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["PersonalData", "register_personal_data", "sections"]


@dataclass(frozen=True)
class PersonalData:
    """One section of a person's data.

    Parameters
    ----------
    key : str
        The section's key in the JSON export (and the ``id="data-<key>"`` of its table).
    title : str
        Its heading on the person's data page.
    export : callable
        ``export(person) -> list[dict]``.
    erase : callable, optional
        ``erase(person) -> int``; None when the section's records go with the person.
    order : int
        Where the section comes on the page.
    """

    key: str
    title: str
    export: Callable[[object], list[dict]]
    erase: Callable[[object], int] | None = None
    order: int = 100


_SECTIONS: dict[str, PersonalData] = {}


def register_personal_data(section: PersonalData) -> None:
    """Add a section; registering the same one twice does nothing, another under a key
    already taken is an error."""
    known = _SECTIONS.get(section.key)
    if known is not None and known != section:
        raise ValueError(f"personal data section {section.key!r} is already registered")
    _SECTIONS[section.key] = section


def sections() -> list[PersonalData]:
    """The registered sections, in page order."""
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))
