"""Reports of an analysis for network leaders: one self-contained HTML file."""

from nlc.reports.html import render_report, write_report

__all__ = ["render_report", "write_report"]
