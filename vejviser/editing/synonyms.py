"""Search synonyms as data the consultant edits (seeded from the shipped ``synonyms.toml``).

Search reads the stored groups on the next query (``vejviser.search.synonyms.current``), so an
edit applies at once, with no rebuild. While nothing is stored, search uses the shipped file.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from vejviser.editing.proposals import EditRefused
from vejviser.messages import Message
from vejviser.models import SynonymGroup


def words_of(text: str) -> list[str]:
    """Words and phrases from a text field: one per line (or separated by commas)."""
    parts = [part.strip() for line in text.splitlines() for part in line.split(",")]
    return list(dict.fromkeys(part for part in parts if part))


def seed_synonyms(session: Session, path: Path) -> int:
    """Store the groups of ``path`` when none are stored yet; how many were stored."""
    if session.scalar(select(SynonymGroup.id).limit(1)) is not None:
        return 0
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError):
        return 0
    groups = [group for group in data.get("group", []) if isinstance(group, dict)]
    for position, group in enumerate(groups):
        session.add(SynonymGroup(words="\n".join(map(str, group.get("words", []))),
                                 english="\n".join(map(str, group.get("en", []))),
                                 note=str(group.get("note") or ""), position=position))
    session.flush()
    return len(groups)


def synonym_groups(session: Session) -> list[SynonymGroup]:
    """The stored groups in their order."""
    query = select(SynonymGroup).order_by(SynonymGroup.position, SynonymGroup.id)
    return list(session.scalars(query))


def save_group(session: Session, group: SynonymGroup | None, words: str, english: str,
               note: str) -> SynonymGroup:
    """Create (``group`` None) or change a group; raises ``EditRefused`` for fewer than two
    words or a word that already is in another group (it would blur both groups)."""
    danish, other = words_of(words), words_of(english)
    if len(danish) + len(other) < 2:
        raise EditRefused(Message("En gruppe skal have mindst to ord."))
    taken = {word.lower(): stored for stored in synonym_groups(session) if stored is not group
             for word in words_of(stored.words) + words_of(stored.english)}
    double = [word for word in danish + other if word.lower() in taken]
    if double:
        raise EditRefused(Message("Ordet »%(word)s« står allerede i en anden gruppe.",
                                  word=double[0]))
    if group is None:
        position = max((stored.position for stored in synonym_groups(session)), default=-1) + 1
        group = SynonymGroup(position=position)
        session.add(group)
    group.words, group.english, group.note = "\n".join(danish), "\n".join(other), note.strip()
    session.flush()
    return group


def _group_of(groups: list[SynonymGroup], word: str) -> SynonymGroup | None:
    wanted = word.lower()
    return next((group for group in groups
                 if wanted in {w.lower() for w in words_of(group.words) + words_of(group.english)}),
                None)


def add_synonym(session: Session, word: str, meaning: str) -> SynonymGroup:
    """Make ``word`` (a search that found nothing) mean ``meaning``: add it to the group that
    holds ``meaning``, or make a group of the two. Raises ``EditRefused`` (Danish) for an empty
    or listed word, or one that is already in a group."""
    word, meaning = " ".join(word.split()), " ".join(meaning.split())
    if not meaning:
        raise EditRefused(Message("Skriv det ord, søgningen skal betyde, fx »fodpleje«."))
    if any(mark in word + meaning for mark in ",;"):
        raise EditRefused(Message("Skriv ét ord eller udtryk uden komma."))
    if not word or word.lower() == meaning.lower():
        raise EditRefused(Message("Skriv et andet ord end det, der blev søgt på."))
    groups = synonym_groups(session)
    if _group_of(groups, word) is not None:
        raise EditRefused(Message("Ordet »%(word)s« står allerede i en synonymgruppe.",
                                  word=word))
    group = _group_of(groups, meaning)
    if group is None:
        return save_group(session, None, f"{meaning}\n{word}", "",
                          "Fra søgninger uden resultater")
    return save_group(session, group, f"{group.words}\n{word}", group.english, group.note)
