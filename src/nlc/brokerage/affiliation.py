"""Affiliations to suggest to members of a two-mode network: which trust a school might join.

Given memberships ``member -> affiliation`` (schools in trusts, people in groups) and the
members' attributes, :func:`suggest_affiliations` ranks for each member the affiliations it is
not yet in, members with no affiliation included. The signals are the ones that predict which
multi-academy trust a school joins (``benchmarks/bench_trusts.py``): how near the
affiliation's nearest member is, how many of its members share the member's local authority
(the ``la`` column), phase and other attributes, how fast it has been growing (the tie dates),
and links to its members named by the caller (predecessor schools, federations). They are
combined by a conditional-logit ranker (McFadden 1974): the chance that member :math:`i`
picks affiliation :math:`a` among its candidates :math:`C_i` is

.. math:: P(a \\mid i) = \\exp(w^\\top x_{ia}) \\big/ \\sum_{b \\in C_i} \\exp(w^\\top x_{ib}),

with :math:`x_{ia}` the standardised pair features of :data:`FEATURES` and :math:`w` fitted by
:func:`fit_affiliation_model` (maximum likelihood with an L2 penalty). The default weights
were fitted on England's academy trusts up to May 2018.

Candidates are the affiliations with a member among the member's nearest ones (by
``easting``/``northing``, metres), with members in its ``la``, linked to it, or among the
fastest growing; the rest are not ranked.

References
----------
McFadden, D. (1974). Conditional logit analysis of qualitative choice behavior. In P. Zarembka
(ed.), *Frontiers in Econometrics*, 105-142. Academic Press.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from nlc.brokerage.suggestion import Suggestion
from nlc.errors import InputError
from nlc.network.model import NodeTable, TieTable

__all__ = [
    "AffiliationModel",
    "DEFAULT_MODEL",
    "affiliation_pairs",
    "fit_affiliation_model",
    "suggest_affiliations",
]

#: Attribute columns compared between a member and an affiliation's members when present.
MATCH_COLUMNS = ("phase", "kind", "religion")
#: Nearest members (ties) looked at per member when coordinates are known.
NEAREST = 400
#: The fastest-growing affiliations are candidates for every member.
GROWING = 40
#: Distance assumed when a member or the pair has no coordinates (km).
FAR_KM = 200.0

#: Pair features: distance to the nearest member (log km, or unknown), members within 5 and
#: 15 km, members in the member's ``la`` (count and share of the affiliation, and the
#: affiliation's share of the ``la``'s memberships), size, joins in the last year and quarter
#: and joins per member, distance to the members' mean place, the distance's rank among the
#: candidates, links to members, and members sharing each of :data:`MATCH_COLUMNS`.
FEATURES = (
    "log_km",
    "no_km",
    "log_within_5km",
    "log_within_15km",
    "log_same_la",
    "share_same_la",
    "log_size",
    "log_joined_year",
    "log_joined_quarter",
    "growth_rate",
    "log_km_centre",
    "log_km_rank",
    "share_of_la",
    "linked",
    *(f"share_{c}" for c in MATCH_COLUMNS),
    *(f"log_{c}" for c in MATCH_COLUMNS),
)


@dataclass(frozen=True)
class AffiliationModel:
    """Weights of the conditional-logit ranker over standardised pair features.

    ``score = sum(weight[f] * (x[f] - mean[f]) / scale[f])``; features the data lack add 0.
    """

    weights: Mapping[str, float]
    mean: Mapping[str, float] = field(default_factory=dict)
    scale: Mapping[str, float] = field(default_factory=dict)

    def score(self, features: Mapping[str, np.ndarray]) -> np.ndarray:
        """Scores of the pairs whose feature columns are ``features``."""
        total = None
        for name, weight in self.weights.items():
            if name not in features:
                continue
            x = (features[name] - self.mean.get(name, 0.0)) / self.scale.get(name, 1.0)
            total = weight * x if total is None else total + weight * x
        if total is None:
            return np.zeros(len(next(iter(features.values()), [])))
        return total

    def contributions(
        self, features: Mapping[str, np.ndarray], rows: np.ndarray
    ) -> dict[str, list[float]]:
        """What each feature adds to the scores of the pairs ``rows``."""
        return {
            name: (
                weight
                * (features[name][rows] - self.mean.get(name, 0.0))
                / self.scale.get(name, 1.0)
            ).tolist()
            for name, weight in self.weights.items()
            if name in features
        }


# Fitted by ``python benchmarks/bench_trusts.py --fit-default`` on England's multi-academy
# trusts: the 2017-04 -> 2018-05 transition and the two years before it reconstructed from the
# join dates of April 2017 (data up to May 2018 only).
DEFAULT_MODEL = AffiliationModel(
    weights={
        "log_km": -0.7482,
        "no_km": 3.708e-13,
        "log_within_5km": -0.1183,
        "log_within_15km": -0.08792,
        "log_same_la": 0.2283,
        "share_same_la": 0.2592,
        "log_size": -0.6354,
        "log_joined_year": -0.2646,
        "log_joined_quarter": 0.01622,
        "growth_rate": 0.4097,
        "log_km_centre": -0.2608,
        "log_km_rank": -0.4828,
        "share_of_la": -0.002866,
        "linked": 0.001097,
        "share_phase": 0.3095,
        "share_kind": 0.1451,
        "share_religion": 0.8059,
        "log_phase": 0.5099,
        "log_kind": 0.2265,
        "log_religion": 0.7361,
    },
    mean={
        "log_km": 3.693,
        "no_km": 0.008517,
        "log_within_5km": 0.02998,
        "log_within_15km": 0.1339,
        "log_same_la": 0.133,
        "share_same_la": 0.08148,
        "log_size": 1.663,
        "log_joined_year": 0.7545,
        "log_joined_quarter": 0.1839,
        "growth_rate": -0.9088,
        "log_km_centre": 4.098,
        "log_km_rank": 4.143,
        "share_of_la": 0.00605,
        "linked": 8.088e-05,
        "share_phase": 0.5327,
        "share_kind": 0.4553,
        "share_religion": 0.5805,
        "log_phase": 1.088,
        "log_kind": 0.9427,
        "log_religion": 1.008,
    },
    scale={
        "log_km": 0.831,
        "no_km": 0.0919,
        "log_within_5km": 0.1773,
        "log_within_15km": 0.3908,
        "log_same_la": 0.4168,
        "share_same_la": 0.2622,
        "log_size": 0.7966,
        "log_joined_year": 0.7963,
        "log_joined_quarter": 0.4345,
        "growth_rate": 0.7212,
        "log_km_centre": 0.9595,
        "log_km_rank": 0.9587,
        "share_of_la": 0.02613,
        "linked": 0.01028,
        "share_phase": 0.4156,
        "share_kind": 0.3961,
        "share_religion": 0.456,
        "log_phase": 0.9466,
        "log_kind": 0.8438,
        "log_religion": 0.9572,
    },
)


@dataclass
class _Data:
    """Members, affiliations and memberships as integer arrays."""

    members: list[str]
    affiliations: list[str]
    tie_member: np.ndarray
    tie_affiliation: np.ndarray
    tie_day: np.ndarray  # proleptic ordinal of the tie's date, -1 when undated
    xy_km: np.ndarray  # (n_members, 2), nan when unknown
    columns: dict[str, tuple[np.ndarray, list[str]]]  # codes per member (-1 missing), labels
    affiliation_names: list[str]

    @property
    def size(self) -> np.ndarray:
        return np.bincount(self.tie_affiliation, minlength=len(self.affiliations))


def _pairs_of(ties: TieTable | Iterable[Sequence]) -> tuple[list[str], list[str], list]:
    if isinstance(ties, TieTable):
        dates = ties.date if ties.date is not None else [None] * len(ties)
        return list(ties.source), list(ties.target), list(dates)
    source, target, dates = [], [], []
    for k, pair in enumerate(ties):
        if len(pair) not in (2, 3):
            raise InputError(
                f"membership {k + 1} has {len(pair)} values; give (member, affiliation) "
                "or (member, affiliation, date)",
                parameter="ties",
            )
        source.append(str(pair[0]))
        target.append(str(pair[1]))
        dates.append(pair[2] if len(pair) == 3 else None)
    return source, target, dates


def _codes(values: list) -> tuple[np.ndarray, list[str]]:
    labels: dict[str, int] = {}
    codes = np.array(
        [-1 if v in (None, "") else labels.setdefault(str(v), len(labels)) for v in values],
        dtype=np.int64,
    )
    return codes, list(labels)


def _coordinates(nodes: NodeTable, rows: list[int | None]) -> np.ndarray:
    xy = np.full((len(rows), 2), np.nan)
    for axis, name in enumerate(("easting", "northing")):
        column = nodes.attributes.get(name)
        if column is None:
            continue
        for i, r in enumerate(rows):
            value = None if r is None else column[r]
            if value in (None, ""):
                continue
            try:
                xy[i, axis] = float(value) / 1000.0
            except ValueError:
                raise InputError(
                    f"not a number: {value!r}", path=nodes.path, row=nodes.row_of(r), column=name
                ) from None
    return xy


def _prepare(ties: TieTable | Iterable[Sequence], nodes: NodeTable | None) -> _Data:
    source, target, dates = _pairs_of(ties)
    affiliation_set = set(target)
    both = affiliation_set.intersection(source)
    if both:
        raise InputError(
            f"{len(both)} ids are both a member (source) and an affiliation (target), "
            f"e.g. {sorted(both)[0]!r}; the ties list memberships member -> affiliation",
            parameter="ties",
        )
    node_ids = [] if nodes is None else list(nodes.ids)
    members = [n for n in node_ids if n not in affiliation_set]
    member_index = {m: i for i, m in enumerate(members)}
    for s in source:
        if s not in member_index:
            member_index[s] = len(members)
            members.append(s)
    affiliation_index: dict[str, int] = {}
    tie_affiliation = np.array(
        [affiliation_index.setdefault(t, len(affiliation_index)) for t in target], dtype=np.int64
    )
    tie_member = np.array([member_index[s] for s in source], dtype=np.int64)
    tie_day = np.array([d.toordinal() if d else -1 for d in dates], dtype=np.int64)
    affiliations = list(affiliation_index)
    row = {} if nodes is None else {n: i for i, n in enumerate(nodes.ids)}
    rows = [row.get(m) for m in members]
    columns: dict[str, tuple[np.ndarray, list[str]]] = {}
    xy = np.full((len(members), 2), np.nan)
    names = list(affiliations)
    if nodes is not None:
        xy = _coordinates(nodes, rows)
        for name in ("la", *MATCH_COLUMNS):
            if name in nodes.attributes:
                values = nodes.attributes[name]
                columns[name] = _codes([None if r is None else values[r] for r in rows])
        if "name" in nodes.attributes:
            names = [nodes.attributes["name"][row[a]] or a if a in row else a for a in affiliations]
    return _Data(members, affiliations, tie_member, tie_affiliation, tie_day, xy, columns, names)


def _count_matrix(codes: np.ndarray, data: _Data, n_codes: int) -> sp.csr_matrix:
    """codes x affiliations: how many members of each affiliation have each code."""
    known = codes[data.tie_member] >= 0
    return sp.csr_matrix(
        (
            np.ones(int(known.sum())),
            (codes[data.tie_member][known], data.tie_affiliation[known]),
        ),
        shape=(max(n_codes, 1), len(data.affiliations)),
    )


def _nearest(data: _Data, query: np.ndarray, nearest: int):
    """Candidate pairs from the ``nearest`` member ties around each query member.

    Returns query position, affiliation, distance to the nearest member (km) and members
    within 5 and 15 km, one row per pair, and each query's search radius (km).
    """
    from scipy.spatial import cKDTree

    tie_xy = data.xy_km[data.tie_member]
    placed = np.flatnonzero(~np.isnan(tie_xy).any(axis=1))
    q_placed = np.flatnonzero(~np.isnan(data.xy_km[query]).any(axis=1))
    radius = np.full(len(query), np.nan)
    empty = np.empty(0, dtype=np.int64)
    if len(placed) == 0 or len(q_placed) == 0:
        return empty, empty, np.empty(0), empty, empty, radius
    k = min(nearest, len(placed))
    tree = cKDTree(tie_xy[placed])
    dist, pos = tree.query(data.xy_km[query[q_placed]], k=k)
    dist, pos = dist.reshape(len(q_placed), k), pos.reshape(len(q_placed), k)
    radius[q_placed] = dist[:, -1]
    q = np.repeat(q_placed, k)
    a = data.tie_affiliation[placed[pos.ravel()]]
    d = dist.ravel()
    key = q * len(data.affiliations) + a
    order = np.lexsort((d, key))
    key, d = key[order], d[order]
    first = np.r_[True, key[1:] != key[:-1]]
    uniq, min_d = key[first], d[first]
    inverse = np.cumsum(first) - 1
    within5 = np.bincount(inverse, weights=d <= 5.0, minlength=len(uniq))
    within15 = np.bincount(inverse, weights=d <= 15.0, minlength=len(uniq))
    n_aff = len(data.affiliations)
    return uniq // n_aff, uniq % n_aff, min_d, within5, within15, radius


def _extra_candidates(
    data: _Data, query: np.ndarray, links: sp.csr_matrix | None, growing: np.ndarray
) -> np.ndarray:
    """Keys (query position * n_affiliations + affiliation) from the la, links and growth."""
    n_aff = len(data.affiliations)
    keys = [np.add.outer(np.arange(len(query)) * n_aff, growing).ravel()]
    if "la" in data.columns:
        codes, labels = data.columns["la"]
        by_la = _count_matrix(codes, data, len(labels)).tocsr()
        q_codes = codes[query]
        for i in np.flatnonzero(q_codes >= 0):
            row = by_la.indices[by_la.indptr[q_codes[i]] : by_la.indptr[q_codes[i] + 1]]
            keys.append(i * n_aff + row)
    if links is not None:
        linked = links[query] @ _membership(data)
        linked = linked.tocoo()
        keys.append(linked.row.astype(np.int64) * n_aff + linked.col)
    return np.concatenate(keys)


def _membership(data: _Data) -> sp.csr_matrix:
    m = sp.csr_matrix(
        (np.ones(len(data.tie_member)), (data.tie_member, data.tie_affiliation)),
        shape=(len(data.members), len(data.affiliations)),
    )
    m.data[:] = 1.0
    m.sum_duplicates()
    m.data[:] = 1.0
    return m


def _growth(data: _Data, as_of: dt.date | None) -> tuple[np.ndarray, np.ndarray]:
    """Members of each affiliation who joined in the year and the quarter up to ``as_of``."""
    n_aff = len(data.affiliations)
    dated = data.tie_day >= 0
    if not dated.any():
        return np.zeros(n_aff), np.zeros(n_aff)
    end = as_of.toordinal() if as_of is not None else int(data.tie_day[dated].max())
    out = []
    for days in (365, 91):
        recent = dated & (data.tie_day > end - days) & (data.tie_day <= end)
        out.append(np.bincount(data.tie_affiliation[recent], minlength=n_aff).astype(float))
    return out[0], out[1]


def _links_matrix(data: _Data, links: Mapping[str, Iterable[str]] | None):
    if not links:
        return None
    index = {m: i for i, m in enumerate(data.members)}
    rows, cols = [], []
    for member, others in links.items():
        i = index.get(member)
        if i is None:
            continue
        for other in others:
            j = index.get(other)
            if j is not None and j != i:
                rows.append(i)
                cols.append(j)
    n = len(data.members)
    m = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    m.data[:] = 1.0
    return m


@dataclass
class AffiliationPairs:
    """Candidate (member, affiliation) pairs and their features, as :func:`affiliation_pairs`
    returns them: ``member`` and ``affiliation`` index ``members`` and ``affiliations``;
    ``near`` says the distance is exact (the affiliation has one of the member's nearest
    memberships) rather than a lower bound."""

    members: list[str]
    affiliations: list[str]
    affiliation_names: list[str]
    member: np.ndarray
    affiliation: np.ndarray
    features: dict[str, np.ndarray]
    near: np.ndarray | None = None
    la_labels: list[str] = field(default_factory=list)
    member_la: np.ndarray | None = None
    #: Attributes of :data:`MATCH_COLUMNS` with one value for everyone: sharing them says
    #: nothing, so no reason quotes them.
    uniform: frozenset[str] = frozenset()


def affiliation_pairs(
    ties: TieTable | Iterable[Sequence],
    nodes: NodeTable | None = None,
    *,
    for_ids: Iterable[str] | None = None,
    links: Mapping[str, Iterable[str]] | None = None,
    as_of: dt.date | None = None,
    nearest: int = NEAREST,
) -> AffiliationPairs:
    """The candidate affiliations of each member and the features the ranker scores.

    Parameters
    ----------
    ties : TieTable or iterable of (member, affiliation[, date])
        Memberships. Dates (``datetime.date``), when given, say when the member joined and
        measure each affiliation's growth.
    nodes : NodeTable, optional
        Members' attributes: ``la`` (a grouping such as the local authority), ``phase``,
        ``kind``, ``religion`` and ``easting``/``northing`` in metres (British National Grid).
        Members listed here with no tie are members too.
    for_ids : iterable of str, optional
        The members to rank for; by default every member.
    links : mapping, optional
        Member id -> ids of members it is linked to (a predecessor school, a federation).
    as_of : datetime.date, optional
        The end of the growth windows (default: the latest tie date).
    nearest : int
        How many of the nearest memberships to look at for each member.

    Returns
    -------
    AffiliationPairs
        Pairs sorted by member, never an affiliation the member is already in.
    """
    data = _prepare(ties, nodes)
    index = {m: i for i, m in enumerate(data.members)}
    if for_ids is None:
        query = np.arange(len(data.members))
    else:
        wanted = list(dict.fromkeys(str(i) for i in for_ids))
        unknown = [m for m in wanted if m not in index]
        if unknown:
            raise InputError(
                f"{len(unknown)} ids to suggest for are not members: "
                + ", ".join(map(repr, unknown[:5])),
                parameter="for_ids",
            )
        query = np.array([index[m] for m in wanted], dtype=np.int64)
    return _pairs(data, query, _links_matrix(data, links), as_of, nearest)


def _pairs(data: _Data, query: np.ndarray, links, as_of, nearest: int) -> AffiliationPairs:
    n_aff = len(data.affiliations)
    year, quarter = _growth(data, as_of)
    growing = np.argsort(-(year + 1e-3 * data.size), kind="stable")[: min(GROWING, n_aff)]
    q, a, min_d, w5, w15, radius = _nearest(data, query, nearest)
    keys = np.concatenate([q * n_aff + a, _extra_candidates(data, query, links, growing)])
    keys.sort(kind="stable")
    keys = keys[np.r_[True, keys[1:] != keys[:-1]]]
    already = _membership(data)[query].tocoo()
    keys = keys[~np.isin(keys, already.row.astype(np.int64) * n_aff + already.col)]
    pq, pa = keys // n_aff, keys % n_aff
    near_keys = q * n_aff + a
    if len(near_keys):
        near_pos = np.minimum(np.searchsorted(near_keys, keys), len(near_keys) - 1)
        found = near_keys[near_pos] == keys
    else:
        near_pos, found = np.zeros(len(keys), dtype=np.int64), np.zeros(len(keys), dtype=bool)
        min_d = w5 = w15 = np.zeros(1)
    km = np.where(found, min_d[near_pos], radius[pq])
    no_km = np.isnan(km)
    km = np.where(no_km, FAR_KM, km)
    size = data.size.astype(float)
    f = {
        "log_km": np.log1p(km),
        "no_km": no_km.astype(float),
        "log_within_5km": np.log1p(np.where(found, w5[near_pos], 0.0)),
        "log_within_15km": np.log1p(np.where(found, w15[near_pos], 0.0)),
        "log_size": np.log1p(size[pa]),
        "log_joined_year": np.log1p(year[pa]),
        "log_joined_quarter": np.log1p(quarter[pa]),
        "growth_rate": np.log((year[pa] + 1.0) / (size[pa] + 1.0)),
        "log_km_centre": np.log1p(_centre_km(data, query[pq], pa)),
        "log_km_rank": np.log1p(_rank_within(pq, km)),
    }
    members = query[pq]
    for name in ("la", *MATCH_COLUMNS):
        if name not in data.columns:
            continue
        codes, labels = data.columns[name]
        counts = _count_matrix(codes, data, len(labels))
        c = codes[members]
        same = np.where(c >= 0, np.asarray(counts[np.maximum(c, 0), pa]).ravel(), 0.0)
        key = "same_la" if name == "la" else name
        f[f"log_{key}"] = np.log1p(same)
        f[f"share_{key}"] = same / np.maximum(size[pa], 1.0)
        if name == "la":
            in_la = np.bincount(
                codes[data.tie_member][codes[data.tie_member] >= 0], minlength=len(labels)
            )
            f["share_of_la"] = np.where(c >= 0, same / np.maximum(in_la[np.maximum(c, 0)], 1), 0.0)
    if links is not None:
        linked = links[members] @ _membership(data)
        f["linked"] = np.asarray(linked[np.arange(len(members)), pa]).ravel()
    la_codes, la_labels = data.columns.get("la", (None, []))
    return AffiliationPairs(
        members=[data.members[i] for i in query],
        affiliations=data.affiliations,
        affiliation_names=data.affiliation_names,
        member=pq,
        affiliation=pa,
        features=f,
        near=found,
        la_labels=la_labels,
        member_la=None if la_codes is None else la_codes[query],
        uniform=frozenset(
            c for c in MATCH_COLUMNS if c in data.columns and len(data.columns[c][1]) < 2
        ),
    )


def _centre_km(data: _Data, member: np.ndarray, affiliation: np.ndarray) -> np.ndarray:
    """Distance (km) from each member to the mean place of the affiliation's members."""
    xy = data.xy_km[data.tie_member]
    placed = ~np.isnan(xy).any(axis=1)
    n_aff = len(data.affiliations)
    count = np.bincount(data.tie_affiliation[placed], minlength=n_aff)
    centre = (
        np.column_stack(
            [
                np.bincount(data.tie_affiliation[placed], weights=xy[placed, axis], minlength=n_aff)
                for axis in (0, 1)
            ]
        )
        / np.maximum(count, 1)[:, None]
    )
    centre[count == 0] = np.nan
    d = np.hypot(*(data.xy_km[member] - centre[affiliation]).T)
    return np.where(np.isnan(d), FAR_KM, d)


def _rank_within(member: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Rank (0 = smallest) of each value among those of the same member (sorted by member)."""
    order = np.lexsort((value, member))
    rank = np.empty(len(value))
    starts = _group_starts(member[order])
    lengths = np.diff(np.r_[starts, len(order)])
    rank[order] = np.arange(len(order)) - np.repeat(starts, lengths)
    return rank


def _group_starts(member: np.ndarray) -> np.ndarray:
    """Start of each run of equal ``member`` values (pairs are sorted by member)."""
    if len(member) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.r_[True, member[1:] != member[:-1]])


def fit_affiliation_model(
    pairs: AffiliationPairs,
    chosen: Mapping[str, str],
    *,
    l2: float = 1.0,
    features: Sequence[str] | None = None,
) -> AffiliationModel:
    """Fit the conditional-logit ranker to the affiliations members went on to join.

    Parameters
    ----------
    pairs : AffiliationPairs
        Candidates of the members, from :func:`affiliation_pairs` on the earlier state.
    chosen : mapping
        Member id -> the affiliation it joined. Members whose choice is not among their
        candidates teach nothing about the ranking and are left out.
    l2 : float
        Penalty :math:`\\tfrac{l2}{2}\\lVert w \\rVert^2` on the standardised weights.
    features : sequence of str, optional
        The features to use (default: all that the pairs carry).

    Returns
    -------
    AffiliationModel
    """
    from scipy.optimize import minimize

    names = [n for n in (features or FEATURES) if n in pairs.features]
    aff_index = {a: j for j, a in enumerate(pairs.affiliations)}
    target = np.array([aff_index.get(chosen.get(m, ""), -1) for m in pairs.members], dtype=np.int64)
    positive = pairs.affiliation == target[pairs.member]
    keep_member = np.bincount(pairs.member[positive], minlength=len(pairs.members)) == 1
    keep = keep_member[pairs.member]
    if not keep.any():
        raise InputError(
            "no member's chosen affiliation is among its candidates", parameter="chosen"
        )
    x = np.column_stack([pairs.features[n][keep] for n in names])
    y = positive[keep]
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    x = (x - mean) / scale
    starts = _group_starts(pairs.member[keep])
    group = np.cumsum(np.r_[True, pairs.member[keep][1:] != pairs.member[keep][:-1]]) - 1

    def loss(w):
        s = x @ w
        top = np.maximum.reduceat(s, starts)
        e = np.exp(s - top[group])
        z = np.add.reduceat(e, starts)
        p = e / z[group]
        value = -(s[y].sum() - (top + np.log(z)).sum()) + 0.5 * l2 * w @ w
        grad = -(x[y].sum(axis=0) - p @ x) + l2 * w
        return value, grad

    w = minimize(loss, np.zeros(len(names)), jac=True, method="L-BFGS-B").x

    def rounded(values):
        return {n: float(f"{v:.4g}") for n, v in zip(names, values, strict=True)}

    return AffiliationModel(weights=rounded(w), mean=rounded(mean), scale=rounded(scale))


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


#: Counts behind the reasons: the feature that holds log(1 + count) for each.
_COUNTS = {"same_la": "log_same_la", "joined": "log_joined_year", "size": "log_size"}


def _reason_values(pairs: AffiliationPairs, rows: np.ndarray) -> list[dict]:
    """The figures the reasons quote, one plain dict per pair in ``rows``."""
    f = pairs.features
    columns = {
        "km": np.where(f["no_km"][rows] > 0, np.nan, np.expm1(f["log_km"][rows])),
        "near": pairs.near[rows] if pairs.near is not None else np.ones(len(rows), dtype=bool),
    }
    matches = {c: f"log_{c}" for c in MATCH_COLUMNS if c not in pairs.uniform}
    for key, name in {**_COUNTS, **matches}.items():
        if name in f:
            columns[key] = np.rint(np.expm1(f[name][rows])).astype(int)
    if "linked" in f:
        columns["linked"] = f["linked"][rows].astype(int)
    if pairs.member_la is not None:
        la = pairs.member_la[pairs.member[rows]]
        columns["la"] = np.array(pairs.la_labels + [""], dtype=object)[la]
    lists = {key: values.tolist() for key, values in columns.items()}
    return [dict(zip(lists, values, strict=True)) for values in zip(*lists.values(), strict=True)]


def _reasons(v: Mapping, gain: Mapping[str, float]) -> list[str]:
    """Plain sentences for one pair, the ones that raised its score most first."""
    said: list[tuple[float, str]] = []

    def say(names, text):
        said.append((max(gain.get(n, 0.0) for n in names), text))

    if v.get("same_la") and v.get("la"):
        verb = "is" if v["same_la"] == 1 else "are"
        say(("log_same_la", "share_same_la"), f"{v['same_la']} of its members {verb} in {v['la']}")
    if v["km"] == v["km"]:  # not nan
        over = "" if v["near"] else "over "
        say(
            ("log_km", "log_within_5km", "log_km_rank"),
            f"nearest member {over}{v['km']:.1f} km away",
        )
    if v.get("joined"):
        say(
            ("log_joined_year", "growth_rate"),
            f"growing: {_plural(v['joined'], 'member', 'members')} joined in the last year",
        )
    for column in MATCH_COLUMNS:
        if v.get(column):
            say(
                (f"log_{column}", f"share_{column}"),
                f"{v[column]} of its {v['size']} members share its {column}",
            )
    if v.get("linked"):
        say(("linked",), f"linked to {v['linked']} of its members")
    said.sort(key=lambda item: -item[0])
    return [text for _, text in said]


def suggest_affiliations(
    ties: TieTable | Iterable[Sequence],
    nodes: NodeTable | None = None,
    *,
    for_ids: Iterable[str] | None = None,
    k: int = 10,
    links: Mapping[str, Iterable[str]] | None = None,
    as_of: dt.date | None = None,
    model: AffiliationModel | None = None,
    nearest: int = NEAREST,
) -> list[Suggestion]:
    """Suggest to each member the ``k`` affiliations it is likeliest to join.

    Parameters
    ----------
    ties : TieTable or iterable of (member, affiliation[, date])
        Memberships, member -> affiliation (a two-mode ties file as ``nlc`` reads it, or
        plain pairs). Tie dates, when present, measure each affiliation's recent growth.
    nodes : NodeTable, optional
        Attributes of the members (``la``, ``phase``, ``kind``, ``religion``, ``easting``,
        ``northing``) and, for affiliations, a ``name``. Members listed here with no tie
        get suggestions too.
    for_ids : iterable of str, optional
        Members to suggest for (default: every member).
    k : int
        Suggestions per member.
    links, as_of, nearest
        As for :func:`affiliation_pairs` (fewer ``nearest`` is faster: 200 instead of 400
        halves the time and lost 0.005 of Hits@10 on the academy trusts).
    model : AffiliationModel, optional
        The ranker (default :data:`DEFAULT_MODEL`).

    Returns
    -------
    list of Suggestion
        ``kind="affiliation"``, ``source`` the member and ``target`` the affiliation, grouped
        by member in the order of ``for_ids`` (else of the members) and best first within
        each; never an affiliation the member is already in.

    Examples
    --------
    >>> ties = [("s1", "T1"), ("s2", "T1"), ("s3", "T2")]
    >>> nodes = NodeTable("nodes", ["s1", "s2", "s3", "s4"],
    ...                   {"la": ["Leeds", "Leeds", "York", "Leeds"]})
    >>> [(s.target, s.reasons) for s in suggest_affiliations(ties, nodes, for_ids=["s4"])]
    [('T1', ('2 of its members are in Leeds',)), ('T2', ())]
    """
    if k < 1:
        raise InputError(f"must be at least 1, not {k}", parameter="k")
    model = model or DEFAULT_MODEL
    pairs = affiliation_pairs(
        ties, nodes, for_ids=for_ids, links=links, as_of=as_of, nearest=nearest
    )
    scores = model.score(pairs.features)
    order = np.lexsort((-scores, pairs.member))
    starts = _group_starts(pairs.member[order])
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    rows = order[rank < k]
    gains = model.contributions(pairs.features, rows)
    gain_rows = [dict(zip(gains, g, strict=True)) for g in zip(*gains.values(), strict=True)]
    out: list[Suggestion] = []
    for row, values, gain in zip(
        rows.tolist(), _reason_values(pairs, rows), gain_rows, strict=True
    ):
        affiliation = pairs.affiliation[row]
        out.append(
            Suggestion(
                source=pairs.members[pairs.member[row]],
                target=pairs.affiliations[affiliation],
                score=round(float(scores[row]), 4),
                reasons=tuple(_reasons(values, gain)),
                kind="affiliation",
                evidence={
                    "name": pairs.affiliation_names[affiliation],
                    "km": round(values["km"], 2) if values["near"] else None,
                },
            )
        )
    return out
