"""The rules a record must meet before it is saved, whichever way it comes in.

The pages' forms, the API and the imports all check a record through the model's own
``clean()`` (Django's ``full_clean`` calls it for the forms and the API; the importers call
:func:`check_record` on every row's record). A model states its rules in ``rules()``; the
:class:`Validated` mixin adds the rules every model shares: no NUL byte in any text, and no
number that is not finite.
"""

from __future__ import annotations

import math
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

__all__ = [
    "MAX_WEIGHT",
    "NUL_MESSAGE",
    "Validated",
    "blank",
    "check_suffix",
    "messages",
    "shared_errors",
]

NUL_MESSAGE = "Null characters are not allowed."

#: The largest tie weight stored: far above any count of contacts, and far enough below the
#: float range that sums of weights (a person's strength, merged duplicate ties) stay finite.
MAX_WEIGHT = 1e9


def messages(error: ValidationError) -> dict[str, list[str]]:
    """A :class:`~django.core.exceptions.ValidationError` as messages per field
    (``__all__`` for those about the whole record)."""
    if hasattr(error, "error_dict"):
        return {k: list(v) for k, v in error.message_dict.items()}
    return {NON_FIELD_ERRORS: list(error.messages)}


def shared_errors(instance: models.Model) -> dict[str, list[str]]:
    """Errors of the rules every record shares: text without NUL bytes, finite numbers.

    Parameters
    ----------
    instance : django.db.models.Model
        The record, before it is saved.

    Returns
    -------
    dict
        Messages per field name (empty when the record passes).
    """
    errors: dict[str, list[str]] = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname, None)
        if isinstance(value, str) and "\x00" in value:
            errors[field.name] = [NUL_MESSAGE]
        elif isinstance(value, float) and not math.isfinite(value):
            errors[field.name] = ["Give a finite number."]
    return errors


class Validated:
    """Mixin for models: ``clean()`` checks the shared rules, that the field naming the
    record is not blank, and the model's ``rules()``.

    A model names the text field that names a record (``"name"``, ``"title"``) in
    ``name_field``: it may not be blank (nor only spaces), and it is the record's ``str()``;
    ``shown_as``, if given, is its ``str()`` instead: a pattern of its fields.
    It lists its other rules in ``rules()``, returning ``{field: message}`` for each one
    broken. The mixin holds no fields, so it changes no database schema.
    """

    #: The text field that names a record: required, and the record's ``str()``.
    name_field: str = ""
    #: The record's ``str()`` as a pattern of its attributes, where it says more than the
    #: name: for ``str.format`` with the record as ``self``, ``"{self.person} in {self.activity}"``.
    shown_as: str = ""

    def __str__(self) -> str:
        if self.shown_as:
            return self.shown_as.format(self=self)
        return getattr(self, self.name_field) if self.name_field else super().__str__()

    def rules(self) -> dict[str, str]:
        """The model's own rules: a message per field for each one broken."""
        return {}

    def full_clean(self, exclude=None, validate_unique=True, validate_constraints=True):
        # A form leaves out the fields it has refused already: no second message for them.
        self._excluded = set(exclude or ())
        try:
            super().full_clean(exclude, validate_unique, validate_constraints)
        finally:
            self._excluded = set()

    def clean(self) -> None:
        super().clean()
        errors = shared_errors(self)
        name = self.name_field
        if name and blank(getattr(self, name)):
            errors.setdefault(name, []).append(f"The {name} may not be blank.")
        for field, message in self.rules().items():
            errors.setdefault(field, []).append(message)
        for field in getattr(self, "_excluded", ()):
            errors.pop(field, None)
        if errors:
            raise ValidationError(errors)


def blank(value: str | None) -> bool:
    """Whether a text is empty or only spaces."""
    return not (value or "").strip()


def check_suffix(upload, suffixes: tuple[str, ...], *, done: str, do: str) -> None:
    """Refuse an uploaded file whose name does not end in one of ``suffixes``.

    Parameters
    ----------
    upload : UploadedFile
        The file a form received.
    suffixes : tuple of str
        The accepted suffixes, lower case with their dot (``".csv"``).
    done, do : str
        What happens to an accepted file, as a participle and as an order ("imported",
        "upload"), for the message.

    Raises
    ------
    ValidationError
        Naming the suffix given and those accepted.
    """
    suffix = Path(upload.name).suffix.lower()
    if suffix not in suffixes:
        raise ValidationError(
            f"A {suffix or 'file without an extension'} cannot be {done}; "
            f"{do} {', '.join(suffixes)}."
        )
