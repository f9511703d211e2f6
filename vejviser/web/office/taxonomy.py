"""Kategorier: the consultant edits the vocabularies' terms and the search synonyms (stored in
the database, seeded from the shipped file on first visit; search uses them at once)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from vejviser.catalogue.taxonomy import upsert_terms, vocabulary_terms
from vejviser.db import db
from vejviser.editing.proposals import EditRefused
from vejviser.editing.synonyms import save_group, seed_synonyms, synonym_groups
from vejviser.hsds.mapping import slugify
from vejviser.models import VOCABULARIES, SynonymGroup
from vejviser.resources import seed_dir
from vejviser.web.access import requires
from vejviser.web.messages import translate
from vejviser.web.office import blueprint


@blueprint.route("/kategorier")
@requires("consultant")
def taxonomy() -> ResponseReturnValue:
    """Every vocabulary's terms and every synonym group, each editable."""
    from flask import current_app

    if seed_synonyms(db.session(), seed_dir(current_app.config.get("SEED_DIR"))
                     / "synonyms.toml"):
        db.session.commit()
    return render_template("office/taxonomy.html",
                           vocabularies={code: vocabulary_terms(db.session(), code)
                                         for code in VOCABULARIES},
                           groups=synonym_groups(db.session()))


@blueprint.route("/kategorier/<vocabulary>", methods=["POST"])
@requires("consultant")
def save_terms(vocabulary: str) -> ResponseReturnValue:
    """Labels of a vocabulary's terms (Danish, English), and a new term when one is named."""
    if vocabulary not in VOCABULARIES:
        abort(404)
    terms = vocabulary_terms(db.session(), vocabulary)
    form = request.form
    rows = [{"slug": term.code, "da": form.get(f"da:{term.code}", term.name).strip() or term.name,
             "en": form.get(f"en:{term.code}", term.name_en).strip(),
             "description": term.description} for term in terms]
    new_name = form.get("new_da", "").strip()
    if new_name:
        slug = slugify(new_name)
        if not slug or slug in {term.code for term in terms}:
            flash(_("Der findes allerede en kategori med det navn."), "error")
            return redirect(url_for("office.taxonomy"), code=303)
        rows.append({"slug": slug, "da": new_name, "en": form.get("new_en", "").strip()})
    upsert_terms(db.session(), vocabulary, rows)
    db.session.commit()
    flash(_("Kategorierne er gemt."), "info")
    return redirect(url_for("office.taxonomy"), code=303)


@blueprint.route("/synonymer", methods=["POST"])
@blueprint.route("/synonymer/<int:group_id>", methods=["POST"])
@requires("consultant")
def save_synonyms(group_id: int | None = None) -> ResponseReturnValue:
    """Change a synonym group (or make one, or ``delete=1`` remove it); search uses it at once."""
    group = db.session.get(SynonymGroup, group_id) if group_id is not None else None
    if group_id is not None and group is None:
        abort(404)
    form = request.form
    if group is not None and form.get("delete") == "1":
        db.session.delete(group)
        db.session.commit()
        flash(_("Synonymgruppen er slettet."), "info")
        return redirect(url_for("office.taxonomy"), code=303)
    try:
        save_group(db.session(), group, form.get("words", ""), form.get("english", ""),
                   form.get("note", ""))
    except EditRefused as error:
        db.session.rollback()
        flash(translate(error.message), "error")
    else:
        db.session.commit()
        flash(_("Synonymerne er gemt. Søgningen bruger dem med det samme."), "info")
    return redirect(url_for("office.taxonomy"), code=303)
