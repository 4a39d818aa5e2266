"""Search over knowledge items (framework-free): full text, semantic and hybrid.

See :mod:`nlc.knowledge.search` for how results are ranked, :mod:`nlc.knowledge.store` for
the SQLite and PostgreSQL back ends, and :mod:`nlc.knowledge.embeddings` for the models.
"""

from nlc.knowledge.documents import Document, Filters, Hit, query_words
from nlc.knowledge.embeddings import StaticEmbedder, bundled_model, fetch_model, load_embedder
from nlc.knowledge.search import MODES, KnowledgeSearch, Tuning
from nlc.knowledge.store import PostgresStore, SqliteStore, Store

__all__ = [
    "MODES",
    "Document",
    "Filters",
    "Hit",
    "KnowledgeSearch",
    "PostgresStore",
    "SqliteStore",
    "StaticEmbedder",
    "Store",
    "Tuning",
    "bundled_model",
    "fetch_model",
    "load_embedder",
    "query_words",
]
