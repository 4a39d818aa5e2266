"""Where the search index lives: SQLite (FTS5) or PostgreSQL (tsvector), behind one interface.

Each store keeps its own tables, named from a prefix (``knowledge_`` by default), beside the
application's tables on the same connection:

``{prefix}doc``
    one row per document: the facets to filter on, and the texts (in SQLite, the FTS5 table
    ``{prefix}fts`` holds the texts; in PostgreSQL, a weighted ``tsvector`` column does).
``{prefix}vec``
    embedding vectors as float32 blobs, keyed by (model key, document id): a plain table
    read whole into memory and searched by brute-force cosine in numpy, which takes about a
    millisecond at 10,000 documents. A vector extension (sqlite-vec, pgvector) would add a
    dependency and an install step for no gain at this size.
``{prefix}meta``
    small blobs: the model's token weights, the expansion vocabulary, a version counter.

Full-text ranking is the database's own: FTS5's ``bm25()`` with per-column weights, and
PostgreSQL's ``ts_rank`` over ``setweight``-labelled fields. Highlighting too: FTS5's
``snippet()`` and PostgreSQL's ``ts_headline``, both asked to mark matches with control
characters that are turned into ``<mark>`` after the text is HTML-escaped (neither function
escapes the text itself).
"""

from __future__ import annotations

import html
import secrets
from collections.abc import Iterable, Sequence

import numpy as np

from nlc.knowledge.documents import FILTER_FIELDS, Document, Filters

__all__ = ["FIELD_WEIGHTS", "PostgresStore", "SqliteStore", "Store"]

#: Relative weight of a match in each field (title, summary, body, tags).
FIELD_WEIGHTS = {"title": 4.0, "summary": 2.0, "body": 1.0, "tags": 2.0}
_OPEN, _CLOSE = "\x02", "\x03"
_FACETS = ", ".join(FILTER_FIELDS)


def _marked(text: str) -> str:
    """HTML-escape ``text``, then turn the sentinel characters into ``<mark>`` elements."""
    return html.escape(text or "").replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")


def _row(doc: Document) -> tuple:
    return (
        doc.id,
        doc.title,
        doc.summary,
        doc.body,
        " ".join(doc.tags),
        *(getattr(doc, f) for f in FILTER_FIELDS),
        doc.date,
    )


class Store:
    """The interface (and the SQL both databases share: vectors, blobs, document facets).

    Parameters
    ----------
    connection : DB-API connection
        ``sqlite3`` or ``psycopg`` (3) connection; the caller owns its transactions.
    prefix : str
        Table-name prefix (letters, digits and underscores).
    """

    placeholder = "?"

    def __init__(self, connection, prefix: str = "knowledge_") -> None:
        if not prefix.replace("_", "").isalnum():
            raise ValueError(f"table prefix must be letters, digits and '_', not {prefix!r}")
        self.connection = connection
        self.p = prefix

    # -- to be provided by each database ------------------------------------------------
    def create(self) -> None:
        """Create the tables if they do not exist."""
        raise NotImplementedError

    def upsert(self, docs: Iterable[Document]) -> None:
        """Add documents, replacing those with the same id."""
        raise NotImplementedError

    def fulltext(
        self, words: Sequence[str], *, filters: Filters | None = None, limit: int = 100
    ) -> list[tuple[str, float]]:
        """Rank documents matching any of ``words``; return (id, score), best first."""
        raise NotImplementedError

    def snippets(self, ids: Sequence[str], words: Sequence[str]) -> dict[str, str]:
        """Return an HTML snippet per id with ``words`` marked (ids without a match omitted)."""
        raise NotImplementedError

    # -- shared --------------------------------------------------------------------------
    def _execute(self, sql: str, params: Sequence = ()):
        cursor = self.connection.cursor()
        cursor.execute(sql, tuple(params))
        return cursor

    def delete(self, ids: Iterable[str]) -> None:
        """Remove documents (and their vectors) by id."""
        for doc_id in ids:
            self._execute(f"DELETE FROM {self.p}doc WHERE doc_id = {self.placeholder}", [doc_id])
            self._execute(f"DELETE FROM {self.p}vec WHERE doc_id = {self.placeholder}", [doc_id])
        self.bump_version()

    def clear(self) -> None:
        """Remove every document and vector (the tables stay)."""
        for table in (*self._all_text_tables(), f"{self.p}vec"):
            self._execute(f"DELETE FROM {table}")
        self.bump_version()

    def _all_text_tables(self) -> list[str]:
        return [f"{self.p}doc"]

    def count(self) -> int:
        """Number of documents indexed."""
        return self._execute(f"SELECT COUNT(*) FROM {self.p}doc").fetchone()[0]

    def documents(self, ids: Sequence[str] | None = None) -> list[Document]:
        """Return the indexed documents (all, or those with the given ids, in that order)."""
        sql = (
            f"SELECT doc_id, title, summary, body, tags, {_FACETS}, date FROM {self._text_table()}"
        )
        rows = self._execute(sql).fetchall()
        docs = {
            r[0]: Document(r[0], r[1], r[2], r[3], tuple((r[4] or "").split()), *r[5:])
            for r in rows
        }
        if ids is None:
            return list(docs.values())
        return [docs[i] for i in ids if i in docs]

    def _text_table(self) -> str:
        return f"{self.p}doc"

    def titles(self, ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        """Return (title, summary) per id."""
        out: dict[str, tuple[str, str]] = {}
        for chunk in _chunks(list(ids), 500):
            marks = ", ".join([self.placeholder] * len(chunk))
            sql = f"SELECT doc_id, title, summary FROM {self.p}doc WHERE doc_id IN ({marks})"
            out.update({r[0]: (r[1], r[2]) for r in self._execute(sql, chunk)})
        return out

    def filtered_ids(self, filters: Filters | None) -> set[str] | None:
        """Return the ids passing ``filters``, or None when nothing is filtered."""
        if filters is None or filters.empty:
            return None
        where, params = filters.sql(self.placeholder)
        sql = f"SELECT d.doc_id FROM {self.p}doc d WHERE {where}"
        return {r[0] for r in self._execute(sql, params)}

    def put_vectors(self, key: str, ids: Sequence[str], matrix: np.ndarray) -> None:
        """Store one float32 vector per id under the model key ``key``."""
        matrix = np.asarray(matrix, dtype=np.float32)
        rows = [(key, i, matrix[n].tobytes()) for n, i in enumerate(ids)]
        self.connection.cursor().executemany(
            self._upsert_sql(f"{self.p}vec", ("model", "doc_id", "vector"), ("model", "doc_id")),
            rows,
        )
        self.bump_version()

    def get_vectors(self, key: str) -> tuple[list[str], np.ndarray]:
        """Return the ids and the (n, dim) float32 matrix stored under ``key``."""
        sql = f"SELECT doc_id, vector FROM {self.p}vec WHERE model = {self.placeholder}"
        rows = self._execute(sql, [key]).fetchall()
        if not rows:
            return [], np.zeros((0, 0), dtype=np.float32)
        matrix = np.frombuffer(b"".join(bytes(r[1]) for r in rows), dtype=np.float32)
        return [r[0] for r in rows], matrix.reshape(len(rows), -1)

    def clear_vectors(self, prefix: str = "") -> None:
        """Delete stored vectors whose model key starts with ``prefix`` (all by default)."""
        self._execute(
            f"DELETE FROM {self.p}vec WHERE model LIKE {self.placeholder}", [prefix + "%"]
        )
        self.bump_version()

    def put_blob(self, key: str, value: bytes) -> None:
        """Store a small binary value under ``key``."""
        sql = self._upsert_sql(f"{self.p}meta", ("key", "value"), ("key",))
        self._execute(sql, [key, value])

    def get_blob(self, key: str) -> bytes | None:
        """Return the value stored under ``key``, or None."""
        sql = f"SELECT value FROM {self.p}meta WHERE key = {self.placeholder}"
        row = self._execute(sql, [key]).fetchone()
        return None if row is None else bytes(row[0])

    def version(self) -> int:
        """A number that changes whenever documents or vectors change (for caches)."""
        value = self.get_blob("version")
        return int(value.decode()) if value else 0

    def bump_version(self) -> None:
        """Give :meth:`version` a new value.

        A random one, not a counter: a transaction rolled back after a change would take a
        counter back to a value a cache has already seen with other contents (a web request
        whose save failed, every test of the web app), and that cache would then be stale.
        """
        self.put_blob("version", str(secrets.randbits(62) + 1).encode())

    def _upsert_sql(self, table: str, columns: Sequence[str], key: Sequence[str]) -> str:
        cols = ", ".join(columns)
        marks = ", ".join([self.placeholder] * len(columns))
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c not in key)
        return (
            f"INSERT INTO {table} ({cols}) VALUES ({marks}) "
            f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
        )

    def _create_shared(self) -> None:
        self._execute(
            f"CREATE TABLE IF NOT EXISTS {self.p}vec (model TEXT NOT NULL, "
            f"doc_id TEXT NOT NULL, vector {self._blob} NOT NULL, PRIMARY KEY (model, doc_id))"
        )
        self._execute(
            f"CREATE TABLE IF NOT EXISTS {self.p}meta (key TEXT PRIMARY KEY, "
            f"value {self._blob} NOT NULL)"
        )

    _blob = "BLOB"


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class SqliteStore(Store):
    """The index in SQLite: an FTS5 table (porter stemming) beside a facet table.

    Parameters
    ----------
    connection : sqlite3.Connection, optional
        Defaults to a new in-memory database.
    prefix : str
        Table-name prefix.

    Examples
    --------
    >>> store = SqliteStore()
    >>> store.create()
    >>> store.upsert([Document("1", "Oracy in Year 4", body="Talk partners and sentence stems")])
    >>> store.fulltext(["talk"])[0][0]
    '1'
    """

    def __init__(self, connection=None, prefix: str = "knowledge_") -> None:
        import sqlite3

        super().__init__(connection or sqlite3.connect(":memory:"), prefix)

    def create(self) -> None:
        self._execute(
            f"CREATE TABLE IF NOT EXISTS {self.p}doc (rowid INTEGER PRIMARY KEY, "
            f"doc_id TEXT NOT NULL UNIQUE, title TEXT, summary TEXT, "
            f"{', '.join(f + ' TEXT' for f in FILTER_FIELDS)}, date TEXT)"
        )
        self._execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.p}fts USING fts5(title, summary, body, "
            "tags, doc_id UNINDEXED, kind UNINDEXED, ecm_outcome UNINDEXED, phase UNINDEXED, "
            "theme UNINDEXED, network UNINDEXED, date UNINDEXED, "
            "tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        self._create_shared()

    def _rowids(self, ids: Sequence[str]) -> dict[str, int]:
        # the FTS5 row of a document has the rowid of its facet row: lookups stay indexed
        out: dict[str, int] = {}
        for chunk in _chunks(list(ids), 500):
            marks = ", ".join("?" * len(chunk))
            sql = f"SELECT doc_id, rowid FROM {self.p}doc WHERE doc_id IN ({marks})"
            out.update(dict(self._execute(sql, chunk).fetchall()))
        return out

    def delete(self, ids: Iterable[str]) -> None:
        rowids = self._rowids(list(ids))
        self.connection.cursor().executemany(
            f"DELETE FROM {self.p}fts WHERE rowid = ?", [(r,) for r in rowids.values()]
        )
        super().delete(list(rowids))

    def _text_table(self) -> str:
        return f"{self.p}fts"

    def _all_text_tables(self) -> list[str]:
        return [f"{self.p}doc", f"{self.p}fts"]

    def upsert(self, docs: Iterable[Document]) -> None:
        rows = [_row(d) for d in docs]
        cur = self.connection.cursor()
        cur.executemany(
            f"INSERT INTO {self.p}doc (doc_id, title, summary, {_FACETS}, date) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (doc_id) DO UPDATE SET "
            "title = excluded.title, summary = excluded.summary, kind = excluded.kind, "
            "ecm_outcome = excluded.ecm_outcome, phase = excluded.phase, "
            "theme = excluded.theme, network = excluded.network, date = excluded.date",
            [(r[0], r[1], r[2], *r[5:]) for r in rows],
        )
        rowids = self._rowids([r[0] for r in rows])
        cur.executemany(f"DELETE FROM {self.p}fts WHERE rowid = ?", [(x,) for x in rowids.values()])
        cur.executemany(
            f"INSERT INTO {self.p}fts (rowid, doc_id, title, summary, body, tags, {_FACETS}, "
            "date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(rowids[r[0]], *r) for r in rows],
        )
        self.bump_version()

    @staticmethod
    def _match(words: Sequence[str]) -> str:
        # each word quoted (FTS5 syntax characters lose their meaning), any of them may match
        return " OR ".join('"' + w.replace('"', '""') + '"' for w in words)

    def fulltext(
        self, words: Sequence[str], *, filters: Filters | None = None, limit: int = 100
    ) -> list[tuple[str, float]]:
        if not words:
            return []
        weights = ", ".join(str(FIELD_WEIGHTS[f]) for f in ("title", "summary", "body", "tags"))
        where, params = (filters or Filters()).sql("?", alias="f")
        sql = (
            f"SELECT f.doc_id, -bm25({self.p}fts, {weights}) AS score FROM {self.p}fts f "
            f"WHERE {self.p}fts MATCH ? AND {where} ORDER BY score DESC LIMIT ?"
        )
        rows = self._execute(sql, [self._match(words), *params, limit]).fetchall()
        return [(r[0], float(r[1])) for r in rows]

    def snippets(self, ids: Sequence[str], words: Sequence[str]) -> dict[str, str]:
        if not ids or not words:
            return {}
        sql = (
            f"SELECT snippet({self.p}fts, -1, '{_OPEN}', '{_CLOSE}', '…', 24) "
            f"FROM {self.p}fts WHERE {self.p}fts MATCH ? AND rowid = ?"
        )
        match = self._match(words)
        out = {}
        for doc_id, rowid in self._rowids(ids).items():
            row = self._execute(sql, [match, rowid]).fetchone()
            if row:
                out[doc_id] = _marked(row[0])
        return out


class PostgresStore(Store):
    """The index in PostgreSQL: a ``tsvector`` column (English configuration) with a GIN index.

    Fields are labelled A (title), B (summary, tags) and C (body); ``ts_rank`` weighs them
    with :data:`FIELD_WEIGHTS`. Any query word may match (the words are OR-ed).

    Parameters
    ----------
    connection : psycopg.Connection
        A psycopg 3 connection (``%s`` placeholders).
    prefix : str
        Table-name prefix.
    """

    placeholder = "%s"
    _blob = "BYTEA"

    def create(self) -> None:
        self._execute(
            f"CREATE TABLE IF NOT EXISTS {self.p}doc (doc_id TEXT PRIMARY KEY, title TEXT, "
            f"summary TEXT, body TEXT, tags TEXT, "
            f"{', '.join(f + ' TEXT' for f in FILTER_FIELDS)}, date TEXT, tsv TSVECTOR)"
        )
        self._execute(f"CREATE INDEX IF NOT EXISTS {self.p}doc_tsv ON {self.p}doc USING GIN (tsv)")
        self._create_shared()

    def upsert(self, docs: Iterable[Document]) -> None:
        columns = ("doc_id", "title", "summary", "body", "tags", *FILTER_FIELDS, "date")
        sql = self._upsert_sql(f"{self.p}doc", columns, ("doc_id",))
        docs = list(docs)
        self.connection.cursor().executemany(sql, [_row(d) for d in docs])
        self._execute(
            f"UPDATE {self.p}doc SET tsv = "
            "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
            "setweight(to_tsvector('english', coalesce(summary, '')), 'B') || "
            "setweight(to_tsvector('english', coalesce(tags, '')), 'B') || "
            "setweight(to_tsvector('english', coalesce(body, '')), 'C') "
            "WHERE doc_id = ANY(%s)",
            [[d.id for d in docs]],
        )
        self.bump_version()

    @staticmethod
    def _tsquery(words: Sequence[str]) -> str:
        # words are letters and digits only (query_words), so they are safe in to_tsquery
        return " | ".join(w for w in words if w.isalnum())

    def _weights(self) -> str:
        w = FIELD_WEIGHTS
        top = max(w["title"], w["summary"], w["body"])
        # ts_rank takes {D, C, B, A} weights in [0, 1]
        return f"{{0.05, {w['body'] / top}, {w['summary'] / top}, {w['title'] / top}}}"

    def fulltext(
        self, words: Sequence[str], *, filters: Filters | None = None, limit: int = 100
    ) -> list[tuple[str, float]]:
        query = self._tsquery(words)
        if not query:
            return []
        where, params = (filters or Filters()).sql("%s")
        sql = (
            f"SELECT d.doc_id, ts_rank('{self._weights()}'::float4[], d.tsv, q, 1) AS score "
            f"FROM {self.p}doc d, to_tsquery('english', %s) q "
            f"WHERE d.tsv @@ q AND {where} ORDER BY score DESC LIMIT %s"
        )
        rows = self._execute(sql, [query, *params, limit]).fetchall()
        return [(r[0], float(r[1])) for r in rows]

    def snippets(self, ids: Sequence[str], words: Sequence[str]) -> dict[str, str]:
        query = self._tsquery(words)
        if not ids or not query:
            return {}
        options = f"StartSel={_OPEN}, StopSel={_CLOSE}, MaxWords=30, MinWords=12, MaxFragments=2"
        marks = ", ".join(["%s"] * len(ids))
        sql = (
            "SELECT doc_id, ts_headline('english', coalesce(summary, '') || ' ' || "
            f"coalesce(body, ''), q, %s) FROM {self.p}doc, to_tsquery('english', %s) q "
            f"WHERE tsv @@ q AND doc_id IN ({marks})"
        )
        rows = self._execute(sql, [options, query, *ids]).fetchall()
        return {r[0]: _marked(r[1]) for r in rows}
