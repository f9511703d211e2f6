"""Search facade: the only door to the engine (Whoosh-Reloaded, see docs/search.md).

Callers use ``parse_args``, ``search``, ``rebuild`` and ``init_app``; nothing outside this
package imports Whoosh or knows how the index is kept.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session
from werkzeug.local import LocalProxy

from vejviser import changes
from vejviser.messages import Message
from vejviser.models import SynonymGroup
from vejviser.resources import seed_dir
from vejviser.search import engine, facets, freshness, geo, nodes
from vejviser.search import params as _params
from vejviser.search import sync
from vejviser.search import synonyms as _synonyms
from vejviser.search.freshness import SearchUnavailable
from vejviser.search.index import IndexBusy, IndexUnavailable
from vejviser.search.params import SearchParamError, SearchParams
from vejviser.search.searchers import REFRESH_SECONDS, shared_searcher

__all__ = ["Hit", "SearchParamError", "SearchParams", "SearchResult", "SearchUnavailable",
           "changes_behind", "init_app", "parse_args", "rebuild", "search"]
log = logging.getLogger(__name__)
#: ``session.info`` key: the transaction saved synonym groups.
SYNONYMS_CHANGED_KEY = "vejviser.synonyms_changed"


def _current_app() -> Flask:
    # The app behind the ``current_app`` proxy, resolved once. Flask types the proxy as Flask,
    # so the cast says what it really is (a LocalProxy, which has _get_current_object).
    return cast("LocalProxy[Flask]", current_app)._get_current_object()


@dataclass
class Hit:
    """One result: the offer, its relevance score and, with ``near``, its distance and the place
    it was measured to (the nearest one, or the nearest open one with a time)."""

    offer_id: str
    score: float = 0.0
    distance_km: float | None = None
    place_id: str | None = None


@dataclass
class SearchResult:
    """A page of results with the total, facet counts, "Mente du …?" and notices.

    Notices are ``Message`` strings: Danish text the web layer can translate.
    """

    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str | None = None
    notices: list[Message] = field(default_factory=list)


def parse_args(args: Mapping[str, Any]) -> SearchParams:
    """Parse the query string of a search (see ``params.parse_args``), with the app's limits."""
    config = current_app.config if has_app_context() else {}
    return _params.parse_args(
        args, max_query=int(config.get("SEARCH_MAX_QUERY_LENGTH", _params.DEFAULT_MAX_QUERY)),
        default_per_page=int(config.get("SEARCH_PER_PAGE", 20)),
        max_per_page=int(config.get("SEARCH_MAX_PER_PAGE", 100)),
    )


def _seed_file(name: str) -> Path:
    # Synonyms and postcode centroids are data the consultant edits, next to the seed.
    return seed_dir(current_app.config.get("SEED_DIR")) / name


def _session() -> Session:
    # Index work uses its own session: never the request's, whose state we must not touch.
    from vejviser.db import db

    return Session(db.engine)


def search(params: SearchParams) -> SearchResult:
    """Search the catalogue (inside an app context). Never raises for what a person typed;
    raises ``SearchUnavailable`` while the index is rebuilt (a 503 with ``Retry-After``)."""
    app = _current_app()
    notices = list(params.notices)
    freshness.ensure_fresh(app, _session)
    shared_searcher(sync.index_dir(app)).watch(
        float(app.config.get("SEARCH_REFRESH_SECONDS", REFRESH_SECONDS)))
    origin = params.near
    if origin is None and params.postcode:
        origin = geo.postcode_centroids(_seed_file("postcodes.toml")).get(params.postcode)
        if origin is None:
            notices.append(Message("Postnummer %(postcode)s kender vi ikke; afstand er ikke brugt.",
                                   postcode=params.postcode))
    if origin is None and (params.radius_km is not None or params.sort == "distance"):
        params = SearchParams(**{**params.__dict__, "radius_km": None, "sort": "relevance"})
    moment = params.open_at
    if moment is None and params.open_now:
        from vejviser.local_time import now_local

        moment = now_local()
    if params.free_tonight:  # figures expire: compare them with this moment, not the index's
        from vejviser.local_time import now_local

        params = replace(params, free_at=now_local())
    synonyms = _synonyms.current(
        _session, _seed_file("synonyms.toml"), app.extensions.setdefault("vejviser.synonyms", {}),
        max_age=float(app.config.get("SEARCH_POLL_SECONDS", freshness.POLL_SECONDS)))
    try:
        found, ids, places = _run(app, params, synonyms, origin, moment)
    except IndexUnavailable:
        # Deleted or damaged since this process last looked: verify (rebuild) and try once more.
        shared_searcher(sync.index_dir(app)).close()
        freshness.forget(app)
        freshness.ensure_fresh(app, _session)
        found, ids, places = _run(app, params, synonyms, origin, moment)
    hits = [Hit(ids[doc], score, None if measured is None else round(measured[0], 2),
                None if measured is None else places[doc][measured[1]])
            for doc, score, measured in found.hits]
    return SearchResult(total=found.total, hits=hits, facets=found.facets,
                        suggestion=found.suggestion, notices=notices + found.notices)


def _run(app: Flask, params: SearchParams, synonyms: Any, origin: Any, moment: Any
         ) -> tuple[engine.Found, dict[int, str], dict[int, tuple[str | None, ...]]]:
    with shared_searcher(sync.index_dir(app)).reading() as (searcher, caches):
        found = engine.run(searcher, caches, params, synonyms, origin, moment)
        docs = [doc for doc, _, _ in found.hits]
        places = {doc: facets.place_hours(searcher, caches, doc).ids
                  for doc, _, measured in found.hits if measured is not None}
        return found, _ids(searcher, caches, docs), places


def _ids(searcher: Any, caches: dict[str, Any], docs: list[int]) -> dict[int, str]:
    if not docs:  # an empty index has no column to read (a new, empty catalogue)
        return {}
    ids = facets.values(searcher, caches, "id", docs)
    return {doc: value.decode() if isinstance(value, bytes) else value
            for doc, value in zip(docs, ids)}


def rebuild(progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild the index from the database (inside an app context); the number of offers."""
    app = _current_app()
    with _session() as session:
        count = sync.rebuild(sync.index_dir(app), session, progress)
    freshness.forget(app)
    return count


def changes_behind() -> int:
    """How many changes of the database's sequence this node's index has not applied, after
    letting it catch up as a search would (inside an app context; ``SearchUnavailable`` while
    it is rebuilt)."""
    app = _current_app()
    freshness.ensure_fresh(app, _session)
    state = sync.read_state(sync.index_dir(app)) or {}
    with _session() as session:
        return max(0, sync.max_seq(session) - int(state.get("last_seq", 0)))


def _after_commit(session: Session) -> None:
    # Only sessions whose transaction recorded offer changes; the index catches up from the
    # database's change sequence, so it only ever sees committed data. SQLAlchemy sends this
    # event for a savepoint's release too (an import's): that is not the commit, so the changes
    # stay marked for the real one.
    if session.in_nested_transaction():
        return
    if session.info.pop(SYNONYMS_CHANGED_KEY, False) and has_app_context():
        _synonyms.forget(_current_app().extensions.get("vejviser.synonyms", {}))
    if not session.info.pop(changes.CHANGED_KEY, False) or not has_app_context():
        return
    app = _current_app()
    if not app.extensions.get("vejviser.search"):
        return
    try:
        with _session() as own:
            sync.apply_changes(sync.index_dir(app), own, lock_timeout=freshness.CATCH_UP_WAIT)
        # Caught up with the database just now: the next search need not ask again.
        freshness.caught_up(app)
        # The editor's next page reads the edit from a searcher already warmed for it.
        shared_searcher(sync.index_dir(app)).refresh()
    except (IndexUnavailable, IndexBusy):
        pass  # no usable index yet, or a rebuild elsewhere: the next search sees to it
    except Exception:  # noqa: BLE001 - the commit stands; the next search catches up
        log.exception("search index update after commit failed")


def _note_synonyms(session: Session, flush_context: Any) -> None:
    # The consultant saved synonym groups: this process reads them again after the commit
    # (other processes within ``SEARCH_POLL_SECONDS``).
    if any(isinstance(item, SynonymGroup)
           for item in (*session.new, *session.dirty, *session.deleted)):
        session.info[SYNONYMS_CHANGED_KEY] = True


def init_app(app: Flask) -> None:
    """Wire the change sequence and the after-commit index update. No I/O here: the index is
    verified (and rebuilt when missing, stale or damaged) lazily by the first search."""
    changes.install()
    nodes.configure(app, sync.index_dir(app))
    app.extensions["vejviser.search"] = True
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
    if not event.contains(Session, "after_flush", _note_synonyms):
        event.listen(Session, "after_flush", _note_synonyms)
