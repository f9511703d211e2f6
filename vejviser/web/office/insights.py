"""Søgninger: what people searched for and what found nothing, per week, with a small chart
(inline SVG, ``charts``) and "Tilføj som synonym", which feeds the synonym list at once.

Only query texts the storage kept are shown (searched at least ``SEARCH_INSIGHTS_MIN_COUNT``
times that week, never anything personal: ``vejviser.insights``). Search reads the synonym
list on the next query (``vejviser.search.synonyms.current``): no re-index is needed.
"""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from vejviser import insights
from vejviser.db import db
from vejviser.editing.proposals import EditRefused
from vejviser.editing.synonyms import add_synonym, seed_synonyms, synonym_groups, words_of
from vejviser.resources import seed_dir
from vejviser.web.access import requires
from vejviser.web.messages import translate
from vejviser.web.office import blueprint
from vejviser.web.office.charts import bar_chart

#: Weeks the page shows (the storage keeps 13 months; the command line reads further back).
WEEKS = 8
#: Queries per week in the chart and each table.
PER_WEEK = 10


def _seed_synonyms() -> int:
    # The list starts as the shipped file; the first stored group must not drop the others.
    return seed_synonyms(db.session(), seed_dir(current_app.config.get("SEED_DIR"))
                         / "synonyms.toml")


def _page(problem: str | None = None, status: int = 200, word: str = "",
          meaning: str = "") -> ResponseReturnValue:
    weeks = insights.weekly_insights(db.session(), WEEKS, PER_WEEK)
    words = sorted({word for group in synonym_groups(db.session())
                    for word in words_of(group.words)}, key=str.lower)
    return render_template(
        "office/insights.html", weeks=weeks,
        charts={week.week: bar_chart(week.not_found or week.top) for week in weeks},
        words=words, problem=problem, word=word, meaning=meaning,
        min_count=int(current_app.config.get("SEARCH_INSIGHTS_MIN_COUNT",
                                             insights.DEFAULT_MIN_COUNT))), status


@blueprint.route("/soegninger")
@requires("consultant")
def search_insights() -> ResponseReturnValue:
    """The newest weeks: totals, a chart, the top searches and those that found nothing."""
    if _seed_synonyms():
        db.session.commit()
    return _page()


@blueprint.route("/soegninger/synonym", methods=["POST"])
@requires("consultant")
def add_search_synonym() -> ResponseReturnValue:
    """Make a listed search mean another word ("fodplejeklinik" -> "fodpleje"), at once."""
    word = request.form.get("word", "").strip()
    meaning = request.form.get("meaning", "").strip()
    if not insights.is_listed(db.session(), word):  # a forged form, or a week since deleted
        return _page(_("Den søgning står ikke på listen over søgninger."), 400)
    try:
        _seed_synonyms()  # flushed: stored with the new word, or not at all
        add_synonym(db.session(), word, meaning)
    except EditRefused as error:
        db.session.rollback()
        return _page(translate(error.message), 400, word, meaning)
    db.session.commit()
    flash(_("Søgninger på »%(word)s« finder nu også »%(meaning)s«.", word=word,
            meaning=meaning), "info")
    return redirect(url_for("office.search_insights"), code=303)
