r"""Introductions: pairs who are not tied but should be, each with the reasons why.

Candidates
----------
Every pair at distance 2 (one or more contacts in common, an open triad), and every pair,
at any distance, where one offers what the other asked for (optionally also bridges at
distance 3, below). Existing ties (in either direction) and self pairs are never suggested.

Scores
------
For a pair :math:`(x, y)` with common neighbours :math:`\Gamma(x) \cap \Gamma(y)`, on the
undirected view of the network (a tie in either direction links; the weights of reciprocal
arcs add up):

.. math::

    \mathrm{RA}(x, y) = \sum_z \frac{1}{k_z}, \quad
    \mathrm{AA}(x, y) = \sum_z \frac{1}{\log k_z}, \quad
    \mathrm{wRA}(x, y) = \sum_z \frac{w_{xz}\, w_{zy}}{s_z},

sums over the common neighbours :math:`z`, with :math:`k_z` the number of :math:`z`'s
contacts, :math:`s_z` the sum of its tie weights and weights divided by their mean (so that
wRA equals RA on an unweighted network). Resource allocation (Zhou, Lü and Zhang 2009) and
its weighted form (Lü and Zhou 2010) rank the pair; Adamic-Adar (Adamic and Adar 2003) is
reported and breaks ties. The score of a suggestion is

.. math::

    \frac{\mathrm{wRA}}{1 + \mathrm{wRA}} (1 + 0.5\,b + 0.25\,\ell)
    + 0.5 \min(o, 2) + 0.1 \min(f, 3),

where :math:`b = 1/\sqrt{t}` when the two are in different groups (communities, or the
``groups`` attribute) with :math:`t` ties between those groups (a bridge), else 0;
:math:`\ell = 1` when their only common neighbour is a lone broker (it stands between many
of its contacts who are not tied: among the busiest tenth, and at least 3 such pairs), else
0; :math:`o` counts what one offers that the other asked for (either way round) and
:math:`f` the shared topics of focus. Optionally (``simulate_gain``) the few best
suggestions are also scored by how much further a practice would spread with the tie, as
the simulation's :func:`nlc.simulation.interventions.best_new_ties` measures it; that gain
is reported as a reason and in the evidence but does not change the order.

All three indices are sparse products :math:`A D^{-1} A` computed by scipy (one SpGEMM
each, in C++, over every pair at once). networkx's ``resource_allocation_index`` and
``adamic_adar_index`` loop in Python over the pairs and intersect neighbour sets one pair at
a time: on a 5,000-organisation area (200,000 pairs at distance 2) its Adamic-Adar took 80
to 90 times the CPU time of the one product that gives the same values, and 5 times that
of :func:`pair_scores`, which computes RA, weighted RA, Adamic-Adar and lone brokers together
(``benchmarks/bench_suggest.py``, ``benchmarks/RESULTS.md``).

With ``max_distance=3``, pairs at distance 3 in different groups are candidates too, as
bridges, scored by :math:`0.5\,b\,\mathrm{RA}_3 / (1 + \mathrm{RA}_3)` with the 3-step
resource allocation :math:`\mathrm{RA}_3(x, y) = \sum 1/(k_z k_w)` over the paths
:math:`x - z - w - y` (the product :math:`A D^{-1} A D^{-1} A`), so below most open triads.

References
----------
Zhou, T., Lü, L. and Zhang, Y.-C. (2009). Predicting missing links via local information.
European Physical Journal B 71, 623-630.

Lü, L. and Zhou, T. (2010). Link prediction in weighted networks: the role of weak ties.
Europhysics Letters 89, 18001.

Adamic, L. A. and Adar, E. (2003). Friends and neighbors on the Web. Social Networks 25,
211-230.
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields

import numpy as np

from nlc.brokerage.suggestion import Suggestion
from nlc.errors import InputError
from nlc.network.model import Network

__all__ = ["DEFAULT_TOP", "PairScores", "node_names", "pair_scores", "suggest_introductions"]

#: Suggestions returned when neither ``top`` nor ``per_node`` is given.
DEFAULT_TOP = 50
#: How many suggestions ``simulate_gain`` simulates (the best ones).
SIMULATED = 5
#: Names listed in a reason before "and N others".
LISTED = 3

Topics = Mapping[str, Iterable[str]] | str | None


@dataclass(frozen=True)
class PairScores:
    """Pairs at distance 2 and their indices, in row-major order of (source, target).

    ``source`` and ``target`` are node indices; ``common`` the number of common neighbours;
    ``broker`` the common neighbour when there is only one, else -1.
    """

    source: np.ndarray
    target: np.ndarray
    common: np.ndarray
    resource_allocation: np.ndarray
    weighted_resource_allocation: np.ndarray
    adamic_adar: np.ndarray
    broker: np.ndarray


def _undirected(network: Network):
    """Weighted (weights over their mean) and binary symmetric adjacency, sorted CSR."""
    weights = network.adjacency(weighted=True)
    if network.directed:
        weights = (weights + weights.T).tocsr()
    weights.sum_duplicates()
    weights.sort_indices()
    if weights.nnz:
        weights.data /= weights.data.mean()
    binary = weights.copy()
    binary.data[:] = 1.0
    return weights, binary


def pair_scores(network: Network, rows: Sequence[int] | None = None) -> PairScores:
    """Resource allocation, weighted RA and Adamic-Adar for every pair at distance 2.

    Parameters
    ----------
    network : Network
        Read as undirected (see the module notes).
    rows : sequence of int, optional
        Only pairs whose source is one of these nodes (then a pair of two of them appears
        both ways round); by default every pair once, ``source < target``.

    Returns
    -------
    PairScores

    Examples
    --------
    A path a - b - c: a and c have one common neighbour, b, with two contacts.

    >>> import numpy as np
    >>> path = Network(list("abc"), np.array([0, 1]), np.array([1, 2]), np.ones(2), False)
    >>> s = pair_scores(path)
    >>> int(s.source[0]), int(s.target[0]), float(s.resource_allocation[0])
    (0, 2, 0.5)
    >>> round(float(s.adamic_adar[0]), 4), int(s.broker[0])
    (1.4427, 1)
    """
    import scipy.sparse as sp

    n = network.n
    weights, binary = _undirected(network)
    degree = np.diff(binary.indptr).astype(np.float64)
    strength = np.asarray(weights.sum(axis=1)).ravel()
    with np.errstate(divide="ignore"):
        inverse = np.where(degree > 0, 1.0 / np.maximum(degree, 1), 0.0)
        # a node with one contact is a common neighbour only of that contact and itself
        inverse_log = np.where(degree > 1, 1.0 / np.log(np.maximum(degree, 2)), 1.0)
        inverse_strength = np.where(strength > 0, 1.0 / np.maximum(strength, 1e-300), 0.0)
    chosen = np.arange(n) if rows is None else np.asarray(rows, dtype=np.int64)
    left, left_w = binary[chosen], weights[chosen]

    def through(diagonal, left_matrix=left, right=binary):
        product = (left_matrix @ sp.diags(diagonal) @ right).tocsr()
        product.sort_indices()
        return product

    common = through(np.ones(n))
    products = [
        through(inverse),
        through(inverse_strength, left_w, weights),
        through(inverse_log),
        through(np.arange(1, n + 1, dtype=np.float64)),  # the id (+1) of a lone broker
    ]
    for product in products:  # same sparsity pattern: every term is positive
        assert np.array_equal(product.indices, common.indices)
    local, target = common.nonzero()
    source = chosen[local]
    existing = _has_tie(binary, source, target)
    keep = (source != target) & ~existing
    if rows is None:
        keep &= source < target
    counts = common.data[keep]
    ra, wra, aa, ids = (p.data[keep] for p in products)
    broker = np.where(counts == 1, np.rint(ids).astype(np.int64) - 1, -1)
    return PairScores(source[keep], target[keep], counts.astype(np.int64), ra, wra, aa, broker)


def _has_tie(binary, source: np.ndarray, target: np.ndarray) -> np.ndarray:
    n = binary.shape[0]
    rows = np.repeat(np.arange(n), np.diff(binary.indptr))
    tied = rows * n + binary.indices  # sorted: CSR rows in order, indices sorted
    return _member(source * n + target, tied)


def _member(keys: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    if not len(sorted_keys):
        return np.zeros(len(keys), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return sorted_keys[at] == keys


def suggest_introductions(
    network: Network,
    *,
    groups: str | None = None,
    offers: Topics = None,
    needs: Topics = None,
    focus: Topics = None,
    for_ids: Sequence[str] | None = None,
    per_node: int | None = None,
    top: int | None = None,
    max_distance: int = 2,
    simulate_gain: bool = False,
    seed: int = 0,
) -> list[Suggestion]:
    r"""Suggest introductions: pairs not tied who should be, best first, with reasons.

    Parameters
    ----------
    network : Network
        NLC's network; directed ties are read as undirected links. A ``name`` attribute
        (else ``label``, as ``nlc export`` writes), when present, names nodes in the reasons.
    groups : str, optional
        Node attribute whose values are groups (sector, phase, ...) for the bridge reason;
        by default the network's Leiden communities (seeded with ``seed``).
    offers, needs, focus : str or mapping, optional
        What each node offers, asked for, and works on: a node attribute holding topics
        separated by ``;`` (or ``,`` or ``|``), or a mapping from node id to topics. By
        default the attributes ``offers``, ``needs`` and ``focus`` when the network has them.
        Matching ignores case and surrounding spaces.
    for_ids : sequence of str, optional
        Suggest only for these nodes (each suggestion's ``source`` is one of them).
    per_node : int, optional
        At most this many suggestions for each node (for ``for_ids`` or for every node).
    top : int, optional
        At most this many suggestions in all. Give ``per_node`` or ``top``, not both;
        with neither, ``top`` is :data:`DEFAULT_TOP`.
    max_distance : {2, 3}
        With 3, pairs at distance 3 in different groups are candidates too (bridges), scored
        by their 3-step resource allocation :math:`\sum 1/(k_z k_w)` over the paths
        :math:`x - z - w - y`: ``0.5 b RA_3 / (1 + RA_3)``, below most open triads.
    simulate_gain : bool
        Also simulate, for the :data:`SIMULATED` best suggestions, how many more nodes a
        practice would reach with the tie (independent cascade, p = 0.1, seeds drawn at
        random in each of 200 runs; :func:`nlc.simulation.interventions.best_new_ties`).
    seed : int
        Seed of the communities and the simulation; the same input gives the same output.

    Returns
    -------
    list of Suggestion
        Kind ``"relationship"``, best first (score, then source and target in node order);
        ``evidence`` holds the figures behind the reasons.

    Raises
    ------
    InputError
        For unknown ids in ``for_ids``, an unknown attribute, or bad ``per_node``/``top``.
    """
    top = _check_limits(per_node, top)
    if max_distance not in (2, 3):
        raise InputError(f"must be 2 or 3, not {max_distance}", parameter="max_distance")
    rows = _rows(network, for_ids)
    scores = pair_scores(network, rows)
    context = _Context.build(network, groups, (offers, needs, focus), seed)
    table = _candidates(network, scores, context, rows, max_distance)
    index, flip = _select(table, rows, network.n, per_node=per_node, top=top)
    picked = _picked(context, table, index, flip)
    suggestions = [_suggestion(network, context, row) for row in picked]
    if simulate_gain:
        suggestions = _with_simulated_gain(network, suggestions, seed)
    return suggestions


def _check_limits(per_node: int | None, top: int | None) -> int | None:
    if per_node is not None and top is not None:
        raise InputError("give per_node or top, not both")
    for name, value in (("per_node", per_node), ("top", top)):
        if value is not None and value < 1:
            raise InputError(f"must be at least 1, not {value}", parameter=name)
    return DEFAULT_TOP if per_node is None and top is None else top


def _rows(network: Network, for_ids: Sequence[str] | None) -> np.ndarray | None:
    if for_ids is None:
        return None
    ids = list(dict.fromkeys(str(i).strip() for i in for_ids if str(i).strip()))
    unknown = [i for i in ids if i not in network.index]
    if unknown:
        shown = ", ".join(map(repr, unknown[:5])) + (" ..." if len(unknown) > 5 else "")
        count = f"{len(unknown)} ids are not nodes" if len(unknown) > 1 else "1 id is not a node"
        raise InputError(f"{count} of the network: {shown}")
    if not ids:
        raise InputError("no ids given to suggest for", parameter="for_ids")
    return np.array([network.index[i] for i in ids], dtype=np.int64)


_SPLIT = re.compile(r"[;,|]")


def _topics(network: Network, spec: Topics, default: str) -> list[dict[str, str]] | None:
    """Per node, its topics: normalised text -> text as written; None when there are none."""
    if spec is None:
        if default not in network.attributes:
            return None
        spec = default
    if isinstance(spec, str):
        if spec not in network.attributes:
            known = ", ".join(sorted(network.attributes)) or "none"
            raise InputError(f"no node attribute {spec!r} (attributes: {known})", column=spec)
        values = [_SPLIT.split(v) if isinstance(v, str) else [] for v in network.attributes[spec]]
    else:
        values = [[]] * network.n
        for node, items in spec.items():
            if node in network.index:
                items = _SPLIT.split(items) if isinstance(items, str) else list(items)
                values[network.index[node]] = items
    out = [{t.strip().casefold(): t.strip() for t in items if t and t.strip()} for items in values]
    return out if any(out) else None


@dataclass
class _Context:
    """What the scores and reasons need beyond the pair indices."""

    names: list[str]
    group: np.ndarray
    group_label: list[str]
    bridgeable: np.ndarray  # per group: False for "(missing)"
    between: tuple[np.ndarray, np.ndarray]  # sorted group-pair keys, ties between them
    broker_load: np.ndarray
    busy: float
    topics: dict[str, list[dict[str, str]] | None]  # offers, needs, focus
    weights: object  # scipy CSR, undirected, weights over their mean
    strength: np.ndarray
    binary: object  # the same, every weight 1

    @classmethod
    def build(cls, network: Network, groups: str | None, topics: tuple, seed: int) -> _Context:
        names = node_names(network)
        weights, binary = _undirected(network)
        strength = np.asarray(weights.sum(axis=1)).ravel()
        group, labels, bridgeable = _groups(network, groups, names, strength, seed)
        coo = binary.tocoo()
        upper = coo.row < coo.col
        a, b = group[coo.row[upper]], group[coo.col[upper]]
        between = np.unique(_pair_key(a, b, len(labels)), return_counts=True)
        load = _broker_load(binary)
        loaded = load[load > 0]
        busy = max(3.0, float(np.quantile(loaded, 0.9))) if len(loaded) else np.inf
        kinds = ("offers", "needs", "focus")
        found = {k: _topics(network, spec, k) for spec, k in zip(topics, kinds, strict=True)}
        return cls(
            names, group, labels, bridgeable, between, load, busy, found, weights, strength, binary
        )

    def ties_between(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        keys, counts = self.between
        key = _pair_key(a, b, len(self.group_label))
        if not len(keys):
            return np.zeros(len(key), dtype=np.int64)
        at = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
        return np.where(keys[at] == key, counts[at], 0)


def _pair_key(a: np.ndarray, b: np.ndarray, size: int) -> np.ndarray:
    return np.minimum(a, b) * size + np.maximum(a, b)


def node_names(network: Network) -> list[str]:
    """Each node's name for the reasons: its ``name`` (or ``label``) attribute, else its id."""
    names = network.attributes.get("name", network.attributes.get("label"))
    if names is None:
        return list(network.ids)
    pairs = zip(names, network.ids, strict=True)
    return [str(v).strip() if v not in (None, "") else i for v, i in pairs]


def _groups(network: Network, column: str | None, names, strength, seed: int):
    """Group code per node, a phrase per group for the reasons, and which groups count."""
    if column is not None:
        from nlc.network.model import group_codes

        codes, labels = group_codes(network, column)
        phrases = [f"{column} {label!r}" for label in labels]
        return codes, phrases, np.array([label != "(missing)" for label in labels])
    from nlc.analysis.communities import communities

    membership = communities(network, seed=seed).membership
    count = int(membership.max()) + 1 if len(membership) else 0
    order = np.lexsort((np.arange(network.n), -strength, membership))  # by community
    first = np.ones(len(order), dtype=bool)
    first[1:] = membership[order][1:] != membership[order][:-1]
    centre = order[first]  # the strongest node of each community
    sizes = np.bincount(membership, minlength=count)
    phrases = [f"the cluster around {names[c]}" for c in centre.tolist()]
    return membership, phrases, sizes > 1  # a node without ties is no cluster to connect


def _broker_load(binary) -> np.ndarray:
    """Per node, the pairs of its contacts who are not tied to each other."""
    degree = np.diff(binary.indptr).astype(np.float64)
    triangles = np.asarray((binary @ binary).multiply(binary).sum(axis=1)).ravel() / 2
    return degree * (degree - 1) / 2 - triangles


def _topic_matrices(context: _Context, n: int) -> dict:
    """Sparse node x topic matrices over one vocabulary, for each kind of topic given."""
    import scipy.sparse as sp

    found = {k: v for k, v in context.topics.items() if v is not None}
    vocabulary: dict[str, int] = {}
    for per_node in found.values():
        for topics in per_node:
            for t in topics:
                vocabulary.setdefault(t, len(vocabulary))
    out = {}
    for kind, per_node in found.items():
        rows = np.repeat(np.arange(n), [len(t) for t in per_node])
        cols = np.array([vocabulary[t] for topics in per_node for t in topics], dtype=np.int64)
        data = np.ones(len(cols))
        out[kind] = sp.csr_matrix((data, (rows, cols)), shape=(n, len(vocabulary)))
    return out


@dataclass
class _Table:
    """Every candidate pair and what scores it; arrays of one length."""

    source: np.ndarray
    target: np.ndarray
    common: np.ndarray
    ra: np.ndarray
    wra: np.ndarray
    aa: np.ndarray
    broker: np.ndarray
    bridge: np.ndarray
    between: np.ndarray
    relief: np.ndarray
    offers: np.ndarray
    focus: np.ndarray
    ra3: np.ndarray
    score: np.ndarray


def _union(keys: np.ndarray, extra: np.ndarray) -> np.ndarray:
    keys = np.sort(np.concatenate([keys, extra]))
    first = np.ones(len(keys), dtype=bool)
    first[1:] = keys[1:] != keys[:-1]
    return keys[first]


def _candidates(network, scores: PairScores, context: _Context, rows, max_distance) -> _Table:
    """Pairs at distance 2 plus pairs matched by offers and needs (and bridges at 3), scored."""
    n = max(network.n, 1)
    matrices = _topic_matrices(context, network.n)
    keys = scores.source * n + scores.target
    extra = _matched_pairs(matrices, rows, network.n)
    if extra is not None:
        src, tgt = np.divmod(extra, n)
        extra = extra[(src != tgt) & ~_has_tie(context.binary, src, tgt)]
        keys = _union(keys, extra)
    three_keys, three = _three_steps(context, rows, keys) if max_distance == 3 else (keys, None)
    if three is None or not len(three_keys):
        three_keys, three = keys[:0], np.zeros(1)  # nothing at distance 3: every lookup misses
    keys = _union(keys, three_keys)
    structural = np.searchsorted(scores.source * n + scores.target, keys)
    found = _member(keys, scores.source * n + scores.target)
    source, target = np.divmod(keys, n)

    def lift(values, missing=0):
        taken = values[np.minimum(structural, max(len(values) - 1, 0))] if len(values) else 0
        return np.where(found, taken, missing)

    common, ra, wra, aa = (
        lift(v)
        for v in (
            scores.common,
            scores.resource_allocation,
            scores.weighted_resource_allocation,
            scores.adamic_adar,
        )
    )
    broker = lift(scores.broker, -1)
    ga, gb = context.group[source], context.group[target]
    between = context.ties_between(ga, gb)
    crossing = (ga != gb) & context.bridgeable[ga] & context.bridgeable[gb]
    bridge = np.where(crossing, 1.0 / np.sqrt(np.maximum(between, 1)), 0.0)
    relief = (broker >= 0) & (context.broker_load[np.maximum(broker, 0)] >= context.busy)
    offers = _row_dot(matrices, "offers", "needs", source, target)
    offers += _row_dot(matrices, "needs", "offers", source, target)
    focus = _row_dot(matrices, "focus", "focus", source, target)
    at = np.minimum(np.searchsorted(three_keys, keys), max(len(three_keys) - 1, 0))
    ra3 = np.where(_member(keys, three_keys), three[at], 0.0)
    structure = wra / (1.0 + wra)
    score = structure * (1 + 0.5 * bridge + 0.25 * relief) + 0.5 * bridge * ra3 / (1 + ra3)
    score = score + 0.5 * np.minimum(offers, 2) + 0.1 * np.minimum(focus, 3)
    return _Table(
        source,
        target,
        common,
        ra,
        wra,
        aa,
        broker,
        bridge,
        between,
        relief,
        offers,
        focus,
        ra3,
        score,
    )


def _three_steps(context: _Context, rows, near: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""Pairs at distance 3 in different groups (bridges), with 3-step resource allocation.

    :math:`\mathrm{RA}_3(x, y) = \sum 1 / (k_z k_w)` over the paths :math:`x - z - w - y`
    (at distance 3 every walk of length 3 is such a path), from the products
    :math:`A D^{-1} A D^{-1} A`. ``near`` holds the keys of the pairs at distance 2.
    Returns sorted keys ``source * n + target`` and the values.
    """
    import scipy.sparse as sp

    binary = context.binary
    n = binary.shape[0]
    degree = np.diff(binary.indptr)
    inverse = sp.diags(np.where(degree > 0, 1.0 / np.maximum(degree, 1), 0.0))
    chosen = np.arange(n) if rows is None else np.asarray(rows)
    three = (binary[chosen] @ inverse @ binary @ inverse @ binary).tocoo()
    source, target = chosen[three.row].astype(np.int64), three.col.astype(np.int64)
    keys = source * n + target
    group = context.group
    keep = (source != target) & ~_has_tie(binary, source, target) & ~_member(keys, near)
    keep &= ~_member(target * n + source, near)
    keep &= (group[source] != group[target]) & context.bridgeable[group[source]]
    keep &= context.bridgeable[group[target]]
    if rows is None:
        keep &= source < target
    order = np.argsort(keys[keep], kind="stable")
    return keys[keep][order], three.data[keep][order]


def _path_of_three(context: _Context, a: int, b: int) -> tuple[int, int] | None:
    """The contacts ``z``, ``w`` of the path ``a - z - w - b`` with the fewest other ties."""
    binary = context.binary

    def contacts(i):
        return binary.indices[binary.indptr[i] : binary.indptr[i + 1]].tolist()

    ends = set(contacts(b))
    best = None
    for z in contacts(a):
        for w in contacts(z):
            if w in ends:
                cost = (len(contacts(z)) * len(contacts(w)), z, w)
                best = cost if best is None or cost < best else best
    return None if best is None else best[1:]


def _matched_pairs(matrices: dict, rows, n: int) -> np.ndarray | None:
    """Keys ``source * n + target`` of pairs where one offers what the other needs."""
    if "offers" not in matrices or "needs" not in matrices:
        return None
    offer, need = matrices["offers"], matrices["needs"]
    if rows is None:
        match = (offer @ need.T + need @ offer.T).tocoo()
        upper = match.row < match.col
        return np.unique(match.row[upper].astype(np.int64) * max(n, 1) + match.col[upper])
    match = (offer[rows] @ need.T + need[rows] @ offer.T).tocoo()
    return np.unique(rows[match.row] * max(n, 1) + match.col.astype(np.int64))


def _row_dot(matrices: dict, first: str, second: str, source, target) -> np.ndarray:
    if first not in matrices or second not in matrices or not len(source):
        return np.zeros(len(source), dtype=np.int64)
    both = matrices[first][source].multiply(matrices[second][target])
    return np.asarray(both.sum(axis=1)).ravel().astype(np.int64)


def _select(table: _Table, rows, n: int, *, per_node: int | None, top: int | None):
    """Indices into ``table`` (and whether to swap the ends) of the suggestions, best first."""
    if per_node is None:
        keep = np.ones(len(table.source), dtype=bool)
        if rows is not None:  # a pair of two named nodes appears both ways round: keep one
            named = np.zeros(n, dtype=bool)
            named[rows] = True
            keep = ~(named[table.target] & (table.target < table.source))
        index = np.flatnonzero(keep)
        order = np.lexsort(
            (table.target[index], table.source[index], -table.aa[index], -table.score[index])
        )
        index = index[order][:top]
        return index, np.zeros(len(index), dtype=bool)
    index = np.arange(len(table.source))
    flip = np.zeros(len(index), dtype=bool)
    if rows is None:  # each pair is stored once: suggest it to both ends
        index, flip = np.concatenate([index, index]), np.concatenate([flip, ~flip])
    source = np.where(flip, table.target[index], table.source[index])
    target = np.where(flip, table.source[index], table.target[index])
    order = np.lexsort((target, -table.aa[index], -table.score[index], source))
    source_sorted = source[order]
    start = np.searchsorted(source_sorted, source_sorted, side="left")
    rank = np.arange(len(order)) - start
    picked = order[rank < per_node]
    best = np.lexsort(
        (target[picked], source[picked], -table.aa[index[picked]], -table.score[index[picked]])
    )
    return index[picked[best]], flip[picked[best]]


def _listing(items: list[str], more: int = 0) -> str:
    """ "a", "a and b", "a, b and c", "a, b, c and 4 others"."""
    if more:
        return ", ".join(items) + f" and {more} other" + ("s" if more > 1 else "")
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _shared_contacts(context: _Context, a: np.ndarray, b: np.ndarray) -> list[list[int]]:
    """Per pair, its first :data:`LISTED` common neighbours by their share of the resource.

    One sparse elementwise product for all the pairs: row ``i`` of ``W[a] * W[b] / s`` holds
    :math:`w_{az} w_{zb} / s_z` at each common neighbour ``z`` of ``a[i]`` and ``b[i]``.
    """
    import scipy.sparse as sp

    with np.errstate(divide="ignore"):
        inverse = np.where(context.strength > 0, 1.0 / context.strength, 0.0)
    w = context.weights
    share = (w[a].multiply(w[b]) @ sp.diags(inverse)).tocoo()
    order = np.lexsort((share.col, -share.data, share.row))
    rows, cols = share.row[order], share.col[order]
    start = np.searchsorted(rows, rows, side="left")
    keep = np.arange(len(rows)) - start < LISTED
    listed: list[list[int]] = [[] for _ in range(len(a))]
    for r, c in zip(rows[keep].tolist(), cols[keep].tolist(), strict=True):
        listed[r].append(c)
    return listed


def _topic_reason(context: _Context, giver: int, taker: int) -> str | None:
    offers, needs = context.topics["offers"], context.topics["needs"]
    if offers is None or needs is None:
        return None
    matched = [text for key, text in offers[giver].items() if key in needs[taker]]
    if not matched:
        return None
    names = context.names
    return f"{names[giver]} offers {_listing(matched)}, which {names[taker]} asked for"


_ROUNDED = ("ra", "wra", "aa", "ra3", "score")


def _picked(context: _Context, table: _Table, index: np.ndarray, flip: np.ndarray) -> list:
    """The chosen rows of ``table`` as named tuples of Python values, ends ``a`` and ``b``."""
    columns = {}
    for f in fields(table):
        values = getattr(table, f.name)[index]
        columns[f.name] = (np.round(values, 6) if f.name in _ROUNDED else values).tolist()
    a = np.where(flip, table.target[index], table.source[index])
    b = np.where(flip, table.source[index], table.target[index])
    columns["a"], columns["b"] = a.tolist(), b.tolist()
    columns["ga"], columns["gb"] = context.group[a].tolist(), context.group[b].tolist()
    columns["load"] = context.broker_load[np.maximum(table.broker[index], 0)].astype(int).tolist()
    columns["shared"] = _shared_contacts(context, a, b)
    row = namedtuple("_Row", list(columns))
    return list(map(row._make, zip(*columns.values(), strict=True)))


def _suggestion(network: Network, context: _Context, row) -> Suggestion:
    a, b = row.a, row.b
    names = context.names
    structure = row.wra / (1 + row.wra)
    reasons: list[tuple[float, str]] = []
    if row.common:
        listed = [names[z] for z in row.shared]
        reasons.append((structure, f"both work with {_listing(listed, row.common - len(listed))}"))
    for giver, taker in ((a, b), (b, a)) if row.offers else ():
        sentence = _topic_reason(context, giver, taker)
        if sentence:
            reasons.append((0.5 * min(row.offers, 2), sentence))
    ga, gb = row.ga, row.gb
    if row.bridge:
        t = row.between
        so_far = f"{t} tie{'s' if t != 1 else ''} between them so far" if t else "none yet"
        sentence = f"would connect {context.group_label[ga]} to {context.group_label[gb]}"
        contribution = 0.5 * row.bridge * (structure + row.ra3 / (1 + row.ra3))
        reasons.append((contribution, f"{sentence} ({so_far})"))
    if row.ra3:
        z, w = _path_of_three(context, a, b)
        reasons.append((0.0, f"they are three steps apart, through {names[z]} and {names[w]}"))
    broker = row.broker
    if row.relief:
        load = row.load
        reasons.append(
            (
                structure * 0.25,
                (
                    f"{names[broker]} is their only link and already stands between {load} pairs "
                    "of its contacts who are not tied; a direct tie would ease that load"
                ),
            )
        )
    focus = context.topics["focus"]
    if row.focus and focus is not None:
        shared_focus = [text for key, text in focus[a].items() if key in focus[b]]
        reasons.append((0.1 * min(len(shared_focus), 3), f"both focus on {_listing(shared_focus)}"))
    reasons.sort(key=lambda r: -r[0])  # stable: ties keep the order above
    evidence = {
        "common_neighbours": int(row.common),
        "resource_allocation": row.ra,
        "weighted_resource_allocation": row.wra,
        "adamic_adar": row.aa,
        "distance": 2 if row.common else (3 if row.ra3 else None),
        "three_step_resource_allocation": row.ra3,
        "groups": [context.group_label[ga], context.group_label[gb]],
        "ties_between_groups": int(row.between),
        "lone_broker": network.ids[broker] if row.relief else None,
        "offer_matches": int(row.offers),
        "shared_focus": int(row.focus),
    }
    return Suggestion(
        source=network.ids[a],
        target=network.ids[b],
        score=row.score,
        reasons=tuple(sentence for _, sentence in reasons),
        kind="relationship",
        evidence=evidence,
    )


def _with_simulated_gain(network: Network, suggestions: list[Suggestion], seed: int):
    """Add the simulated gain in reach of each of the first :data:`SIMULATED` suggestions."""
    from dataclasses import replace

    from nlc.simulation.engine import IndependentCascade, RunOptions
    from nlc.simulation.interventions import best_new_ties

    if network.m == 0:
        return suggestions
    model = IndependentCascade(p=0.1)
    seeds = max(1, network.n // 20)
    out = list(suggestions)
    for k, s in enumerate(suggestions[:SIMULATED]):
        result = best_new_ties(
            network,
            model,
            1,
            [(s.source, s.target)],
            seed_count=seeds,
            options=RunOptions(runs=200, rng=seed, threads=1),
        )[0]
        gain = result["gain"]
        evidence = {
            **s.evidence,
            "simulated_gain": round(gain, 3),
            "simulated_gain_ci95": result["gain_ci95"],
        }
        low, high = result["gain_ci95"]
        if low is None:
            said = f"in simulation a practice would reach {gain:+.2f} members with this tie"
        elif round(gain, 2) > 0 and low > 0:
            said = (
                f"in simulation a practice would reach {gain:.2f} more members on average "
                f"with this tie (95% interval {low:.2f} to {high:.2f})"
            )
        else:
            said = (
                "in simulation this tie makes no clear difference to how far a practice "
                f"spreads ({gain:+.2f} members, 95% interval {low:.2f} to {high:.2f})"
            )
        out[k] = replace(s, reasons=(*s.reasons, said), evidence=evidence)
    return out
