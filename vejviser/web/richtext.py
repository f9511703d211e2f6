"""Descriptions as safe HTML: what any page (public or back office) shows of stored rich text.

Text is sanitised with nh3 (only a few tags survive; scripts, styles and event attributes never
do), and plain text becomes paragraphs. Every template renders descriptions through this one
filter, so a stored script is inert wherever it is shown.
"""
from __future__ import annotations

import re

import nh3
from markupsafe import Markup

#: Tags a description may keep; everything else (scripts, styles, attributes) is stripped.
ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "a"}
_BLOCK = re.compile(r"<(p|ul|ol)\b", re.IGNORECASE)


def rich_text(text: str) -> Markup:
    """A description as safe HTML: sanitised with nh3; plain text becomes paragraphs."""
    clean = nh3.clean(text or "", tags=ALLOWED_TAGS, attributes={"a": {"href"}},
                      url_schemes={"http", "https", "mailto", "tel"},
                      link_rel="noopener noreferrer")
    if _BLOCK.search(clean):
        return Markup(clean)
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", clean) if part.strip()]
    return Markup("".join(f"<p>{part.replace(chr(10), '<br>')}</p>" for part in paragraphs))
