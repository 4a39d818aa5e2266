"""Hybrid search over knowledge items: full text, semantic, and the two combined.

:class:`KnowledgeSearch` sits on a :class:`~nlc.knowledge.store.Store` (SQLite FTS5 or
PostgreSQL full text) and a static embedding model (:mod:`nlc.knowledge.embeddings`). It
indexes :class:`~nlc.knowledge.documents.Document` objects and answers queries with ranked
:class:`~nlc.knowledge.documents.Hit` objects carrying a score and a highlighted snippet.

How a hybrid query is ranked, and why each hand-written step exists
-------------------------------------------------------------------
No maintained library combines a database's full-text engine with a static embedding model
the way this needs (offline, in the same database, on SQLite and PostgreSQL alike), so the
ranking below is ours. Each step is a textbook method, kept small:

1. **Full text**: the database's BM25 (FTS5) or ``ts_rank`` (PostgreSQL), title weighted 4,
   summary and tags 2, body 1; any query word may match. Strong when the teacher uses the
   item's own words, silent when not.
2. **Semantic similarity**: cosine between the query's vector and each document's vector
   (IDF-weighted mean of the model's token vectors over title, summary, body and tags).
3. **Soft term matching, i.e. query expansion from the model's neighbours** (a translation
   language model in the sense of Berger and Lafferty 1999, with embedding similarity as the
   translation probability): each query word is compared with every word of the collection;
   a document scores, per query word, the similarity of its *closest* word (1 for the word
   itself, 0.6 for "talk" against "speak", nothing below 0.35), weighted by the query word's
   IDF. This bridges "woods" to "woodland", "chatting" to "talk", "hungry" to "hunger", which
   neither BM25 nor a single averaged vector does well. Neighbours come from the collection's
   own words, so the sub-word pieces of the model's vocabulary never appear.
4. **Fusion of standardised scores**: each signal is turned into z-scores over the
   documents passing the filters, then summed with weights (semantic 1, soft match 0.5,
   full text 0.25). Unlike reciprocal-rank fusion, this keeps how far ahead a document is;
   unlike scaling by the best score, a weak best match stays weak.
5. **Pseudo-relevance feedback** (Rocchio 1971): the query vector is moved towards the mean
   vector of the first pass's top three documents, and the semantic scores are taken again.
   A short query's averaged static vector is noisy; the top documents' vectors are not.
6. **Title and summary re-ranking**: a second vector per document, of its title and summary
   alone, is compared with the fed-back query and added with weight 0.25, so that an item
   whose *subject* matches gains over one that mentions the words in passing.

The weights (:class:`Tuning`) were chosen on ``benchmarks/knowledge_eval`` after its queries
had been written, as round numbers; they are the same for every query. What each step is worth
there (recall@5 on the 35 differently-worded queries, bundled model): semantic alone 0.72
(0.64 with wordllama's unweighted mean), full text alone 0.63, steps 1-4 together 0.81
(0.78 without the soft match, 0.72 with neither it nor full text);
feedback and re-ranking each move it by at most 0.03 either way on this set (within the noise
of 35 queries) and are kept as the standard safeguards for short queries. The figures come
from ``benchmarks/bench_knowledge_search.py``; see ``benchmarks/RESULTS.md``. The vectors of the
documents live in the database (the store's vector table), written by :meth:`rebuild` and
:meth:`add`; the word-by-document incidence for step 3 is built in memory from the stored
texts when the index is first searched (about a second at 10,000 items).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from nlc.knowledge.documents import STOPWORDS, Document, Filters, Hit, query_words
from nlc.knowledge.embeddings import StaticEmbedder, load_embedder
from nlc.knowledge.store import Store, _marked

__all__ = ["MODES", "KnowledgeSearch", "Tuning"]

MODES = ("hybrid", "fulltext", "semantic")
_VOCAB_WORD = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True)
class Tuning:
    """Weights and thresholds of the hybrid ranking (see the module docstring)."""

    semantic: float = 1.0
    soft: float = 0.5
    fulltext: float = 0.25
    head: float = 0.25
    soft_min: float = 0.35
    feedback_docs: int = 3
    feedback_weight: float = 0.5
    highlight_neighbours: int = 3
    highlight_min: float = 0.45
    candidates: int = 200


@dataclass
class _Index:
    """What searching needs in memory, for one version of the store."""

    version: int
    ids: list[str]
    full: np.ndarray
    head: np.ndarray
    weights: np.ndarray | None
    words: list[str]
    word_vectors: np.ndarray
    incidence: sp.csc_matrix  # documents x words, 1 where the word occurs
    position: dict[str, int]


def _doc_words(doc: Document) -> set[str]:
    return set(_VOCAB_WORD.findall(doc.full_text.lower())) - STOPWORDS


class KnowledgeSearch:
    """Index and search knowledge items.

    Parameters
    ----------
    store : Store
        Where the index lives (:class:`~nlc.knowledge.store.SqliteStore` or
        :class:`~nlc.knowledge.store.PostgresStore`); its tables are created if missing.
    embedder : StaticEmbedder, optional
        The embedding model; defaults to the one ``NLC_SEARCH_MODEL`` names (the bundled
        wordllama model unless set).
    tuning : Tuning, optional

    Examples
    --------
    >>> from nlc.knowledge import Document, KnowledgeSearch, SqliteStore
    >>> search = KnowledgeSearch(SqliteStore())
    >>> search.rebuild([
    ...     Document("a", "Oracy for reticent learners", "Talk roles for quiet pupils"),
    ...     Document("b", "Attendance and family liaison", "Home visits cut absence"),
    ... ])
    2
    >>> search.search("children who won't speak up in class")[0].id
    'a'
    """

    def __init__(
        self, store: Store, embedder: StaticEmbedder | None = None, tuning: Tuning | None = None
    ) -> None:
        self.store = store
        self.embedder = embedder or load_embedder()
        self.tuning = tuning or Tuning()
        self._cache: _Index | None = None
        store.create()

    # ------------------------------------------------------------------ indexing
    @property
    def _key(self) -> str:
        return self.embedder.name

    def rebuild(self, docs: Iterable[Document]) -> int:
        """Replace the whole index with ``docs``: texts, token weights, vocabulary, vectors.

        Returns
        -------
        int
            The number of documents indexed.
        """
        docs = list(docs)
        self.store.clear()
        self.store.upsert(docs)
        weights = self.embedder.fit_weights([d.full_text for d in docs])
        self.store.put_blob(f"weights:{self._key}", weights.tobytes())
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(_doc_words(doc))
        words = sorted(df)
        if words:
            self.store.put_vectors(f"{self._key}:word", words, self.embedder.embed(words))
        self._index_vectors(docs, weights)
        self._cache = None
        return len(docs)

    def add(self, docs: Iterable[Document]) -> None:
        """Add or replace documents, keeping the token weights of the last :meth:`rebuild`."""
        docs = list(docs)
        self.store.upsert(docs)
        self._index_vectors(docs, self._weights())

    def remove(self, ids: Iterable[str]) -> None:
        """Remove documents from the index."""
        self.store.delete(list(ids))

    def _weights(self) -> np.ndarray | None:
        blob = self.store.get_blob(f"weights:{self._key}")
        return None if blob is None else np.frombuffer(blob, dtype=np.float32)

    def _index_vectors(self, docs: list[Document], weights: np.ndarray | None) -> None:
        if not docs:
            return
        ids = [d.id for d in docs]
        self.store.put_vectors(
            f"{self._key}:full", ids, self.embedder.embed([d.full_text for d in docs], weights)
        )
        self.store.put_vectors(
            f"{self._key}:head", ids, self.embedder.embed([d.head for d in docs], weights)
        )

    def _index(self) -> _Index:
        version = self.store.version()
        if self._cache is None or self._cache.version != version:
            self._cache = self._load(version)
        return self._cache

    def _load(self, version: int) -> _Index:
        ids, full = self.store.get_vectors(f"{self._key}:full")
        head_ids, head = self.store.get_vectors(f"{self._key}:head")
        if ids:
            order = {i: n for n, i in enumerate(head_ids)}
            head = head[[order[i] for i in ids]]
        texts = {d.id: d for d in self.store.documents()}
        doc_words = [_doc_words(texts[i]) if i in texts else set() for i in ids]
        stored, stored_vectors = self.store.get_vectors(f"{self._key}:word")
        known = dict(zip(stored, range(len(stored)), strict=True))
        words = sorted(set().union(*doc_words)) if doc_words else []
        vectors = np.zeros((len(words), self.embedder.dim), dtype=np.float32)
        missing = [n for n, w in enumerate(words) if w not in known]
        for n, w in enumerate(words):
            if w in known:
                vectors[n] = stored_vectors[known[w]]
        if missing:  # words of documents added since the last rebuild
            vectors[missing] = self.embedder.embed([words[n] for n in missing])
        column = {w: n for n, w in enumerate(words)}
        rows = [r for r, ws in enumerate(doc_words) for _ in ws]
        cols = [column[w] for ws in doc_words for w in ws]
        incidence = sp.csc_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(ids), len(words))
        )
        position = {i: n for n, i in enumerate(ids)}
        weights = self._weights()
        return _Index(
            version=version,
            ids=ids,
            full=full,
            head=head,
            weights=weights,
            words=words,
            word_vectors=vectors,
            incidence=incidence,
            position=position,
        )

    # ------------------------------------------------------------------ searching
    def search(
        self,
        query: str,
        *,
        filters: Filters | None = None,
        limit: int = 10,
        mode: str = "hybrid",
        within: Collection[str] | None = None,
    ) -> list[Hit]:
        """Search the index.

        Parameters
        ----------
        query : str
            What the user typed.
        filters : Filters, optional
            Facets and date range to restrict to.
        limit : int
            Number of hits to return.
        mode : {"hybrid", "fulltext", "semantic"}
            ``hybrid`` (the default) combines both as the module docstring describes;
            ``fulltext`` is the database's ranking alone; ``semantic`` the cosine alone.
        within : collection of str, optional
            Only these document ids may be returned (those a user may see, say); the
            scores are standardised over them as over the documents passing ``filters``.

        Returns
        -------
        list of Hit
            Best first.
        """
        if mode not in MODES:
            raise ValueError(f"search mode must be one of {', '.join(MODES)}, not {mode!r}")
        words = query_words(query)
        if not words:
            return []
        if mode == "fulltext":
            wanted = max(limit, 1) if within is None else self.store.count()
            found = self.store.fulltext(words, filters=filters, limit=wanted)
            if within is not None:
                allowed_ids = set(within)
                found = [hit for hit in found if hit[0] in allowed_ids][: max(limit, 1)]
            scores = dict(found)
            return self._hits(scores, {i: {"fulltext": s} for i, s in scores.items()}, words)
        index = self._index()
        if not index.ids:
            return []
        allowed = self._allowed(index, filters)
        if within is not None:
            allowed_ids = set(within)
            allowed &= np.fromiter((i in allowed_ids for i in index.ids), bool, len(index.ids))
            if not allowed.any():
                return []
        qv = self.embedder.embed([query], index.weights)[0]
        if mode == "semantic":
            sims = np.where(allowed, index.full @ qv, -np.inf)
            top = _top(sims, limit)
            scores = {index.ids[n]: float(sims[n]) for n in top}
            return self._hits(scores, {i: {"semantic": s} for i, s in scores.items()}, words)
        return self._hybrid(
            index, query_vector=qv, words=words, filters=filters, allowed=allowed, limit=limit
        )

    def _allowed(self, index: _Index, filters: Filters | None) -> np.ndarray:
        passing = self.store.filtered_ids(filters)
        if passing is None:
            return np.ones(len(index.ids), dtype=bool)
        return np.fromiter((i in passing for i in index.ids), bool, len(index.ids))

    def _word_similarities(self, words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Cosine of each query word with each collection word, and each query word's IDF."""
        index = self._index()
        token_ids = self.embedder.token_ids(list(words))
        sims = index.word_vectors @ self.embedder.pool(token_ids).T
        idf = np.array(
            [
                1.0 if index.weights is None or not ids.size else float(index.weights[ids].mean())
                for ids in token_ids
            ]
        )
        return sims, idf

    def soft_match(self, words: Sequence[str], similarities=None) -> np.ndarray:
        """Score every indexed document by soft term matching (step 3 of the module docstring).

        Parameters
        ----------
        words : sequence of str
            Query words (from :func:`~nlc.knowledge.documents.query_words`).
        similarities : tuple, optional
            What ``_word_similarities(words)`` returns, when already computed.

        Returns
        -------
        numpy.ndarray
            One score per document, in the order of the stored vectors.
        """
        index = self._index()
        scores = np.zeros(len(index.ids), dtype=np.float32)
        if not words or not index.words:
            return scores
        sims, idf = similarities or self._word_similarities(words)
        for j in range(len(words)):
            cols = np.flatnonzero(sims[:, j] >= self.tuning.soft_min)
            if idf[j] <= 0 or not cols.size:
                continue
            block = index.incidence[:, cols]
            values = block.data * np.repeat(sims[cols, j], np.diff(block.indptr))
            best = np.zeros(len(index.ids), dtype=np.float32)
            np.maximum.at(best, block.indices, values)
            scores += idf[j] * best
        return scores

    def neighbours(self, words: Sequence[str], similarities=None) -> list[str]:
        """The collection's words nearest each query word (for highlighting), not the words."""
        index = self._index()
        if not words or not index.words:
            return []
        sims, _ = similarities or self._word_similarities(words)
        taken, out = set(words), []
        t = self.tuning
        k = min(t.highlight_neighbours + len(words), len(index.words))
        for j in range(sims.shape[1]):
            best = _top(sims[:, j], k)
            fresh = [index.words[n] for n in best if sims[n, j] >= t.highlight_min]
            fresh = [w for w in fresh if w not in taken][: t.highlight_neighbours]
            taken.update(fresh)
            out.extend(fresh)
        return out

    def _hybrid(
        self,
        index: _Index,
        *,
        query_vector: np.ndarray,
        words: list[str],
        filters: Filters | None,
        allowed: np.ndarray,
        limit: int,
    ) -> list[Hit]:
        t = self.tuning
        position = index.position
        fulltext = np.zeros(len(index.ids), dtype=np.float32)
        for doc_id, score in self.store.fulltext(words, filters=filters, limit=t.candidates):
            if doc_id in position:
                fulltext[position[doc_id]] = score
        similarities = self._word_similarities(words)
        signals = {
            "semantic": _z(index.full @ query_vector, allowed),
            "soft": _z(self.soft_match(words, similarities), allowed),
            "fulltext": _z(fulltext, allowed),
        }
        weights = {"semantic": t.semantic, "soft": t.soft, "fulltext": t.fulltext}
        first = sum(weights[k] * v for k, v in signals.items())
        qv = query_vector
        if t.feedback_docs and t.feedback_weight:
            top = _top(np.where(allowed, first, -np.inf), t.feedback_docs)
            qv = qv + t.feedback_weight * index.full[top].mean(axis=0)
            qv = qv / (np.linalg.norm(qv) or 1.0)
            signals["semantic"] = _z(index.full @ qv, allowed)
        signals["head"] = _z(index.head @ qv, allowed)
        weights["head"] = t.head
        total = sum(weights[k] * v for k, v in signals.items())
        top = _top(np.where(allowed, total, -np.inf), limit)
        scores = {index.ids[n]: float(total[n]) for n in top}
        parts = {index.ids[n]: {k: round(float(v[n]), 3) for k, v in signals.items()} for n in top}
        return self._hits(scores, parts, words + self.neighbours(words, similarities))

    def _hits(self, scores: dict[str, float], parts: dict, words: Sequence[str]) -> list[Hit]:
        best = sorted(scores, key=lambda i: (-scores[i], i))
        snippets = self.store.snippets(best, words)
        texts = self.store.titles(best)
        hits = []
        for doc_id in best:
            title, summary = texts.get(doc_id, ("", ""))
            snippet = snippets.get(doc_id) or _marked(_shorten(summary))
            hits.append(Hit(doc_id, scores[doc_id], title, snippet, parts.get(doc_id, {})))
        return hits


def _z(values: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """Standardise ``values`` over the allowed documents (0 where all are equal)."""
    values = np.asarray(values, dtype=np.float32)
    chosen = values if allowed.all() else values[allowed]
    if chosen.size == 0:
        return np.zeros_like(values)
    spread = float(chosen.std())
    if spread <= 0:
        return np.zeros_like(values)
    return (values - float(chosen.mean())) / spread


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` largest finite scores, best first."""
    k = min(k, int(np.isfinite(scores).sum()))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    part = np.argpartition(-scores, k - 1)[:k]
    return part[np.argsort(-scores[part], kind="stable")]


def _shorten(text: str, words: int = 30) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
