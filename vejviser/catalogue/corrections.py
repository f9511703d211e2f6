""""Rapportér en fejl": store a correction suggestion for the volunteer consultant.

A suggestion holds the offer, the text and the time it came in — nothing about who sent it. The
text is plain: it is shown to the consultant escaped, never as HTML.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from vejviser.models import CorrectionSuggestion
from vejviser.privacy import looks_like_cpr

MIN_LENGTH = 5
MAX_LENGTH = 2000


@dataclass
class CorrectionError(ValueError):
    """A suggestion we cannot store; ``reason`` is ``empty``, ``too_short``, ``too_long`` or
    ``personal_data`` (a CPR number: we never store data about citizens)."""

    reason: str
    length: int
    limit: int

    def __str__(self) -> str:
        return f"{self.reason}: {self.length} characters (limit {self.limit})"


def clean_message(message: str) -> str:
    """The text with surrounding space and control characters (except newlines) removed."""
    kept = "".join(ch for ch in message if ch in "\n\t" or ch.isprintable())
    return kept.replace("\r\n", "\n").strip()


def suggest_correction(session: Session, offer_id: str, message: str) -> CorrectionSuggestion:
    """Add a new suggestion for the offer ``offer_id`` and flush; raises ``CorrectionError`` on
    bad text."""
    text = clean_message(message)
    if not text:
        raise CorrectionError("empty", 0, MIN_LENGTH)
    if len(text) < MIN_LENGTH:
        raise CorrectionError("too_short", len(text), MIN_LENGTH)
    if len(text) > MAX_LENGTH:
        raise CorrectionError("too_long", len(text), MAX_LENGTH)
    if looks_like_cpr(text):
        raise CorrectionError("personal_data", len(text), MAX_LENGTH)
    suggestion = CorrectionSuggestion(offer_id=offer_id, message=text, status="new")
    session.add(suggestion)
    session.flush()
    return suggestion
