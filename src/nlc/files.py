"""Writing output files so that a failure never leaves one half-written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from nlc.errors import InputError

__all__ = ["check_writable", "write_atomic"]


def check_writable(path: str | Path) -> None:
    """Fail before any work if ``path`` cannot be written (missing folder, a folder itself)."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise InputError("is a folder; give a file name for the output", path=str(path))
    if not folder.is_dir():
        raise InputError(f"the folder {str(folder)!r} does not exist", path=str(path))
    if not os.access(folder, os.W_OK):
        raise InputError(f"the folder {str(folder)!r} is not writable", path=str(path))


def write_atomic(path: str | Path, text: str | bytes) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it into place."""
    path = Path(path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
