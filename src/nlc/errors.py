"""The one error type a user may see: bad input, named by file, row and column."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["InputError"]


class InputError(Exception):
    """Input the user can fix: says which file, row and column, and what is wrong.

    The CLI prints it without a traceback and exits with code 2.

    An error about one argument of a function names it with ``parameter``: the message then
    starts with the parameter's name, and a front end can put its own name for it instead
    (:meth:`message_for`; the CLI names the flag that sets it).

    Examples
    --------
    >>> str(InputError("not a number: 'x'", path="ties.csv", row=4, column="weight"))
    "ties.csv, row 4, column 'weight': not a number: 'x'"
    >>> error = InputError("must be at least 1, not 0", parameter="runs")
    >>> str(error)
    'runs must be at least 1, not 0'
    >>> error.message_for({"runs": "--runs"})
    '--runs must be at least 1, not 0'
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        row: int | None = None,
        column: str | None = None,
        parameter: str | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.row = row
        self.column = column
        self.parameter = parameter
        super().__init__(str(self))

    def __str__(self) -> str:
        return self.message_for({})

    def message_for(self, names: Mapping[str, str]) -> str:
        """The message, with ``parameter`` called ``names[parameter]`` when given."""
        message = self.message
        if self.parameter is not None:
            message = f"{names.get(self.parameter, self.parameter)} {message}"
        where = []
        if self.path:
            where.append(str(self.path))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {message}" if where else message
