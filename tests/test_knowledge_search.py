"""Knowledge search core (``nlc.knowledge``): full text, filters, the offline model, hybrid.

Quality figures on the full evaluation set are a benchmark
(``benchmarks/bench_knowledge_search.py``), not tests; here a small fixture checks behaviour.
"""

from __future__ import annotations

import os
import socket
import sqlite3

import pytest

from nlc.knowledge import (
    Document,
    Filters,
    KnowledgeSearch,
    PostgresStore,
    SqliteStore,
    bundled_model,
    load_embedder,
    query_words,
)
from nlc.knowledge import embeddings as emb_module

DOCS = [
    Document(
        "oracy",
        "Oracy for reticent learners: structured talk in Year 4",
        "Talk frames, sentence stems and assigned talk roles helped quiet pupils contribute "
        "to whole-class discussion.",
        "Teachers tracked reticent learners who rarely volunteered answers. Talk partners with "
        "roles and a no-hands-up routine with thinking time increased contributions.",
        ("oracy", "dialogic teaching"),
        kind="account of practice",
        phase="primary",
        theme="oracy",
        network="Northfield",
        date="2026-03-12",
    ),
    Document(
        "absence",
        "Reducing persistent absence through family liaison",
        "A family liaison officer shared between four schools cut persistent absence.",
        "Home visits, breakfast sessions and early contact after the first missed day.",
        ("attendance",),
        kind="case study",
        phase="primary",
        theme="attendance",
        network="Eastgate",
        date="2026-02-15",
    ),
    Document(
        "walks",
        "Learning walks across a cluster of primaries",
        "Leaders visited each other's classrooms with a shared focus on questioning.",
        "Trios of leaders from different schools walked a host school and fed back.",
        ("learning walk", "peer review"),
        kind="case study",
        phase="primary",
        theme="learning walks",
        network="Northfield",
        date="2025-11-04",
    ),
    Document(
        "forest",
        "Forest school and outdoor learning for Key Stage 1",
        "Weekly sessions in a woodland area built resilience, teamwork and vocabulary.",
        "Children built shelters, used tools safely and explored habitats.",
        ("outdoor learning",),
        kind="account of practice",
        phase="primary",
        theme="wellbeing",
        network="Northfield",
        date="2025-05-28",
    ),
    Document(
        "retrieval",
        "Retrieval practice with low-stakes quizzes",
        "Starting lessons with short quizzes on earlier content improved long-term retention.",
        "Five questions on last lesson, last week and last term, with no marks recorded.",
        ("retrieval practice", "memory"),
        kind="account of practice",
        phase="secondary",
        theme="teaching and learning",
        network="Riverside",
        date="2026-01-06",
    ),
    Document(
        "exclusions",
        "Restorative practice to reduce exclusions",
        "Restorative conversations replaced some sanctions and cut fixed-term exclusions.",
        "Staff ran restorative circles after incidents; internal isolation was used less.",
        ("behaviour", "restorative practice"),
        kind="case study",
        phase="secondary",
        theme="behaviour",
        network="Hillcrest",
        date="2026-03-28",
    ),
    Document(
        "food",
        "Holiday activities and food programme",
        "A holiday club offered meals and activities to children eligible for free meals.",
        "Hot lunch, sport, arts and cooking over four summer weeks at the community centre.",
        ("holiday hunger", "free school meals"),
        kind="case study",
        phase="primary",
        theme="wellbeing",
        network="Eastgate",
        date="2025-09-15",
    ),
    Document(
        "careers",
        "Careers guidance with local employers",
        "Employer encounters and work experience raised aspirations.",
        "Mock interviews with business volunteers and a week of work experience in Year 10.",
        ("careers", "employers"),
        kind="case study",
        phase="secondary",
        theme="careers",
        network="Hillcrest",
        date="2025-10-30",
    ),
]

#: (query, the item it should find) worded unlike the items, as a teacher might type them
DIFFERENT = [
    ("pupils who won't speak up in class", "oracy"),
    ("kids keep missing school", "absence"),
    ("learning in the woods", "forest"),
    ("kids going hungry over the summer", "food"),
    ("stop kids forgetting what they learnt", "retrieval"),
    ("helping teenagers decide what job to do", "careers"),
]


@pytest.fixture(scope="module")
def model():
    return load_embedder("wordllama")


@pytest.fixture
def search(model):
    engine = KnowledgeSearch(SqliteStore(), model)
    engine.rebuild(DOCS)
    return engine


def ids(hits):
    return [h.id for h in hits]


def test_it_splits_queries_into_words_worth_matching():
    assert query_words("How do I use my TAs better?") == ["use", "tas", "better"]
    assert query_words("the and of") == []


def test_it_ranks_a_title_match_above_a_body_match(search):
    store = search.store
    store.upsert(
        [
            Document("t", "Questioning in maths", body="Notes."),
            Document("b", "Maths notes", body="Some questioning and much else besides."),
        ]
    )
    ranked = [i for i, _ in store.fulltext(["questioning"])]
    assert ranked.index("t") < ranked.index("b")


def test_it_highlights_matches_and_escapes_html(model):
    engine = KnowledgeSearch(SqliteStore(), model)
    engine.rebuild([Document("x", "Talk <b>frames</b>", body="Talk partners & roles in oracy")])
    hit = engine.search("oracy talk", mode="fulltext")[0]
    assert "<mark>oracy</mark>" in hit.snippet.lower()
    assert "&amp;" in hit.snippet and "<b>" not in hit.snippet


def test_hybrid_highlights_the_neighbouring_words_that_matched(search):
    hit = search.search("learning in the woods")[0]
    assert hit.id == "forest"
    # "woods" is in no item: the snippet marks the neighbours that stood in for it
    assert "<mark>forest</mark>" in hit.snippet.lower()
    assert "woods" not in hit.snippet.lower()


@pytest.mark.parametrize("mode", ["hybrid", "fulltext", "semantic"])
def test_it_filters_by_facets_and_dates(search, mode):
    hits = search.search("practice", filters=Filters(phase="secondary"), mode=mode, limit=20)
    assert hits and set(ids(hits)) <= {"retrieval", "exclusions", "careers"}
    hits = search.search(
        "school", filters=Filters(kind=["case study"], network="Northfield"), mode=mode
    )
    assert set(ids(hits)) <= {"walks"}
    hits = search.search(
        "pupils learning", filters=Filters(date_from="2026-01-01", date_to="2026-02-28"), mode=mode
    )
    assert set(ids(hits)) <= {"absence", "retrieval"}


def test_a_bad_date_filter_or_mode_is_a_clear_error(search):
    with pytest.raises(ValueError, match="date_from must be a date as YYYY-MM-DD"):
        Filters(date_from="March")
    with pytest.raises(ValueError, match="search mode must be one of"):
        search.search("oracy", mode="magic")


def test_an_empty_query_finds_nothing(search):
    assert search.search("   ") == []
    assert search.search("the of and") == []


def test_the_bundled_model_loads_without_the_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the bundled model must not touch the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    model = bundled_model()
    vectors = model.embed(["talk in class", "speaking in lessons", "persistent absence figures"])
    assert vectors.shape == (3, 256)
    assert float(vectors[0] @ vectors[1]) > 0.3 > float(vectors[0] @ vectors[2])


def test_a_model_not_fetched_says_how_to_fetch_it(tmp_path):
    with pytest.raises(emb_module.ModelUnavailable, match="python -m nlc.knowledge.embeddings"):
        emb_module.fetched_model("minishlab/potion-retrieval-32M", tmp_path)


def test_the_fetch_command_explains_its_usage(capsys):
    assert emb_module.main(["fetch", "a", "b"]) == 2
    assert "usage" in capsys.readouterr().err


def test_the_reticent_learners_example_finds_the_oracy_item(search):
    assert search.search("pupils who won't speak up in class")[0].id == "oracy"


def _mrr(engine, mode):
    total = 0.0
    for query, wanted in DIFFERENT:
        ranked = ids(engine.search(query, mode=mode, limit=len(DOCS)))
        total += 1 / (ranked.index(wanted) + 1) if wanted in ranked else 0.0
    return total / len(DIFFERENT)


def test_hybrid_matches_or_beats_each_method_alone(search):
    hybrid = _mrr(search, "hybrid")
    assert hybrid >= _mrr(search, "fulltext")
    assert hybrid >= _mrr(search, "semantic")
    assert hybrid > 0.8


def test_same_terms_queries_find_their_item_first(search):
    for query, wanted in [
        ("restorative practice exclusions", "exclusions"),
        ("learning walks", "walks"),
        ("persistent absence", "absence"),
    ]:
        for mode in ("hybrid", "fulltext", "semantic"):
            assert search.search(query, mode=mode)[0].id == wanted, (query, mode)


def test_adding_and_removing_items_updates_results(search):
    search.add([Document("new", "Sign language club for deaf pupils", "British Sign Language")])
    assert search.search("sign language", limit=1)[0].id == "new"
    search.remove(["new"])
    assert "new" not in ids(search.search("sign language", limit=20))


def test_the_index_lives_in_a_given_sqlite_database(tmp_path, model):
    path = tmp_path / "index.sqlite3"
    connection = sqlite3.connect(path)
    KnowledgeSearch(SqliteStore(connection, prefix="kb_"), model).rebuild(DOCS)
    connection.commit()
    connection.close()
    reopened = KnowledgeSearch(SqliteStore(sqlite3.connect(path), prefix="kb_"), model)
    assert reopened.search("kids keep missing school", limit=3)[0].id == "absence"
    assert reopened.store.count() == len(DOCS)


def test_a_bad_table_prefix_is_refused():
    with pytest.raises(ValueError, match="table prefix"):
        SqliteStore(prefix="x; DROP TABLE y")


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs DATABASE_URL of a PostgreSQL server (scripts/test-postgres.sh starts one)",
)
def test_the_postgresql_back_end_ranks_filters_and_highlights(model):
    psycopg = pytest.importorskip("psycopg")
    with psycopg.connect(os.environ["DATABASE_URL"]) as connection:
        store = PostgresStore(connection, prefix="test_knowledge_")
        try:
            engine = KnowledgeSearch(store, model)
            engine.rebuild(DOCS)
            ranked = store.fulltext(["restorative", "exclusions"])
            assert ranked[0][0] == "exclusions"
            hit = engine.search("restorative practice", mode="fulltext")[0]
            assert "<mark>" in hit.snippet
            assert engine.search("pupils who won't speak up in class")[0].id == "oracy"
            hits = engine.search("learning", filters=Filters(phase="secondary"), limit=20)
            assert set(ids(hits)) <= {"retrieval", "exclusions", "careers"}
        finally:
            connection.rollback()


@pytest.mark.parametrize("mode", ["hybrid", "fulltext", "semantic"])
def test_a_search_within_given_ids_returns_only_those(search, mode):
    everything = ids(search.search("oracy talk pupils", limit=20, mode=mode))
    assert "oracy" in everything
    others = {d.id for d in DOCS} - {"oracy"}
    found = ids(search.search("oracy talk pupils learning", limit=20, mode=mode, within=others))
    assert found and "oracy" not in found and set(found) <= others
    assert search.search("oracy talk pupils", mode=mode, within=set()) == []


def test_the_version_never_comes_back_after_a_rollback(model):
    connection = sqlite3.connect(":memory:", isolation_level=None)
    search = KnowledgeSearch(SqliteStore(connection), model)
    search.rebuild(DOCS[:2])
    seen = search.store.version()
    connection.execute("BEGIN")
    search.add([Document("x", "Forest school for nursery children")])
    during = search.store.version()
    connection.execute("ROLLBACK")
    assert search.store.version() == seen
    search.add([Document("y", "Homework club in the library")])
    assert search.store.version() not in (seen, during)
