"""Reports of an analysis for network leaders: one self-contained HTML file.

:mod:`nlc.reports.measures` is the catalogue of measures (label, meaning, format,
interpretation) that the report, the terminal summary and the web pages present alike.
Importing it does not import the report's renderer (:mod:`nlc.reports.html`, which needs
the analysis package); ``render_report`` and ``write_report`` are imported when first used.
"""

__all__ = ["render_report", "write_report"]


def __getattr__(name: str):
    if name in __all__:
        from nlc.reports import html

        return getattr(html, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
