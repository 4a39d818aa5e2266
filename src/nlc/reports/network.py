"""The network's own report, "What are we learning about...?", and the area's, from plain data.

A network's report gathers what NLC holds about its work: its focus and goals, the map, who is
connected and how (the sections of the analysis report, :func:`nlc.reports.html.analysis_sections`,
embedded, not rewritten), how the network changed year by year, its activities and what was
learnt, its decisions and who took part in them, its outcomes with their charts, and a methods
note. The area's report sets all of an area's networks side by side.

Everything here is framework-free: the web app (:mod:`nlc.web.reporting`) reads the database
and fills a :class:`NetworkReportContent` with strings, numbers, dates and an
:class:`~nlc.analysis.Analysis`; names are already those the reader may see. Parts that an
installation does not have (the learning, knowledge or planning apps) are ``None`` and their
sections say that nothing is recorded. Every string from the data is escaped here, except the
outcome charts' SVG, which the planning app draws itself.

:func:`html_to_pdf` turns any of these documents into a PDF with WeasyPrint.
"""

from __future__ import annotations

import html
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from nlc.analysis.summary import Analysis
from nlc.reports import plots
from nlc.reports.html import Section, analysis_sections, render_document
from nlc.reports.measures import DASH, MEASURES, finite, network_values, percent

__all__ = [
    "CHANGE_MEASURES",
    "NETWORK_SECTIONS",
    "NetworkReportContent",
    "PdfUnavailable",
    "YearMeasures",
    "area_report_sections",
    "beyond_schools",
    "html_to_pdf",
    "network_report_sections",
    "render_area_report",
    "render_network_report",
]

#: The analysis sections shown under "Who is connected and how" (the map has its own place,
#: the methods go into the methods note).
CONNECTED = ("summary", "bridging", "brokers", "holes", "centralisation", "communities",
             "affiliations")  # fmt: skip
#: Measures of the change-over-time table: catalogue key, or ``beyond_schools``.
CHANGE_MEASURES = (
    "nodes",
    "ties",
    "density",
    "bridging_share",
    "ei_index",
    "degree_centralization",
    "modularity",
    "beyond_schools",
)
#: The sections of a network's report: key and heading, in reading order.
NETWORK_SECTIONS = (
    ("focus", "Focus and goals"),
    ("map", "The map"),
    ("connected", "Who is connected and how"),
    ("change", "Change over time"),
    ("activities", "Activities and what was learnt"),
    ("decisions", "Decisions and participation"),
    ("outcomes", "Outcomes"),
    ("methods", "Methods"),
)
BEYOND_SCHOOLS = "Partners beyond schools"
#: What the report says about cause and effect, wherever outcomes and the network meet.
HONEST = (
    "These pages say what moved together over the same years. They do not show that the "
    "network caused any change in outcomes: other things changed too."
)
PRINT_CSS = """
@page { size: A4; margin: 16mm 14mm 18mm;
        @bottom-right { content: counter(page) " / " counter(pages); font-size: 9pt;
                        color: #5b6475; } }
@media print { body { font-size: 10.5pt; } main { max-width: none; padding: 0; }
               nav ol { columns: 1; } h2, h3, h4 { break-after: avoid; }
               table { break-inside: auto; } tr, figure { break-inside: avoid; } }
.chart svg { max-width: 100%; height: auto; }
.side td { white-space: nowrap; }
"""
#: The area's report: landscape pages, so that its networks fit side by side.
AREA_CSS = """
@page { size: A4 landscape; }
table.side { font-size: .8rem; } .side th { white-space: normal; min-width: 5rem; }
"""


@dataclass(frozen=True)
class YearMeasures:
    """The network's measures on the ties observed up to the end of ``year``.

    ``values`` holds :func:`~nlc.reports.measures.network_values` keys and ``beyond_schools``.
    """

    year: int
    values: Mapping[str, object]


@dataclass(frozen=True)
class NetworkReportContent:
    """What one network's report shows, as plain data (see the module docstring).

    Parameters
    ----------
    name : str
        The network's name.
    area : str
        Its area (the local authority).
    focus : str
        Its shared focus as recorded on the network.
    programme : str
        The programme it belongs to.
    roles : sequence of (str, str, str)
        Role, person's name as the reader may see it, organisation.
    analysis : Analysis or None
        The analysis of its organisations' ties (grouped by kind of organisation).
    years : sequence of YearMeasures
        Its measures year by year, oldest first.
    activities : sequence of mapping, or None
        ``kind, title, start, end, status, participants, outcomes`` of each activity; ``None``
        when the learning app is not installed.
    knowledge : sequence of mapping, or None
        ``kind, title, date, summary, authors`` of each published item; ``None`` without the
        knowledge app.
    plan : mapping or None
        :func:`nlc.web.planning.report.plan_context`'s dictionary; ``None`` without the
        planning app.
    naming : str
        One sentence saying how people are named in this copy (for the methods note).
    survey_change : mapping or None
        The change between the latest two closed survey waves
        (:func:`nlc.web.surveys.overview.network_change`: ``survey``, ``before``, ``after``,
        ``respondents``, ``suppressed``, ``min_group_size`` and, unless suppressed,
        ``counts`` and ``measures``); ``None`` when there is none (or no surveys app).
    """

    name: str
    area: str = ""
    focus: str = ""
    programme: str = ""
    roles: Sequence[tuple[str, str, str]] = ()
    analysis: Analysis | None = None
    years: Sequence[YearMeasures] = ()
    activities: Sequence[Mapping] | None = None
    knowledge: Sequence[Mapping] | None = None
    plan: Mapping | None = None
    naming: str = ""
    sources: Sequence[str] = field(default_factory=tuple)
    survey_change: Mapping | None = None


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs (pango, harfbuzz) are not installed."""


# ------------------------------------------------------------------------------ helpers


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _p(text: str, cls: str = "") -> str:
    attr = f" class='{cls}'" if cls else ""
    return f"<p{attr}>{text}</p>"


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]], cls: str = "") -> str:
    """A table of escaped cells; numbers align right."""

    def cell(tag: str, value: object) -> str:
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        attr = " class='num'" if numeric else ""
        return f"<{tag}{attr}>{_e(value)}</{tag}>"

    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(cell("td", v) for v in row) + "</tr>" for row in rows)
    attr = f" class='{cls}'" if cls else ""
    return f"<table{attr}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _date(value: object) -> str:
    return DASH if value in (None, "") else str(value)


def beyond_schools(analysis: Analysis) -> float | None:
    """Share of the organisations with at least one tie that are not schools.

    Defined when the analysis is grouped by kind of organisation (group ``school``);
    ``None`` otherwise or without ties.
    """
    if analysis.group_column != "kind":
        return None
    tied = analysis.degree > 0
    if not tied.any():
        return None
    labels = list(analysis.group_labels)
    school = labels.index("school") if "school" in labels else -1
    return float((analysis.groups[tied] != school).mean())


def _measure(key: str, value: object) -> str:
    if key == "beyond_schools":
        return percent(value) if finite(value) else DASH
    return MEASURES[key].format(value)


def _label(key: str) -> str:
    return BEYOND_SCHOOLS if key == "beyond_schools" else MEASURES[key].label


# ---------------------------------------------------------------------- network sections


def _focus(content: NetworkReportContent) -> str:
    parts = []
    focus = (content.plan or {}).get("focus") or {}
    statement = focus.get("statement") or content.focus
    if statement:
        parts.append(f"<div class='callout lead'>{_e(statement)}</div>")
    else:
        parts.append(_p("No shared focus is recorded yet.", "note"))
    if focus.get("outcomes"):
        outcomes = ", ".join(_e(o) for o in focus["outcomes"])
        parts.append(_p(f"Every Child Matters outcomes it serves: {outcomes}."))
    if content.programme:
        parts.append(_p(f"Programme: {_e(content.programme)}."))
    goals = (content.plan or {}).get("goals") or []
    if goals:
        parts.append("<h3>Goals</h3>")
        rows = [
            (g.get("title", ""), g.get("outcome", ""), len(g.get("indicators") or ()))
            for g in goals
        ]
        parts.append(_table(["Goal", "Outcome", "Indicators"], rows))
    elif content.plan is None:
        parts.append(
            _p("Goals are kept in the plan, which this installation does not hold.", "note")
        )
    else:
        parts.append(_p("No goals are recorded yet.", "note"))
    if content.roles:
        parts.append("<h3>Who leads and supports the network</h3>")
        parts.append(_table(["Role", "Person", "Organisation"], content.roles))
    return "".join(parts)


def _demote(fragment: str) -> str:
    """An analysis section's body one heading level down (its ``h3`` become ``h4``)."""
    return fragment.replace("<h3>", "<h4>").replace("</h3>", "</h4>")


def _connected(sections: Mapping[str, Section]) -> str:
    parts = [
        _p(
            "The organisations of the network and the ties recorded between them "
            "(collaboration, advice, knowledge exchange, referrals, shared activities), "
            "grouped by kind of organisation."
        )
    ]
    for key in CONNECTED:
        if key in sections:
            s = sections[key]
            parts.append(f"<h3>{_e(s.heading)}</h3>{_demote(s.html)}")
    return "".join(parts)


def _year_chart(years: Sequence[YearMeasures]) -> str:
    """Line chart of density, bridging share and partners beyond schools by year (PNG)."""
    import base64

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7.5, 3.2), dpi=plots.DPI, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    xs = [y.year for y in years]
    for key, colour in (
        ("density", plots.PALETTE[0]),
        ("bridging_share", plots.BRIDGING_COLOUR),
        ("beyond_schools", plots.PALETTE[1]),
    ):
        ys = [y.values.get(key) if finite(y.values.get(key)) else float("nan") for y in years]
        ax.plot(xs, ys, marker="o", color=colour, label=_label(key))
    ax.set_xticks(xs)
    ax.set_ylim(0, 1)
    ax.set_ylabel("share (0 to 1)")
    ax.legend(frameon=False, loc="upper left", fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f"<figure><img src='data:image/png;base64,{data}' alt='Measures by year'>"
        "<figcaption>Density, the share of ties that bridge groups and the share of partners "
        "beyond schools, on the ties observed up to the end of each year.</figcaption></figure>"
    )


def _change(content: NetworkReportContent) -> str:
    years = content.years
    if not years:
        return _p("No ties with a date are recorded, so change over time cannot be shown.", "note")
    headers = ["Measure", *(str(y.year) for y in years)]
    rows = [[_label(k), *(_measure(k, y.values.get(k)) for y in years)] for k in CHANGE_MEASURES]
    parts = [
        _p(
            "The network's measures on the ties observed up to the end of each year (a tie "
            "counts from the date it was observed)."
        ),
        _table(headers, rows, "side"),
    ]
    if len(years) > 1:
        parts.append(_year_chart(years))
    return "".join(parts)


def _survey_change(change: Mapping | None) -> str:
    """The change between two survey waves: tie counts and measures, no one named."""
    if change is None:
        return ""
    waves = f"wave {change['before']} and wave {change['after']}"
    answered = change["respondents"]
    parts = [
        "<h3>Between survey waves</h3>",
        _p(
            f"{_e(change['survey'])}: {waves} ({answered[0]} and {answered[1]} people "
            "answered). Ties the survey made in each wave, compared."
        ),
    ]
    if change["suppressed"]:
        parts.append(
            _p(
                f"Fewer than {change['min_group_size']} people answered a wave, so the "
                "change is not shown.",
                "note",
            )
        )
        return "".join(parts)
    counts = change["counts"]
    parts.append(
        _table(
            ["New ties", "Ties lost", "Stronger", "Weaker", "Kept"],
            [[counts[k] for k in ("new", "lost", "stronger", "weaker", "kept")]],
        )
    )
    headers = ["Measure", f"Wave {change['before']}", f"Wave {change['after']}"]
    parts.append(_table(headers, [list(row) for row in change["measures"]], "side"))
    return "".join(parts)


def _activities(content: NetworkReportContent) -> str:
    parts = []
    if content.activities is None:
        parts.append(
            _p("No activities are recorded: this installation has no learning app.", "note")
        )
    elif not content.activities:
        parts.append(_p("No activities are recorded yet.", "note"))
    else:
        rows = [
            (a.get("kind", ""), a.get("title", ""), _date(a.get("start")), a.get("status", ""),
             a.get("participants", 0))
            for a in content.activities
        ]  # fmt: skip
        parts.append(_table(["Kind", "Activity", "Started", "Status", "Participants"], rows))
        learnt = [a for a in content.activities if a.get("outcomes")]
        if learnt:
            items = "".join(
                f"<li><strong>{_e(a['title'])}</strong>: {_e(a['outcomes'])}</li>" for a in learnt
            )
            parts.append(f"<h3>What came out of them</h3><ul>{items}</ul>")
    parts.append("<h3>What was learnt</h3>")
    if not content.knowledge:
        parts.append(_p("No knowledge items are recorded for this network.", "note"))
    else:
        for item in content.knowledge:
            authors = ", ".join(item.get("authors") or ())
            by = f" by {_e(authors)}" if authors else ""
            parts.append(
                f"<p><strong>{_e(item.get('title'))}</strong> "
                f"<span class='note'>({_e(item.get('kind'))}, {_e(_date(item.get('date')))}"
                f"{by})</span><br>{_e(item.get('summary', ''))}</p>"
            )
    return "".join(parts)


def _decisions(plan: Mapping | None) -> str:
    if plan is None:
        return _p("No meetings or decisions are recorded: this installation has no planning app.",
                  "note")  # fmt: skip
    parts = []
    meetings, decisions = plan.get("meetings") or [], plan.get("decisions") or []
    actions = plan.get("actions") or {}
    parts.append(
        _p(
            f"{len(meetings)} meetings and {len(decisions)} decisions recorded; actions: "
            f"{actions.get('open', 0)} open ({actions.get('overdue', 0)} overdue), "
            f"{actions.get('done', 0)} done."
        )
    )
    if decisions:
        rows = [
            (_date(d.get("date")), d.get("title", ""), d.get("method", ""),
             d.get("participants", 0))
            for d in decisions
        ]  # fmt: skip
        parts.append("<h3>Decisions</h3>")
        parts.append(_table(["Date", "Decision", "How decided", "Took part"], rows))
    items = actions.get("items") or []
    if items:
        rows = [
            (a.get("title", ""), a.get("owner", ""), _date(a.get("due")),
             a.get("status", "") + (" (overdue)" if a.get("overdue") else ""), a.get("goal", ""))
            for a in items
        ]  # fmt: skip
        parts.append("<h3>Actions</h3>")
        parts.append(_table(["Action", "Owner", "Due", "Status", "Goal"], rows))
    participation = plan.get("participation") or {}
    if participation.get("rows"):
        parts.append("<h3>Who takes part in decisions</h3>")
        parts.append(
            _p(
                "Are community partners and peripheral members taking part in decisions, or "
                "only attending? Counts by kind of organisation and by position in the network."
            )
        )
        rows = [(r.get("group", ""), *(r.get("counts") or ())) for r in participation["rows"]]
        parts.append(_table(["Group", *participation.get("columns", ())], rows))
    return "".join(parts)


def _indicator(indicator: Mapping) -> str:
    parts = [
        f"<h4>{_e(indicator.get('name'))} <span class='note'>({_e(indicator.get('measure'))}"
        f"{', ' + _e(indicator.get('unit')) if indicator.get('unit') else ''})</span></h4>"
    ]
    if indicator.get("svg"):
        kind = "XmR chart" if indicator.get("chart_kind") == "xmr" else "Run chart"
        parts.append(
            f"<figure class='chart'>{indicator['svg']}<figcaption>{kind}.</figcaption></figure>"
        )
    else:
        parts.append(_p("Too few values for a chart yet.", "note"))
    signals = indicator.get("signals") or []
    if signals:
        items = "".join(
            f"<li>{_e(s.get('label'))}: {_e(', '.join(s.get('periods') or ()))}</li>"
            for s in signals
        )
        parts.append(f"<p>Signals of special cause:</p><ul>{items}</ul>")
    if indicator.get("rebase_from"):
        parts.append(
            _p(
                f"A sustained shift suggests a new baseline from {_e(indicator['rebase_from'])};"
                " it is applied only when a person chooses it.",
                "note",
            )
        )
    if indicator.get("pupil_level"):
        parts.append(_p("Pupil-level data: small numbers are suppressed.", "note"))
    return "".join(parts)


def _outcomes(plan: Mapping | None) -> str:
    if plan is None:
        return _p("No outcomes are recorded: this installation has no planning app.", "note")
    goals = [g for g in plan.get("goals") or () if g.get("indicators")]
    if not goals:
        return _p("No indicators with values are recorded yet.", "note")
    parts = [_p(HONEST, "callout")]
    for goal in goals:
        parts.append(f"<h3>{_e(goal.get('title'))}</h3>")
        if goal.get("description"):
            parts.append(_p(_e(goal["description"])))
        parts.extend(_indicator(i) for i in goal["indicators"])
    return "".join(parts)


def _methods(content: NetworkReportContent, notes: Section | None) -> str:
    items = [
        "The network's ties are those recorded in NLC (surveys, activities, imports and "
        "brokered introductions) between its member organisations; measures follow the "
        "conventions of R's sna and UCINET, as the notes below say.",
        "Change over time: each year's measures use the ties observed up to 31 December of "
        "that year.",
        "Outcome charts: run charts and XmR (individuals) charts with the usual rules for "
        "special causes (a point outside the limits, a run of 8 on one side of the centre, a "
        "trend of 6, two of three points near a limit).",
        HONEST,
    ]
    if content.naming:
        items.append(content.naming)
    items.extend(content.sources)
    parts = [f"<ul class='note'>{''.join(f'<li>{_e(i)}</li>' for i in items)}</ul>"]
    if notes is not None:
        parts.append(_demote(notes.html))
    return "".join(parts)


def network_report_sections(content: NetworkReportContent) -> list[Section]:
    """The sections of a network's report, in reading order.

    Keys: ``focus``, ``map``, ``connected``, ``change``, ``activities``, ``decisions``,
    ``outcomes``, ``methods``.

    Parameters
    ----------
    content : NetworkReportContent

    Returns
    -------
    list of Section
    """
    found = {s.key: s for s in analysis_sections(content.analysis)} if content.analysis else {}
    no_ties = _p("No ties are recorded for this network yet.", "note")
    bodies = {
        "focus": _focus(content),
        "map": found["map"].html if "map" in found else no_ties,
        "connected": _connected(found) if found else no_ties,
        "change": _change(content) + _survey_change(content.survey_change),
        "activities": _activities(content),
        "decisions": _decisions(content.plan),
        "outcomes": _outcomes(content.plan),
        "methods": _methods(content, found.get("notes")),
    }
    return [Section(key, heading, bodies[key]) for key, heading in NETWORK_SECTIONS]


def render_network_report(content: NetworkReportContent) -> str:
    """The network's report as one self-contained HTML document (print-ready for PDF)."""
    subtitle = " · ".join(part for part in (content.area, "What are we learning about...?") if part)
    return render_document(
        f"{content.name}: the network's report",
        network_report_sections(content),
        subtitle=subtitle,
        css=PRINT_CSS,
    )


# -------------------------------------------------------------------------- area report


def _side_by_side(contents: Sequence[NetworkReportContent]) -> str:
    values = [network_values(c.analysis) if c.analysis else {} for c in contents]
    rows = []
    for key in ("nodes", "ties", "density", "bridging_share", "ei_index",
                "degree_centralization", "modularity"):  # fmt: skip
        rows.append([_label(key), *(_measure(key, v.get(key)) for v in values)])
    rows.append(
        [BEYOND_SCHOOLS, *(_measure("beyond_schools", beyond_schools(c.analysis))
                           if c.analysis else DASH for c in contents)]
    )  # fmt: skip

    def counted(items) -> str:
        return DASH if items is None else str(len(items))

    rows.append(["Activities", *(counted(c.activities) for c in contents)])
    rows.append(["Knowledge items", *(counted(c.knowledge) for c in contents)])
    rows.append(
        ["Decisions", *(counted(c.plan.get("decisions")) if c.plan else DASH for c in contents)]
    )
    rows.append(["Goals", *(counted(c.plan.get("goals")) if c.plan else DASH for c in contents)])
    return _table(["", *(c.name for c in contents)], rows, "side")


def _area_change(contents: Sequence[NetworkReportContent]) -> str:
    years = sorted({y.year for c in contents for y in c.years})
    if not years:
        return _p("No ties with a date are recorded.", "note")
    parts = []
    for key in ("density", "bridging_share", "beyond_schools"):
        rows = []
        for c in contents:
            by_year = {y.year: y.values.get(key) for y in c.years}
            rows.append([c.name, *(_measure(key, by_year.get(year)) for year in years)])
        parts.append(f"<h3>{_e(_label(key))}</h3>")
        parts.append(_table(["Network", *(str(y) for y in years)], rows, "side"))
    return "".join(parts)


def _area_focus(contents: Sequence[NetworkReportContent]) -> str:
    rows = []
    for c in contents:
        focus = ((c.plan or {}).get("focus") or {}).get("statement") or c.focus or DASH
        goals = "; ".join(g.get("title", "") for g in (c.plan or {}).get("goals") or ()) or DASH
        rows.append((c.name, focus, goals))
    return _table(["Network", "Focus", "Goals"], rows)


def area_report_sections(contents: Sequence[NetworkReportContent]) -> list[Section]:
    """The sections of an area's report: its networks side by side.

    Keys: ``networks``, ``focus``, ``change``, ``methods``.
    """
    if not contents:
        empty = _p("The area has no networks yet.", "note")
        return [Section("networks", "The networks side by side", empty)]
    methods = _methods(contents[0], None)
    return [
        Section("networks", "The networks side by side", _side_by_side(contents)),
        Section("focus", "Focus and goals", _area_focus(contents)),
        Section("change", "Change over time", _area_change(contents)),
        Section("methods", "Methods", methods),
    ]


def render_area_report(area: str, contents: Sequence[NetworkReportContent]) -> str:
    """The area's report (all its networks side by side) as one HTML document."""
    return render_document(
        f"{area}: the networks' report",
        area_report_sections(contents),
        subtitle="What are we learning about...? For the local authority.",
        css=PRINT_CSS + AREA_CSS,
    )


# -------------------------------------------------------------------------------- PDF


def html_to_pdf(document: str) -> bytes:
    """The HTML ``document`` as PDF bytes, laid out by WeasyPrint (A4, page numbers).

    Raises
    ------
    PdfUnavailable
        When WeasyPrint or its system libraries (pango, harfbuzz, fontconfig) are missing.
    """
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(
            "PDF needs WeasyPrint and the pango and harfbuzz libraries "
            f"(see the README's installation notes): {exc}"
        ) from None
    return weasyprint.HTML(string=document).write_pdf()
