"""The dashboard's ties over time (issue #8): every period shown, by year over a long span,
scaled to the largest count, never hundreds of rows."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from nlc.web.registry.dashboard import CHART_HEIGHT, ties_over_time
from nlc.web.ties.models import Tie


def month(year: int, number: int) -> dt.date:
    return dt.date(year, number, 1)


def test_months_without_ties_are_shown_as_zero():
    chart = ties_over_time([(month(2024, 11), 4), (month(2025, 2), 2)])
    assert chart["by"] == "month"
    assert [(p["label"], p["n"]) for p in chart["periods"]] == [
        ("Nov 2024", 4),
        ("Dec 2024", 0),
        ("Jan 2025", 0),
        ("Feb 2025", 2),
    ]


def test_columns_are_scaled_to_the_largest_count():
    chart = ties_over_time([(month(2025, 1), 40), (month(2025, 2), 10), (month(2025, 3), 0)])
    heights = [p["height"] for p in chart["periods"]]
    assert heights[0] == chart["base"] - chart["top"]  # the peak fills the plot
    assert heights[1] == pytest.approx(heights[0] / 4, abs=0.1)
    assert heights[2] == 0
    assert [p["percent"] for p in chart["periods"]] == [100.0, 25.0, 0.0]
    assert all(0 <= p["y"] <= CHART_HEIGHT for p in chart["periods"])


def test_a_span_over_two_years_is_drawn_by_year():
    exactly_24 = ties_over_time([(month(2024, 1), 1), (month(2025, 12), 1)])
    assert exactly_24["by"] == "month" and len(exactly_24["periods"]) == 24
    # A GIAS import dates ties from when schools joined their trust: decades of months.
    joined = [(month(1995 + i // 12, 1 + i % 12), 1) for i in range(0, 24 * 12, 7)]
    chart = ties_over_time(joined + [(None, 5)])
    assert chart["by"] == "year"
    assert [p["label"] for p in chart["periods"]] == [str(y) for y in range(1995, 2019)]
    assert sum(p["n"] for p in chart["periods"]) == len(joined)


def test_no_ties_gives_no_chart():
    assert ties_over_time([])["periods"] == []


@pytest.mark.usefixtures("small_area")
def test_the_dashboard_draws_the_chart_with_empty_months(client_for, led_network):
    ties = Tie.objects.filter(network=led_network, source_organisation__isnull=False)
    first = ties.order_by("observed_on").first()
    Tie.objects.filter(pk=first.pk).update(observed_on=dt.date(2023, 1, 15))
    page = client_for("admin").get("/").content.decode()
    chart = page[page.index('id="ties-over-time"') :]
    chart = chart[: chart.index("</figure>")]
    assert 'data-by="month"' in chart or 'data-by="year"' in chart
    columns = re.findall(r'<rect class="column"', chart)
    assert len(columns) >= 2
    assert "px" not in chart  # bars scale with the chart, never in raw pixels
    assert "Jan 2023" in chart or "2023" in chart
