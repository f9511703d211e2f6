"""Concurrent edits, field by field: what merges, what conflicts, and three-way comparisons.

A form carries the document it was opened with (its *base*). What the person typed is every
field where their document differs from that base. Such a field conflicts only when the live
offer changed it too, to something else; every other field merges onto the live offer. A
confirmation ("Stadig korrekt") is no field of the document and never conflicts.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from vejviser.editing.document import FIELDS


@dataclass
class Merge:
    """The outcome of merging a person's edit onto the live document."""

    #: The live document with the person's changes on top (conflicting fields left as live).
    document: dict[str, Any]
    #: Fields the person changed (and that differ from live).
    changed: list[str] = field(default_factory=list)
    #: Fields both the person and someone else changed, differently.
    conflicts: list[str] = field(default_factory=list)


def typed(base: Mapping[str, Any], mine: Mapping[str, Any]) -> list[str]:
    """The fields a person changed in their form (``mine``) against what it was opened with."""
    return [name for name in FIELDS if name in mine and mine[name] != base.get(name)]


def merge(base: Mapping[str, Any], live: Mapping[str, Any], mine: Mapping[str, Any]) -> Merge:
    """Merge ``mine`` (opened at ``base``) onto ``live``; see the module docstring."""
    out = Merge(document=dict(live))
    for name in typed(base, mine):
        if live.get(name) == mine[name]:
            continue  # someone else made the same change: nothing to do, nothing lost
        if live.get(name) != base.get(name):
            out.conflicts.append(name)
            continue
        out.document[name] = mine[name]
        out.changed.append(name)
    return out


@dataclass(frozen=True)
class ThreeWay:
    """One field of a proposal: what it started from, what is live now, what it proposes."""

    field: str
    base: Any
    live: Any
    proposed: Any

    @property
    def live_moved(self) -> bool:
        """Someone changed the field since the proposal was made."""
        return self.live != self.base

    @property
    def conflicting(self) -> bool:
        """Approving would undo a newer change (live moved, and not to the proposed value)."""
        return self.live_moved and self.live != self.proposed


def three_way(base: Mapping[str, Any], live: Mapping[str, Any],
              proposed: Mapping[str, Any]) -> list[ThreeWay]:
    """Each proposed field, in form order, with its base and live value."""
    return [ThreeWay(name, base.get(name), live.get(name), proposed[name])
            for name in FIELDS if name in proposed]
