"""Stable UUIDs for ids that are not UUIDs (``vejviser import --mint-ids --source NAME``).

HSDS 3.0 ids are UUIDs; older directories used numbers or slugs ("42", "legal-aid-7"). Minting
turns each such id into a UUIDv5 in a namespace of its own per source: the same source and the
same id always give the same UUID (importing the file again updates what the first import
made), and two sources can never give the same UUID. Every field holding an id (``id`` and every
``*_id``) is minted with the same function, so the references between records still match.
"""
from __future__ import annotations

import uuid
from typing import Any

from vejviser.hsds.validate import is_uuid

#: The root of every source's namespace (fixed: changing it would change every minted id).
MINT_ROOT = uuid.UUID("0b6c8f1e-7d3a-5c1e-9a54-3f0e2b8d6a71")


def source_namespace(source: str) -> uuid.UUID:
    """The namespace of one source, named by the user (``--source``)."""
    return uuid.uuid5(MINT_ROOT, source.strip().casefold())


def is_id_field(key: str) -> bool:
    """``id``, ``organization_id``, ``link_id``, ``parent_id``, ...: a field holding an id."""
    return key == "id" or key.endswith("_id")


class Minter:
    """Mints the ids of one source; ``minted`` counts the distinct ids it changed."""

    def __init__(self, source: str) -> None:
        self.namespace = source_namespace(source)
        self.minted: set[str] = set()
        #: minted UUID -> the id the file had (to name it in the report)
        self.original: dict[str, str] = {}

    def mint(self, value: str) -> str:
        """``value`` itself when it is a UUID, else its stable UUID in this source."""
        if is_uuid(value):
            return value
        self.minted.add(value)
        minted = str(uuid.uuid5(self.namespace, value))
        self.original[minted] = value
        return minted

    def document(self, value: Any) -> Any:
        """A copy of ``value`` (a parsed document) with every id that is not a UUID minted."""
        if isinstance(value, list):
            return [self.document(item) for item in value]
        if not isinstance(value, dict):
            return value
        out = {}
        for key, item in value.items():
            if is_id_field(key) and isinstance(item, (str, int)) and not isinstance(item, bool) \
                    and str(item).strip():
                out[key] = self.mint(str(item).strip())
            else:
                out[key] = self.document(item)
        return out
