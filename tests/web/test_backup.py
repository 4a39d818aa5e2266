"""``nlc backup`` and ``nlc restore``: an exact round trip (every row of every table, times to
the microsecond), refusals with clear messages. On SQLite and, with DATABASE_URL set
(scripts/test-postgres.sh), on PostgreSQL.

The commands run in processes of their own on fresh databases (not the tests' database,
which each test holds in an open transaction), as an administrator would run them.
"""

import os
import re
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.db import connection

import nlc
from nlc.cli import main

POSTGRES = connection.vendor == "postgresql"
SRC = str(Path(nlc.__file__).resolve().parents[1])


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Database:
    """A fresh, empty database (an SQLite data folder or a PostgreSQL database)."""

    def __init__(self, folder: Path):
        self.env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        self.env["PYTHONPATH"] = SRC + os.pathsep + self.env.get("PYTHONPATH", "")
        self.env["NLC_DATA_DIR"] = str(folder)
        self.path = folder / "nlc.sqlite3"
        if POSTGRES:
            import psycopg

            db = connection.settings_dict
            self.server = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}"
            self.name = f"nlc_backup_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(f"{self.server}/postgres", autocommit=True) as admin:
                admin.execute(f"CREATE DATABASE {quoted(self.name)}")
            self.env["DATABASE_URL"] = f"{self.server}/{self.name}"

    def drop(self) -> None:
        if POSTGRES:
            import psycopg

            with psycopg.connect(f"{self.server}/postgres", autocommit=True) as admin:
                admin.execute(f"DROP DATABASE {quoted(self.name)} WITH (FORCE)")

    def nlc(self, *args) -> subprocess.CompletedProcess:
        """Run ``nlc ARGS`` in a new process, on this database."""
        command = [sys.executable, "-c", "from nlc.cli import main; main()", *map(str, args)]
        return subprocess.run(command, env=self.env, capture_output=True, text=True)

    def tables(self) -> dict[str, list]:
        """Every table, its rows as text (PostgreSQL) or values (SQLite), sorted."""
        if POSTGRES:
            import psycopg

            with psycopg.connect(self.env["DATABASE_URL"]) as db:
                names = db.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                ).fetchall()
                return {
                    name: sorted(
                        row[0]
                        for row in db.execute(f"SELECT t::text FROM {quoted(name)} t").fetchall()
                    )
                    for (name,) in names
                }
        db = sqlite3.connect(self.path)
        try:
            names = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
            return {
                name: sorted(db.execute(f"SELECT * FROM {quoted(name)}").fetchall(), key=repr)
                for (name,) in names
            }
        finally:
            db.close()


@pytest.fixture
def fresh(tmp_path):
    """``fresh("name")`` makes a new empty database (dropped after the test)."""
    made = []

    def make(name: str) -> Database:
        made.append(Database(tmp_path / name))
        return made[-1]

    yield make
    for database in made:
        database.drop()


@pytest.fixture(scope="module")
def demo_backup(tmp_path_factory):
    """A database with the demo loaded, and a backup of it taken by ``nlc backup``."""
    folder = tmp_path_factory.mktemp("demo")
    source = Database(folder / "data")
    loaded = source.nlc("demo", "--no-serve")
    assert loaded.returncode == 0, loaded.stderr
    out = folder / "nlc.backup"
    done = source.nlc("backup", out)
    assert done.returncode == 0, done.stderr
    assert f"to {out}" in done.stdout
    yield source, out
    source.drop()


def test_a_backup_restores_every_row_exactly(demo_backup, fresh):
    source, out = demo_backup
    target = fresh("restored")
    restored = target.nlc("restore", out)
    assert restored.returncode == 0, restored.stderr
    assert "restored" in restored.stdout
    before, after = source.tables(), target.tables()
    assert len(before["ties_tie"]) > 1000
    # Times with microseconds (which dumpdata would lose) are there to be compared.
    assert re.search(r":\d\d\.(?!000000)\d{6}", str(before["ties_tie"]))
    assert set(after) == set(before)
    for table in before:
        assert after[table] == before[table], table


def test_a_restore_refuses_to_overwrite_data_without_force(demo_backup, fresh):
    _, out = demo_backup
    target = fresh("twice")
    assert target.nlc("restore", out).returncode == 0
    again = target.nlc("restore", out)
    assert again.returncode == 1
    assert "the database holds data" in again.stderr and "--force" in again.stderr
    assert "Traceback" not in again.stderr
    forced = target.nlc("restore", out, "--force")
    assert forced.returncode == 0, forced.stderr


def test_a_file_that_is_not_a_backup_is_refused(fresh, tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("not a backup\n")
    result = fresh("bad").nlc("restore", bad)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{bad} is not" in result.stderr or "pg_restore failed" in result.stderr


def test_a_backup_never_overwrites_a_file(db, tmp_path):
    out = tmp_path / "existing"
    out.write_text("keep me")
    result = CliRunner().invoke(main, ["backup", str(out)])
    assert result.exit_code == 1
    assert "exists already" in result.output
    assert out.read_text() == "keep me"


def test_a_missing_backup_is_a_clear_error(db, tmp_path):
    result = CliRunner().invoke(main, ["restore", str(tmp_path / "nowhere"), "--force"])
    assert result.exit_code == 1
    assert "no such file" in result.output
