"""The frozen baseline: a naive Flask + SQLite FTS5 search over the same offers.

Frozen on purpose (issue 14): 20 results by bm25 with our section weights, the total, no
facets, no open state, no Danish analysis beyond folding æ/ø/å on both sides (FTS5's
``remove_diacritics`` leaves ø alone, so an unfolded table would find nothing for "hjemløse").
It runs beside ours in the same benchmark run, so the ratio does not depend on how loaded the
machine happens to be. Do not make it faster or slower: before and after must stay comparable.

    build(catalogue_db, fts_db)        # once, from the benchmark's SQLite catalogue
    create_app()                       # gunicorn 'benchmarks.fts_baseline:create_app()',
                                       # with FTS_BASELINE_DB naming the file
"""
from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path
from typing import Any

from flask import Flask, jsonify, request

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue"})
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
WEIGHTS = "10, 6, 4, 2.5, 1, 0.8"  # name, alternate name, labels, summary, description, org.
PER_PAGE = 20


def fold(text: str) -> str:
    """Lower case, æ → ae, ø → oe, å → aa."""
    return text.lower().translate(_FOLD)


def build(catalogue_db: Path, fts_db: Path) -> int:
    """Write an FTS5 table of every non-inactive offer's text to ``fts_db``; the row count."""
    fts_db.unlink(missing_ok=True)
    source = sqlite3.connect(catalogue_db)
    labels: dict[str, list[str]] = {}
    for offer_id, name in source.execute(
            "select offer_term.offer_id, taxonomy_term.name from offer_term "
            "join taxonomy_term on taxonomy_term.id = offer_term.term_id"):
        labels.setdefault(offer_id, []).append(name)
    rows = source.execute(
        "select offer.id, offer.slug, offer.name, offer.alternate_name, offer.summary, "
        "offer.description, organization.name from offer join organization "
        "on organization.id = offer.organization_id where offer.status != 'inactive'")
    fts = sqlite3.connect(fts_db)
    fts.execute("create table offer(rowid integer primary key, id text, slug text, name text, "
                "summary text)")
    fts.execute("create virtual table doc using fts5(name, alternate_name, labels, summary, "
                "description, organization, tokenize='unicode61 remove_diacritics 2')")
    count = 0
    for rowid, (offer_id, slug, name, alternate, summary, description, org) in enumerate(rows, 1):
        fts.execute("insert into offer values (?, ?, ?, ?, ?)",
                    (rowid, offer_id, slug, name, summary))
        text = (name, alternate or "", " ".join(labels.get(offer_id, [])), summary or "",
                description or "", org)
        fts.execute("insert into doc(rowid, name, alternate_name, labels, summary, description, "
                    "organization) values (?, ?, ?, ?, ?, ?, ?)", (rowid, *map(fold, text)))
        count += 1
    fts.commit()
    fts.close()
    source.close()
    return count


def search(connection: sqlite3.Connection, q: str) -> dict[str, Any]:
    """Total and the first 20 offers matching every word of ``q``, best bm25 first."""
    words = _WORD.findall(fold(q))
    if not words:
        return {"total": 0, "results": []}
    match = " AND ".join(f'"{word}"' for word in words)
    found = connection.execute(
        "select offer.id, offer.slug, offer.name, offer.summary from doc join offer "
        f"on offer.rowid = doc.rowid where doc match ? order by bm25(doc, {WEIGHTS}) "
        f"limit {PER_PAGE}", (match,)).fetchall()
    total = connection.execute("select count(*) from doc where doc match ?", (match,)).fetchone()
    return {"total": total[0], "results": [
        {"id": offer_id, "slug": slug, "name": name, "summary": summary}
        for offer_id, slug, name, summary in found]}


def create_app(fts_db: str | None = None) -> Flask:
    """The naive endpoint: ``GET /search?q=`` (a connection per request, as a tutorial has it)."""
    app = Flask(__name__)
    path = fts_db or os.environ["FTS_BASELINE_DB"]

    @app.get("/search")
    def search_view() -> Any:
        connection = sqlite3.connect(path)
        try:
            return jsonify(search(connection, request.args.get("q", "")))
        finally:
            connection.close()

    return app
