"""One catalogue of the whole-network measures, and how every face of NLC presents them.

The terminal summary of ``nlc analyse``, the HTML report (:mod:`nlc.reports.html`) and the
web network page all show the same results of :func:`nlc.analysis.analyse`. This module says,
once, for each whole-network measure:

- ``key``: its key in the ``network`` object of the ``nlc analyse`` JSON document;
- ``label``: its name for people, and ``terminal_label``, the terminal's shorter name;
- ``meaning``: what it measures, in plain words;
- ``format``: how its value is written, and ``page_format`` when the web page writes it
  more compactly;
- ``interpret``: the sentence that says what a value means (``None`` when no sentence is
  needed).

A new measure is computed in its analysis module, added to :data:`MEASURES` here and given a
test; the terminal summary and the report's table of key figures pick it up from the catalogue.

Each face writes numbers at its own precision, on purpose: the report for readers
(percentages with one decimal, thousands separated), the web page compactly (whole
percentages, signed indices), the terminal at three decimals (:func:`plain`) so that figures
can be checked against other tools. All of them write a dash (:data:`DASH`) for a value that
is missing or not defined.

This module is framework-free: it never imports Django, and needs only numpy.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from nlc.analysis.shape import all_equal

__all__ = [
    "DASH",
    "MEASURES",
    "ROLE_MEANINGS",
    "Interpretation",
    "Measure",
    "Number",
    "Interval",
    "assortativity_meaning",
    "betweenness_centralisation_meaning",
    "clusters_against_groups",
    "count",
    "degree_centralisation_meaning",
    "ei_against_chance",
    "ei_meaning",
    "finite",
    "fmt",
    "modularity_meaning",
    "network_values",
    "percent",
    "plain",
    "uninformative_holes",
]

#: Written in place of a value that is missing or not defined (NaN, infinite, ``None``).
DASH = "–"


# ------------------------------------------------------------------------------ helpers


def finite(value: object) -> bool:
    """Whether ``value`` is a finite number (``None``, NaN, infinities and text are not).

    Examples
    --------
    >>> finite(0.5), finite(None), finite(float("nan")), finite("x")
    (True, False, False, False)
    """
    try:
        return value is not None and math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def fmt(value: object, digits: int = 2, signed: bool = False, *, grouping: bool = True) -> str:
    """A number with ``digits`` decimals, or :data:`DASH` when it is missing or not finite.

    Parameters
    ----------
    value : number or None
        The value to write.
    digits : int, optional
        Decimals shown.
    signed : bool, optional
        Write a ``+`` before positive values (for indices from −1 to +1).
    grouping : bool, optional
        Separate thousands with commas.

    Examples
    --------
    >>> fmt(1234.567), fmt(0.5, 2, True), fmt(1234.5, 1, grouping=False), fmt(None)
    ('1,234.57', '+0.50', '1234.5', '–')
    """
    if not finite(value):
        return DASH
    return f"{float(value):{'+' if signed else ''}{',' if grouping else ''}.{digits}f}"


def count(value: object) -> str:
    """A whole number with thousands separated, or :data:`DASH`.

    Examples
    --------
    >>> count(12345), count(None)
    ('12,345', '–')
    """
    return f"{int(value):,}" if finite(value) else DASH


def percent(value: object, digits: int = 1, *, small: bool = True) -> str:
    """A share (0 to 1) as a percentage with ``digits`` decimals, or :data:`DASH`.

    With ``small`` a tiny non-zero share that would round to zero keeps two significant
    digits instead, so that it is not mistaken for none at all.

    Examples
    --------
    >>> percent(0.1583), percent(0.00042), percent(0.00042, 0, small=False), percent(None)
    ('15.8%', '0.042%', '0%', '–')
    """
    if not finite(value):
        return DASH
    share = 100 * float(value)
    if small and share != 0 and abs(share) < 10**-digits:
        return np.format_float_positional(share, precision=2, fractional=False) + "%"
    return f"{share:.{digits}f}%"


def plain(value: object, digits: int = 3) -> str:
    """Any value as the terminal shows it: floats with ``digits`` decimals, ``yes``/``no``
    for booleans, :data:`DASH` for ``None`` and NaN, anything else as text.

    Examples
    --------
    >>> plain(0.15833), plain(25), plain(True), plain(None), plain("school"), plain([0.1, 0.2])
    ('0.158', '25', 'yes', '–', 'school', '0.100 to 0.200')
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return DASH
    if isinstance(value, list | tuple):
        return " to ".join(plain(v, digits) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


@dataclass(frozen=True)
class Number:
    """How a measure's value is written: a callable ``Number(...)(value) -> str``.

    Parameters
    ----------
    digits : int
        Decimals shown.
    signed : bool
        A ``+`` before positive values.
    share : bool
        The value is a share from 0 to 1, written as a percentage (see :func:`percent`).
    small : bool
        For shares: keep two significant digits of a tiny non-zero share.
    grouping : bool
        Separate thousands with commas.
    """

    digits: int = 2
    signed: bool = False
    share: bool = False
    small: bool = True
    grouping: bool = True

    def __call__(self, value: object) -> str:
        if self.share:
            return percent(value, self.digits, small=self.small)
        return fmt(value, self.digits, self.signed, grouping=self.grouping)


@dataclass(frozen=True)
class Interval:
    """How a range ``[low, high]`` is written: each end by ``number``, joined by "to".

    Examples
    --------
    >>> Interval(Number(2, signed=True))([0.5, 0.75]), Interval(Number(2))(None)
    ('+0.50 to +0.75', '–')
    """

    number: Number

    def __call__(self, value: object) -> str:
        if not isinstance(value, list | tuple) or len(value) != 2:
            return DASH
        if not all(finite(v) for v in value):
            return DASH
        return f"{self.number(value[0])} to {self.number(value[1])}"


# ------------------------------------------------------------------------ interpretations


@dataclass(frozen=True)
class Interpretation:
    """The sentence that says what a value means: the text of the first band it falls in.

    Parameters
    ----------
    bands : tuple of (comparison, bound, text)
        Tried in order; ``comparison(value, bound)`` (``operator.lt``, ``le``, ``ge``...)
        picks the band.
    otherwise : str
        The text when no band holds the value.
    undefined : str
        The text for a value that is missing or not finite.
    """

    bands: tuple[tuple[Callable[[float, float], bool], float, str], ...]
    otherwise: str
    undefined: str

    def __call__(self, value: object) -> str:
        if not finite(value):
            return self.undefined
        value = float(value)
        for holds, bound, text in self.bands:
            if holds(value, bound):
                return text
        return self.otherwise


_lt, _le, _ge, _gt = operator.lt, operator.le, operator.ge, operator.gt
_FEWER_THAN_THREE = "not defined for fewer than three organisations"


def _below(
    *bands: tuple[float, str], otherwise: str, undefined: str = _FEWER_THAN_THREE
) -> Interpretation:
    """An :class:`Interpretation` whose bands are upper bounds: the text of the first
    ``(bound, text)`` with ``value < bound``, lowest bound first."""
    return Interpretation(
        tuple((_lt, bound, text) for bound, text in bands), otherwise=otherwise, undefined=undefined
    )


#: Krackhardt and Stern's E-I index, from −1 (all ties inside groups) to +1 (all between).
ei_meaning = Interpretation(
    (
        (_le, -0.5, "most ties stay inside groups: the network bonds far more than it bridges"),
        (_lt, -0.1, "ties lean towards staying inside groups (more bonding than bridging)"),
        (_le, 0.1, "ties are balanced between bonding inside groups and bridging across them"),
        (_lt, 0.5, "ties lean towards crossing between groups (more bridging than bonding)"),
    ),
    otherwise="most ties cross between groups: the network bridges far more than it bonds",
    undefined="not defined (no ties)",
)


def ei_against_chance(values: Mapping[str, object]) -> str:
    """What the E-I index means, compared with its value if ties ignored groups.

    A raw E-I index misleads when there are many groups: with 150 groups of similar size,
    chance alone gives about +0.99, so +0.10 means ties stay within groups far more than
    chance, not that they "lean towards crossing". The sentence therefore compares
    ``ei_index`` with ``ei_expected`` (:func:`nlc.analysis.homophily.ei_expected`) and the
    permutation interval ``ei_interval`` (:func:`nlc.analysis.homophily.ei_chance`); a gap
    of 0.3 or more from the expectation is "well" below or above it.

    Parameters
    ----------
    values : mapping
        The ``network`` object of the ``nlc analyse`` JSON, or :func:`network_values`.

    Examples
    --------
    >>> ei_against_chance({"ei_index": 0.1, "ei_expected": 0.96, "ei_interval": [0.95, 0.97]})
    'well below the +0.96 expected if ties ignored groups (chance gives +0.95 to +0.97): ties stay within groups far more than chance would give'
    """  # noqa: E501
    ei, expected = values.get("ei_index"), values.get("ei_expected")
    if not finite(ei):
        return "not defined (no ties)"
    if not finite(expected):
        return ei_meaning(ei)
    ei, expected = float(ei), float(expected)
    interval = values.get("ei_interval")
    if Interval(_SIGNED_INDEX)(interval) == DASH:
        low, high, chance = expected - 0.1, expected + 0.1, ""
    else:
        low, high = (float(v) for v in interval)
        chance = f" (chance gives {Interval(_SIGNED_INDEX)(interval)})"
    gap = ei - expected
    strong = abs(gap) >= 0.3
    if ei < low:
        where = "well below" if strong else "below"
        what = f"ties stay within groups {'far ' if strong else ''}more than chance would give"
    elif ei > high:
        where = "well above" if strong else "above"
        what = f"ties cross between groups {'far ' if strong else ''}more than chance would give"
    else:
        where = "close to"
        what = "groups make no clear difference to who is tied to whom"
    return f"{where} the {_SIGNED_INDEX(expected)} expected if ties ignored groups{chance}: {what}"


def clusters_against_groups(values: Mapping[str, object]) -> str:
    """What the overlap between the communities found and the groups means.

    Worded from the adjusted Rand index (chance-corrected, unlike normalised mutual
    information, which runs high with many small clusters) and from the two shares saying
    which partition nests in the other (:func:`nlc.analysis.overlap.partition_overlap`): a
    share of 80% or more counts as "most".

    Parameters
    ----------
    values : mapping
        As for :func:`ei_against_chance`.

    Examples
    --------
    >>> clusters_against_groups({"communities_groups_adjusted_rand": 0.05,
    ...     "communities_within_groups": 0.9, "groups_within_communities": 0.2})[:56]
    'the clusters are smaller units inside the groups: 90% of'
    """
    rand = values.get("communities_groups_adjusted_rand")
    inside = values.get("communities_within_groups")
    holding = values.get("groups_within_communities")
    if not (finite(rand) and finite(inside) and finite(holding)):
        return "not defined (needs ties, and at least two communities and two groups)"
    rand, inside, holding = float(rand), float(inside), float(holding)
    shares = (
        f"{percent(inside, 0)} of organisations are in the main group of their cluster and "
        f"{percent(holding, 0)} in the main cluster of their group"
    )
    if rand >= 0.5 and inside >= 0.8 and holding >= 0.8:
        return f"the clusters largely are the groups ({shares})"
    if inside >= 0.8 and holding < 0.8:
        return (
            f"the clusters are smaller units inside the groups: {shares}, so each group "
            "splits into several clusters"
        )
    if holding >= 0.8 and inside < 0.8:
        return (
            f"the clusters are larger than the groups: {shares}, so a cluster joins several groups"
        )
    if rand < 0.1:
        return (
            f"the clusters cut across the groups, no more alike than chance would make them "
            f"({shares})"
        )
    return f"the clusters partly follow the groups ({shares})"


#: Newman's attribute assortativity: the preference for ties within a group, allowing for sizes.
assortativity_meaning = Interpretation(
    (
        (_ge, 0.3, "a strong preference for ties within one's own group, even allowing for "
         "group sizes"),
        (_ge, 0.1, "a moderate preference for ties within one's own group, allowing for group "
         "sizes"),
        (_gt, -0.1, "groups make little difference to who is tied to whom, allowing for group "
         "sizes"),
    ),
    otherwise="ties go to other groups more often than chance would give",
    undefined="not defined (needs ties and at least two groups)",
)  # fmt: skip

#: Freeman's degree centralisation, from 0 (all equal) to 1 (a star).
degree_centralisation_meaning = _below(
    (0.1, "ties are spread evenly; there is no dominant hub"),
    (0.3, "some organisations are noticeably better connected than the rest"),
    (0.6, "a few hubs hold a large share of the ties"),
    otherwise="the network is built around one or two hubs, like a star",
)

#: Freeman's betweenness centralisation, from 0 (many routes) to 1 (all through one).
betweenness_centralisation_meaning = _below(
    (0.05, "there are many routes; no organisation controls the flow between others"),
    (0.2, "some organisations sit on many of the shortest routes between others"),
    (0.5, "much of the flow between others depends on a few go-betweens"),
    otherwise="most routes between organisations pass through one organisation",
)

#: Newman's modularity of the communities found: how sharply the clusters separate.
modularity_meaning = _below(
    (0.3, "weak clustering: the clusters are loosely drawn"),
    (0.5, "clear clusters, with a fair number of ties between them"),
    otherwise="strong clusters, with relatively few ties between them",
    undefined="not defined (no ties)",
)


def uninformative_holes(analysis) -> str:
    """Why a table of constraint and effective size would say nothing about this network
    (every component a clique, or the same values for all), or ``""`` when it would."""
    if analysis.network.m == 0:
        return ""
    if analysis.cliques:
        return (
            "Every part of this network is a clique: each organisation's contacts are all "
            "tied to each other, so nobody spans a structural hole, and a table of constraint "
            "or effective size would rank organisations only by the size of their clique."
        )
    holes = analysis.holes
    if all_equal(holes.constraint) and all_equal(holes.effective_size):
        return (
            "Every organisation has the same constraint and effective size, so these measures "
            "do not tell organisations apart in this network."
        )
    return ""


#: Gould and Fernandez's brokerage roles: their name for people and what such a broker does.
ROLE_MEANINGS = {
    "coordinator": (
        "Coordinator",
        "links two members of their own group, for example a school that connects two other "
        "schools of its own local authority. It keeps a group working together.",
    ),
    "itinerant": (
        "Itinerant (consultant)",
        "links two members of one group while belonging to another, for example a community "
        "partner or a university that puts two schools of the same group in touch.",
    ),
    "representative": (
        "Representative",
        "takes what their own group knows and passes it to another group: they speak for "
        "their group to the outside.",
    ),
    "gatekeeper": (
        "Gatekeeper",
        "is a member of a group who takes in what others outside bring and passes it to "
        "their own group: they decide what comes in.",
    ),
    "liaison": (
        "Liaison",
        "links two different groups, neither of which is their own, for example a health or "
        "voluntary organisation that connects schools from two local authorities.",
    ),
}


# ------------------------------------------------------------------------------ catalogue


@dataclass(frozen=True)
class Measure:
    """One whole-network measure as people see it (see the module docstring).

    Parameters
    ----------
    key : str
        Its key in the ``network`` object of the ``nlc analyse`` JSON document (and in
        :func:`network_values`).
    label : str
        Its name in the report and on the web page.
    meaning : str
        What it measures, in plain words, without a final full stop.
    format : callable
        ``value -> str`` as the report writes it.
    interpret : callable or None
        ``value -> str``: the sentence saying what the value means.
    interpret_values : callable or None
        ``values -> str``: the sentence, for a measure that means something only beside
        others (the E-I index against its value by chance); ``values`` is the ``network``
        object of the JSON document or :func:`network_values`. Used instead of
        ``interpret``.
    terminal_label : str
        Its name in the terminal summary (default: ``label`` in lower case).
    page_format : callable or None
        ``value -> str`` as the web page writes it (default: ``format``).
    needs_groups : bool
        Only defined when the nodes are grouped (E-I index, assortativity).
    in_terminal, in_report : bool
        Whether the terminal summary and the report's key figures list it.
    """

    key: str
    label: str
    meaning: str
    format: Callable[[object], str]
    interpret: Callable[[object], str] | None = None
    terminal_label: str = ""
    page_format: Callable[[object], str] | None = None
    needs_groups: bool = False
    in_terminal: bool = True
    in_report: bool = True
    interpret_values: Callable[[Mapping[str, object]], str] | None = None

    def interpretation(self, values: Mapping[str, object]) -> str | None:
        """The sentence saying what its value in ``values`` means (``None`` if none)."""
        if self.interpret_values is not None:
            return self.interpret_values(values)
        if self.interpret is not None:
            return self.interpret(values.get(self.key))
        return None

    def explain(self, value: object, values: Mapping[str, object] | None = None) -> str:
        """Its meaning followed by what ``value`` means, as one sentence ending in a stop.

        ``values``, the network's other values, are needed by ``interpret_values``.
        """
        text = self.interpretation({**(values or {}), self.key: value})
        return f"{self.meaning}." if text is None else f"{self.meaning}: {text}."

    def on_page(self, value: object) -> str:
        """``value`` as the web page writes it."""
        return (self.page_format or self.format)(value)

    @property
    def short_label(self) -> str:
        """Its name in the terminal summary."""
        return self.terminal_label or self.label.lower()


_INDEX = Number(2)
_SIGNED_INDEX = Number(2, signed=True)
_SHARE = Number(1, share=True)
_WHOLE_PERCENT = Number(0, share=True, small=False)

#: The whole-network measures, in the order the faces list them, by ``key``.
MEASURES: Mapping[str, Measure] = {
    m.key: m
    for m in (
        Measure(
            "nodes",
            "Organisations",
            "Members of the network (nodes)",
            count,
            terminal_label="nodes",
        ),
        Measure("ties", "Ties", "Connections recorded between them", count),
        Measure(
            "directed",
            "Directed",
            "Whether each tie goes from one organisation to another",
            plain,
            in_report=False,
        ),
        Measure(
            "mean_degree",
            "Average ties",
            "Ties per organisation, on average",
            Number(1),
            in_terminal=False,
        ),
        Measure(
            "density",
            "Density",
            "Share of all possible ties that exist; big networks are naturally sparse",
            _SHARE,
            page_format=Number(3, grouping=False),
        ),
        Measure("components", "Components", "Separate parts that cannot reach each other", count),
        Measure("isolates", "Isolates", "Organisations with no ties", count),
        Measure(
            "bridging_share",
            "Bridging ties",
            "Share of ties that cross between groups; the rest bond within a group",
            _SHARE,
            terminal_label="bridging ties (share crossing groups)",
            page_format=_WHOLE_PERCENT,
            needs_groups=True,
        ),
        Measure(
            "ei_index",
            "E-I index",
            "From −1 (all ties inside groups) to +1 (all between)",
            _INDEX,
            terminal_label="E-I index (−1 bonding … +1 bridging)",
            page_format=_SIGNED_INDEX,
            needs_groups=True,
            interpret_values=ei_against_chance,
        ),
        Measure(
            "ei_expected",
            "E-I if ties ignored groups",
            "The E-I index chance gives, given the group sizes; near +1 when there are many "
            "small groups",
            _INDEX,
            terminal_label="E-I expected by chance",
            page_format=_SIGNED_INDEX,
            needs_groups=True,
        ),
        Measure(
            "ei_interval",
            "E-I range by chance",
            "Where 95% of E-I indices fall when the groups are shuffled over the organisations",
            Interval(_INDEX),
            terminal_label="E-I range by chance (95%)",
            page_format=Interval(_SIGNED_INDEX),
            needs_groups=True,
        ),
        Measure(
            "assortativity",
            "Assortativity",
            "0 = group makes no difference, 1 = ties only within groups",
            _INDEX,
            assortativity_meaning,
            page_format=_SIGNED_INDEX,
            needs_groups=True,
        ),
        Measure(
            "degree_centralization",
            "Degree centralisation",
            "0% = everyone equally connected, 100% = a star",
            _SHARE,
            degree_centralisation_meaning,
            page_format=_WHOLE_PERCENT,
        ),
        Measure(
            "betweenness_centralization",
            "Betweenness centralisation",
            "How much the flow depends on a few go-betweens",
            _SHARE,
            betweenness_centralisation_meaning,
            page_format=_WHOLE_PERCENT,
        ),
        Measure(
            "communities",
            "Communities",
            "Clusters of organisations more tied to each other than to the rest",
            count,
            terminal_label="communities (Leiden)",
        ),
        Measure(
            "modularity",
            "Modularity",
            "How sharply the clusters separate (above about 0.3 is a clear structure)",
            _INDEX,
            modularity_meaning,
        ),
        Measure(
            "communities_groups_adjusted_rand",
            "Clusters against groups",
            "Adjusted Rand index of the communities against the groups, 0 when no more alike "
            "than chance, 1 when identical",
            _INDEX,
            terminal_label="communities vs groups (adjusted Rand)",
            needs_groups=True,
            interpret_values=clusters_against_groups,
        ),
        Measure(
            "communities_groups_nmi",
            "Clusters against groups (NMI)",
            "Normalised mutual information of the communities and the groups, 0 to 1; it runs "
            "high when there are many small clusters",
            _INDEX,
            terminal_label="communities vs groups (NMI)",
            needs_groups=True,
            in_report=False,
        ),
        Measure(
            "communities_within_groups",
            "Clusters inside one group",
            "Share of organisations in the main group of their community",
            _SHARE,
            needs_groups=True,
            in_report=False,
        ),
        Measure(
            "groups_within_communities",
            "Groups inside one cluster",
            "Share of organisations in the main community of their group",
            _SHARE,
            needs_groups=True,
            in_report=False,
        ),
    )
}


def network_values(analysis) -> dict[str, object]:
    """The value of every measure of :data:`MEASURES` for one analysis, by key.

    The values are those of the ``network`` object of ``analysis.to_json()`` (``None`` where
    a measure is not defined, e.g. the E-I index without groups), plus ``mean_degree``,
    without building the whole JSON document.

    Parameters
    ----------
    analysis : nlc.analysis.Analysis
        The result of :func:`nlc.analysis.analyse`.

    Returns
    -------
    dict
        ``{key: value}`` for every key of :data:`MEASURES`.
    """
    net = analysis.network
    grouped = analysis.group_column is not None

    def number(value: object) -> float | None:
        return float(value) if finite(value) else None

    chance, overlap = analysis.ei_chance, analysis.overlap
    interval = [number(chance.low), number(chance.high)] if chance else [None]

    return {
        "nodes": net.n,
        "ties": net.m,
        "directed": net.directed,
        "mean_degree": number(np.mean(analysis.degree)) if net.n else None,
        "density": number(analysis.density),
        "components": analysis.components,
        "isolates": analysis.isolates,
        "bridging_share": number(analysis.bridging_share) if grouped else None,
        "ei_index": number(analysis.ei.network) if grouped else None,
        "ei_expected": number(chance.expected) if chance else None,
        "ei_interval": None if None in interval else interval,
        "assortativity": number(analysis.assortativity) if grouped else None,
        "degree_centralization": number(analysis.degree_centralization("total")),
        "betweenness_centralization": number(analysis.betweenness_centralization),
        "communities": analysis.communities.count,
        "modularity": number(analysis.communities.modularity),
        "communities_groups_adjusted_rand": number(overlap.adjusted_rand) if overlap else None,
        "communities_groups_nmi": number(overlap.nmi) if overlap else None,
        "communities_within_groups": number(overlap.communities_within_groups) if overlap else None,
        "groups_within_communities": number(overlap.groups_within_communities) if overlap else None,
    }
