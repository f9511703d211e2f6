"""Descriptions as safe HTML: what any page (public or back office) shows of stored rich text.

Text is Markdown (CommonMark with raw HTML switched off, so a typed ``<script>`` is shown as
text), rendered by markdown-it-py and then sanitised with nh3: only a few tags survive, links
only to http(s), mail and phone. Every template renders descriptions through this one filter,
so a stored script is inert wherever it is shown.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import nh3
from markupsafe import Markup

#: Tags a description may keep; everything else (scripts, styles, attributes) is stripped.
ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "a"}


@lru_cache(maxsize=1)
def _markdown() -> Any:
    # Made on the first description shown: markdown-it-py is 62 modules (2 MB), and a worker
    # that only answers searches never renders one.
    from markdown_it import MarkdownIt

    # "breaks": a single line break is a line break, as people who write descriptions expect.
    markdown = MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": False})
    # Headings, code, images and quotes are not part of a description: shown as plain text.
    markdown.disable(["heading", "lheading", "code", "fence", "image", "blockquote", "hr",
                      "html_block", "html_inline", "backticks"])
    return markdown


def rich_text(text: str) -> Markup:
    """A description as safe HTML: Markdown (no raw HTML), then sanitised with nh3."""
    html = _markdown().render(text or "")
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href"}},
                      url_schemes={"http", "https", "mailto", "tel"},
                      link_rel="noopener noreferrer")
    return Markup(clean.strip())
