"""The Whoosh schema and the ranking weights of its fields.

Text is split by *weight*: a match in the name counts more than one in the description. The
weights live here, next to the fields they weigh, so ranking is tuned in one place.
"""
from __future__ import annotations

from whoosh import columns, fields

from vejviser.search.analysis import (
    LineTokenizer,
    parts_analyzer,
    text_analyzer,
    words_analyzer,
)

#: Bump when the schema or the analysis changes: an index of another version is rebuilt.
SCHEMA_VERSION = 7

#: Section weights inside the one weighted text field, in the issue's order: name, alternate
#: name, category and target-group labels, summary, description, organisation; ``place``
#: (district, city) weighs like the organisation. A word in a section counts ``weight`` times.
FIELD_WEIGHTS: dict[str, float] = {
    "name": 10.0,
    "alternate_name": 6.0,
    "labels": 4.0,
    "summary": 2.5,
    "description": 1.0,
    "organization": 0.8,
    "place": 0.8,
}
#: Compound heads (krisecenter inside kvindekrisecenter) count this share of a whole word.
PARTS_FACTOR = 0.5
#: BM25 saturates repeated terms; a high K1 keeps a name match (weight 10) worth several
#: description matches, and a low B keeps long descriptions from being punished much.
BM25_K1, BM25_B = 8.0, 0.3
#: A query equal to an offer's whole name (or alternate name) puts that offer first.
EXACT_NAME_BOOST = 200.0

#: How ``free_until`` writes a moment (UTC, to the minute): text order is time order.
FREE_UNTIL_FORMAT = "%Y%m%d%H%M"

#: Keyword fields used as filters and facets (values are taxonomy codes / language codes).
KEYWORD_FIELDS = ("category", "target_group", "attribute", "language", "legal_basis", "status")


def build_schema() -> fields.Schema:
    """A fresh schema instance (Whoosh stores it pickled in the index's table of contents)."""
    keywords = {name: fields.KEYWORD(lowercase=False, scorable=False) for name in KEYWORD_FIELDS}
    return fields.Schema(
        id=fields.ID(stored=True, unique=True, sortable=True),
        text=fields.TEXT(analyzer=text_analyzer(), phrase=False),
        parts=fields.TEXT(analyzer=parts_analyzer(), phrase=False),
        words=fields.TEXT(analyzer=words_analyzer(), phrase=False),
        name_exact=fields.TEXT(analyzer=LineTokenizer(), phrase=False),
        sort_name=fields.COLUMN(columns.VarBytesColumn()),
        geo=fields.COLUMN(columns.VarBytesColumn()),
        hours=fields.COLUMN(columns.VarBytesColumn()),
        # When tonight's free places stop being current (UTC ``YYYYMMDDHHMM``), if any are free.
        free_until=fields.KEYWORD(lowercase=False, scorable=False),
        **keywords,
    )
