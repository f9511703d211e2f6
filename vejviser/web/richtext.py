"""Descriptions as safe HTML: what any page (public or back office) shows of stored rich text.

Text is Markdown (CommonMark with raw HTML switched off, so a typed ``<script>`` is shown as
text), rendered by markdown-it-py and then sanitised with nh3: only a few tags survive, links
only to http(s), mail and phone. Every template renders descriptions through this one filter,
so a stored script is inert wherever it is shown.
"""
from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

#: Tags a description may keep; everything else (scripts, styles, attributes) is stripped.
ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "a"}

# "breaks": a single line break is a line break, as the people who write descriptions expect.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": False})
# Headings, code, images and quotes are not part of a description: shown as plain text.
_MARKDOWN.disable(["heading", "lheading", "code", "fence", "image", "blockquote", "hr",
                   "html_block", "html_inline", "backticks"])


def rich_text(text: str) -> Markup:
    """A description as safe HTML: Markdown (no raw HTML), then sanitised with nh3."""
    html = _MARKDOWN.render(text or "")
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href"}},
                      url_schemes={"http", "https", "mailto", "tel"},
                      link_rel="noopener noreferrer")
    return Markup(clean.strip())
