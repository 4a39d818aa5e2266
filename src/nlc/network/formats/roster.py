"""A generic roster survey file: one answer per row (CSV, TSV or XLSX).

Columns (names matched ignoring case and surrounding spaces, in any order):

==============  ========  =====================================================
column          needed    meaning
==============  ========  =====================================================
``respondent``  yes       who answered (their roster id)
``alter``       yes       whom the answer is about; empty for an answer about the
                          respondent themself (role, organisation...)
``question``    yes       the question (``advice``, ``collaborate``, ``frequency``...)
``value``       yes       the answer (``yes``, ``weekly``, ``4``...)
``alter_label`` no        the alter's name as written, for people not on the roster
                          (``alter label`` and ``label`` are read too)
==============  ========  =====================================================

Other columns are ignored. A row repeating the respondent, alter and question of an earlier
row is refused (two answers to one question), as is an empty respondent, question or value.
"""

from __future__ import annotations

from pathlib import Path

from nlc.errors import InputError
from nlc.network.formats._common import SurveyRecord, clean
from nlc.network.tables import read_table

__all__ = ["SurveyRecord", "read_roster"]

_LABELS = ("alter_label", "alter label", "label")


def read_roster(path: str | Path) -> list[SurveyRecord]:
    """Read a roster survey file into :class:`SurveyRecord` answers, in file order.

    Parameters
    ----------
    path : str or Path
        A ``.csv``, ``.tsv`` or ``.xlsx`` file with the columns above.

    Returns
    -------
    list of SurveyRecord

    Raises
    ------
    InputError
        Naming the file, row and column: a missing column, an empty respondent, question or
        value, or a repeated answer. Nothing is returned when any row is bad.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "wave.csv"
    >>> _ = path.write_text("respondent,alter,question,value\\np1,p2,advice,weekly\\n")
    >>> read_roster(path)
    [SurveyRecord(respondent='p1', alter='p2', question='advice', value='weekly', \
alter_label=None, from_alter=None)]
    """
    table = read_table(path)
    columns = {
        name: table.column(name, role=role)
        for name, role in (
            ("respondent", "who answered"),
            ("alter", "whom the answer is about"),
            ("question", "the question"),
            ("value", "the answer"),
        )
    }
    label = next(
        (i for name in _LABELS if (i := table.column(name, required=False)) is not None), None
    )
    seen: dict[tuple[str, str | None, str], int] = {}
    records = []
    for row, record in table.records:
        cells = {name: clean(record[i]) for name, i in columns.items()}
        for name in ("respondent", "question", "value"):
            if cells[name] is None:
                raise InputError("is empty", path=table.path, row=row, column=name)
        key = (cells["respondent"], cells["alter"], cells["question"])
        if key in seen:
            raise InputError(
                f"repeats the answer of row {seen[key]} (same respondent, alter and question)",
                path=table.path,
                row=row,
            )
        seen[key] = row
        records.append(
            SurveyRecord(
                respondent=cells["respondent"],
                alter=cells["alter"],
                question=cells["question"],
                value=cells["value"],
                alter_label=clean(record[label]) if label is not None else None,
            )
        )
    return records
