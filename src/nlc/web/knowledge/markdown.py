"""Markdown rendered safely: markdown-it-py (CommonMark, raw HTML off) then the nh3 sanitiser.

Two locks, either of which stops script: markdown-it-py is told not to pass HTML through
(``html=False``: ``<script>`` stays text) and validates link targets (no ``javascript:``,
``vbscript:``, ``data:`` but images); then nh3 (the Ammonia sanitiser) keeps only the
elements and attributes a knowledge item needs, only ``http``, ``https`` and ``mailto`` links,
and adds ``rel="noopener noreferrer nofollow"``. No ``style`` or ``on*`` attribute survives,
so the site's content security policy is never asked to allow an inline one.
"""

from __future__ import annotations

from functools import cache

import nh3
from django.utils.safestring import SafeString, mark_safe

__all__ = ["ALLOWED_TAGS", "render_markdown"]

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}


@cache
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def render_markdown(text: str) -> SafeString:
    """Turn an item's Markdown into HTML safe to put in a page.

    Headings start at ``<h2>`` (a page's ``<h1>`` is the item's title): ``# x`` becomes
    ``<h2>``.

    Parameters
    ----------
    text : str
        Markdown, from anyone who may write an item.

    Returns
    -------
    SafeString
        Sanitised HTML.

    Examples
    --------
    >>> str(render_markdown("**Talk** <script>alert(1)</script>"))
    '<p><strong>Talk</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>'
    >>> str(render_markdown("[x](javascript:alert(1))"))
    '<p>[x](javascript:alert(1))</p>'
    """
    html = _parser().render(text or "")
    for level in range(5, 0, -1):  # h1 -> h2 ... h5 -> h6
        html = html.replace(f"<h{level}>", f"<h{level + 1}>")
        html = html.replace(f"</h{level}>", f"</h{level + 1}>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean.strip())  # noqa: S308 - sanitised by nh3 just above
