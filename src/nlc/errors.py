"""The one error type a user may see: bad input, named by file, row and column."""

from __future__ import annotations

__all__ = ["InputError"]


class InputError(Exception):
    """Input the user can fix: says which file, row and column, and what is wrong.

    The CLI prints it without a traceback and exits with code 2.

    Examples
    --------
    >>> str(InputError("not a number: 'x'", path="ties.csv", row=4, column="weight"))
    "ties.csv, row 4, column 'weight': not a number: 'x'"
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.row = row
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.path:
            where.append(str(self.path))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}" if where else self.message
