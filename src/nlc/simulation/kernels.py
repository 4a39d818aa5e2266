r"""Compiled loops of the simulation: cascade batches, threshold runs, reverse-reachable sets.

No maintained library offers diffusion runs that are reproducible whatever the number of
threads and that carry per-step curves and per-node counts out of the hot loop (NDlib is pure
Python; cynetdiff runs one model at a time), so these loops are written here with numba.

Bit-parallel cascades
---------------------
The cascade model runs 64 runs at once: run ``r`` is lane ``r % 64`` of batch ``r // 64``,
each node holds a 64-bit mask of the runs in which it has adopted, and one level of the
cascade sweeps the nodes that are new in any lane *in node order*. Memory is then read almost
sequentially, which on large networks matters more than the arithmetic (a random adjacency
fetch costs hundreds of nanoseconds).

Randomness without shared state
-------------------------------
Every random draw is a pure function of the user's seed and of *what* is drawn, never of the
order in which threads run or nodes are processed. With ``mix`` the SplitMix64 output
function (Steele, Lea & Flood 2014) and fixed odd constants :math:`\gamma, \gamma_2, \ldots`:

* batch ``b`` has the key :math:`k_b = \mathrm{mix}((s \oplus c) + b\gamma)`;
* arc ``i`` of ``u``'s list (``u``'s ``i``-th out-arc in the direction of flow) is *live* in
  lane ``l`` when :math:`U_l < p_{ui}`, with :math:`U_l` a 53-bit uniform whose bits are bit
  ``l`` of the words :math:`w_k = \mathrm{mix}(\alpha + k\gamma)`, :math:`k = 0, 1, \ldots`
  (most significant first) and :math:`\alpha = k_b + (2^{32}u + i)\gamma_2`. The 64 lanes are
  compared with :math:`p` at once, bit by bit (bit-sliced): a lane is decided at the first
  bit where its uniform and :math:`p`'s binary expansion differ, so about
  :math:`\log_2 64 + 2` words decide all 64 lanes, and :math:`P(\text{live}) =
  \lfloor 2^{53} p \rfloor / 2^{53}` exactly for every arc's own :math:`p` (no thinning;
  :math:`p = 1` is live in every lane). The 64 lanes' live masks of ``u``'s arcs are drawn
  when ``u`` first adopts in the batch and kept until the batch ends; a node new in lanes
  :math:`d` then passes the practice to ``v`` in the lanes :math:`d \wedge \mathrm{live}`
  where ``v`` has not adopted, first writing these candidates out and then applying them
  without branches (the random memory accesses then overlap);
* a run's outcome is thus fixed, before the run starts, by which arcs are live (Kempe,
  Kleinberg & Tardos's live-arc view): two networks laid out alike (see
  :func:`nlc.simulation.engine.prepare`) share the live arcs they have in common (common
  random numbers, which make scenario differences much more precise), and an arc whose
  probability differs between them is live in the second whenever it is live in the first
  and its probability there is not lower (the same uniform is compared with both);
* run ``r``'s random seeds and random thresholds come from the stream
  :math:`\mathrm{mix}(\mathrm{mix}(s) + r\gamma)` with other salts.

Batches (and threshold runs) are independent, so they can go to any thread; per-node counts
are integers whose sums do not depend on the order of addition.

Layout
------
Each kernel does one job for one model: :func:`cascade_record` and :func:`threshold_record`
keep what a summary needs (per-node counts, final reach and new adopters per step of every
run), :func:`cascade_total` and :func:`threshold_total` only the total reach (for the
optimisers), :func:`cascade_trace` and :func:`threshold_run` one run step by step. They take
the network packed once as :class:`CascadeArcs` or :class:`ThresholdArcs` and the runs'
starting point as a :class:`Plan`, and share small compiled steps (placing seeds, taking the
frontier, passing the practice along live arcs). The Python wrappers that check the input
and split the runs among threads are in :mod:`nlc.simulation.engine`
(:func:`~nlc.simulation.engine.simulate`, :func:`~nlc.simulation.engine.total_adopters`,
:func:`~nlc.simulation.engine.trace_run`).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.core import cgutils
from numba.extending import intrinsic

GAMMA = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
#: Shift amounts, as unsigned 64-bit integers like the words they shift.
_S1, _S2, _S4, _S11, _S27, _S30, _S31, _S32, _S56 = (
    np.uint64(s) for s in (1, 2, 4, 11, 27, 30, 31, 32, 56)
)
_SEED_SALT = np.uint64(0x5EED5EED5EED5EED)
_THETA_SALT = np.uint64(0x7E7A7E7A7E7A7E7A)
_TWO53 = 9007199254740992.0
_BATCH_SALT = np.uint64(0xBA7C4BA7C4BA7C4B)
_GAMMA2 = np.uint64(0xD1B54A32D192ED03)
_TWO53_INT = np.uint64(1 << 53)
_ONE = np.uint64(1)
_ZERO = np.uint64(0)
_K1 = np.uint64(0x5555555555555555)
_K2 = np.uint64(0x3333333333333333)
_K4 = np.uint64(0x0F0F0F0F0F0F0F0F)
_KH = np.uint64(0x0101010101010101)
#: Runs per batch of the bit-parallel cascade kernel.
LANES = 64


@njit(cache=True, nogil=True, inline="always")
def mix64(z):  # pragma: no cover - compiled
    """SplitMix64 output function (Stafford's Mix13): a bijection of 64-bit words."""
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@intrinsic
def _prefetch(typingctx, arr, idx):  # pragma: no cover - compiled
    """Ask the CPU to bring ``arr[idx]`` into its caches (a hint: no effect on any result)."""

    def codegen(context, builder, signature, args):
        ty = signature.args[0]
        ary = context.make_array(ty)(context, builder, args[0])
        ptr = cgutils.get_item_pointer(context, builder, ty, ary, [args[1]], wraparound=False)
        byte_ptr, i32 = ir.IntType(8).as_pointer(), ir.IntType(32)
        fnty = ir.FunctionType(ir.VoidType(), [byte_ptr, i32, i32, i32])
        fn = cgutils.get_or_insert_function(builder.module, fnty, "llvm.prefetch.p0i8")
        builder.call(fn, [builder.bitcast(ptr, byte_ptr), i32(0), i32(3), i32(1)])
        return context.get_dummy_value()

    return types.void(arr, idx), codegen


#: How far ahead of use the kernels ask for random memory (frontier nodes, candidates).
_AHEAD = 8


@njit(cache=True, nogil=True)
def run_key(seed_key, run):  # pragma: no cover - compiled
    """Key of run ``run``: position ``run`` of the SplitMix64 stream started at ``seed_key``."""
    return mix64(seed_key + np.uint64(run) * GAMMA)


@njit(cache=True, nogil=True, inline="always")
def _uniform_index(key, i, n):  # pragma: no cover - compiled
    """The ``i``-th uniform draw from ``range(n)`` of the stream ``key``."""
    z = mix64(key + np.uint64(i) * GAMMA)
    return np.int64((z >> _S11) % np.uint64(n))


@njit(cache=True, nogil=True)
def _place_seeds(seeds, n_random, key, n, mark, stamp, queue):  # pragma: no cover - compiled
    """Put the run's seeds in ``queue``; return how many. Fixed seeds, or ``n_random`` drawn."""
    tail = 0
    if n_random > 0:
        skey = key ^ _SEED_SALT
        draw = 0
        while tail < n_random:
            v = _uniform_index(skey, draw, n)
            draw += 1
            if stamp[v] != mark:
                stamp[v] = mark
                queue[tail] = v
                tail += 1
    else:
        for s in seeds:
            if stamp[s] != mark:
                stamp[s] = mark
                queue[tail] = s
                tail += 1
    return tail


@njit(cache=True, nogil=True)
def _grow(buf, used, extra):  # pragma: no cover - compiled
    if used + extra <= buf.shape[0]:
        return buf
    size = max(2 * buf.shape[0], used + extra)
    out = np.empty(size, buf.dtype)
    _copy(out, 0, buf, used)
    return out


@njit(cache=True, nogil=True)
def _copy(dst, at, src, count):  # pragma: no cover - compiled
    """``dst[at : at + count] = src[:count]`` as a loop.

    numba compiles a slice assignment with a shape check whose error message is built from
    strings at run time; compiling that formatting took most of a first run's 7.5 s.
    """
    for i in range(count):
        dst[at + i] = src[i]


@njit(cache=True, nogil=True, inline="always")
def popcount(x):  # pragma: no cover - compiled
    x = x - ((x >> _S1) & _K1)
    x = (x & _K2) + ((x >> _S2) & _K2)
    x = (x + (x >> _S4)) & _K4
    return np.int64((x * _KH) >> _S56)


@njit(cache=True, nogil=True)
def batch_key(seed_key, batch):  # pragma: no cover - compiled
    """Key of batch ``batch`` (runs ``64 batch .. 64 batch + 63``) for the arc coins."""
    return mix64((seed_key ^ _BATCH_SALT) + np.uint64(batch) * GAMMA)


@njit(cache=True, nogil=True)
def _vc_add(vc, x):  # pragma: no cover - compiled
    """Add 1 to the lanes of ``x`` in the bit-sliced (vertical) counter ``vc``."""
    j = 0
    while x != _ZERO:
        carry = vc[j] & x
        vc[j] ^= x
        x = carry
        j += 1


class CascadeArcs(NamedTuple):
    """A network compiled for the cascade kernels; build it with :func:`cascade_arcs`.

    ``indptr``/``indices`` are the out-arcs in the direction of flow (CSR; ``indices`` as
    32-bit integers when the nodes allow, to halve what the threads read) and ``thr[i]`` arc
    ``i``'s probability as :math:`\\lfloor 2^{53} p \\rfloor` (see :func:`arc_lanes`);
    ``max_degree`` is the longest out-arc list.
    """

    indptr: np.ndarray
    indices: np.ndarray
    thr: np.ndarray
    max_degree: int


class ThresholdArcs(NamedTuple):
    """A network compiled for the threshold kernels.

    ``need[v]`` adopting in-neighbours make ``v`` adopt; with ``random_share`` it is drawn in
    every run from ``indeg[v]`` instead (see :func:`threshold_run`).
    """

    indptr: np.ndarray
    indices: np.ndarray
    need: np.ndarray
    indeg: np.ndarray
    random_share: bool


class Plan(NamedTuple):
    """How runs start and stop, the same for every run of a simulation.

    ``seeds`` adopt at step 0 in every run, unless ``n_random > 0``: then that many seeds are
    drawn afresh in each run. ``seed_key`` is the user's seed as a 64-bit key
    (:func:`nlc.simulation.engine.seed_key`), ``runs`` the number of runs and ``max_steps``
    the last step of a run (``-1``: run until no node adopts).
    """

    seeds: np.ndarray
    n_random: int
    seed_key: np.uint64
    runs: int
    max_steps: int


class _CascadeWork(NamedTuple):
    """State of one batch: per node the lanes adopted, the lanes new at this level, the
    frontier and the batch whose live masks it holds (``drawn``); per arc its live lanes;
    candidates (node, lanes) waiting to be applied."""

    adopted: np.ndarray
    new: np.ndarray
    fnodes: np.ndarray
    fmask: np.ndarray
    nxt: np.ndarray
    touched: np.ndarray
    drawn: np.ndarray
    live: np.ndarray
    cand: np.ndarray
    cmask: np.ndarray


class _ThresholdWork(NamedTuple):
    """Per-node state of threshold runs, reused from run to run by stamping."""

    stamp: np.ndarray
    cstamp: np.ndarray
    cnt: np.ndarray
    queue: np.ndarray
    levels: np.ndarray


def cascade_arcs(indptr, indices, thr) -> CascadeArcs:
    """Pack a compiled network for the cascade kernels (see :class:`CascadeArcs`)."""
    degree = int(np.diff(indptr).max()) if indptr.shape[0] > 1 else 0
    targets = indices.astype(np.int32) if indptr.shape[0] <= 2**31 else indices
    return CascadeArcs(indptr, targets, thr, degree)


#: Candidates (node, lanes) gathered before they are applied (plus one node's out-arcs).
_CANDIDATES = 4096


@njit(cache=True, nogil=True)
def _cascade_work(arcs):  # pragma: no cover - compiled
    n = arcs.indptr.shape[0] - 1
    masks = np.zeros((3, n + 1), np.uint64)  # adopted, new, fmask: one row each
    nodes = np.empty((3, n + 1), np.int64)  # fnodes, nxt, touched (one spare slot each)
    size = _CANDIDATES + arcs.max_degree
    live = np.empty(arcs.indices.shape[0], np.uint64)
    return _CascadeWork(
        masks[0],
        masks[1],
        nodes[0],
        masks[2],
        nodes[1],
        nodes[2],
        np.zeros(n, np.int64),
        live,
        np.empty(size, np.int64),
        np.empty(size, np.uint64),
    )


@njit(cache=True, nogil=True, inline="always")
def _adopt(work, v, lanes, n_next, n_touched):  # pragma: no cover - compiled
    """``v`` adopts in ``lanes`` (a mask); returns the new frontier and touched counts."""
    if work.adopted[v] == _ZERO:
        work.touched[n_touched] = v
        n_touched += 1
    work.adopted[v] |= lanes
    if work.new[v] == _ZERO:
        work.nxt[n_next] = v
        n_next += 1
    work.new[v] |= lanes
    return n_next, n_touched


@njit(cache=True, nogil=True)
def _seed_batch(plan, work, r_first, lanes):  # pragma: no cover - compiled
    """Seeds of runs ``r_first .. r_first + lanes - 1``, one per lane: (frontier, touched)."""
    n = work.drawn.shape[0]
    n_next = 0
    n_touched = 0
    for lane in range(lanes):
        bit = _ONE << np.uint64(lane)
        if plan.n_random > 0:
            skey = run_key(plan.seed_key, r_first + lane) ^ _SEED_SALT
            placed = 0
            draw = 0
            while placed < plan.n_random:
                v = _uniform_index(skey, draw, n)
                draw += 1
                if work.adopted[v] & bit:
                    continue
                n_next, n_touched = _adopt(work, v, bit, n_next, n_touched)
                placed += 1
        else:
            for v in plan.seeds:
                if work.adopted[v] & bit:
                    continue
                n_next, n_touched = _adopt(work, v, bit, n_next, n_touched)
    return n_next, n_touched


@njit(cache=True, nogil=True)
def _frontier(work, n_next):  # pragma: no cover - compiled
    """Move the nodes new at this level to ``fnodes``/``fmask`` (node order when many)."""
    n = work.drawn.shape[0]
    if n_next > max(1, n >> 5):
        fl = 0
        for v in range(n):
            if work.new[v] != _ZERO:
                work.fnodes[fl] = v
                fl += 1
    else:
        fl = n_next
        _copy(work.fnodes, 0, work.nxt, fl)
    for i in range(fl):
        v = work.fnodes[i]
        work.fmask[i] = work.new[v]
        work.new[v] = _ZERO
    return fl


@njit(cache=True, nogil=True, inline="always")
def arc_lanes(key, thr, lanes):  # pragma: no cover - compiled
    """The lanes of ``lanes`` in which the arc with key ``key`` is live (bit-sliced coins).

    Lane ``l``'s uniform has bit ``l`` of the words ``mix(key + k gamma)`` as its binary
    digits, most significant first; it is compared with ``thr / 2**53`` digit by digit until
    every lane of ``lanes`` is decided, so ``P(live) = thr / 2**53`` in each lane, and a
    lane's outcome does not depend on which other lanes are asked for.
    """
    if thr >= _TWO53_INT:
        return lanes
    live = _ZERO
    undecided = lanes
    if thr == _ZERO:
        return live
    shift = np.uint64(52)
    k = _ZERO
    while undecided != _ZERO:
        w = mix64(key + k * GAMMA)
        if (thr >> shift) & _ONE:
            live |= undecided & ~w
            undecided &= w
        else:
            undecided &= ~w
        if shift == _ZERO:  # equal to thr on all 53 digits: not below it
            break
        shift -= _ONE
        k += _ONE
    return live


@njit(cache=True, nogil=True, inline="always")
def _draw_arcs(arcs, work, u, bkey, mark):  # pragma: no cover - compiled
    """Draw the live lanes of ``u``'s out-arcs in this batch (``mark``), once."""
    if work.drawn[u] == mark:
        return
    work.drawn[u] = mark
    start = arcs.indptr[u]
    ubase = bkey + ((np.uint64(u) << _S32) - np.uint64(start)) * _GAMMA2
    for pos in range(start, arcs.indptr[u + 1]):
        work.live[pos] = arc_lanes(ubase + np.uint64(pos) * _GAMMA2, arcs.thr[pos], ~_ZERO)


@njit(cache=True, nogil=True, inline="always")
def _apply(work, nc, n_next, n_touched):  # pragma: no cover - compiled
    """Apply candidates ``0 .. nc - 1``: ``v`` adopts in its lanes not yet adopted.

    Without branches: every write is made, and the frontier and touched lists only grow
    when the node gains lanes (their slot past the end absorbs the other writes).
    """
    adopted, new = work.adopted, work.new
    for q in range(nc):
        if q + _AHEAD < nc:
            _prefetch(adopted, work.cand[q + _AHEAD])
            _prefetch(new, work.cand[q + _AHEAD])
        v = work.cand[q]
        a = adopted[v]
        add = work.cmask[q] & ~a
        adopted[v] = a | add
        was = new[v]
        new[v] = was | add
        gained = add != _ZERO
        work.nxt[n_next] = v
        n_next += gained & (was == _ZERO)
        work.touched[n_touched] = v
        n_touched += gained & (a == _ZERO)
    return n_next, n_touched


@njit(cache=True, nogil=True)
def _spread(arcs, work, fl, bkey, mark, n_touched):  # pragma: no cover - compiled
    """Pass the practice from the frontier along live arcs: (next frontier, touched)."""
    n_next = 0
    nc = 0
    for i in range(fl):
        if i + _AHEAD < fl:  # the first and last out-arcs of a node further on
            ahead = work.fnodes[i + _AHEAD]
            _prefetch(work.live, arcs.indptr[ahead])
            _prefetch(work.live, arcs.indptr[ahead + 1] - 1)
            _prefetch(arcs.indices, arcs.indptr[ahead])
        u = work.fnodes[i]
        _draw_arcs(arcs, work, u, bkey, mark)
        d = work.fmask[i]
        for pos in range(arcs.indptr[u], arcs.indptr[u + 1]):
            m = work.live[pos] & d
            work.cand[nc] = arcs.indices[pos]
            work.cmask[nc] = m
            nc += m != _ZERO
        if nc >= _CANDIDATES:
            n_next, n_touched = _apply(work, nc, n_next, n_touched)
            nc = 0
    return _apply(work, nc, n_next, n_touched)


@njit(cache=True, nogil=True)
def _clear_batch(work, n_touched, counts):  # pragma: no cover - compiled
    """Add each touched node's adopting runs to ``counts`` (if any), reset it; the total."""
    total = 0
    for i in range(n_touched):
        v = work.touched[i]
        c = popcount(work.adopted[v])
        total += c
        if counts.shape[0]:
            counts[v] += c
        work.adopted[v] = _ZERO
    return total


@njit(cache=True, nogil=True)
def _count_level(work, fl, lanes, t, lev):  # pragma: no cover - compiled
    """New adopters of each lane at level ``t`` into ``lev[t]`` (grown if needed)."""
    vc = np.zeros(40, np.uint64)
    for i in range(fl):
        _vc_add(vc, work.fmask[i])
    cap = lev.shape[0]
    if t >= cap:
        grown = np.zeros((2 * cap, LANES), np.int64)
        for i in range(cap):
            for lane in range(LANES):
                grown[i, lane] = lev[i, lane]
        lev = grown
    for lane in range(lanes):
        c = 0
        for j in range(40):
            c |= np.int64((vc[j] >> np.uint64(lane)) & _ONE) << j
        lev[t, lane] = c
    return lev


@njit(cache=True, nogil=True)
def _store_levels(lev, levels_run, r_first, lanes, tally, buf, used):  # pragma: no cover
    """Final adopters and levels of a batch's runs into ``tally``; levels appended to ``buf``."""
    final, nlev = tally
    for lane in range(lanes):
        r = r_first + lane
        nl = 0
        s = 0
        while nl < levels_run and lev[nl, lane] > 0:
            s += lev[nl, lane]
            nl += 1
        final[r] = s
        nlev[r] = nl
        buf = _grow(buf, used, nl)
        for q in range(nl):
            buf[used + q] = lev[q, lane]
        used += nl
    lev[:levels_run] = 0
    return buf, used


@njit(cache=True, nogil=True, inline="always")
def _batch_range(plan, b):  # pragma: no cover - compiled
    """First run, number of runs (lanes) and key of batch ``b``."""
    return b * LANES, min(LANES, plan.runs - b * LANES), batch_key(plan.seed_key, b)


@njit(cache=True, nogil=True, inline="always")
def _start_batch(plan, work, b):  # pragma: no cover - compiled
    """Seed batch ``b``: its first run, lanes and key, then the frontier and touched counts."""
    r_first, lanes, bkey = _batch_range(plan, b)
    n_next, n_touched = _seed_batch(plan, work, r_first, lanes)
    return r_first, lanes, bkey, n_next, n_touched


@njit(cache=True, nogil=True)
def cascade_record(arcs, plan, b0, b1, counts, final, nlev):  # pragma: no cover - compiled
    """Batches ``b0 .. b1 - 1`` of the cascade model, 64 runs per batch, bit-parallel.

    Run ``r`` is lane ``r % 64`` of batch ``r // 64``. Each node holds a 64-bit mask of the
    runs in which it has adopted; a level of the cascade processes every node newly adopted
    in any lane, in node order (near-sequential memory access). Adds each node's number of
    adopting runs to ``counts``, writes ``final[r]`` and ``nlev[r]`` and returns the new
    adopters per step of each run, concatenated in run order.
    """
    work = _cascade_work(arcs)
    lev = np.zeros((64, LANES), np.int64)
    buf = np.empty(16, np.int32)
    used = 0
    for b in range(b0, b1):
        r_first, lanes, bkey, n_next, n_touched = _start_batch(plan, work, b)
        t = 0
        while True:
            fl = _frontier(work, n_next)
            if fl == 0:
                break
            lev = _count_level(work, fl, lanes, t, lev)
            if plan.max_steps >= 0 and t >= plan.max_steps:
                break
            t += 1
            n_next, n_touched = _spread(arcs, work, fl, bkey, b + 1, n_touched)
        _clear_batch(work, n_touched, counts)
        levels_run = min(t + 1, lev.shape[0])
        buf, used = _store_levels(lev, levels_run, r_first, lanes, (final, nlev), buf, used)
    return buf[:used].copy()


@njit(cache=True, nogil=True)
def cascade_total(arcs, plan, b0, b1):  # pragma: no cover - compiled
    """Total final adopters over batches ``b0 .. b1 - 1`` of the cascade model (optimisers).

    The runs are those of :func:`cascade_record`, with no step limit.
    """
    work = _cascade_work(arcs)
    no_counts = np.zeros(0, np.int64)
    total = 0
    for b in range(b0, b1):
        r_first, lanes, bkey, n_next, n_touched = _start_batch(plan, work, b)
        while True:
            fl = _frontier(work, n_next)
            if fl == 0:
                break
            n_next, n_touched = _spread(arcs, work, fl, bkey, b + 1, n_touched)
        total += _clear_batch(work, n_touched, no_counts)
    return total


@njit(cache=True, nogil=True)
def cascade_trace(arcs, plan, run, trace):  # pragma: no cover - compiled
    """Write the step at which each node adopts in run ``run`` to ``trace``.

    The run is run ``run`` of :func:`cascade_record`, with no step limit; nodes that do not
    adopt keep their value in ``trace``.
    """
    work = _cascade_work(arcs)
    r_first, lanes, bkey, n_next, n_touched = _start_batch(plan, work, run // LANES)
    bit = _ONE << np.uint64(run - r_first)
    t = 0
    while True:
        fl = _frontier(work, n_next)
        if fl == 0:
            break
        for i in range(fl):
            if work.fmask[i] & bit:
                trace[work.fnodes[i]] = t
        t += 1
        n_next, n_touched = _spread(arcs, work, fl, bkey, 1, n_touched)


@njit(cache=True, nogil=True)
def threshold_work(n):  # pragma: no cover - compiled
    """Fresh state for threshold runs on ``n`` nodes (see :func:`threshold_run`)."""
    stamps = np.zeros((3, n), np.int32)  # stamp, cstamp, cnt: one row each
    queue = np.empty(n, np.int64)
    return _ThresholdWork(stamps[0], stamps[1], stamps[2], queue, np.empty(n + 1, np.int32))


@njit(cache=True, nogil=True, inline="always")
def _reaches_threshold(arcs, work, v, tkey):  # pragma: no cover - compiled
    """Whether ``v``'s adopting in-neighbours so far (``work.cnt[v]``) make it adopt."""
    if arcs.random_share:
        z = mix64(tkey + np.uint64(v) * GAMMA)
        theta = (np.float64(z >> _S11) + 1.0) / _TWO53
        k = max(1.0, np.ceil(theta * arcs.indeg[v] - 1e-9))
        return work.cnt[v] >= k
    return work.cnt[v] >= arcs.need[v]


@njit(cache=True, nogil=True)
def threshold_run(arcs, plan, key, mark, work):  # pragma: no cover - compiled
    """One synchronous threshold run. Returns (adopters, number of levels).

    A non-adopter ``v`` adopts at step ``t + 1`` when at least ``need[v]`` of its in-neighbours
    had adopted by step ``t``. With ``random_share``, ``need[v]`` is replaced by
    ``ceil(theta_v * indeg[v])`` with ``theta_v`` uniform on (0, 1] drawn per run (Kempe et
    al.'s linear threshold model with weights ``1 / indeg``). ``key`` is the run's key
    (:func:`run_key`); ``mark`` must differ from the previous run's on the same ``work``.
    The adopters are ``work.queue[:adopters]`` in order of adoption, and the new adopters per
    step ``work.levels[:levels]``.
    """
    indptr, indices = arcs.indptr, arcs.indices
    stamp, cstamp, cnt, queue = work.stamp, work.cstamp, work.cnt, work.queue
    n = indptr.shape[0] - 1
    tail = _place_seeds(plan.seeds, plan.n_random, key, n, mark, stamp, queue)
    work.levels[0] = tail
    n_levels = 1
    start = 0
    end = tail
    tkey = key ^ _THETA_SALT
    while start < end and (plan.max_steps < 0 or n_levels <= plan.max_steps):
        for qi in range(start, end):
            u = queue[qi]
            for e in range(indptr[u], indptr[u + 1]):
                v = indices[e]
                if stamp[v] == mark:
                    continue
                if cstamp[v] != mark:
                    cstamp[v] = mark
                    cnt[v] = 0
                cnt[v] += 1
                if _reaches_threshold(arcs, work, v, tkey):
                    stamp[v] = mark
                    queue[tail] = v
                    tail += 1
        if tail == end:
            break
        work.levels[n_levels] = tail - end
        n_levels += 1
        start = end
        end = tail
    return tail, n_levels


@njit(cache=True, nogil=True)
def threshold_record(arcs, plan, r0, r1, counts, final, nlev):  # pragma: no cover - compiled
    """Runs ``r0 .. r1 - 1`` of the threshold model; see :func:`cascade_record`."""
    work = threshold_work(arcs.indptr.shape[0] - 1)
    buf = np.empty(64 * (r1 - r0) + 16, np.int32)
    used = 0
    for r in range(r0, r1):
        tail, nl = threshold_run(arcs, plan, run_key(plan.seed_key, r), r + 1, work)
        for i in range(tail):
            counts[work.queue[i]] += 1
        final[r] = tail
        nlev[r] = nl
        buf = _grow(buf, used, nl)
        _copy(buf, used, work.levels, nl)
        used += nl
    return buf[:used].copy()


@njit(cache=True, nogil=True)
def threshold_total(arcs, plan, r0, r1):  # pragma: no cover - compiled
    """Total adopters over runs ``r0 .. r1 - 1`` of the threshold model (for optimisers)."""
    work = threshold_work(arcs.indptr.shape[0] - 1)
    total = 0
    for r in range(r0, r1):
        tail, _ = threshold_run(arcs, plan, run_key(plan.seed_key, r), r + 1, work)
        total += tail
    return total


@njit(cache=True, nogil=True)
def rr_sets_chunk(in_ptr, in_idx, in_thr, seed_key, j0, j1):  # pragma: no cover - compiled
    """Reverse-reachable sets ``j0 .. j1 - 1`` of the cascade model (Borgs et al. 2014).

    Set ``j`` starts at a node drawn uniformly and collects every node that reaches it through
    live arcs, each in-arc ``w -> v`` live with probability ``p_wv``. Returns the members,
    concatenated, and each set's size.
    """
    n = in_ptr.shape[0] - 1
    stamp = np.zeros(n, np.int32)
    queue = np.empty(n, np.int64)
    sizes = np.empty(j1 - j0, np.int64)
    buf = np.empty(16 * (j1 - j0) + 16, np.int64)
    used = 0
    for j in range(j0, j1):
        key = run_key(seed_key, j)
        mark = j - j0 + 1
        root = _uniform_index(key, 0, n)
        stamp[root] = mark
        queue[0] = root
        tail = 1
        head = 0
        while head < tail:
            v = queue[head]
            head += 1
            base = key + (np.uint64(v) << _S32) * GAMMA
            for e in range(in_ptr[v], in_ptr[v + 1]):
                w = in_idx[e]
                if stamp[w] == mark:
                    continue
                if (mix64(base + np.uint64(w) * GAMMA) >> _S11) < in_thr[e]:
                    stamp[w] = mark
                    queue[tail] = w
                    tail += 1
        buf = _grow(buf, used, tail)
        _copy(buf, used, queue, tail)
        used += tail
        sizes[j - j0] = tail
    return buf[:used].copy(), sizes


@njit(cache=True, nogil=True)
def invert_sets(members, sizes, n):  # pragma: no cover - compiled
    """Sets of each node, by counting sort: ``node_sets[node_ptr[v]:node_ptr[v+1]]``."""
    node_ptr = np.zeros(n + 1, np.int64)
    for q in range(members.shape[0]):
        node_ptr[members[q] + 1] += 1
    for v in range(n):
        node_ptr[v + 1] += node_ptr[v]
    fill = node_ptr[:-1].copy()
    node_sets = np.empty(members.shape[0], np.int64)
    q = 0
    for j in range(sizes.shape[0]):
        for _ in range(sizes[j]):
            v = members[q]
            node_sets[fill[v]] = j
            fill[v] += 1
            q += 1
    return node_ptr, node_sets


@njit(cache=True, nogil=True)
def max_coverage(members, offsets, n, k, node_ptr, node_sets):  # pragma: no cover - compiled
    """Greedy maximum coverage of RR sets: ``k`` nodes and the number of sets they cover.

    ``members[offsets[j]:offsets[j+1]]`` are set ``j``'s nodes; ``node_sets[node_ptr[v]:
    node_ptr[v+1]]`` the sets holding ``v``. Ties go to the lowest node index.
    """
    n_sets = offsets.shape[0] - 1
    deg = np.empty(n, np.int64)
    for v in range(n):
        deg[v] = node_ptr[v + 1] - node_ptr[v]
    covered = np.zeros(n_sets, np.bool_)
    chosen = np.empty(k, np.int64)
    total = 0
    for i in range(k):
        best = 0
        for v in range(1, n):
            if deg[v] > deg[best]:
                best = v
        chosen[i] = best
        total += deg[best]
        for t in range(node_ptr[best], node_ptr[best + 1]):
            s = node_sets[t]
            if covered[s]:
                continue
            covered[s] = True
            for q in range(offsets[s], offsets[s + 1]):
                deg[members[q]] -= 1
        deg[best] = -1
    return chosen, total
