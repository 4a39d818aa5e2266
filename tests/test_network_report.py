"""The network's and the area's report from plain data (framework-free), as HTML and PDF."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from nlc.analysis import analyse
from nlc.network import build_network, read_nodes, read_ties
from nlc.reports.network import (
    NetworkReportContent,
    YearMeasures,
    beyond_schools,
    html_to_pdf,
    network_report_sections,
    render_area_report,
    render_network_report,
)


def _pdf_available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


#: PDFs need WeasyPrint's system libraries (pango, harfbuzz); `.ci/run` installs them.
needs_pdf = pytest.mark.skipif(
    not _pdf_available(), reason="PDF needs pango and harfbuzz (apt-get; see the README)"
)


EXAMPLE = Path(__file__).resolve().parents[1] / "src" / "nlc" / "data" / "example"
HEADINGS = [
    "Focus and goals",
    "The map",
    "Who is connected and how",
    "Change over time",
    "Activities and what was learnt",
    "Decisions and participation",
    "Outcomes",
    "Methods",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
SVG = "<svg xmlns='http://www.w3.org/2000/svg' width='200' height='60'><rect width='200' height='60' fill='#1f5f99'/></svg>"


@pytest.fixture(scope="module")
def analysis():
    ties = read_ties(EXAMPLE / "ties.csv", source="source", target="target", weight="weight")
    nodes = read_nodes(EXAMPLE / "nodes.csv", id_column="id")
    return analyse(build_network(ties, nodes), "kind")


def _plan() -> dict:
    indicator = {
        "name": "Attendance of case pupils", "measure": "Is anyone better off?", "unit": "%",
        "chart_kind": "xmr", "pupil_level": True, "svg": SVG,
        "signals": [{"rule": "run", "label": "Run of 8 above the centre", "periods": ["2026-01"]}],
        "rebase_from": "2025-09", "values": [],
    }  # fmt: skip
    return {
        "focus": {"statement": "Every child reads <well>", "outcomes": ["Enjoy and achieve"]},
        "goals": [
            {
                "title": "Reading for pleasure",
                "outcome": "Enjoy and achieve",
                "description": "",
                "indicators": [indicator],
            }
        ],  # fmt: skip
        "meetings": [{"date": dt.date(2026, 1, 5), "title": "Autumn review", "attendance": 9}],
        "decisions": [
            {
                "date": dt.date(2026, 1, 5),
                "title": "Fund a reading champion",
                "method": "consensus",
                "participants": 7,
            }
        ],  # fmt: skip
        "actions": {
            "open": 1,
            "done": 0,
            "overdue": 1,
            "items": [
                {
                    "title": "Recruit champion",
                    "owner": "Ann Leader",
                    "due": dt.date(2026, 2, 1),
                    "status": "open",
                    "overdue": True,
                    "goal": "Reading for pleasure",
                }
            ],
        },  # fmt: skip
        "participation": {
            "columns": ["Proposed", "Decided"],
            "rows": [{"group": "Voluntary", "by": "kind", "counts": [2, 1]}],
        },  # fmt: skip
    }


def _content(analysis, *, plan=None, activities=None) -> NetworkReportContent:
    values = {"density": 0.2, "bridging_share": 0.5, "beyond_schools": 0.4, "nodes": 10}
    return NetworkReportContent(
        name="North <Network>",
        area="Example Borough",
        focus="Reading",
        roles=[("Network leader", "Ann Leader", "Beechcliffe Primary")],
        analysis=analysis,
        years=[YearMeasures(2025, values), YearMeasures(2026, {**values, "density": 0.3})],
        activities=activities,
        plan=plan,
        naming="People are named in full; pupils are never named.",
    )


def test_it_has_every_section_in_order(analysis):
    keys = [s.key for s in network_report_sections(_content(analysis))]
    assert keys == ["focus", "map", "connected", "change", "activities", "decisions",
                    "outcomes", "methods"]  # fmt: skip


def test_it_escapes_the_data_and_embeds_the_analysis_report(analysis):
    document = render_network_report(_content(analysis, plan=_plan()))
    assert "North &lt;Network&gt;" in document and "<Network>" not in document
    assert "Every child reads &lt;well&gt;" in document
    # The analysis report's own sections, shared not copied: its brokers and methods notes.
    assert "Brokers: who connects whom" in document
    assert "Gould and Fernandez" in document
    assert SVG in document  # the planning app's chart is embedded as drawn


def test_it_says_what_is_missing_without_the_apps(analysis):
    document = render_network_report(_content(analysis))
    assert "this installation has no learning app" in document
    assert "this installation has no planning app" in document
    assert "No knowledge items are recorded" in document


def test_it_shows_activities_knowledge_and_decisions(analysis):
    activities = [{"kind": "Learning walk", "title": "Walk one", "start": dt.date(2026, 1, 2),
                   "status": "Done", "participants": 4, "outcomes": "Shared marking"}]  # fmt: skip
    document = render_network_report(_content(analysis, plan=_plan(), activities=activities))
    shown = ("Walk one", "Shared marking", "Fund a reading champion", "Recruit champion",
             "Run of 8 above the centre", "Voluntary", "do not show that the network caused")  # fmt: skip
    for text in shown:
        assert text in document


def test_beyond_schools_counts_tied_organisations_that_are_not_schools(analysis):
    kinds = analysis.network.attributes["kind"]
    tied = [k for k, d in zip(kinds, analysis.degree, strict=True) if d > 0]
    assert beyond_schools(analysis) == pytest.approx(sum(k != "school" for k in tied) / len(tied))


@needs_pdf
def test_the_pdf_is_a_pdf_with_the_sections(analysis):
    pypdf = pytest.importorskip("pypdf")
    try:
        pdf = html_to_pdf(render_network_report(_content(analysis, plan=_plan())))
    except Exception as exc:  # WeasyPrint's system libraries missing
        pytest.skip(str(exc))
    assert pdf.startswith(b"%PDF-")
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    for heading in HEADINGS:
        assert heading in text
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "network-report-core.pdf").write_bytes(pdf)


def test_the_area_report_sets_networks_side_by_side(analysis):
    a, b = _content(analysis, plan=_plan()), _content(analysis)
    b = NetworkReportContent(**{**b.__dict__, "name": "South"})
    document = render_area_report("Example Borough", [a, b])
    assert "The networks side by side" in document
    assert "North &lt;Network&gt;" in document and "South" in document
    assert "Fund a reading champion" not in document  # the side-by-side view counts, not lists
