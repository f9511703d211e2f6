"""Why the search index cannot serve: raised by ``storage`` and ``diskparts``, answered by
``vejviser.search`` (check again, rebuild)."""
from __future__ import annotations


class IndexUnavailable(Exception):
    """The index is missing, of another schema version, or cannot be opened (damaged)."""


class IndexDamaged(IndexUnavailable):
    """A file of the index differs from what was written (truncated, overwritten, unknown)."""
