"""Reports of an analysis for network leaders: one self-contained HTML file.

:mod:`nlc.reports.measures` is the catalogue of measures (label, meaning, format,
interpretation) that the report, the terminal summary and the web pages present alike.
"""

from nlc.reports.html import render_report, write_report

__all__ = ["render_report", "write_report"]
