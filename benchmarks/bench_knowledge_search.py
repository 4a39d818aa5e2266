"""Quality and speed of the knowledge search (``nlc.knowledge``): a benchmark, not a test.

Quality: on ``benchmarks/knowledge_eval`` (items.jsonl, queries.jsonl), recall@5 and MRR for
full text alone, semantic alone and hybrid, separately for the queries worded unlike the items
("different") and those using the items' own terms ("same").

- recall@5: the share of a query's relevant items found in the top 5, averaged over queries.
- hit@5: the share of queries with at least one relevant item in the top 5.
- MRR: the mean over queries of 1 / rank of the first relevant item (0 if none in the top 100).

Speed: search latency (p50, p95) of each mode at 10,000 items in an on-disk SQLite database;
the items are synthetic, made by recombining sentences, tags and facets of the evaluation set.

Usage::

    python benchmarks/bench_knowledge_search.py            # print and update RESULTS.md
    python benchmarks/bench_knowledge_search.py --no-write
    python benchmarks/bench_knowledge_search.py --set other/folder --items 10000
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402

from nlc.knowledge import Document, KnowledgeSearch, SqliteStore, load_embedder  # noqa: E402

HERE = Path(__file__).resolve().parent
EVAL = HERE / "knowledge_eval"
MODES = ("fulltext", "semantic", "hybrid")
GOALS = {"different": 0.70, "same": 0.95}


def load_set(folder: Path) -> tuple[list[Document], list[dict]]:
    """Read ``items.jsonl`` and ``queries.jsonl`` from ``folder``."""
    items = [
        Document.from_dict(json.loads(x)) for x in (folder / "items.jsonl").open() if x.strip()
    ]
    queries = [json.loads(x) for x in (folder / "queries.jsonl").open() if x.strip()]
    return items, queries


def evaluate(search: KnowledgeSearch, queries: list[dict], mode: str) -> dict[str, dict]:
    """Return {query type: {recall5, hit5, mrr, n, misses}} for one mode."""
    out: dict[str, dict] = {}
    for kind in sorted({q["type"] for q in queries}):
        recall, hit, rr, misses = [], [], [], []
        for q in (q for q in queries if q["type"] == kind):
            ranked = [h.id for h in search.search(q["query"], limit=100, mode=mode)]
            relevant = set(q["relevant"])
            top = set(ranked[:5])
            recall.append(len(relevant & top) / len(relevant))
            hit.append(float(bool(relevant & top)))
            first = next((n for n, i in enumerate(ranked, 1) if i in relevant), None)
            rr.append(1 / first if first else 0.0)
            if not relevant & top:
                misses.append(q["id"])
        out[kind] = {
            "recall5": float(np.mean(recall)),
            "hit5": float(np.mean(hit)),
            "mrr": float(np.mean(rr)),
            "n": len(recall),
            "misses": misses,
        }
    return out


def postgres_quality(url: str, items, queries, embedder) -> dict[str, dict]:
    """The same figures with the PostgreSQL back end (tables rolled back afterwards)."""
    import psycopg

    from nlc.knowledge import PostgresStore

    with psycopg.connect(url) as connection:
        search = KnowledgeSearch(PostgresStore(connection, prefix="bench_knowledge_"), embedder)
        search.rebuild(items)
        out = {f"{m} (PostgreSQL)": evaluate(search, queries, m) for m in ("fulltext", "hybrid")}
        connection.rollback()
    return out


def synthetic(items: list[Document], n: int, seed: int = 1) -> list[Document]:
    """``n`` documents recombined from the sentences, tags and facets of ``items``."""
    rng = random.Random(seed)
    sentences = [s.strip() + "." for d in items for s in d.body.split(". ") if s.strip()]
    out = []
    for k in range(n):
        a, b = rng.sample(items, 2)
        out.append(
            Document(
                id=f"syn{k}",
                title=f"{a.title.split(':')[0]} with {b.title.split(':')[0].lower()}",
                summary=rng.choice(items).summary,
                body=" ".join(rng.sample(sentences, 5)),
                tags=tuple(rng.sample([t for d in (a, b) for t in d.tags], 3)),
                kind=a.kind,
                ecm_outcome=b.ecm_outcome,
                phase=a.phase,
                theme=a.theme,
                network=b.network,
                date=a.date,
            )
        )
    return out


def latency(items: list[Document], queries: list[dict], n: int) -> tuple[dict, float]:
    """Index ``n`` synthetic items in an on-disk SQLite file; time every query in each mode."""
    with tempfile.TemporaryDirectory() as tmp:
        conn = sqlite3.connect(Path(tmp) / "index.sqlite3")
        search = KnowledgeSearch(SqliteStore(conn))
        start = time.perf_counter()
        search.rebuild(items + synthetic(items, n - len(items)))
        conn.commit()
        build = time.perf_counter() - start
        t0 = time.perf_counter()
        search.search("warm up the caches")
        first = time.perf_counter() - t0
        out = {}
        for mode in MODES:
            wall, cpu = [], []
            for _ in range(3):
                for q in queries:
                    t0, c0 = time.perf_counter(), time.process_time()
                    search.search(q["query"], limit=10, mode=mode)
                    wall.append(time.perf_counter() - t0)
                    cpu.append(time.process_time() - c0)
            out[mode] = [float(np.percentile(x, p)) for x in (wall, cpu) for p in (50, 95)]
        conn.close()
    return out, (build, first)


def report(quality: dict, speed: dict, setup: tuple[float, float], args, info: dict) -> str:
    """The RESULTS.md section."""
    build, first = setup
    rows = []
    for mode in quality:
        for kind in ("different", "different, full text misses", "same"):
            r = quality[mode].get(kind)
            if r:
                rows.append(
                    [
                        mode,
                        f"{kind} ({r['n']})",
                        f"{r['recall5']:.2f}",
                        f"{r['hit5']:.2f}",
                        f"{r['mrr']:.2f}",
                    ]
                )
    hyb = quality["hybrid"]
    note = (
        "Full text alone does far better on this set than on the issue's independent set "
        "(17% of differently-worded queries); the rows 'different, full text misses' are the "
        "queries it misses here, the closest to that harder set."
    )
    verdicts = [
        f"{k}: recall@5 {hyb[k]['recall5']:.2f} against >= {g:.2f} -> "
        f"{_common.verdict(hyb[k]['recall5'] >= g)}"
        for k, g in GOALS.items()
        if k in hyb
    ]
    p95 = max(v[1] for v in speed.values())
    cpu95 = max(v[3] for v in speed.values())
    if args.busy > 0.3:
        speed_verdict = (
            f"wall p95 {_common.fmt_s(p95)}, but other jobs kept {args.busy:.1f} cores busy; "
            f"CPU-time p95 {_common.fmt_s(cpu95)} -> {_common.verdict(cpu95 < 0.1)} "
            "(on CPU time; rerun on a quiet machine for wall time)"
        )
    else:
        speed_verdict = f"wall p95 {_common.fmt_s(p95)} -> {_common.verdict(p95 < 0.1)}"
    lines = [
        "## Knowledge search: recall@5 and MRR (full text, semantic, hybrid); latency at "
        f"{args.items:,} items",
        "",
        *_common.machine_lines(info),
        f"- Evaluation set: `{_common.rel(args.set)}`; model: `{args.model_name}`",
        f"- Reproduce: `python benchmarks/bench_knowledge_search.py --items {args.items}"
        + (" --postgres URL` (URL of a throwaway server)" if args.postgres else "`"),
        "",
        _common.table(["mode", "queries", "recall@5", "hit@5", "MRR"], rows),
        "",
        note,
        "",
        "Goals for hybrid (from the knowledge issue): " + "; ".join(verdicts) + ".",
        "",
        "Hybrid misses (no relevant item in the top 5): "
        + ", ".join(f"{k}: {', '.join(v['misses']) or 'none'}" for k, v in hyb.items()),
        "",
        _common.table(
            ["mode", "wall p50", "wall p95", "CPU p50", "CPU p95"],
            [[m, *map(_common.fmt_s, v)] for m, v in speed.items()],
            title=f"Search latency, SQLite on disk, {args.items:,} items "
            f"(index rebuilt in {_common.fmt_s(build)}; first search, which loads the vectors and "
            f"the word incidence, {_common.fmt_s(first)}; busy cores before: {args.busy:.1f})",
        ),
        "",
        f"Goal: p95 under 100 ms: {speed_verdict}.",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=EVAL, help="folder with the two JSONL files")
    parser.add_argument("--items", type=int, default=10_000, help="items for the latency run")
    parser.add_argument("--no-write", action="store_true", help="do not update RESULTS.md")
    parser.add_argument("--quality-only", action="store_true", help="skip the latency run")
    parser.add_argument(
        "--postgres", metavar="URL", help="also measure quality on this PostgreSQL database"
    )
    args = parser.parse_args(argv)
    items, queries = load_set(args.set)
    embedder = load_embedder()
    args.model_name = embedder.name
    search = KnowledgeSearch(SqliteStore(), embedder)
    search.rebuild(items)
    quality = {mode: evaluate(search, queries, mode) for mode in MODES}
    # the queries full text misses: closest to the harder independent set
    missed = set(quality["fulltext"].get("different", {}).get("misses", []))
    hard = [dict(q, type="different, full text misses") for q in queries if q["id"] in missed]
    for mode in ("semantic", "hybrid"):
        quality[mode].update(evaluate(search, hard, mode) if hard else {})
    if args.postgres:
        quality.update(postgres_quality(args.postgres, items, queries, embedder))
    for mode in quality:
        for kind, r in quality[mode].items():
            print(
                f"{mode:9} {kind:9} recall@5 {r['recall5']:.3f} hit@5 {r['hit5']:.3f} "
                f"MRR {r['mrr']:.3f} misses {' '.join(r['misses'])}"
            )
    if args.quality_only:
        return 0
    args.busy = _common.wait_quiet(120)
    speed, setup = latency(items, queries, args.items)
    body = report(quality, speed, setup, args, _common.machine())
    print(body)
    if not args.no_write:
        _common.update_results("knowledge-search", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
