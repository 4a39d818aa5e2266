"""Back up and restore the web app's database while it runs, exactly (to the microsecond).

SQLite: the online backup API (``sqlite3.Connection.backup``) copies a consistent snapshot
while other connections write; restoring copies the file back the same way, in one step.
PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --single-transaction``. Both keep
every row as stored, which ``dumpdata``/``loaddata`` do not (they round timestamps and skip
tables outside Django's models).

A restore refuses to overwrite a database that holds data unless ``force`` is given; it is
all or nothing: a failed restore leaves the database as it was.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from nlc.errors import InputError

__all__ = ["BackupError", "backup", "database_has_data", "restore"]

#: Tables filled by ``migrate`` itself: rows there do not make a database "in use".
SCHEMA_TABLES = {"django_migrations", "django_content_type", "auth_permission"}


class BackupError(InputError):
    """A backup or restore that cannot be done; the message says why."""


def _database(alias: str = "default") -> dict:
    from django.db import connections

    return connections[alias].settings_dict


def _is_sqlite(db: dict) -> bool:
    return "sqlite" in db["ENGINE"]


def _pg_tool(name: str) -> str:
    """The path of ``pg_dump`` or ``pg_restore``: on PATH, else Debian's newest install."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    if not candidates:
        raise BackupError(f"{name} not found: install PostgreSQL's client programs")
    return candidates[-1]


def _pg_environment(db: dict) -> dict[str, str]:
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    return env


def _run(command: list[str], db: dict) -> None:
    done = subprocess.run(command, env=_pg_environment(db), capture_output=True, text=True)
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()
        raise BackupError(f"{Path(command[0]).name} failed: {message[-1] if message else ''}")


def database_has_data(alias: str = "default") -> bool:
    """True when any table but those ``migrate`` fills by itself holds a row."""
    from django.db import connections

    connection = connections[alias]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in SCHEMA_TABLES:
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone():
                return True
    return False


def backup(out: str | Path, *, alias: str = "default") -> Path:
    """Write a consistent copy of the database to ``out`` (which must not exist yet).

    Returns
    -------
    pathlib.Path
        The file written: an SQLite database, or a ``pg_dump`` custom-format archive.
    """
    out = Path(out)
    if out.exists():
        raise BackupError(f"{out} exists already: choose a new file name")
    if not out.parent.is_dir():
        raise BackupError(f"{out.parent} is not a folder")
    db = _database(alias)
    if _is_sqlite(db):
        # A connection of its own: the backup sees committed data only, whatever the app's
        # connections are doing (uri=True also opens the tests' shared in-memory database).
        source, target = sqlite3.connect(str(db["NAME"]), uri=True), sqlite3.connect(out)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    else:
        _run(
            [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(out), db["NAME"]],
            db,
        )
    return out


def _check_sqlite_backup(path: Path) -> None:
    try:
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master")}
            ok = source.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            source.close()
    except sqlite3.DatabaseError:
        raise BackupError(f"{path} is not an SQLite backup of NLC") from None
    if "django_migrations" not in tables:
        raise BackupError(f"{path} is not a backup of NLC's database (no django_migrations)")
    if not ok:
        raise BackupError(f"{path} is damaged (SQLite's quick_check failed)")


def restore(source: str | Path, *, force: bool = False, alias: str = "default") -> None:
    """Replace the database with the backup ``source``, all or nothing.

    Raises :class:`BackupError` when ``source`` is missing or not a backup, or when the
    database holds data and ``force`` is false.
    """
    from django.db import connections

    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source}: no such file")
    if not force and database_has_data(alias):
        raise BackupError(
            "the database holds data: restoring would replace it (use --force to do so)"
        )
    db = _database(alias)
    connection = connections[alias]
    if _is_sqlite(db):
        _check_sqlite_backup(source)
        connection.ensure_connection()
        backup_file = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            backup_file.backup(connection.connection)  # one step: all pages or none
        finally:
            backup_file.close()
    else:
        connection.close()  # pg_restore --clean drops tables this connection may hold
        _run(
            [
                _pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                db["NAME"],
                str(source),
            ],
            db,
        )
