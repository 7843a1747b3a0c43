"""Markdown from authors -> safe HTML. Raw HTML in the source is shown as text, never run."""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_md.enable("table")

_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "code", "pre", "blockquote", "a", "h3",
         "h4", "table", "thead", "tbody", "tr", "th", "td", "hr"}
_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
# A wide table scrolls in its own keyboard-reachable box, never the page (WCAG 1.4.10): a
# named group, not a region, since a page may hold many such tables (a case record at each
# stage) and a landmark per table, all with one name, would only crowd the landmark list.
# Added after sanitising: raw HTML is off, so "<table>" can only come from a Markdown table.
_SCROLLER = ('<div class="table-scroll" role="group" tabindex="0" '
             'aria-label="Table (scrolls sideways)">')


@lru_cache(maxsize=4096)
def markdown_to_html(text: str) -> str:
    """Render Markdown, then sanitise with nh3 (defence in depth: html is already off).
    Cached: a question's stem is rendered once per process, not once per page view."""
    html = _md.render(text or "")
    # Authors' headings sit below the lesson's own h1/h2, so shift them down.
    for level in (2, 1):
        html = html.replace(f"<h{level}>", f"<h{level + 2}>").replace(f"</h{level}>",
                                                                       f"</h{level + 2}>")
    clean = nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES,
                      url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
    return clean.replace("<table>", _SCROLLER + "<table>").replace("</table>", "</table></div>")


@lru_cache(maxsize=8192)
def inline_markdown_to_html(text: str) -> str:
    """Render a short Markdown fragment (a stem, an option) without the wrapping paragraph."""
    html = markdown_to_html(text).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html
