"""Hybrid search over knowledge items: full text, semantic, and the two combined.

:class:`KnowledgeSearch` sits on a :class:`~nlc.knowledge.store.Store` (SQLite FTS5 or
PostgreSQL full text) and a static embedding model (:mod:`nlc.knowledge.embeddings`). It
indexes :class:`~nlc.knowledge.documents.Document` objects and answers queries with ranked
:class:`~nlc.knowledge.documents.Hit` objects carrying a score and a highlighted snippet.

How a hybrid query is ranked, and why each hand-written step exists
-------------------------------------------------------------------
No maintained library combines a database's full-text engine with a static embedding model
the way this needs (offline, in the same database, on SQLite and PostgreSQL alike), so the
ranking below is ours. Each step is a textbook method:

1. **Full text** (the database's BM25 / ``ts_rank``, title weighted 4, summary and tags 2,
   body 1), any query word may match. Strong when the teacher uses the item's own words.
2. **Query expansion from the model's neighbours.** Each query word is embedded and compared
   with the vocabulary of the indexed collection; its nearest words (cosine >= 0.45, three at
   most: "woods" -> forest, woodland; "chatting" -> chat, talking) are searched as a second
   full-text query. This lets the database's own index and highlighting bridge a vocabulary
   gap, which plain BM25 cannot. Restricting neighbours to the collection's words keeps the
   sub-word pieces of the model's vocabulary out.
3. **Semantic similarity**: cosine between the query's vector and each document's vector
   (IDF-weighted mean of token vectors over title, summary, body and tags), brute force.
4. **Normalised score fusion.** Each list's scores are divided into [0, 1] (full text by its
   best score; cosine between the best score and the score at the candidate cut-off), then
   summed with weights. Unlike reciprocal-rank fusion this keeps *how much* better the best
   match is, so a confident full-text match is not outvoted by a weak semantic one.
5. **Pseudo-relevance feedback** (Rocchio): the query vector is moved towards the mean vector
   of the first pass's top three documents and the semantic scores are taken again. Static
   vectors of a short query are noisy; the top documents' vectors are not.
6. **Re-ranking by the title and summary**: cosine between the fed-back query and a second
   vector of each candidate's title and summary alone, so an item whose *subject* matches
   gains over one that mentions the words in passing.

The weights (:class:`Tuning`) were set on ``benchmarks/knowledge_eval`` after its queries
were written; they are round numbers and the same for every query.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from nlc.knowledge.documents import STOPWORDS, Document, Filters, Hit, query_words
from nlc.knowledge.embeddings import StaticEmbedder, load_embedder
from nlc.knowledge.store import Store, _marked

__all__ = ["MODES", "KnowledgeSearch", "Tuning"]

MODES = ("hybrid", "fulltext", "semantic")
_VOCAB_WORD = re.compile(r"[a-z]{3,}")


@dataclass(frozen=True)
class Tuning:
    """Weights and sizes of the hybrid ranking (see the module docstring)."""

    candidates: int = 100
    fulltext: float = 1.0
    expansion: float = 0.5
    semantic: float = 1.0
    head: float = 0.5
    neighbours: int = 3
    neighbour_min: float = 0.45
    feedback_docs: int = 3
    feedback_weight: float = 0.5
    vocabulary_max: int = 50_000


@dataclass
class _Vectors:
    version: int
    ids: list[str]
    full: np.ndarray
    head: np.ndarray
    weights: np.ndarray | None
    words: list[str]
    word_vectors: np.ndarray


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
        self._cache: _Vectors | None = None
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
        self.store.delete([d.id for d in self.store.documents()])
        self.store.clear_vectors()
        self.store.upsert(docs)
        weights = self.embedder.fit_weights([d.full_text for d in docs])
        self.store.put_blob(f"weights:{self._key}", weights.tobytes())
        self._index_vocabulary(docs)
        self._index_vectors(docs, weights)
        self._cache = None
        return len(docs)

    def add(self, docs: Iterable[Document]) -> None:
        """Add or replace documents, keeping the token weights of the last rebuild.

        New words join the expansion vocabulary only at the next :meth:`rebuild`.
        """
        docs = list(docs)
        self.store.upsert(docs)
        blob = self.store.get_blob(f"weights:{self._key}")
        weights = None if blob is None else np.frombuffer(blob, dtype=np.float32)
        self._index_vectors(docs, weights)

    def remove(self, ids: Iterable[str]) -> None:
        """Remove documents from the index."""
        self.store.delete(list(ids))

    def _index_vectors(self, docs: list[Document], weights: np.ndarray | None) -> None:
        if not docs:
            return
        ids = [d.id for d in docs]
        full = self.embedder.embed([d.full_text for d in docs], weights)
        head = self.embedder.embed([d.head for d in docs], weights)
        self.store.put_vectors(f"{self._key}:full", ids, full)
        self.store.put_vectors(f"{self._key}:head", ids, head)

    def _index_vocabulary(self, docs: list[Document]) -> None:
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(set(_VOCAB_WORD.findall(doc.full_text.lower())) - STOPWORDS)
        words = [w for w, _ in df.most_common(self.tuning.vocabulary_max)]
        if words:
            self.store.put_vectors(f"{self._key}:word", words, self.embedder.embed(words))

    def _vectors(self) -> _Vectors:
        version = self.store.version()
        if self._cache is None or self._cache.version != version:
            ids, full = self.store.get_vectors(f"{self._key}:full")
            head_ids, head = self.store.get_vectors(f"{self._key}:head")
            order = {i: n for n, i in enumerate(head_ids)}
            head = head[[order[i] for i in ids]] if ids else head
            words, word_vectors = self.store.get_vectors(f"{self._key}:word")
            blob = self.store.get_blob(f"weights:{self._key}")
            weights = None if blob is None else np.frombuffer(blob, dtype=np.float32)
            self._cache = _Vectors(version, ids, full, head, weights, words, word_vectors)
        return self._cache

    # ------------------------------------------------------------------ searching
    def expand(self, words: Sequence[str]) -> list[str]:
        """Return the collection's words nearest to each query word (not the words themselves).

        Parameters
        ----------
        words : sequence of str
            Query words (from :func:`~nlc.knowledge.documents.query_words`).
        """
        vectors = self._vectors()
        if not words or not vectors.words:
            return []
        sims = vectors.word_vectors @ self.embedder.embed(list(words)).T
        taken = set(words)
        out: list[str] = []
        for column in range(sims.shape[1]):
            order = np.argsort(-sims[:, column])[: self.tuning.neighbours + len(words)]
            picked = 0
            for n in order:
                word = vectors.words[n]
                if sims[n, column] < self.tuning.neighbour_min:
                    break
                if word in taken or picked >= self.tuning.neighbours:
                    continue
                taken.add(word)
                out.append(word)
                picked += 1
        return out

    def search(
        self,
        query: str,
        *,
        filters: Filters | None = None,
        limit: int = 10,
        mode: str = "hybrid",
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
            ``hybrid`` (the default) combines both as the module docstring describes.

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
            ranked = {i: {"fulltext": s} for i, s in self._fulltext(words, filters)}
            scores = {i: p["fulltext"] for i, p in ranked.items()}
            return self._hits(scores, ranked, words, limit)
        qv = self.embedder.embed([query], self._vectors().weights)[0]
        if mode == "semantic":
            sem = self._semantic(qv, filters)
            return self._hits(sem, {i: {"semantic": s} for i, s in sem.items()}, words, limit)
        return self._hybrid(query_vector=qv, words=words, filters=filters, limit=limit)

    def _fulltext(self, words: Sequence[str], filters: Filters | None) -> list[tuple[str, float]]:
        return self.store.fulltext(words, filters=filters, limit=self.tuning.candidates)

    def _semantic(
        self, qv: np.ndarray, filters: Filters | None, which: str = "full"
    ) -> dict[str, float]:
        vectors = self._vectors()
        if not vectors.ids:
            return {}
        sims = getattr(vectors, which) @ qv
        allowed = self.store.filtered_ids(filters)
        if allowed is not None:
            mask = np.fromiter((i in allowed for i in vectors.ids), bool, len(vectors.ids))
            sims = np.where(mask, sims, -np.inf)
        k = min(self.tuning.candidates, len(sims))
        top = np.argpartition(-sims, k - 1)[:k]
        return {vectors.ids[n]: float(sims[n]) for n in top if np.isfinite(sims[n])}

    def _hybrid(
        self, *, query_vector: np.ndarray, words: list[str], filters: Filters | None, limit: int
    ) -> list[Hit]:
        t = self.tuning
        extra = self.expand(words)
        lists = {
            "fulltext": _by_best(dict(self._fulltext(words, filters))),
            "expansion": _by_best(dict(self._fulltext(extra, filters))) if extra else {},
            "semantic": _by_range(self._semantic(query_vector, filters)),
        }
        weights = {"fulltext": t.fulltext, "expansion": t.expansion, "semantic": t.semantic}
        first = _fuse(lists, weights)
        top = sorted(first, key=first.get, reverse=True)[: t.feedback_docs]
        vectors = self._vectors()
        position = {i: n for n, i in enumerate(vectors.ids)}
        rows = [position[i] for i in top if i in position]
        qv = query_vector
        if rows and t.feedback_weight:
            qv = qv + t.feedback_weight * vectors.full[rows].mean(axis=0)
            qv = qv / (np.linalg.norm(qv) or 1.0)
        lists["semantic"] = _by_range(self._semantic(qv, filters))
        candidates = set().union(*lists.values())
        head_rows = [position[i] for i in candidates if i in position]
        head = dict(
            zip([vectors.ids[r] for r in head_rows], vectors.head[head_rows] @ qv, strict=True)
        )
        lists["head"] = _by_range(head)
        weights["head"] = t.head
        scores = _fuse(lists, weights)
        parts = {i: {name: lists[name].get(i, 0.0) for name in lists} for i in scores}
        return self._hits(scores, parts, words + extra, limit)

    def _hits(
        self, scores: dict[str, float], parts: dict, words: Sequence[str], limit: int
    ) -> list[Hit]:
        best = sorted(scores, key=lambda i: (-scores[i], i))[:limit]
        snippets = self.store.snippets(best, words)
        texts = self.store.titles(best)
        hits = []
        for doc_id in best:
            title, summary = texts.get(doc_id, ("", ""))
            snippet = snippets.get(doc_id) or _marked(_shorten(summary))
            hits.append(Hit(doc_id, scores[doc_id], title, snippet, parts.get(doc_id, {})))
        return hits


def _by_best(scores: dict[str, float]) -> dict[str, float]:
    """Scale positive scores into (0, 1] by the best one."""
    top = max(scores.values(), default=0.0)
    return {i: s / top for i, s in scores.items()} if top > 0 else {}


def _by_range(scores: dict[str, float]) -> dict[str, float]:
    """Scale scores into [0, 1] between the lowest (the candidate cut-off) and the best."""
    if not scores:
        return {}
    low, high = min(scores.values()), max(scores.values())
    span = high - low
    return {i: (s - low) / span if span > 0 else 1.0 for i, s in scores.items()}


def _fuse(lists: dict[str, dict[str, float]], weights: dict[str, float]) -> dict[str, float]:
    """Weighted sum of normalised scores (a document missing from a list scores 0 there)."""
    out: dict[str, float] = {}
    for name, scores in lists.items():
        w = weights[name]
        for doc_id, s in scores.items():
            out[doc_id] = out.get(doc_id, 0.0) + w * s
    return out


def _shorten(text: str, words: int = 30) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
