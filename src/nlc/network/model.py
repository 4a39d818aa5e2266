"""The graph model shared by the CLI, the web app and the simulation.

A :class:`Network` is a plain object: node ids, integer arc arrays and node attributes. It is
built from a :class:`TieTable` (ties as read from a file, before cleaning) and an optional
:class:`NodeTable` by :func:`build_network`, which is the one place where the cleaning rules
live: ties naming unknown nodes, duplicates merged with their weights summed, self-loops
dropped, filters by tie type, date and weight.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from nlc.errors import InputError

if TYPE_CHECKING:
    import igraph
    import scipy.sparse as sp

__all__ = [
    "EncodedNames",
    "Network",
    "NodeTable",
    "TieTable",
    "build_network",
    "filter_ties",
    "group_codes",
]


class EncodedNames(Sequence):
    """A column of names held as codes into a list of distinct names, read as a list.

    Item ``i`` is ``names[codes[i]]``. The columnar reader gives a million node names this way
    in a few milliseconds, and :func:`build_network` maps them to node indices by their
    distinct names alone; the list of all the names (:meth:`tolist`) is built only when
    something asks for it.

    Parameters
    ----------
    names : list of str
        The distinct names, in order of first appearance among the items. The sources and
        the targets of a tie table may share one list: it is then in order of first
        appearance reading the sources, then the targets.
    codes : numpy.ndarray of int
        Position in ``names`` of each item.
    """

    __hash__ = None  # compares equal to a list, which is not hashable either

    def __init__(self, names: list[str], codes: np.ndarray):
        self.names = names
        self.codes = codes
        self._list: list[str] | None = None

    def tolist(self) -> list[str]:
        """The names, one per item, as a list (built once)."""
        if self._list is None:
            self._list = np.array(self.names, dtype=object)[self.codes].tolist()
        return self._list

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return self.tolist()[i]
        return self.names[self.codes[i]]

    def __iter__(self):
        return iter(self.tolist())

    def __eq__(self, other) -> bool:
        if isinstance(other, EncodedNames | list | tuple):
            return self.tolist() == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return repr(self.tolist())


@dataclass
class NodeTable:
    """Nodes as read from a file: ids in file order and attribute columns.

    ``rows`` holds the file row (or line) of each node so that messages can point at it.
    """

    path: str
    ids: list[str]
    attributes: dict[str, list[str | None]] = field(default_factory=dict)
    rows: list[int] | None = None

    def row_of(self, i: int) -> int | None:
        return self.rows[i] if self.rows is not None else None


@dataclass
class TieTable:
    """Ties as read from a file, one entry per row, before any cleaning.

    ``weight`` is ``None`` when the file has no weights (every tie then weighs 1). ``directed``
    is set by formats that say so themselves (Pajek ``*Edges``, GraphML ``edgedefault``);
    ``nodes`` by formats that carry their own node list. ``attributes`` holds other text
    values of each tie (provenance, say) for the writers to write; readers leave it empty
    and :func:`build_network` ignores it.
    """

    path: str
    source: list[str] | EncodedNames
    target: list[str] | EncodedNames
    weight: np.ndarray | None = None
    type: list[str | None] | None = None
    date: list[dt.date | None] | None = None
    rows: Sequence[int] | None = None
    directed: bool | None = None
    nodes: NodeTable | None = None
    attributes: dict[str, list[str | None]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.source)

    def row_of(self, i: int) -> int | None:
        return self.rows[i] if self.rows is not None else None

    def select(self, keep: np.ndarray) -> TieTable:
        """Return the ties where the boolean mask ``keep`` is true."""
        idx = np.flatnonzero(keep)

        def pick(values):
            return None if values is None else [values[i] for i in idx]

        return TieTable(
            path=self.path,
            source=pick(self.source),
            target=pick(self.target),
            weight=None if self.weight is None else self.weight[idx],
            type=pick(self.type),
            date=pick(self.date),
            rows=pick(self.rows),
            directed=self.directed,
            nodes=self.nodes,
            attributes={name: pick(values) for name, values in self.attributes.items()},
        )


@dataclass
class Network:
    """A one-mode network: ``n`` nodes and ``m`` distinct ties, no self-loops.

    Parameters
    ----------
    ids : list of str
        Node ids; node ``i`` of the arrays below is ``ids[i]``.
    source, target : numpy.ndarray of int64
        Tie ends. For an undirected network each edge is stored once with
        ``source < target``.
    weight : numpy.ndarray of float64
        Tie weights (1.0 when the input had none).
    directed : bool
    attributes : dict
        Node attribute columns, each a list of ``n`` values (``None`` where missing).
    warnings : list of str
        What cleaning changed, for the user to read.
    """

    ids: list[str]
    source: np.ndarray
    target: np.ndarray
    weight: np.ndarray
    directed: bool
    attributes: dict[str, list] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    _igraph: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def m(self) -> int:
        return len(self.source)

    @property
    def weighted(self) -> bool:
        return bool(self.m) and not np.all(self.weight == 1.0)

    @cached_property
    def index(self) -> dict[str, int]:
        return {node: i for i, node in enumerate(self.ids)}

    def arcs(self) -> tuple[np.ndarray, np.ndarray]:
        """Arc list with each undirected edge given in both directions (sna's convention)."""
        if self.directed:
            return self.source, self.target
        return (
            np.concatenate([self.source, self.target]),
            np.concatenate([self.target, self.source]),
        )

    def adjacency(self, weighted: bool = False) -> sp.csr_matrix:
        """Sparse ``n`` x ``n`` adjacency matrix; symmetric when undirected."""
        import scipy.sparse as sp

        src, tgt = self.arcs()
        if weighted:
            data = self.weight if self.directed else np.concatenate([self.weight, self.weight])
        else:
            data = np.ones(len(src))
        return sp.csr_matrix((data, (src, tgt)), shape=(self.n, self.n))

    def to_igraph(self, weighted: bool = True) -> igraph.Graph:
        """The network as an igraph graph (with a ``weight`` edge attribute if ``weighted``).

        The graph is built once per network and shared: callers must not change it (use
        igraph's copying methods such as ``as_undirected``).
        """
        import igraph

        graph = self._igraph.get(weighted)
        if graph is None:
            # A list of pairs converts about 3 times faster than an (m, 2) array.
            edges = list(zip(self.source.tolist(), self.target.tolist(), strict=True))
            graph = igraph.Graph(n=self.n, edges=edges, directed=self.directed)
            if weighted:
                graph.es["weight"] = self.weight
            self._igraph[weighted] = graph
        return graph

    def degrees(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return (degree, in-degree, out-degree) counting ties, not weights.

        For a directed network degree is in + out (sna's ``cmode="freeman"``); for an
        undirected one all three are the number of edges at the node.
        """
        out_deg = np.bincount(self.source, minlength=self.n)
        in_deg = np.bincount(self.target, minlength=self.n)
        if self.directed:
            return out_deg + in_deg, in_deg, out_deg
        deg = out_deg + in_deg
        return deg, deg, deg


def group_codes(network: Network, column: str) -> tuple[np.ndarray, list[str]]:
    """Integer group code per node for an attribute column, and the group labels.

    Nodes whose value is missing form their own group labelled ``"(missing)"``, so that every
    node belongs to exactly one group, as sna and UCINET require of a partition.
    """
    if column not in network.attributes:
        known = ", ".join(sorted(network.attributes)) or "none"
        raise InputError(f"no node attribute {column!r} to group by (attributes: {known})")
    values = ["(missing)" if v in (None, "") else str(v) for v in network.attributes[column]]
    labels = sorted(set(values), key=_natural_key)
    code = {label: i for i, label in enumerate(labels)}
    return np.fromiter((code[v] for v in values), dtype=np.int64, count=len(values)), labels


def _natural_key(label: str) -> tuple:
    try:
        return (0, float(label), label)
    except ValueError:
        return (1, 0.0, label.casefold())


def build_network(
    ties: TieTable,
    nodes: NodeTable | None = None,
    *,
    directed: bool | None = None,
    add_missing_nodes: bool = False,
    types: list[str] | None = None,
    as_of: dt.date | None = None,
    min_weight: float | None = None,
) -> Network:
    """Clean ties and nodes into a :class:`Network`.

    Rules, in order: keep ties of the named ``types``; keep ties dated on or before
    ``as_of`` (undated ties are kept, with a warning); drop self-loops (warning); merge
    duplicate ties, summing their weights (for an undirected network ``a-b`` and ``b-a`` are
    the same tie); with ``min_weight``, keep ties whose summed weight is at least
    ``min_weight`` and set every weight to 1 (dichotomise).

    Raises
    ------
    InputError
        When a tie names a node the node table lacks (unless ``add_missing_nodes``), when no
        tie has the requested type, or when the node table repeats an id.
    """
    warnings: list[str] = []
    if directed is None:
        directed = ties.directed if ties.directed is not None else True
    nodes = nodes if nodes is not None else ties.nodes
    ties = filter_ties(ties, types=types, as_of=as_of, warnings=warnings)

    ids, src, tgt = _tie_ends(ties, nodes, add_missing_nodes)
    n_added = len(ids) - (len(nodes.ids) if nodes is not None else 0)
    if nodes is not None and n_added:
        warnings.append(f"{n_added} nodes named only in the ties were added (--add-missing-nodes)")
    weight = np.ones(len(src)) if ties.weight is None else np.asarray(ties.weight, dtype=np.float64)

    loops = src == tgt
    if loops.any():
        warnings.append(f"{int(loops.sum())} self-loops dropped (a tie from a node to itself)")
        src, tgt, weight = src[~loops], tgt[~loops], weight[~loops]
    zero = weight == 0
    if zero.any():
        warnings.append(f"{int(zero.sum())} ties of weight 0 dropped")
        src, tgt, weight = src[~zero], tgt[~zero], weight[~zero]

    if not directed:
        src, tgt = np.minimum(src, tgt), np.maximum(src, tgt)
    n = len(ids)
    uniq, weight = _merge_duplicates(src * n + tgt, weight, weighted=ties.weight is not None)
    if len(uniq) < len(src):
        warnings.append(f"{len(src) - len(uniq)} duplicate ties merged (weights summed)")
        _check_merged_weights(weight, uniq, ids, ties.path)
    src, tgt = np.divmod(uniq, max(n, 1))
    if min_weight is not None:
        strong = weight >= min_weight
        dropped = int((~strong).sum())
        if dropped:
            warnings.append(f"{dropped} ties below --min-weight {min_weight:g} dropped")
        src, tgt, weight = src[strong], tgt[strong], np.ones(int(strong.sum()))

    attributes: dict[str, list] = {}
    if nodes is not None:
        for name, values in nodes.attributes.items():
            attributes[name] = list(values) + [None] * (n - len(values))
    return Network(
        ids=ids,
        source=src.astype(np.int64),
        target=tgt.astype(np.int64),
        weight=np.asarray(weight, dtype=np.float64),
        directed=directed,
        attributes=attributes,
        warnings=warnings,
    )


def _tie_ends(
    ties: TieTable, nodes: NodeTable | None, add_missing_nodes: bool
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The node ids and each tie's source and target index; unknown ends are refused.

    Without a node table the ids are the names in the ties in order of first appearance,
    sources first; ties read by columns (:class:`EncodedNames` sharing their names in that
    order) already hold them, and their codes are the indices.
    """
    source, target = ties.source, ties.target
    if (
        nodes is None
        and isinstance(source, EncodedNames)
        and isinstance(target, EncodedNames)
        and source.names is target.names
    ):
        size = len(source.names)
        used = np.bincount(source.codes, minlength=size) + np.bincount(target.codes, minlength=size)
        if used.all():
            return list(source.names), source.codes.astype(np.int64), target.codes.astype(np.int64)
    ids, index = index_nodes(nodes)
    grow = nodes is None or add_missing_nodes
    src, unknown_src = resolve_nodes(source, index, ids, grow)
    tgt, unknown_tgt = resolve_nodes(target, index, ids, grow)
    if unknown_src or unknown_tgt:
        _report_unknown(ties, nodes, unknown_src, unknown_tgt)
    return ids, src, tgt


def _merge_duplicates(
    key: np.ndarray, weight: np.ndarray, *, weighted: bool
) -> tuple[np.ndarray, np.ndarray]:
    """The distinct tie keys in order, and each one's weight: the sum of its ties' weights.

    A file in order needs no sort; weights are summed in file order (as ``bincount`` adds),
    so the sums do not depend on the sort. Without weights (all 1) the order within equal
    keys does not matter and the keys alone are sorted, faster than sorting an index.
    """
    order = None
    if len(key) > 1 and not np.all(key[:-1] <= key[1:]):
        if weighted:
            order = np.argsort(key, kind="stable")  # one sort serves the merge and the order
            key = key[order]
        else:
            key = np.sort(key)
    first = np.ones(len(key), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    uniq = key[first]
    if len(uniq) == len(key):
        return uniq, weight if order is None else weight[order]
    inverse = np.cumsum(first) - 1
    if order is not None:  # back to file order
        in_file_order = np.empty_like(inverse)
        in_file_order[order] = inverse
        inverse = in_file_order
    return uniq, np.bincount(inverse, weights=weight, minlength=len(uniq))


def _check_merged_weights(weight: np.ndarray, keys: np.ndarray, ids: list, path: str) -> None:
    """Refuse merged duplicate ties whose weights add up past the float range."""
    overflow = ~np.isfinite(weight)
    if overflow.any():
        source, target = divmod(int(keys[np.flatnonzero(overflow)[0]]), max(len(ids), 1))
        raise InputError(
            f"the weights of the {int(overflow.sum())} tie(s) repeated in the file add up to "
            f"more than the largest number a weight may be (first: {ids[source]} to "
            f"{ids[target]}); use smaller weights",
            path=path,
            column="weight",
        )


def filter_ties(
    ties: TieTable,
    *,
    types: list[str] | None = None,
    as_of: dt.date | None = None,
    warnings: list[str] | None = None,
) -> TieTable:
    """Keep ties of the named ``types`` (case ignored) dated on or before ``as_of``.

    Undated ties are kept by ``as_of``; a note saying how many is appended to ``warnings``.
    """
    keep = np.ones(len(ties), dtype=bool)
    if types:
        if ties.type is None:
            raise InputError(
                "needs a 'type' column, which the ties lack", path=ties.path, parameter="types"
            )
        wanted = {t.casefold() for t in types}
        present = {t.casefold() for t in ties.type if t}
        missing = sorted(wanted - present)
        if missing:
            raise InputError(
                f"no tie has type {', '.join(map(repr, missing))}; "
                f"types present: {', '.join(sorted(present)) or 'none'}",
                path=ties.path,
                column="type",
            )
        keep &= np.array([bool(t) and t.casefold() in wanted for t in ties.type], dtype=bool)
    if as_of is not None:
        if ties.date is None:
            raise InputError(
                "needs a 'date' column, which the ties lack", path=ties.path, parameter="as_of"
            )
        undated = sum(1 for d in ties.date if d is None)
        keep &= np.array([d is None or d <= as_of for d in ties.date], dtype=bool)
        if undated and warnings is not None:
            warnings.append(f"{undated} ties have no date and were kept by --as-of {as_of}")
    return ties if keep.all() else ties.select(keep)


def index_nodes(nodes: NodeTable | None) -> tuple[list[str], dict[str, int]]:
    """The node ids and the index of each, refusing a repeated id."""
    if nodes is None:
        return [], {}
    index: dict[str, int] = {}
    for i, node in enumerate(nodes.ids):
        if node in index:
            first = nodes.row_of(index[node])
            raise InputError(
                f"duplicate node id {node!r} (first at row {first})",
                path=nodes.path,
                row=nodes.row_of(i),
                column="id",
            )
        index[node] = i
    return list(nodes.ids), index


def resolve_nodes(
    names: list[str] | EncodedNames, index: dict[str, int], ids: list[str], grow: bool
) -> tuple[np.ndarray, list[int]]:
    """Map node names to indices, adding unknown names if ``grow``, else listing them.

    Unknown names are added in order of first appearance. Long lists are matched by
    pyarrow's hash join (about 20 times faster than a dictionary look-up per name), and
    :class:`EncodedNames` by their distinct names only.
    """
    if isinstance(names, EncodedNames):
        return _resolve_encoded(names, index, ids, grow)
    if len(names) >= _ARROW_FROM:
        return _resolve_arrow(names, index, ids, grow)
    out = np.empty(len(names), dtype=np.int64)
    unknown: list[int] = []
    for i, name in enumerate(names):
        j = index.get(name)
        if j is None:
            if not grow:
                unknown.append(i)
                continue
            j = index[name] = len(ids)
            ids.append(name)
        out[i] = j
    return out, unknown


def _resolve_encoded(
    names: EncodedNames, index: dict[str, int], ids: list[str], grow: bool
) -> tuple[np.ndarray, list[int]]:
    """:func:`resolve_nodes` for :class:`EncodedNames` whose distinct names are in order of
    first appearance among their items (as :meth:`~nlc.network.tables.Table.encode` gives
    them), with the same result."""
    used = np.bincount(names.codes, minlength=len(names.names)) > 0
    distinct = names.names if used.all() else [names.names[k] for k in np.flatnonzero(used)]
    if grow and not index:  # every name is new, in order of first appearance
        index.update(zip(distinct, range(len(ids), len(ids) + len(distinct)), strict=True))
        ids.extend(distinct)
        at = np.arange(len(distinct), dtype=np.int64)
    else:
        at, missing = resolve_nodes(distinct, index, ids, grow)
        at[missing] = -1
    lookup = np.full(len(names.names), -1, dtype=np.int64)
    lookup[used] = at
    out = lookup[names.codes]
    unknown = [] if grow else np.flatnonzero(out < 0).tolist()
    return out, unknown


#: Lists of names at least this long are resolved by :func:`_resolve_arrow`.
_ARROW_FROM = 10_000


def _resolve_arrow(
    names: list[str], index: dict[str, int], ids: list[str], grow: bool
) -> tuple[np.ndarray, list[int]]:
    """:func:`resolve_nodes` by pyarrow's ``index_in``, with the same result."""
    import pyarrow as pa
    import pyarrow.compute as pc

    names_array = pa.array(names, type=pa.string())
    codes = pc.index_in(names_array, value_set=pa.array(ids, type=pa.string()))
    missing = pc.is_null(codes)
    if grow and pc.any(missing).as_py():
        for name in pc.unique(names_array.filter(missing)).to_pylist():
            index[name] = len(ids)
            ids.append(name)
        codes = pc.index_in(names_array, value_set=pa.array(ids, type=pa.string()))
        missing = pc.is_null(codes)
    unknown = np.flatnonzero(missing.to_numpy(zero_copy_only=False)).tolist()
    out = codes.fill_null(-1).to_numpy().astype(np.int64)
    return out, unknown


def _report_unknown(
    ties: TieTable, nodes: NodeTable, unknown_src: list[int], unknown_tgt: list[int]
) -> None:
    """Raise one error naming the first few ties whose ends are not in the nodes file."""
    bad = sorted(
        [(i, "source", ties.source[i]) for i in unknown_src]
        + [(i, "target", ties.target[i]) for i in unknown_tgt]
    )
    names = sorted({name for _, _, name in bad})
    shown = ", ".join(f"{name!r} (row {ties.row_of(i)}, {col})" for i, col, name in bad[:5])
    more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
    first, column = bad[0][0], bad[0][1]
    raise InputError(
        f"{len(names)} node ids in the ties are not in {nodes.path}: {shown}{more}; "
        "add them to the nodes file or pass --add-missing-nodes",
        path=ties.path,
        row=ties.row_of(first),
        column=column,
    )
