"""Checks on files attached to knowledge items: size and type, as for imports.

A file is accepted when it is no larger than ``NLC_MAX_UPLOAD_BYTES`` (the import page's
limit), its name ends with one of :data:`TYPES`, and its first bytes are what that type
starts with (a PDF's ``%PDF-``, a PNG's signature, an Office file's zip header, ...); text
files (CSV, TSV, plain text) must be UTF-8 and must not hold markup a browser would run.
HTML, SVG, XML and script files are refused whatever their name says. Files are served back
only as downloads (``Content-Disposition: attachment``), with the type of this table and
``X-Content-Type-Options: nosniff``, so a browser never renders one as a page.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.template.defaultfilters import filesizeformat

__all__ = ["TYPES", "check_upload", "safe_name"]

_ZIP = (b"PK\x03\x04",)
#: Accepted file types: suffix -> (content type, accepted first bytes; None for text).
TYPES: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ZIP,
    ),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _ZIP,
    ),
    ".odt": ("application/vnd.oasis.opendocument.text", _ZIP),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", _ZIP),
    ".csv": ("text/csv; charset=utf-8", None),
    ".tsv": ("text/tab-separated-values; charset=utf-8", None),
    ".txt": ("text/plain; charset=utf-8", None),
}
# Markup a browser would run if it ever rendered the file as a page.
_MARKUP = re.compile(rb"<\s*(script|html|svg|iframe|object|embed|body|!doctype)|javascript:", re.I)


def safe_name(name: str) -> str:
    """The file's own name (no folders), with only letters, digits, ``.``, ``-``, ``_``."""
    base = Path(name.replace("\\", "/")).name
    cleaned = re.sub(r"[^\w.\-]+", "_", base).strip("._") or "file"
    return cleaned[-120:]


def check_upload(name: str, size: int, head: bytes) -> str:
    """Check an uploaded file; return its content type or raise ValueError saying why not.

    Parameters
    ----------
    name : str
        The file's name as uploaded.
    size : int
        Its size in bytes.
    head : bytes
        Its first bytes (a few kilobytes; the whole file for text files up to 64 KiB).

    Returns
    -------
    str
        The content type it will be served with.

    Examples
    --------
    >>> check_upload("notes.txt", 5, b"hello")
    'text/plain; charset=utf-8'
    >>> check_upload("x.svg", 10, b"<svg></svg>")
    Traceback (most recent call last):
    ...
    ValueError: A .svg file cannot be attached; attach .pdf, .png, .jpg, .jpeg, .docx, .xlsx, \
.pptx, .odt, .ods, .csv, .tsv or .txt.
    """
    limit = settings.NLC_MAX_UPLOAD_BYTES
    if size > limit:
        raise ValueError(f"The file is larger than {filesizeformat(limit)}.")
    if size == 0:
        raise ValueError("The file is empty.")
    suffix = Path(name).suffix.lower()
    if suffix not in TYPES:
        known = list(TYPES)
        raise ValueError(
            f"A {suffix or 'file without an extension'} file cannot be attached; attach "
            f"{', '.join(known[:-1])} or {known[-1]}."
        )
    content_type, starts = TYPES[suffix]
    if starts is not None:
        if not head.startswith(starts):
            raise ValueError(f"The file does not look like a {suffix} file.")
        return content_type
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the end of ``head``
            raise ValueError("A text file must be UTF-8.") from None
    if _MARKUP.search(head):
        raise ValueError("The file holds web page markup or script; attach it as a PDF.")
    return content_type
