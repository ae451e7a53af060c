"""People's Markdown (agendas, notes) rendered to HTML that is safe to show: markdown, then nh3."""

from __future__ import annotations

import markdown
import nh3

TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "s", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "h1", "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> str:
    """HTML for `text`: Markdown's output cleaned by nh3 (no scripts, styles, event handlers or raw HTML)."""
    # nl2br: a line break people type stays a line break (facilitators write notes line by line)
    html = markdown.markdown(text or "", extensions=["sane_lists", "tables", "nl2br"], output_format="html")
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel="noopener noreferrer")
