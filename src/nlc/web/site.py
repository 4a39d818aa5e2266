"""Site-wide safeguards: the admin with the throttled sign-in, and private data files.

:class:`SiteConfig` replaces ``django.contrib.admin`` in ``INSTALLED_APPS``: ``admin.site``
is then a :class:`nlc.web.data_admin.DataAdminSite`, whose sign-in is throttled like the
site's own (:mod:`nlc.web.throttle`) and which area administrators may use for their area's
data, and every new SQLite connection makes the database and its
``-wal`` and ``-shm`` files readable by their owner only (SQLite gives files it makes later
the database's permissions). :func:`permission_warnings` tells ``nlc serve`` and ``nlc demo``
what in the data folder is readable by others.
"""

from __future__ import annotations

import stat
from pathlib import Path

from django.contrib.admin.apps import AdminConfig
from django.db.backends.signals import connection_created

#: Owner-only permissions of the data folder and of the files in it.
FOLDER_MODE = 0o700
FILE_MODE = 0o600
SQLITE_SUFFIXES = ("", "-wal", "-shm")


class SiteConfig(AdminConfig):
    """The admin app with :class:`nlc.web.data_admin.DataAdminSite`; SQLite files private."""

    default_site = "nlc.web.data_admin.DataAdminSite"

    def ready(self):
        super().ready()
        connection_created.connect(make_sqlite_private, dispatch_uid="nlc-private-sqlite")


def _sqlite_files(database: str | Path) -> list[Path]:
    return [Path(f"{database}{suffix}") for suffix in SQLITE_SUFFIXES]


def make_sqlite_private(sender, connection, **kwargs) -> None:
    """Signal handler: set the SQLite database of ``connection`` and its WAL files to 600."""
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    for path in _sqlite_files(name):
        try:
            if path.stat().st_mode & 0o077:
                path.chmod(FILE_MODE)
        except FileNotFoundError:
            continue


def permission_warnings(data_dir: Path, database: str | Path | None = None) -> list[str]:
    """Return one message per item of the data folder that other users may read or change.

    Parameters
    ----------
    data_dir : Path
        The data folder (``NLC_DATA_DIR``).
    database : str or Path, optional
        The SQLite database file, whose ``-wal`` and ``-shm`` files are checked too.

    Returns
    -------
    list of str
        Messages such as ``"/data/nlc is open to other users (755): run chmod 700 /data/nlc"``;
        empty when everything is private.
    """
    items = [(Path(data_dir), FOLDER_MODE)]
    items.append((Path(data_dir) / "secret_key", FILE_MODE))
    if database:
        items += [(path, FILE_MODE) for path in _sqlite_files(database)]
    messages = []
    for path, wanted in items:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            continue
        if mode & 0o077:
            messages.append(
                f"{path} is open to other users ({mode:o}): run chmod {wanted:o} {path}"
            )
    return messages
