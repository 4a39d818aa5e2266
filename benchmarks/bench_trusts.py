"""Membership prediction on England's academy trusts: which trust does a joining school pick?

From the group links of one snapshot of Get Information about Schools (``--before``) predict,
for each school that joins an existing multi-academy trust (MAT) by the next one
(``--after``), which trust it joins; report Hits@1, @5 and @10 of ``nlc.brokerage.affiliation``
against two baselines: trusts ranked by their members in the school's local authority, and by
the distance to their nearest member school.

Who counts as a joiner
----------------------
A school (URN) that is in a MAT in ``--after`` and neither it nor any of its predecessors
(``Predecessor*`` links in the GIAS links file, followed back) is in any MAT in ``--before``:
maintained schools that convert and join, single-academy trusts and unattached academies that
join. The trust must be a MAT in ``--before`` with at least one member (new trusts cannot be
predicted from the group links). Schools that moved from one MAT to another are counted apart
and left out.

Training (never on the evaluated transition)
--------------------------------------------
- with ``--train-before``/``--train-after``: on that earlier transition, plus the pseudo
  transition the join dates of ``--train-before`` reconstruct for the year before it;
- else on pseudo transitions reconstructed from ``--before`` alone: the state at
  ``before - 1 year`` is the memberships of ``--before`` joined by then, and the joiners are
  the schools whose MAT join date falls in the year after (and likewise a year earlier).
  This needs nothing after ``--before``.
``--cv`` adds a five-fold cross-validation within the evaluated transition, folds grouped by
local authority (for development only).

Locations: a school's postcode from the 2022-23 census, found by its URN or, for schools that
have closed since, by following successor links (then predecessor links) to a URN the census
has, and the postcode's centroid in ``aux_school_postcode_centroids_bng_census2011.csv``.

Data: Get Information about Schools and the school census, Department for Education, Open
Government Licence v3.0.

Usage::

    python benchmarks/bench_trusts.py                      # 2017-04 -> 2018-05, writes RESULTS.md
    python benchmarks/bench_trusts.py --before B.csv --after A.csv \\
        --train-before TB.csv --train-after B.csv --no-write
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from _common import table, update_results  # noqa: E402

from nlc.brokerage.affiliation import (  # noqa: E402
    AffiliationModel,
    affiliation_pairs,
    fit_affiliation_model,
)
from nlc.network.model import NodeTable  # noqa: E402


def _shared() -> Path:
    """``$NLC_SHARED``, else the ``shared`` folder beside the checkout (or beside a worktree's)."""
    if os.environ.get("NLC_SHARED"):
        return Path(os.environ["NLC_SHARED"])
    near = [HERE.parent.parent / "shared", HERE.parent.parent.parent / "shared"]
    return next((p for p in near if p.is_dir()), near[0])


ENGLAND = _shared() / "real-data" / "england"
MAT = "Multi-academy trust"
HITS = (1, 5, 10)


# --------------------------------------------------------------------------------------
# Reading


@dataclass
class Snapshot:
    """The MAT memberships of one group-links file and what it says about each school."""

    path: Path
    date: dt.date
    mat: dict[str, str]  # urn -> trust uid (MAT members only)
    joined: dict[str, dt.date | None]  # urn -> date it joined its MAT
    any_group: set[str]  # urns in any group (MAT, SAT, sponsor)
    school: dict[str, dict]  # urn -> la, phase, kind
    trust_name: dict[str, str] = field(default_factory=dict)


def _date(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text.strip(), "%d-%m-%Y").date()
    except ValueError:
        return None


def _kind(establishment_type: str) -> str:
    t = establishment_type.lower()
    for word in ("special", "alternative", "free", "sponsor", "converter"):
        if word in t:
            return word
    return "other"


def snapshot_date(path: Path) -> dt.date:
    digits = "".join(ch for ch in path.stem if ch.isdigit())[-8:]
    return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))


def read_snapshot(path: Path) -> Snapshot:
    snap = Snapshot(Path(path), snapshot_date(Path(path)), {}, {}, set(), {})
    with open(path, encoding="latin-1", newline="") as handle:
        for row in csv.DictReader(handle):
            urn = row["URN"].strip()
            snap.any_group.add(urn)
            snap.school[urn] = {
                "la": row["LA (name)"].strip(),
                "phase": row["PhaseOfEducation (name)"].strip().lower(),
                "kind": _kind(row["TypeOfEstablishment (name)"]),
            }
            if row["Group Type"] == MAT:
                uid = row["Linked UID"].strip()
                snap.mat[urn] = uid
                snap.joined[urn] = _date(row["Joined date"])
                snap.trust_name[uid] = row["Group Name"].strip()
    return snap


@dataclass
class Links:
    """Predecessors and successors of each URN, and every linked URN (any link type)."""

    before: dict[str, list[str]]
    after: dict[str, list[str]]
    linked: dict[str, set[str]]


def read_links(path: Path, until: dt.date) -> Links:
    """The links established on or before ``until`` (undated ones included)."""
    before, after, linked = defaultdict(list), defaultdict(list), defaultdict(set)
    with open(path, encoding="latin-1", newline="") as handle:
        for row in csv.DictReader(handle):
            urn, other, kind = row["URN"].strip(), row["LinkURN"].strip(), row["LinkType"]
            established = _date(row["LinkEstablishedDate"])
            if established and established > until:
                continue
            linked[urn].add(other)
            linked[other].add(urn)
            if kind.startswith("Predecessor"):
                before[urn].append(other)
            elif kind.startswith("Successor"):
                after[urn].append(other)
    return Links(before, after, linked)


def _closure(urn: str, step: dict[str, list[str]], depth: int = 6) -> list[str]:
    seen, frontier = [], [urn]
    for _ in range(depth):
        frontier = [o for u in frontier for o in step.get(u, ()) if o not in seen and o != urn]
        if not frontier:
            break
        seen.extend(frontier)
    return seen


def _stripped(reader):
    for row in reader:
        yield {k.strip(): (v or "").strip() for k, v in row.items()}


def read_places(census: Path, centroids: Path) -> tuple[dict, dict, dict]:
    """URN -> (easting, northing) in metres, URN -> religious character, and how each was placed.

    A postcode missing from the centroids file (about 3 schools in 10: it lists the postcodes
    of 2011) takes the mean centroid of its postcode sector ("BR6 9"), else of its district
    ("BR6"), a few hundred metres to a few kilometres off.
    """
    centre = {}
    with open(centroids, encoding="latin-1", newline="") as handle:
        for row in _stripped(csv.DictReader(handle)):
            xy = (float(row["X_BNG1115jul"]), float(row["Y_BNG1115jul"]))
            for column in ("input_postcode", "standard_postcode"):
                centre[_postcode(row[column])] = xy
    areas = defaultdict(list)
    for code, xy in centre.items():
        areas[code[:-2]].append(xy)  # sector: outward code and the inward digit
        areas[code[:-3]].append(xy)  # district: the outward code
    area_mean = {a: tuple(np.mean(v, axis=0)) for a, v in areas.items()}
    place, religion, how = {}, {}, {}
    with open(census, encoding="latin-1", newline="") as handle:
        for row in csv.DictReader(handle):
            urn = row["urn"].split(".")[0].strip()
            code = _postcode(row["school_postcode"])
            for level, key, table in (
                ("postcode", code, centre),
                ("postcode sector", code[:-2], area_mean),
                ("postcode district", code[:-3], area_mean),
            ):
                if len(code) >= 5 and key in table:
                    place[urn], how[urn] = table[key], level
                    break
            denomination = row["denomination"].strip()
            if denomination and denomination not in ("Does not apply", "None", "z"):
                religion[urn] = denomination
    return place, religion, how


def _postcode(text: str) -> str:
    """Upper case, with exactly one space before the inward code ("BR6 9SA")."""
    code = text.replace(" ", "").upper()
    return f"{code[:-3]} {code[-3:]}" if len(code) >= 5 else code


def federations(path: Path) -> dict[str, set[str]]:
    """URN -> URNs in the same LA-maintained federation or foundation trust (2016)."""
    groups = defaultdict(set)
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            for column in ("school-federation", "foundation-trust"):
                if row[column].strip():
                    groups[(column, row[column].strip())].add(row["la-maintained-school-eng"])
    partners = defaultdict(set)
    for members in groups.values():
        for urn in members:
            partners[urn] |= members - {urn}
    return partners


# --------------------------------------------------------------------------------------
# Transitions


@dataclass
class Transition:
    """Who was in which trust at ``start``, and which trust each joiner picked by ``end``."""

    label: str
    start: dt.date
    end: dt.date
    state: dict[str, str]  # urn -> trust uid
    joined: dict[str, dt.date | None]
    joiners: dict[str, str]  # urn -> trust uid it joined
    school: dict[str, dict]  # urn -> la, phase, kind
    counts: dict[str, int] = field(default_factory=dict)


def real_transition(before: Snapshot, after: Snapshot, links: Links) -> Transition:
    """Joiners between two snapshots, as the module docstring defines them."""
    trusts = set(before.mat.values())
    counts = dict.fromkeys(
        ("in a MAT after", "stayed", "moved MAT to MAT", "joined a new trust", "joiners"), 0
    )
    counts.update({"joiners from a SAT or other group": 0, "joiners new to any group": 0})
    joiners = {}
    for urn, uid in after.mat.items():
        counts["in a MAT after"] += 1
        identity = [urn, *_closure(urn, links.before)]
        earlier = [before.mat[u] for u in identity if u in before.mat]
        if earlier:
            counts["stayed" if uid in earlier else "moved MAT to MAT"] += 1
            continue
        if uid not in trusts:
            counts["joined a new trust"] += 1
            continue
        joiners[urn] = uid
        counts["joiners"] += 1
        grouped = any(u in before.any_group for u in identity)
        counts["joiners from a SAT or other group" if grouped else "joiners new to any group"] += 1
    school = {**before.school, **{u: after.school[u] for u in joiners}}
    label = f"{before.date:%Y-%m} -> {after.date:%Y-%m}"
    return Transition(
        label, before.date, after.date, dict(before.mat), before.joined, joiners, school, counts
    )


def pseudo_transition(snap: Snapshot, links: Links, years_back: int) -> Transition:
    """The year ending ``years_back - 1`` years before ``snap``, from its join dates alone.

    The state at the start is the memberships of ``snap`` joined by then; the joiners are
    the schools whose join date falls in the year, into a trust that had a member at the
    start, with no predecessor in a trust at the start. Schools that left a trust during
    the year are not seen (the snapshot does not list them).
    """
    end = snap.date - dt.timedelta(days=365 * (years_back - 1))
    start = end - dt.timedelta(days=365)
    state = {u: t for u, t in snap.mat.items() if not snap.joined[u] or snap.joined[u] <= start}
    trusts = set(state.values())
    joiners = {}
    for urn, uid in snap.mat.items():
        when = snap.joined[urn]
        if not when or not start < when <= end or uid not in trusts:
            continue
        if any(u in state for u in _closure(urn, links.before)):
            continue
        joiners[urn] = uid
    label = f"{start:%Y-%m} -> {end:%Y-%m} (from the join dates of {snap.path.name})"
    joined = {u: snap.joined[u] for u in state}
    return Transition(
        label, start, end, state, joined, joiners, snap.school, {"joiners": len(joiners)}
    )


# --------------------------------------------------------------------------------------
# Features and ranks


@dataclass
class Context:
    """Everything but the group links: places, religious character, links, federations."""

    place: dict[str, tuple[float, float]]
    religion: dict[str, str]
    links: Links
    partners: dict[str, set[str]]

    def _find(self, urn: str, table: dict):
        for u in (urn, *_closure(urn, self.links.after), *_closure(urn, self.links.before)):
            if u in table:
                return table[u]
        return None

    def nodes(self, t: Transition) -> NodeTable:
        ids = list(dict.fromkeys([*t.state, *t.joiners]))
        columns = {c: [] for c in ("la", "phase", "kind", "religion", "easting", "northing")}
        for urn in ids:
            school = t.school.get(urn, {})
            for c in ("la", "phase", "kind"):
                columns[c].append(school.get(c))
            columns["religion"].append(self._find(urn, self.religion))
            xy = self._find(urn, self.place)
            columns["easting"].append(None if xy is None else str(xy[0]))
            columns["northing"].append(None if xy is None else str(xy[1]))
        return NodeTable("schools", ids, columns)

    def member_links(self, t: Transition) -> dict[str, set[str]]:
        """Joiner -> trust members it is linked to (GIAS links, federations, via predecessors)."""
        owner = {}
        for urn in t.state:
            for u in (urn, *_closure(urn, self.links.before)):
                owner[u] = urn
        out = {}
        for urn in t.joiners:
            identity = [urn, *_closure(urn, self.links.before)]
            near = set()
            for u in identity:
                near |= self.links.linked.get(u, set()) | self.partners.get(u, set())
            hits = {owner[u] for u in near if u in owner}
            if hits:
                out[urn] = hits
        return out


def pairs_for(t: Transition, ctx: Context):
    ties = [(u, uid, t.joined.get(u)) for u, uid in t.state.items()]
    return affiliation_pairs(
        ties,
        ctx.nodes(t),
        for_ids=list(t.joiners),
        links=ctx.member_links(t),
        as_of=t.start,
    )


def expected_hits(pairs, scores: np.ndarray, chosen: dict[str, str], ks=HITS) -> np.ndarray:
    """Per joiner, the chance the chosen trust is in the top k (ties broken at random)."""
    aff_index = {a: j for j, a in enumerate(pairs.affiliations)}
    target = np.array([aff_index.get(chosen[m], -1) for m in pairs.members])
    is_true = pairs.affiliation == target[pairs.member]
    n = len(pairs.members)
    true_score = np.full(n, np.nan)
    true_score[pairs.member[is_true]] = scores[is_true]
    s_true = true_score[pairs.member]
    greater = np.bincount(pairs.member, weights=scores > s_true, minlength=n)
    equal = np.bincount(pairs.member, weights=(scores == s_true) & ~is_true, minlength=n)
    found = ~np.isnan(true_score) & np.isfinite(true_score)
    out = np.zeros((n, len(ks)))
    for j, k in enumerate(ks):
        out[:, j] = np.where(found, np.clip((k - greater) / (equal + 1), 0, 1), 0.0)
    return out


def baseline_scores(pairs) -> dict[str, np.ndarray]:
    f = pairs.features
    return {
        "members in the school's LA": np.where(f["log_same_la"] > 0, f["log_same_la"], -np.inf),
        "distance to nearest member": np.where(pairs.near, -f["log_km"], -np.inf),
    }


def hits_table(rows: dict[str, np.ndarray], n: int) -> list[list]:
    return [
        [name, *(f"{v:.3f}" for v in hits.sum(axis=0) / max(n, 1))] for name, hits in rows.items()
    ]


def train(transitions: list[tuple[Transition, object]]) -> AffiliationModel:
    """Fit the ranker on the pairs of several transitions stacked."""
    from nlc.brokerage.affiliation import AffiliationPairs

    members, member, affiliation, features = [], [], [], {}
    affiliations: dict[str, int] = {}
    for t, p in transitions:
        offset = len(members)
        members.extend(f"{t.label}|{m}" for m in p.members)
        member.append(p.member + offset)
        affiliation.append(
            np.array([affiliations.setdefault(a, len(affiliations)) for a in p.affiliations])[
                p.affiliation
            ]
        )
        for name, values in p.features.items():
            features.setdefault(name, []).append(values)
    names = [n for n, v in features.items() if len(v) == len(transitions)]
    stacked = AffiliationPairs(
        members=members,
        affiliations=list(affiliations),
        affiliation_names=list(affiliations),
        member=np.concatenate(member),
        affiliation=np.concatenate(affiliation),
        features={n: np.concatenate(features[n]) for n in names},
    )
    chosen = {f"{t.label}|{m}": uid for t, _ in transitions for m, uid in t.joiners.items()}
    return fit_affiliation_model(stacked, chosen)


def cross_validate(t: Transition, pairs, folds: int = 5, seed: int = 0) -> np.ndarray:
    """Hits of the ranker fitted on the other folds (folds grouped by local authority)."""
    from nlc.brokerage.affiliation import AffiliationPairs

    rng = np.random.default_rng(seed)
    las = sorted({t.school[m]["la"] for m in pairs.members})
    fold_of = dict(zip(las, rng.permutation(len(las)) % folds, strict=True))
    member_fold = np.array([fold_of[t.school[m]["la"]] for m in pairs.members])
    out = np.zeros((len(pairs.members), len(HITS)))
    for k in range(folds):
        train_rows = member_fold[pairs.member] != k
        sub = AffiliationPairs(
            members=pairs.members,
            affiliations=pairs.affiliations,
            affiliation_names=pairs.affiliation_names,
            member=pairs.member[train_rows],
            affiliation=pairs.affiliation[train_rows],
            features={n: v[train_rows] for n, v in pairs.features.items()},
        )
        model = fit_affiliation_model(sub, t.joiners)
        hits = expected_hits(pairs, model.score(pairs.features), t.joiners)
        out[member_fold == k] = hits[member_fold == k]
    return out


def coverage(t: Transition, ctx: Context, how: dict[str, str]) -> dict[str, int]:
    """How the joiners were placed: by their postcode, its sector or district, or not at all."""
    levels = [ctx._find(u, how) or "no location" for u in t.joiners]
    return {level: levels.count(level) for level in dict.fromkeys(sorted(levels))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--before", type=Path, default=ENGLAND / "grouplinks_edubaseallacademiesandfree20170403.csv"
    )
    parser.add_argument(
        "--after", type=Path, default=ENGLAND / "grouplinks_edubaseallacademiesandfree20180501.csv"
    )
    parser.add_argument("--train-before", type=Path, help="an earlier snapshot to train on")
    parser.add_argument("--train-after", type=Path, help="the snapshot after --train-before")
    parser.add_argument(
        "--pseudo-years",
        type=int,
        default=2,
        help="pseudo transitions reconstructed from join dates (default 2)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=ENGLAND,
        help="folder of the links, census, postcode and federation files",
    )
    parser.add_argument("--cv", action="store_true", help="also cross-validate within --after")
    parser.add_argument("--no-write", action="store_true", help="do not touch RESULTS.md")
    parser.add_argument("--show-model", action="store_true", help="print the fitted weights")
    parser.add_argument(
        "--fit-default",
        action="store_true",
        help="print, as Python, the model fitted on the training transitions and the evaluated "
        "one (the DEFAULT_MODEL of nlc.brokerage.affiliation)",
    )
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    d = args.data_dir
    before, after = read_snapshot(args.before), read_snapshot(args.after)
    if after.date <= before.date:
        parser.error("--after must be a later snapshot than --before")
    place, religion, how = read_places(
        d / "school_census_2022-23.csv", d / "aux_school_postcode_centroids_bng_census2011.csv"
    )
    partners = federations(d / "edubase_la_maintained_federations_2016.tsv")
    ctx = Context(
        place,
        religion,
        read_links(d / "gias_links_edubasealldata20250422.csv", after.date),
        partners,
    )
    evaluated = real_transition(before, after, ctx.links)
    training = []
    if args.train_before:
        earlier = read_snapshot(args.train_before)
        later = read_snapshot(args.train_after) if args.train_after else before
        if later.date > before.date:
            parser.error("--train-after must not be later than --before")
        train_ctx = Context(
            place,
            religion,
            read_links(d / "gias_links_edubasealldata20250422.csv", later.date),
            partners,
        )
        training.append((real_transition(earlier, later, train_ctx.links), train_ctx))
        source = earlier
    else:
        source = before
    source_ctx = Context(
        place,
        religion,
        read_links(d / "gias_links_edubasealldata20250422.csv", source.date),
        partners,
    )
    for years in range(1, args.pseudo_years + 1):
        training.append((pseudo_transition(source, source_ctx.links, years), source_ctx))
    trained = [(t, pairs_for(t, c)) for t, c in training]
    model = train(trained)
    pairs = pairs_for(evaluated, ctx)
    rows = {
        name: expected_hits(pairs, s, evaluated.joiners)
        for name, s in baseline_scores(pairs).items()
    }
    rows["nlc ranker"] = expected_hits(pairs, model.score(pairs.features), evaluated.joiners)
    if args.cv:
        rows["nlc ranker, 5-fold CV by LA (dev)"] = cross_validate(evaluated, pairs)
    if args.fit_default:
        print(repr(train([*trained, (evaluated, pairs)])))
    report(
        args,
        evaluated,
        trained,
        rows,
        model,
        coverage(evaluated, ctx, how),
        pairs,
        time.perf_counter() - t0,
    )
    return 0


LIMITS = """\
"nlc ranker" is `nlc.brokerage.affiliation` with weights fitted by this run on the training
transitions only. The same check on a later transition, with the code unchanged:
`python benchmarks/bench_trusts.py --before <snapshot 2018-05> --after <snapshot 2019-06>
--train-before <snapshot 2017-04>` (trains on the real 2017-04 -> 2018-05 transition and the
two years rebuilt from the join dates of 2017-04).

What limits the figures:

- A school whose trust has no member in its local authority and none within 15 km is rarely
  found (see the breakdown): nothing in the group links says why it chose a distant trust
  (a sponsor brokered by the regional schools commissioner, a diocese, a chain's own
  expansion plan). Joiners whose trust is not among the ranked candidates (no member near,
  none in the LA, links none, not among the fastest-growing) count as misses.
- Places: 28% of the schools' postcodes are missing from the 2011 centroids file; they are
  placed at the mean of their postcode sector (else district), a few hundred metres to a few
  kilometres off. Schools with no postcode in the 2022-23 census under their URN, their
  successors' or their predecessors' have no place (distance features then say "unknown").
- The census of 2022-23 gives the places and the religious character (a school attribute
  that rarely changes); its `trust` column is not used (it would leak the answer).
- Training uses only data up to the evaluated `--before`: the pseudo transitions rebuilt from
  its join dates cannot see schools that left a trust in the meantime, nor trusts that closed.
- Links (GIAS predecessor/successor and other links established by `--after`, LA-maintained
  federations and foundation trusts of 2016) connect very few joiners to a member of an
  existing trust; they add almost nothing.
"""


def breakdown(pairs, rows: dict[str, np.ndarray], chosen: dict[str, str]) -> str:
    """Hits@10 of each ranking by where the chosen trust stood relative to the school."""
    aff_index = {a: j for j, a in enumerate(pairs.affiliations)}
    target = np.array([aff_index.get(chosen[m], -1) for m in pairs.members])
    true_rows = np.flatnonzero(pairs.affiliation == target[pairs.member])
    group = np.full(len(pairs.members), "not among the candidates", dtype=object)
    f = pairs.features
    for r in true_rows:
        km = np.expm1(f["log_km"][r]) if pairs.near[r] else np.inf
        if f["log_same_la"][r] > 0:
            group[pairs.member[r]] = "has members in the school's LA"
        elif km <= 15:
            group[pairs.member[r]] = "none in its LA, one within 15 km"
        else:
            group[pairs.member[r]] = "none in its LA, none within 15 km"
    out = []
    for g in dict.fromkeys(sorted(group)):
        mask = group == g
        out.append([g, f"{mask.sum():,}", *(f"{h[mask, -1].mean():.3f}" for h in rows.values())])
    return table(["the chosen trust", "joiners", *(f"{n} @10" for n in rows)], out)


def report(args, evaluated, trained, rows, model, placed, pairs, seconds) -> None:
    n = len(evaluated.joiners)
    aff_index = {a: j for j, a in enumerate(pairs.affiliations)}
    target = np.array([aff_index.get(evaluated.joiners[m], -1) for m in pairs.members])
    recalled = np.unique(pairs.member[pairs.affiliation == target[pairs.member]]).size
    counts = "\n".join(f"| {k} | {v:,} |" for k, v in evaluated.counts.items())
    trusts = len(set(evaluated.state.values()))
    lines = [
        f"Evaluated transition: **{evaluated.label}**; {trusts:,} MATs with at least one "
        f"member at the start ({len(evaluated.state):,} member schools).",
        "",
        "| schools | count |",
        "|---|---|",
        counts,
        "",
        "Joiners placed by "
        + ", ".join(f"{level}: {count:,}" for level, count in placed.items())
        + "; "
        f"joiners whose trust is among the ranked candidates: {recalled:,} "
        f"({recalled / max(n, 1):.1%}); "
        f"candidates per joiner: {len(pairs.member) / max(n, 1):.0f} on average.",
        "",
        "Trained on (never the evaluated transition): "
        + "; ".join(f"{t.label}, {len(t.joiners):,} joiners" for t, _ in trained)
        + ".",
        "",
        table(["ranking", "Hits@1", "Hits@5", "Hits@10"], hits_table(rows, n)),
        "",
        breakdown(pairs, rows, evaluated.joiners),
        "",
        f"Run time {seconds:.0f} s. Ties in a baseline's ranking count as broken at random "
        "(expected hits).",
        "",
        LIMITS,
    ]
    text = "\n".join(lines)
    print(text)
    if args.show_model:
        for name, w in sorted(model.weights.items(), key=lambda kv: -abs(kv[1])):
            mean, scale = model.mean[name], model.scale[name]
            print(f"  {name:22s} {w:+.3f}  (mean {mean:.3f}, scale {scale:.3f})")
    if not args.no_write:
        command = "python benchmarks/bench_trusts.py " + " ".join(sys.argv[1:])
        title = "## Academy-trust membership prediction"
        update_results("trusts", f"{title}\n\n`{command.strip()}`\n\n{text}\n")


if __name__ == "__main__":
    sys.exit(main())
