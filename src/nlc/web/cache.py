"""Derived data (network analyses, map documents, the network page's figures) computed once
per version of the data and shared by every server process.

The **data version** (:func:`data_version`) is one row that the database changes itself, by
triggers, on every insert, update or delete in the tables of the registry, ties and learning
apps (``maps/migrations/0001_data_version.py``): saves, bulk imports, ``QuerySet.update`` and
raw SQL alike. The change is part of the writing transaction, so a reader never sees the new
version with the old data; a rolled-back change leaves the old version, and the next change
gets a value never used before (random on SQLite, a sequence on PostgreSQL). Reading it is one
query by primary key.

:func:`derived` keeps a value under a key that holds the data version: first in this
process's memory (``CACHES["default"]``), then in the database cache every process reads
(``CACHES["derived"]``, table ``nlc_derived_cache``; restored with the data by ``nlc restore``).
A key names one state of the data, so a value is never stale; old versions' entries simply
stop being asked for and expire. What a value shows one user and not another (names of
people, contact details, links) must be in its key too (:func:`viewer_key`), or be applied
after it is read. A table that a derived value reads must have the triggers: a migration that
adds such a table runs :func:`version_triggers` for it (``maps/migrations/0001`` shows how).

:func:`cached_count` and :func:`cached_list` keep ``QuerySet.count()`` and the keys of a
page of the API's lists the same way, when every table their SQL reads has the triggers.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import caches
from django.core.exceptions import EmptyResultSet
from django.db import OperationalError, connection

__all__ = [
    "DERIVED",
    "TIMEOUT",
    "cached_count",
    "cached_list",
    "data_version",
    "derived",
    "version_table",
    "version_triggers",
    "versioned_tables",
    "viewer_key",
]

T = TypeVar("T")

#: The alias of the database cache that every server process shares (settings.CACHES).
DERIVED = "derived"
#: Seconds a derived value is kept; a change to the data gives a new key at once, and the
#: values of older versions, never asked for again, leave within this time.
TIMEOUT = 60 * 60
#: Seconds a value keyed by its inputs' content (``derived(..., version=False)``) is kept.
CONTENT_TIMEOUT = 24 * 60 * 60
VERSION_TABLE = "nlc_data_version"
#: Names of the triggers that change the version start with this, then the table's name.
TRIGGER_PREFIX = "nlc_dv_"
_TABLES_READ = re.compile(r'(?:FROM|JOIN)\s+"([^"]+)"', re.IGNORECASE)

log = logging.getLogger(__name__)


def data_version() -> int:
    """The current version of the data the derived documents are built from (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version FROM {VERSION_TABLE} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
    return row[0] if row else 0


def viewer_key(user) -> str:
    """What a per-user value depends on besides the data: the account, its role and whether it
    is a superuser (their role or area is data, in the version)."""
    return f"{user.pk}.{int(user.is_superuser)}"


def _digest(key: str) -> str:
    # Database cache keys are at most 255 characters and must not warn (memcached rules).
    return "nlc:" + hashlib.sha256(key.encode()).hexdigest()


def derived(
    key: str, build: Callable[[], T], *, version: bool = True, timeout: int | None = None
) -> T:
    """The value cached under ``key`` (and the data version), built by ``build()`` if absent.

    Parameters
    ----------
    key : str
        What the value is, with every input other than the data that it depends on (the
        network, the view, the query, the viewer when it shows what only some may see).
    build : callable
        Computes the value; it must be picklable.
    version : bool
        Add the data version to the key (default). Pass False when ``key`` already names its
        inputs' content (a digest).
    timeout : int, optional
        Seconds to keep it (:data:`TIMEOUT`, or :data:`CONTENT_TIMEOUT` without ``version``).

    Returns
    -------
    object
        The value, as built (or an equal copy of it).
    """
    full = _digest(f"{data_version()}:{key}" if version else key)
    timeout = timeout or (TIMEOUT if version else CONTENT_TIMEOUT)
    local, shared = caches["default"], caches[DERIVED]
    value = local.get(full)
    if value is not None:
        return value
    try:
        value = shared.get(full)
    except OperationalError:  # the database is busy: build it here
        log.warning("derived cache unavailable for reading", exc_info=True)
    if value is None:
        value = build()
        try:
            shared.set(full, value, timeout)
        except OperationalError:
            log.warning("derived cache unavailable for writing", exc_info=True)
    local.set(full, value, timeout)
    return value


def version_table(vendor: str) -> list[str]:
    """SQL that creates the version row (and, on PostgreSQL, the function the triggers run)."""
    if vendor == "postgresql":
        return [
            f"CREATE SEQUENCE {VERSION_TABLE}_seq",
            f"CREATE TABLE {VERSION_TABLE} (id integer PRIMARY KEY, version bigint NOT NULL)",
            f"INSERT INTO {VERSION_TABLE} (id, version) VALUES (1, nextval('{VERSION_TABLE}_seq'))",
            "CREATE FUNCTION nlc_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN UPDATE {VERSION_TABLE} SET version = nextval('{VERSION_TABLE}_seq') "
            "WHERE id = 1; RETURN NULL; END $$",
        ]
    _supported(vendor)
    return [
        f"CREATE TABLE {VERSION_TABLE} (id integer PRIMARY KEY, version bigint NOT NULL)",
        f"INSERT INTO {VERSION_TABLE} (id, version) VALUES (1, random())",
    ]


def version_triggers(vendor: str, tables: list[str]) -> list[str]:
    """SQL that makes every write to ``tables`` change the data version: a new random value on
    SQLite (row triggers), the sequence's next value on PostgreSQL (statement triggers, also
    on TRUNCATE); never the old value plus one, which a rolled-back change could reuse."""
    if vendor == "postgresql":
        return [
            f'CREATE TRIGGER "{TRIGGER_PREFIX}{table}" AFTER INSERT OR UPDATE OR DELETE OR '
            f'TRUNCATE ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION nlc_bump_data_version()'
            for table in tables
        ]
    _supported(vendor)
    return [
        f'CREATE TRIGGER "{TRIGGER_PREFIX}{table}_{op.lower()}" AFTER {op} ON "{table}" '
        f"BEGIN UPDATE {VERSION_TABLE} SET version = random() WHERE id = 1; END"
        for table in tables
        for op in ("INSERT", "UPDATE", "DELETE")
    ]


def _supported(vendor: str) -> None:
    if vendor != "sqlite":
        raise RuntimeError(f"nlc.web.cache has no data version triggers for {vendor}")


@functools.cache
def versioned_tables() -> frozenset[str]:
    """The tables whose writes change the data version (read once per process from the
    database's triggers)."""
    if connection.vendor == "postgresql":
        sql = "SELECT DISTINCT event_object_table FROM information_schema.triggers "
        sql += f"WHERE trigger_name LIKE '{TRIGGER_PREFIX}%'"
    else:
        sql = "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' "
        sql += f"AND name LIKE '{TRIGGER_PREFIX}%'"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return frozenset(row[0] for row in cursor.fetchall())


def _sql_key(queryset) -> str | None:
    """A key naming ``queryset``'s SQL and parameters, or None when a table it reads does not
    change the data version (or Django knows it is empty without asking the database)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # provably empty (``none()``, ``pk__in=[]``)
        return None
    tables = set(_TABLES_READ.findall(sql))
    if not tables or not tables <= versioned_tables():
        return None
    return f"{sql}:{params!r}"


def cached_count(queryset) -> int:
    """``queryset.count()``, kept per data version when every table its SQL reads changes the
    version (else counted each time). The SQL, with its parameters, is the key: whatever
    limits what a user may see is part of it."""
    key = _sql_key(queryset)
    return queryset.count() if key is None else derived(f"nlc:count:{key}", queryset.count)


def cached_list(queryset) -> list:
    """``list(queryset)`` of plain values (``values_list``), kept as :func:`cached_count`
    keeps counts: for the keys of a page of a list, found and sorted once per data version."""
    key = _sql_key(queryset)
    return list(queryset) if key is None else derived(f"nlc:list:{key}", lambda: list(queryset))
