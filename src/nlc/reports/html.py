"""One self-contained HTML report of an :class:`~nlc.analysis.Analysis`, for network leaders.

The report is a single file: inline CSS, figures as base64 PNG ``<img>`` elements, no
scripts and no external resources, so it can be e-mailed or opened offline. Every measure
comes with a sentence saying what it means in plain English; the methods note at the end
states the conventions (sna, UCINET, igraph) for readers who want to check the numbers.
Labels, formats and interpretations of the whole-network measures come from the catalogue
:mod:`nlc.reports.measures`, which the terminal summary and the web network page share.

Every string that comes from the user's data (node ids, group names, warnings, the title)
goes through :func:`html.escape`.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nlc import __version__
from nlc.analysis.brokerage import ROLES
from nlc.analysis.summary import Analysis
from nlc.files import write_atomic
from nlc.reports import plots
from nlc.reports.measures import (
    DASH,
    MEASURES,
    ROLE_MEANINGS,
    betweenness_centralisation_meaning,
    clusters_against_groups,
    count,
    degree_centralisation_meaning,
    ei_against_chance,
    finite,
    fmt,
    modularity_meaning,
    network_values,
    percent,
    uninformative_holes,
)

__all__ = ["Section", "analysis_sections", "render_document", "render_report", "write_report"]

#: Figures and tables about groups show at most this many (the largest) groups.
GROUP_LIMIT = 25

CSS = """
:root { --ink: #1d2433; --muted: #5b6475; --line: #dfe3ea; --accent: #1f5f99;
        --bridge: #1b7837; --bond: #762a83; --soft: #f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
       font: 17px/1.6 "Segoe UI", system-ui, -apple-system, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 62rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 .3rem; }
h2 { font-size: 1.45rem; margin: 2.8rem 0 .6rem; padding-top: .6rem;
     border-top: 3px solid var(--accent); }
h3 { font-size: 1.1rem; margin: 1.8rem 0 .3rem; }
p, li { max-width: 48rem; }
.subtitle { color: var(--muted); margin: 0 0 1.2rem; }
.lead { font-size: 1.08rem; }
.note { color: var(--muted); font-size: .92rem; }
.callout { background: var(--soft); border-left: 4px solid var(--accent);
           padding: .8rem 1rem; margin: 1rem 0; }
.warn { background: #fff7e6; border-left: 4px solid #d48806; padding: .6rem 1rem; }
nav ol { columns: 2; padding-left: 1.3rem; margin: .4rem 0 0; }
nav a, a { color: var(--accent); }
table { border-collapse: collapse; margin: .6rem 0 1.2rem; font-size: .93rem; width: auto;
        max-width: 100%; }
th, td { padding: .35rem .7rem; border-bottom: 1px solid var(--line); text-align: left;
         vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.id { font-weight: 600; overflow-wrap: anywhere; }
table.figures td:first-child { font-weight: 600; white-space: nowrap; }
table.figures td.num { font-size: 1.02rem; }
figure { margin: 1rem 0 1.6rem; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--line); }
figcaption { color: var(--muted); font-size: .92rem; margin-top: .3rem; max-width: 48rem; }
.roles { display: grid; grid-template-columns: repeat(auto-fit, minmax(27rem, 1fr)); gap: 0 2rem; }
.pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(27rem, 1fr)); gap: 0 2rem; }
.bridge { color: var(--bridge); font-weight: 600; }
.bond { color: var(--bond); font-weight: 600; }
footer { margin-top: 3rem; color: var(--muted); font-size: .85rem; }
@media print { h2 { break-before: auto; } figure, table { break-inside: avoid; } }
"""

SECTIONS = (
    ("summary", "Summary"),
    ("map", "Map of the network"),
    ("bridging", "Bridging and bonding between groups"),
    ("brokers", "Brokers: who connects whom"),
    ("holes", "Structural holes: who links otherwise separate contacts"),
    ("centralisation", "How centralised is the network?"),
    ("communities", "Communities: clusters in the network"),
    ("affiliations", "Shared affiliations that bridge groups"),
    ("notes", "Data warnings and methods"),
)


def write_report(
    analysis: Analysis,
    path: str | Path,
    *,
    title: str,
    source_description: str = "",
) -> None:
    """Write the analysis as one self-contained HTML file.

    The whole document is rendered in memory first and then written to a temporary file in
    the destination folder, which replaces ``path`` in one step (``os.replace``), so a
    reader never sees half a report and a failure leaves any earlier report intact.

    Parameters
    ----------
    analysis : Analysis
        The result of :func:`nlc.analysis.analyse`.
    path : str or Path
        Where to write the ``.html`` file.
    title : str
        Heading of the report, e.g. the name of the network.
    source_description : str, optional
        One line saying where the data came from (files, survey wave, date).
    """
    document = render_report(analysis, title=title, source_description=source_description)
    write_atomic(path, document)


def render_report(analysis: Analysis, *, title: str, source_description: str = "") -> str:
    """The report as an HTML string (see :func:`write_report`)."""
    return render_document(title, analysis_sections(analysis), subtitle=source_description)


@dataclass(frozen=True)
class Section:
    """One section of a report: its anchor ``key``, its ``heading`` and its ``html`` body.

    The heading is plain text (escaped when rendered); the body is HTML whose user data is
    already escaped.
    """

    key: str
    heading: str
    html: str


def analysis_sections(analysis: Analysis) -> list[Section]:
    """The sections of the analysis report (summary, map, bridging, brokers, structural
    holes, centralisation, communities, affiliations when two-mode, warnings and methods),
    for :func:`render_document` or for embedding in a larger report.

    Parameters
    ----------
    analysis : Analysis
        The result of :func:`nlc.analysis.analyse`.

    Returns
    -------
    list of Section
        In reading order; keys as in :data:`SECTIONS`.
    """
    return _Report(analysis).sections()


def render_document(
    title: str, sections: list[Section], *, subtitle: str = "", css: str = ""
) -> str:
    """One self-contained HTML document: the title, a table of contents and ``sections``.

    Parameters
    ----------
    title : str
        The document's heading (escaped here).
    sections : list of Section
    subtitle : str, optional
        One line under the title (escaped here).
    css : str, optional
        Rules added after the report's own style sheet.
    """
    body = "\n".join(
        f'<section id="{_e(s.key)}"><h2>{_e(s.heading)}</h2>{s.html}</section>' for s in sections
    )
    toc = "".join(f'<li><a href="#{_e(s.key)}">{_e(s.heading)}</a></li>' for s in sections)
    today = dt.date.today().isoformat()
    source = f"<p class='subtitle'>{_e(subtitle)}</p>" if subtitle else ""
    return (
        "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
        f"<title>{_e(title)}</title>\n<style>{CSS}{css}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{_e(title)}</h1>\n{source}"
        f"<nav><strong>Contents</strong><ol>{toc}</ol></nav>\n"
        + body
        + f"\n<footer>Report produced by NLC {_e(__version__)} on {today}.</footer>\n"
        "</main>\n</body>\n</html>\n"
    )


# ---------------------------------------------------------------------------- formatting


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _as(key: str, value: object) -> str:
    """``value`` written as the catalogue writes the measure ``key`` in the report."""
    return MEASURES[key].format(value)


def _plural(number: int, singular: str, plural: str | None = None) -> str:
    word = singular if number == 1 else (plural or singular + "s")
    return f"{number:,} {word}"


def _img(png: bytes, alt: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{_e(alt)}">'


def _figure(png: bytes, alt: str, caption: str) -> str:
    return f"<figure>{_img(png, alt)}<figcaption>{caption}</figcaption></figure>"


def _table(
    headers: list[str],
    rows: list[list[str]],
    numeric: set[int] = frozenset(),
    cls: str = "",
    id_column: int | None = 0,
) -> str:
    """An HTML table; cells must already be escaped. ``numeric`` columns align right."""

    def cell(tag: str, j: int, content: str) -> str:
        classes = []
        if j in numeric:
            classes.append("num")
        if tag == "td" and j == id_column:
            classes.append("id")
        attr = f' class="{" ".join(classes)}"' if classes else ""
        return f"<{tag}{attr}>{content}</{tag}>"

    head = "".join(cell("th", j, h) for j, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(cell("td", j, c) for j, c in enumerate(row)) + "</tr>" for row in rows
    )
    attr = f' class="{cls}"' if cls else ""
    return f"<table{attr}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _top(values: np.ndarray, limit: int, largest: bool = True) -> np.ndarray:
    """Indices of the ``limit`` largest (or smallest) finite values, ties by node order."""
    values = np.asarray(values, dtype=np.float64)
    defined = np.flatnonzero(np.isfinite(values))
    key = -values[defined] if largest else values[defined]
    return defined[np.lexsort((defined, key))][:limit]


# -------------------------------------------------------------------------------- report


class _Report:
    """Builds the sections of one report; holds the quantities several sections share."""

    def __init__(self, analysis: Analysis) -> None:
        self.a = analysis
        self.net = analysis.network
        self.grouped = analysis.group_column is not None
        self.labels = list(analysis.group_labels)
        self.group_sizes = np.bincount(analysis.groups, minlength=len(self.labels))
        self.values = network_values(analysis)

    # Helpers about nodes -------------------------------------------------------------

    def node(self, i: int) -> str:
        """The node's id, after its name when the nodes file gives one."""
        names = self.net.attributes.get("name")
        if names and names[i] and names[i] != self.net.ids[i]:
            return _e(f"{names[i]} ({self.net.ids[i]})")
        return _e(self.net.ids[i])

    def group_of(self, i: int) -> str:
        return _e(self.labels[self.a.groups[i]]) if self.grouped else DASH

    @property
    def group_name(self) -> str:
        return _e(self.a.group_column) if self.grouped else ""

    def node_table(self, headers: list[str], rows: list[list[str]], numeric: int) -> str:
        """A table of organisations whose second column is their group, left out when the
        nodes are not grouped; the last ``numeric`` columns hold numbers."""
        if not self.grouped:
            headers = [headers[0], *headers[2:]]
            rows = [[row[0], *row[2:]] for row in rows]
        width = len(headers)
        return _table(headers, rows, set(range(width - numeric, width)))

    def largest_groups(self, limit: int = GROUP_LIMIT) -> np.ndarray:
        k = len(self.labels)
        return np.lexsort((np.arange(k), -self.group_sizes))[:limit]

    # Rendering -----------------------------------------------------------------------

    def sections(self) -> list[Section]:
        builders = {
            "summary": self.summary,
            "map": self.map,
            "bridging": self.bridging,
            "brokers": self.brokers,
            "holes": self.holes,
            "centralisation": self.centralisation,
            "communities": self.community_section,
            "affiliations": self.affiliations,
            "notes": self.notes,
        }
        return [
            Section(key, heading, builders[key]())
            for key, heading in SECTIONS
            if key != "affiliations" or self.a.two_mode is not None
        ]

    # 1. Summary ------------------------------------------------------------------------

    def component_sizes(self) -> np.ndarray:
        if self.net.n == 0:
            return np.zeros(0, dtype=np.int64)
        graph = self.net.to_igraph(weighted=False)
        return np.asarray(graph.connected_components(mode="weak").sizes(), dtype=np.int64)

    @property
    def mean_degree(self) -> float:
        return float(np.mean(self.a.degree)) if self.net.n else math.nan

    def summary(self) -> str:
        a, net = self.a, self.net
        n, m = net.n, net.m
        kind = (
            "directed: each tie goes from one organisation to another"
            if net.directed
            else "undirected: each tie joins two organisations both ways"
        )
        sentences = [
            f"This network has {_plural(n, 'organisation')} and {_plural(m, 'tie')} ({kind})."
        ]
        if self.grouped:
            sentences.append(
                f"Organisations are grouped by <strong>{self.group_name}</strong> into "
                f"{_plural(len(self.labels), 'group')}."
            )
        else:
            sentences.append(
                "No group column was given, so the sections on bridging and bonding between "
                "groups are left out and all brokerage counts as coordination."
            )
        sizes = self.component_sizes()
        if m == 0:
            sentences.append(
                "There are no ties yet, so bridging, brokerage, centralisation and communities "
                "cannot be measured; the report shows what it can."
            )
        else:
            if a.density >= 0.01:
                sentences.append(
                    f"Its density is {_as('density', a.density)}: of every 100 possible ties, "
                    f"about {fmt(100 * a.density, 0)} exist."
                )
            else:
                sentences.append(
                    f"Its density is {_as('density', a.density)}: on average an organisation has "
                    f"{fmt(self.mean_degree, 1)} ties out of the {n - 1:,} it could have, "
                    "which is usual for a large network."
                )
            if a.components == 1:
                sentences.append(
                    "Every organisation can reach every other through a chain of ties."
                )
            elif len(sizes):
                sentences.append(
                    f"The network falls into {_plural(a.components, 'separate part')}; the "
                    f"largest holds {_plural(int(sizes.max()), 'organisation')} "
                    f"({percent(sizes.max() / n)})"
                    + (
                        f", and {_plural(a.isolates, 'organisation')} "
                        f"{'has' if a.isolates == 1 else 'have'} no ties at all."
                        if a.isolates
                        else "."
                    )
                )
        if self.grouped and m:
            sentences.append(
                f"<strong>{_as('bridging_share', a.bridging_share)} of ties bridge between "
                f"groups</strong> (E-I = {_as('ei_index', a.ei.network)}): the index is "
                f"{ei_against_chance(self.values)}."
            )
        if m:
            sentences.extend(self.summary_brokers())
            if a.communities.count and finite(a.communities.modularity):
                sentences.append(
                    f"A community search finds {_plural(a.communities.count, 'cluster')} of "
                    f"organisations more tied to each other than to the rest "
                    f"(modularity {_as('modularity', a.communities.modularity)}: "
                    f"{modularity_meaning(a.communities.modularity)})."
                )
        text = f"<p class='lead'>{' '.join(sentences)}</p>"
        return text + "<h3>Key figures</h3>" + self.key_figures(sizes)

    def summary_brokers(self) -> list[str]:
        raw = self.a.brokerage.raw
        if not len(raw):
            return []
        if self.grouped:
            between = raw[:, 1:5].sum(axis=1)
            if between.max() > 0:
                i = int(_top(between, 1)[0])
                return [
                    f"The organisation that brokers most between groups is "
                    f"<strong>{self.node(i)}</strong> ({self.group_name}: {self.group_of(i)}), on "
                    f"{between[i]:,} paths that would otherwise not connect."
                ]
        total = raw[:, 5]
        if total.max() > 0:
            i = int(_top(total, 1)[0])
            return [f"The busiest broker is <strong>{self.node(i)}</strong>."]
        return []

    def key_figures(self, sizes: np.ndarray) -> str:
        """The table of whole-network measures of :data:`~nlc.reports.measures.MEASURES`."""
        values = dict(self.values)
        if not self.net.m:
            values["communities"] = None  # without ties there is nothing to cluster
        rows = [
            [m.label, m.format(values[m.key]), self.figure_meaning(m.key, values, sizes)]
            for m in MEASURES.values()
            if m.in_report and (self.grouped or not m.needs_groups)
        ]
        return _table(["Measure", "Value", "What it means"], rows, {1}, "figures", None)

    def figure_meaning(self, key: str, values: dict, sizes: np.ndarray) -> str:
        """What a key figure means; a few say more about this network than the catalogue."""
        value = values[key]
        if key == "mean_degree" and self.net.directed:
            return "Ties per organisation, on average (counting ties in and out)."
        if key == "components":
            if value == 1:
                return "Everyone can reach everyone else."
            if not len(sizes):
                return "No organisations."
            largest = _plural(int(sizes.max()), "organisation")
            return f"Separate parts that cannot reach each other; the largest has {largest}."
        if key == "isolates":
            if not value:
                return "Every organisation has at least one tie."
            return "Organisations with no ties: listed, but not yet connected."
        return MEASURES[key].explain(value, values)

    # 2. Map --------------------------------------------------------------------------

    def map(self) -> str:
        a, net = self.a, self.net
        if net.n == 0:
            return "<p>The network has no organisations to draw.</p>"
        if net.m == 0:
            return "<p>There are no ties yet, so there is no map to draw.</p>"
        if self.grouped:
            codes, labels, coloured_by = a.groups, self.labels, a.group_column
        else:
            codes = np.asarray(a.communities.membership, dtype=np.int64)
            labels = [f"community {c + 1}" for c in range(int(codes.max()) + 1)]
            coloured_by = "community"
        use_betweenness = bool(np.nanmax(a.betweenness.values, initial=0.0) > 0)
        sized_by = "betweenness" if use_betweenness else "number of ties"
        values = a.betweenness.values if use_betweenness else a.degree
        drawn = plots.network_map(
            net, codes, labels, values, coloured_by=str(coloured_by), sized_by=sized_by
        )
        colour_text = (
            f"Colours show {self.group_name}"
            if self.grouped
            else "No groups were given, so colours show the communities found in section 7"
        )
        size_text = (
            "larger dots are organisations that sit on more of the shortest routes between "
            "others (betweenness); the largest are named"
            if use_betweenness
            else "larger dots have more ties"
        )
        caption = [f"{colour_text}; {size_text}."]
        caption.append(
            "Organisations with many ties in common are drawn close together; the position "
            "itself has no other meaning."
        )
        if net.directed:
            caption.append("Tie directions are not drawn.")
        if drawn.nodes_drawn < net.n:
            caption.append(
                f"<strong>The network is too large to draw in full: the map shows the "
                f"{drawn.nodes_drawn:,} best-connected of {net.n:,} organisations and the "
                f"{drawn.ties_among_drawn:,} ties among them.</strong>"
            )
        if drawn.ties_drawn < drawn.ties_among_drawn:
            caption.append(
                f"Only a random {drawn.ties_drawn:,} of those ties are drawn, to keep the "
                "picture readable."
            )
        return _figure(drawn.png, "Map of the network", " ".join(caption))

    # 3. Bridging and bonding -----------------------------------------------------------

    def no_groups(self) -> str:
        return (
            "<p>This section needs a group for each organisation (for example its sector, "
            "phase or local authority). No group column was given, so it is left out; run "
            "the analysis with a group column to see it.</p>"
        )

    def bridging(self) -> str:
        a = self.a
        if not self.grouped:
            return self.no_groups()
        intro = (
            "<p><strong>Bonding</strong> ties link organisations of the same group; they build "
            "trust and shared practice. <strong>Bridging</strong> ties cross between groups; "
            "they bring in new ideas and resources. The E-I index sums this up: "
            "<span class='bond'>−1</span> when every tie stays inside the group, "
            "<span class='bridge'>+1</span> when every tie leaves it. "
            f"Across the network it is <strong>{_as('ei_index', a.ei.network)}</strong> "
            f"({count(a.ei.external_ties)} bridging and {count(a.ei.internal_ties)} bonding "
            "ties). Small groups bridge more by necessity, so the index is read against "
            "its value if ties ignored groups: "
            f"{_as('ei_index', a.ei.network)} is {ei_against_chance(self.values)}. The "
            f"assortativity of {_as('assortativity', a.assortativity)} also allows for group "
            "sizes.</p>"
        )
        if self.net.m == 0:
            return intro + "<p>There are no ties, so nothing bridges or bonds yet.</p>"
        parts = [intro]
        shown = self.largest_groups()
        limited = len(shown) < len(self.labels)
        defined = [g for g in shown if finite(a.ei.group[g])]
        if defined:
            defined_idx = np.asarray(defined)
            png = plots.ei_bars(
                [self.labels[g] for g in defined],
                a.ei.group[defined_idx],
                self.group_sizes[defined_idx],
            )
            caption = (
                "E-I index of each group: bars to the right bridge, bars to the left bond."
                + (
                    f" Showing the {len(shown)} largest of {len(self.labels):,} groups."
                    if limited
                    else ""
                )
            )
            missing = len(shown) - len(defined)
            if missing:
                caption += f" {_plural(missing, 'group')} without ties not shown."
            parts.append("<h3>Bridging and bonding, group by group</h3>")
            parts.append(_figure(png, "E-I index by group", caption))
            parts.append(self.group_table(shown))
        if len(self.labels) > 1:
            order = np.sort(shown)
            matrix = a.mixing[np.ix_(order, order)]
            png = plots.mixing_heatmap([self.labels[g] for g in order], matrix, self.net.directed)
            how = (
                "Row: the group a tie comes from; column: the group it goes to."
                if self.net.directed
                else "The table is symmetric: each tie is counted once in each direction."
            )
            caption = (
                "Ties between groups. The diagonal (top left to bottom right) holds bonding "
                f"ties; everything else bridges. {how} Darker cells hold more ties."
                + (
                    f" Limited to the {len(order)} largest of {len(self.labels):,} groups."
                    if limited
                    else ""
                )
            )
            parts.append("<h3>Who is tied to whom</h3>")
            parts.append(_figure(png, "Mixing matrix of ties between groups", caption))
        return "".join(parts)

    def group_table(self, shown: np.ndarray) -> str:
        a = self.a
        rows = [
            [
                _e(self.labels[g]),
                count(self.group_sizes[g]),
                count(a.ei.group_internal[g]),
                count(a.ei.group_external[g]),
                fmt(a.ei.group[g]),
            ]
            for g in shown
        ]
        return _table(
            ["Group", "Organisations", "Bonding ties", "Bridging ties", "E-I"], rows, {1, 2, 3, 4}
        )

    # 4. Brokers --------------------------------------------------------------------------

    def brokers(self) -> str:
        a = self.a
        parts = [
            "<p>A broker sits between two organisations that are not tied to each other, so "
            "that what passes between them goes through the broker. Gould and Fernandez tell "
            "five kinds of broker apart by the groups of the three organisations involved. "
            "For each, the table lists the five organisations that broker most often, with "
            "how many times, and a <em>z-score</em> comparing that count with what a random "
            "network of the same density would give: above 2 is clearly more than chance, "
            f"below −2 clearly less ({DASH} where it cannot be computed).</p>"
        ]
        if self.net.m == 0:
            return parts[0] + "<p>There are no ties, so nobody brokers yet.</p>"
        roles = ROLES[:5] if self.grouped else ROLES[:1]
        if not self.grouped:
            parts.append(
                "<p>No group column was given, so every broker is a coordinator (all three "
                "organisations are in the same group) and the other four roles do not apply."
                "</p>"
            )
        cards = []
        for role in roles:
            column = ROLES.index(role)
            name, meaning = ROLE_MEANINGS[role]
            counts = a.brokerage.raw[:, column]
            top = [i for i in _top(counts, 5) if counts[i] > 0]
            word = name.split()[0].lower()
            article = "An" if word[0] in "aeiou" else "A"
            html_ = f"<div><h3>{name}</h3><p>{article} {word} {meaning}</p>"
            if not top:
                html_ += "<p class='note'>No organisation plays this role in this network.</p>"
            else:
                rows = [
                    [
                        self.node(i),
                        self.group_of(i),
                        count(counts[i]),
                        fmt(a.brokerage.z[i, column], 1),
                    ]
                    for i in top
                ]
                headers = ["Organisation", "Group", "Times", "z-score"]
                html_ += self.node_table(headers, rows, 2)
            cards.append(html_ + "</div>")
        parts.append(f"<div class='roles'>{''.join(cards)}</div>")
        if not self.net.directed:
            parts.append(
                "<p class='note'>Ties here have no direction, so every brokered pair is "
                "counted once each way (the convention of R's sna package).</p>"
            )
        return "".join(parts)

    # 5. Structural holes -----------------------------------------------------------------

    def holes(self) -> str:
        a = self.a
        holes = a.holes
        intro = (
            "<p>An organisation whose contacts do not know each other spans a "
            "<em>structural hole</em>: it hears different things from different places and "
            "can bring them together. <strong>Constraint</strong> is low when an "
            "organisation's contacts are unconnected and no single contact dominates; "
            "<strong>effective size</strong> counts its contacts that are not redundant "
            "(not already tied to its other contacts). Low constraint and high effective size "
            "mark the organisations best placed to bring new ideas in.</p>"
        )
        if self.net.m == 0:
            return intro + "<p>There are no ties, so there are no structural holes to span.</p>"
        note = uninformative_holes(a)
        if note:
            return intro + f"<p class='note'>{note}</p>"
        low = _top(holes.constraint, 10, largest=False)
        high = _top(holes.effective_size, 10)

        def table(indices: np.ndarray, values: np.ndarray, heading: str, digits: int) -> str:
            rows = [
                [self.node(i), self.group_of(i), fmt(values[i], digits), count(a.degree[i])]
                for i in indices
            ]
            if not rows:
                return "<p class='note'>Not defined for any organisation.</p>"
            return self.node_table(["Organisation", "Group", heading, "Ties"], rows, 2)

        return (
            intro
            + "<div class='pair'><div><h3>Lowest constraint</h3>"
            + table(low, holes.constraint, "Constraint", 3)
            + "</div><div><h3>Highest effective size</h3>"
            + table(high, holes.effective_size, "Effective size", 1)
            + "</div></div>"
        )

    # 6. Centralisation -------------------------------------------------------------------

    def centralisation(self) -> str:
        a, net = self.a, self.net
        degree_c = a.degree_centralization("total")
        between_c = a.betweenness_centralization
        degree = MEASURES["degree_centralization"]
        between = MEASURES["betweenness_centralization"]
        parts = [
            "<p>Centralisation compares the best-connected organisation with all the others: "
            "0% when everyone is equally central, 100% when one organisation is at the centre "
            "of a star. A centralised network can act quickly but depends on its hubs; if a "
            "hub leaves, others lose their connection.</p>",
            "<ul>",
            f"<li><strong>{degree.label}: {degree.format(degree_c)}.</strong> "
            f"{degree_centralisation_meaning(degree_c).capitalize()}.</li>",
        ]
        if net.directed:
            parts.append(
                f"<li>Incoming ties (being sought out): "
                f"{percent(a.degree_centralization('in'))}; outgoing ties (reaching out): "
                f"{percent(a.degree_centralization('out'))}.</li>"
            )
        parts.append(
            f"<li><strong>{between.label}: {between.format(between_c)}.</strong> "
            f"{betweenness_centralisation_meaning(between_c).capitalize()}.</li></ul>"
        )
        if net.n == 0:
            return "".join(parts)
        if net.m:
            parts.append("<h3>How many ties each organisation has</h3>")
            parts.append(
                _figure(
                    plots.degree_histogram(a.degree),
                    "Histogram of the number of ties per organisation",
                    "Each bar counts the organisations with that many ties. A long tail to "
                    "the right means a few hubs hold many ties.",
                )
            )
        top_degree = _top(a.degree, 10)
        degree_rows = [[self.node(i), self.group_of(i), count(a.degree[i])] for i in top_degree]
        headers = ["Organisation", "Group"]
        parts.append(
            "<div class='pair'><div><h3>Most ties</h3>"
            + self.node_table([*headers, "Ties"], degree_rows, 1)
            + "</div><div><h3>Most between others</h3>"
            + self.betweenness_table(headers)
            + "</div></div>"
            "<p class='note'>Betweenness counts the shortest routes between other "
            "organisations that pass through an organisation.</p>"
        )
        return "".join(parts)

    def betweenness_table(self, headers: list[str]) -> str:
        """The organisations most between others, or why there are none to list."""
        a, bet = self.a, self.a.betweenness
        if not np.nanmax(bet.values, initial=0.0) > 0:
            shape = (
                " every part of the network is a clique, so each organisation reaches the "
                "others directly"
                if a.cliques
                else " no organisation lies on a shortest route between two others"
            )
            return f"<p class='note'>Every betweenness is 0:{shape}.</p>"
        sampled = "" if bet.method == "exact" else " (estimated)"
        rows = [
            [self.node(i), self.group_of(i), fmt(bet.values[i], 1)] for i in _top(bet.values, 10)
        ]
        return self.node_table([*headers, f"Betweenness{sampled}"], rows, 1)

    # 7. Communities ----------------------------------------------------------------------

    def community_section(self) -> str:
        a, net = self.a, self.net
        found = a.communities
        if net.m == 0 or not finite(found.modularity):
            return (
                "<p>With no ties there are no communities to find: every organisation is on "
                "its own.</p>"
            )
        membership = np.asarray(found.membership, dtype=np.int64)
        sizes = np.bincount(membership, minlength=found.count)
        singles = int((sizes == 1).sum())
        top = np.lexsort((np.arange(len(sizes)), -sizes))[:10]
        parts = [
            f"<p>A community search (the Leiden method) splits the network into "
            f"<strong>{_plural(found.count, 'community', 'communities')}</strong>: clusters of "
            "organisations with more ties among themselves than to the rest. The modularity "
            f"is <strong>{_as('modularity', found.modularity)}</strong>, "
            f"meaning {modularity_meaning(found.modularity)}."
            + (
                f" {_plural(singles, 'organisation')} without ties "
                f"{'is' if singles == 1 else 'are'} counted as "
                f"{'a community' if singles == 1 else 'communities'} of one."
                if singles
                else ""
            )
            + "</p>"
        ]
        cross = None
        if self.grouped:
            import scipy.sparse as sp

            cross = sp.csr_matrix(
                (np.ones(net.n), (membership, a.groups)),
                shape=(len(sizes), len(self.labels)),
            )
        rows = []
        for c in top:
            row = [f"Community {c + 1}", count(sizes[c]), percent(sizes[c] / net.n)]
            if cross is not None:
                line = cross.getrow(c)
                counts, groups = line.data, line.indices
                order = np.lexsort((groups, -counts))[:3]
                row.append(count(len(groups)))
                row.append(
                    ", ".join(
                        f"{_e(self.labels[groups[j]])} ({percent(counts[j] / sizes[c], 0)})"
                        for j in order
                    )
                )
            rows.append(row)
        headers = ["Community", "Organisations", "Share"]
        if cross is not None:
            headers += ["Groups present", "Main groups"]
        title = "Largest communities" if found.count > len(top) else "The communities"
        parts.append(f"<h3>{title}</h3>")
        parts.append(_table(headers, rows, {1, 2, 3}))
        if cross is not None:
            parts.append(self.groups_across_communities(cross, membership))
        return "".join(parts)

    def groups_across_communities(self, cross, membership: np.ndarray) -> str:
        by_group = cross.T.tocsr()
        main_share = np.zeros(len(self.labels))
        spread = np.zeros(len(self.labels), dtype=np.int64)
        main_community = np.zeros(len(self.labels), dtype=np.int64)
        for g in range(len(self.labels)):
            line = by_group.getrow(g)
            if line.nnz:
                j = int(np.lexsort((line.indices, -line.data))[0])
                main_community[g] = line.indices[j]
                main_share[g] = line.data[j] / self.group_sizes[g]
                spread[g] = line.nnz
        overlap = MEASURES["communities_groups_adjusted_rand"]
        rand = self.values["communities_groups_adjusted_rand"]
        sentence = (
            f"<p>Compared with the groups, {clusters_against_groups(self.values)}. "
            f"({overlap.meaning}: {overlap.format(rand)}.)</p>"
            if finite(rand)
            else ""
        )
        shown = self.largest_groups(15)
        rows = [
            [
                _e(self.labels[g]),
                count(self.group_sizes[g]),
                count(spread[g]),
                f"Community {main_community[g] + 1}" if spread[g] else DASH,
                percent(main_share[g], 0) if spread[g] else DASH,
            ]
            for g in shown
        ]
        note = (
            f"<p class='note'>Showing the {len(shown)} largest of {len(self.labels):,} groups.</p>"
            if len(shown) < len(self.labels)
            else ""
        )
        return (
            sentence
            + _table(
                ["Group", "Organisations", "Communities", "Main community", "Share there"],
                rows,
                {1, 2, 4},
            )
            + note
        )

    # 8. Two-mode -------------------------------------------------------------------------

    def affiliations(self) -> str:
        a = self.a
        tm = a.two_mode
        membership = tm.membership.tocsc()
        members = np.diff(membership.indptr)
        k = len(tm.affiliation_ids)
        intro = (
            f"<p>This network was built from {_plural(k, 'shared affiliation')} (for example "
            "trusts, partnerships or activities): two organisations are tied when they share "
            "one. "
        )
        if self.grouped:
            import scipy.sparse as sp

            groups = sp.csr_matrix(
                (np.ones(self.net.n), (np.arange(self.net.n), a.groups)),
                shape=(self.net.n, len(self.labels)),
            )
            counts = (membership.T @ groups).tocsr()
            spanned = np.diff(counts.indptr)
            pairs = members * (members - 1) / 2
            inside = (
                np.asarray(counts.multiply(counts).sum(axis=1) - counts.sum(axis=1)).ravel() / 2
            )
            with np.errstate(divide="ignore", invalid="ignore"):
                ei = np.where(pairs > 0, (pairs - 2 * inside) / pairs, np.nan)
            order = np.lexsort((np.array(tm.affiliation_ids, dtype=str), -members, -spanned))[:10]
            intro += (
                f"The affiliations below span the most values of {self.group_name}: they "
                "bring together organisations that otherwise belong to different groups, for "
                "example trusts that bridge local authorities. E-I is measured over the pairs "
                "of members (+1 when all pairs are from different groups).</p>"
            )
            headers = ["Affiliation", "Members", "Groups spanned", "E-I among members"]
            rows = [
                [
                    self.affiliation_name(j),
                    count(members[j]),
                    count(spanned[j]),
                    fmt(ei[j]),
                ]
                for j in order
            ]
            numeric = {1, 2, 3}
        else:
            order = np.lexsort((np.array(tm.affiliation_ids, dtype=str), -members))[:10]
            intro += "Without groups, the largest affiliations are listed.</p>"
            headers = ["Affiliation", "Members"]
            rows = [[self.affiliation_name(j), count(members[j])] for j in order]
            numeric = {1}
        if not k:
            return intro
        return intro + _table(headers, rows, numeric)

    def affiliation_name(self, j: int) -> str:
        tm = self.a.two_mode
        ident, name = tm.affiliation_ids[j], tm.names[j]
        if name and name != ident:
            return f"{_e(name)} <span class='note'>({_e(ident)})</span>"
        return _e(ident)

    # 9. Warnings and methods -------------------------------------------------------------

    def notes(self) -> str:
        a, net = self.a, self.net
        if net.warnings:
            items = "".join(f"<li>{_e(w)}</li>" for w in net.warnings)
            warnings_html = (
                "<h3>What was changed while reading the data</h3>"
                f"<div class='warn'><ul>{items}</ul></div>"
            )
        else:
            warnings_html = (
                "<h3>What was changed while reading the data</h3>"
                "<p>Nothing: the data needed no cleaning.</p>"
            )
        bet = a.betweenness
        if bet.method == "exact":
            between_note = "computed exactly (Brandes' algorithm in igraph)"
        else:
            between_note = (
                f"estimated from {bet.samples:,} randomly chosen starting organisations "
                f"(Brandes and Pich): with probability {percent(1 - bet.delta, 0)} every "
                f"organisation's value is within ±{fmt(bet.absolute_error, 1)} of the exact "
                "one (Hoeffding's bound)"
            )
        holes_note = (
            "Burt's constraint and effective size with alters' ties read from the whole "
            "network (the &lsquo;whole network&rsquo; model; equal to igraph's constraint "
            "and networkx's effective size)"
            if a.holes.model == "whole"
            else "UCINET's ego-network model: every quantity computed inside each "
            "organisation's own neighbourhood"
        )
        items = [
            "<strong>Brokerage</strong>: Gould and Fernandez (1989) roles, counted as R's sna "
            "package does (<code>brokerage()</code>): a broker sits on a path A→B→C with no "
            "tie A→C; ties without direction count both ways. z-scores use sna's null model "
            "of independent ties at the observed density.",
            "<strong>E-I index</strong>: Krackhardt and Stern (1988) as in UCINET: each tie "
            "counted once, weights ignored.",
            "<strong>Assortativity</strong>: Newman's (2003) attribute assortativity coefficient.",
            f"<strong>Structural holes</strong>: Burt (1992); {holes_note}. Tie weights are "
            "used when present.",
            f"<strong>Betweenness</strong>: Freeman (1977), ignoring weights, {between_note}.",
            "<strong>Centralisation</strong>: Freeman (1979), scaled by the largest value "
            "possible for a network of this size (sna's convention); "
            + ("degree counts in- plus out-ties." if net.directed else "degree counts ties."),
            "<strong>Communities</strong>: the Leiden algorithm (Traag et al. 2019, igraph) "
            "maximising modularity on the network with directions dropped and weights used, "
            "with a fixed seed so results repeat.",
            "<strong>Map</strong>: Fruchterman-Reingold layout (igraph) with a fixed seed; at "
            f"most {plots.MAP_NODE_LIMIT:,} organisations (the best connected) are drawn.",
        ]
        if net.directed:
            items.append("Ties are directed: a tie goes from one organisation to another.")
        if a.group_column is None:
            items.append("No group column was given: every organisation is in one group.")
        methods = "".join(f"<li>{item}</li>" for item in items)
        return (
            warnings_html
            + "<h3>Methods</h3>"
            + f"<ul class='note'>{methods}</ul>"
            + "<p class='note'>A dash (–) marks a value that is not defined, for example a "
            "z-score where chance gives no variation, or constraint for an organisation "
            "without ties.</p>"
        )
