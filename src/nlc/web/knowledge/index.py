"""The knowledge search index in the app's own database, through :mod:`nlc.knowledge`.

The core keeps its tables (``knowledge_search_doc``, ``..._fts``, ``..._vec``, ``..._meta``)
beside the app's, on the same connection and so inside the same transactions: an item saved
and indexed in one transaction is rolled back with it. The index holds every item, whatever
its status; who may see what is decided by the database's rows at each search
(:func:`search` takes the ids the user may see), never by the index.

Each save re-indexes its item (:func:`index_items`); ``nlc manage rebuild_knowledge_index``
rebuilds it whole (:func:`rebuild`), which also refits the model's token weights to the
collection. The embedding model is loaded once per process; the in-memory part of the index
is kept per database and reloaded when the index's version changes.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable

from django.db import connection

from nlc.knowledge import Document, Hit, KnowledgeSearch, PostgresStore, SqliteStore, load_embedder
from nlc.web.knowledge.models import Item

__all__ = ["PREFIX", "create_tables", "document", "index_items", "rebuild", "search", "unindex"]

PREFIX = "knowledge_search_"
_lock = threading.Lock()
_embedder = None
_memory: dict[str, object] = {}  # database name -> the core's in-memory index


def _model():
    global _embedder
    with _lock:
        if _embedder is None:
            _embedder = load_embedder()
        return _embedder


class _Once:
    """A store whose tables are created once per process and database: the migration made
    them, and a search should not run DDL (SQLite would take its write lock for it)."""

    ready: set[str] = set()

    def create(self) -> None:
        key = f"{type(self).__name__}:{self.database}"
        if key not in _Once.ready:
            super().create()
            _Once.ready.add(key)


class _SqliteStore(_Once, SqliteStore):
    pass


class _PostgresStore(_Once, PostgresStore):
    pass


def _store(conn=None):
    conn = conn or connection
    conn.ensure_connection()
    kind = _PostgresStore if conn.vendor == "postgresql" else _SqliteStore
    store = kind(conn.connection, PREFIX)
    store.database = str(conn.settings_dict["NAME"])
    return store


def create_tables(conn=None) -> None:
    """Create the index's tables if missing (the app's migration calls this)."""
    store = _store(conn)
    super(_Once, store).create()


def _engine() -> KnowledgeSearch:
    engine = KnowledgeSearch(_store(), _model())
    # The core keeps its in-memory index on the object; share it between requests.
    engine._cache = _memory.get(str(connection.settings_dict["NAME"]))
    return engine


def _keep(engine: KnowledgeSearch) -> None:
    _memory[str(connection.settings_dict["NAME"])] = engine._cache


def document(item: Item) -> Document:
    """The search document of an item: its texts and facets."""
    practice = (
        item.what_was_done,
        item.for_whom,
        item.what_changed,
        item.cost_and_time,
    )
    networks = [str(pk) for pk in item.networks.values_list("pk", flat=True)]
    return Document(
        str(item.pk),
        item.title,
        item.summary,
        "\n\n".join(x for x in (item.body, *practice) if x),
        tuple(item.tag_list),
        kind=item.kind,
        ecm_outcome=(item.ecm_list or [""])[0],
        phase=item.phase,
        theme=item.theme,
        network=(networks or [""])[0],
        date=item.date.isoformat(),
    )


def index_items(items: Iterable[Item]) -> None:
    """Add or re-index items (after a save)."""
    docs = [document(item) for item in items]
    if docs:
        engine = _engine()
        engine.add(docs)


def unindex(ids: Iterable[int]) -> None:
    """Take items out of the index (after a delete)."""
    _engine().remove([str(pk) for pk in ids])


def rebuild(items: Iterable[Item] | None = None) -> int:
    """Rebuild the whole index from ``items`` (default: every item); returns how many."""
    items = Item.objects.prefetch_related("networks") if items is None else items
    engine = _engine()
    count = engine.rebuild(document(item) for item in items)
    _keep(engine)
    return count


def search(
    query: str, within: Collection[int], *, limit: int = 20, mode: str = "hybrid"
) -> list[Hit]:
    """Search the index for ``query`` among the items ``within`` (ids), best first.

    Hits carry the item's id as text, a score and an HTML-safe snippet with ``<mark>``.
    """
    if not within:
        return []
    engine = _engine()
    hits = engine.search(query, limit=limit, mode=mode, within={str(pk) for pk in within})
    _keep(engine)
    return hits
