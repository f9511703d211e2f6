"""The back office by HTTP, as a browser without JavaScript uses it: a volunteer edits her
offer (dated exception public at once, the rest proposed), the consultant decides field by
field (comment mailed), the public page and search follow at once, history reverts; two people
saving the same field meet a conflict page that keeps what was typed; a retired offer is 410."""
from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.accounts import csrf_token, make_account, sign_in
from tests.editing.forms import form_fields
from tests.factories import make_offer, make_organization, make_terms, weekly
from tests.search.helpers import slugs_for
from vejviser.db import db
from vejviser.models import Offer, Revision

WARMING_ROOM = "Varmestuen på Testvej"


def _world(app: Flask) -> dict[str, str]:
    with app.app_context():
        make_terms(db.session, "target_group", ["hjemloese", "unge"])
        organisation = make_organization(db.session, name="Foreningen Varmen")
        offer = make_offer(db.session, organization=organisation.id,
                           schedules=[weekly("MO,TU,WE,TH,FR", "10:00", "16:00")])
        make_account(db.session(), "volunteer", email="vera@example.dk", name="Vera",
                     organisations=[organisation])
        make_account(db.session(), "consultant", email="karen@example.dk", name="Karen")
        make_account(db.session(), "editor", email="eva@example.dk", name="Eva")
        db.session.commit()
        return {"offer": offer.id, "slug": offer.slug}


def _signed_in(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    assert sign_in(client, email).status_code == 303
    return client


def _edit_form(client: FlaskClient, offer_id: str) -> tuple[str, dict]:  # type: ignore[type-arg]
    path = f"/kontor/tilbud/{offer_id}"
    page = client.get(path)
    assert page.status_code == 200
    return path, form_fields(page.get_data(as_text=True), path)


def test_volunteer_proposes_consultant_decides_public_follows_history_reverts(
        app: Flask, smtp_server) -> None:  # noqa: ANN001
    world = _world(app)
    vera = _signed_in(app, "vera@example.dk")
    path, form = _edit_form(vera, world["offer"])
    # Tuesday becomes 10–20: untick it in the first row, add a row of its own.
    form.setlist("w:_:0:byday", ["MO", "WE", "TH", "FR"])
    form.setlist("w:_:1:byday", ["TU"])
    form["w:_:1:opens_at"], form["w:_:1:closes_at"] = "10:00", "20:00"
    form.setlist("target_groups", ["unge"])
    form["x:_:0:date_from"], form["x:_:0:date_to"] = "2026-12-28", "2026-12-30"
    form["action"] = "preview"
    preview = vera.post(path, data=form)
    assert preview.status_code == 200
    text = preview.get_data(as_text=True)
    assert "Tirs. 10–20" in text and "De næste 7 dage" in text
    form["action"] = "save"
    saved = vera.post(path, data=form)
    assert saved.status_code == 303
    public = app.test_client().get(f"/tilbud/{world['slug']}").get_data(as_text=True)
    assert "28." in public and "december" in public  # the dated exception: public at once
    assert "10–20" not in public  # the rest waits
    mine = vera.get("/kontor/tilbud").get_data(as_text=True)
    assert "Venter på godkendelse" in mine

    karen = _signed_in(app, "karen@example.dk")
    queue = karen.get("/kontor/godkendelse").get_data(as_text=True)
    assert "Til godkendelse (1)" in queue and WARMING_ROOM in queue
    with app.app_context():
        proposal_id = db.session.execute(db.text("select id from proposal")).scalar_one()
    page = karen.get(f"/kontor/forslag/{proposal_id}").get_data(as_text=True)
    assert "Tirs. 10–20" in page and "Hjemløse" in page  # hours as words, terms by label
    decided = karen.post(f"/kontor/forslag/{proposal_id}", data={
        "decision:hours": "approved", "decision:target_groups": "rejected",
        "comment": "Målgruppen er stadig hjemløse.",
        "csrf_token": csrf_token(karen, f"/kontor/forslag/{proposal_id}")})
    assert decided.status_code == 303
    [mail] = smtp_server.messages
    assert mail["To"] == "vera@example.dk"
    assert "Målgruppen er stadig hjemløse." in mail.get_content()
    public = app.test_client().get(f"/tilbud/{world['slug']}").get_data(as_text=True)
    assert "10–20" in public
    with app.test_request_context():
        assert world["slug"] in slugs_for(open_at="2026-12-08T19:00")
    assert "Afvist" not in vera.get("/kontor/tilbud").get_data(as_text=True)
    assert "Delvist godkendt" in vera.get("/kontor/tilbud").get_data(as_text=True)

    with app.app_context():
        approved = db.session.query(Revision).filter_by(action="approve").one()
    restore = karen.post(f"/kontor/aendring/{approved.id}/gendan", data={
        "before": "1", "csrf_token": csrf_token(karen, f"/kontor/aendring/{approved.id}")})
    assert restore.status_code == 303
    public = app.test_client().get(f"/tilbud/{world['slug']}").get_data(as_text=True)
    assert "10–20" not in public
    history = karen.get(f"/kontor/tilbud/{world['offer']}/historik").get_data(as_text=True)
    assert "Gendannet" in history and "Godkendt forslag fra Vera" in history


def test_two_people_saving_the_same_field_meet_a_conflict_and_nothing_is_lost(
        app: Flask) -> None:
    world = _world(app)
    eva, karen = _signed_in(app, "eva@example.dk"), _signed_in(app, "karen@example.dk")
    path, first = _edit_form(eva, world["offer"])
    _, second = _edit_form(karen, world["offer"])
    first["summary"], first["action"] = "Evas tekst", "save"
    assert eva.post(path, data=first).status_code == 303
    second["summary"], second["url"], second["action"] = "Karens tekst", \
        "https://example.org/ny", "save"
    clash = karen.post(path, data=second)
    assert clash.status_code == 409
    text = clash.get_data(as_text=True)
    assert "Evas tekst" in text and "Karens tekst" in text and "https://example.org/ny" in text
    with app.app_context():
        offer = db.session.get(Offer, world["offer"])
        assert offer is not None and offer.summary == "Evas tekst" and offer.url == ""
    again = form_fields(text, path)  # saving the conflict page again is a deliberate choice
    again["action"] = "save"
    assert karen.post(path, data=again).status_code == 303
    with app.app_context():
        offer = db.session.get(Offer, world["offer"])
        assert offer is not None
        assert (offer.summary, offer.url) == ("Karens tekst", "https://example.org/ny")


def test_an_unchanged_form_changes_nothing_and_a_bad_age_is_a_danish_message(
        app: Flask) -> None:
    world = _world(app)
    eva = _signed_in(app, "eva@example.dk")
    path, form = _edit_form(eva, world["offer"])
    form["action"] = "save"
    assert eva.post(path, data=form).status_code == 303
    assert "Du ændrede ikke noget." in eva.get(path).get_data(as_text=True)
    form["minimum_age"] = "atten"
    bad = eva.post(path, data=form)
    assert bad.status_code == 422
    assert "Skriv en alder som et helt tal" in bad.get_data(as_text=True)
    form["minimum_age"], form["w:_:0:opens_at"] = "", "25:00"
    bad = eva.post(path, data=form)
    assert bad.status_code == 422 and "Ændringen er ikke gemt" in bad.get_data(as_text=True)


def test_a_retired_offer_leaves_search_and_answers_410(app: Flask) -> None:
    world = _world(app)
    karen = _signed_in(app, "karen@example.dk")
    answer = karen.post(f"/kontor/tilbud/{world['offer']}/nedlaeg",
                        data={"csrf_token": csrf_token(karen, "/kontor/organisationer")})
    assert answer.status_code == 303
    assert app.test_client().get(f"/tilbud/{world['slug']}").status_code == 410
    with app.test_request_context():
        assert world["slug"] not in slugs_for(q="varmestuen")


def test_a_hidden_address_never_reaches_a_volunteers_pages_and_survives_her_edit(
        app: Flask) -> None:
    with app.app_context():
        organisation = make_organization(db.session, name="Krisecentret")
        offer = make_offer(db.session, organization=organisation.id, locations=[{
            "name": "Krisecentret", "address_1": "Hemmelig Vej 9", "postal_code": "5000",
            "city": "Odense C", "precision": "none"}])
        make_account(db.session(), "volunteer", email="vera@example.dk", name="Vera",
                     organisations=[organisation])
        make_account(db.session(), "editor", email="eva@example.dk", name="Eva")
        db.session.commit()
        offer_id = offer.id
    for email in ("vera@example.dk", "eva@example.dk"):
        client = _signed_in(app, email)
        path, form = _edit_form(client, offer_id)
        assert "Hemmelig Vej" not in client.get(path).get_data(as_text=True)
        form["summary"], form["action"] = f"Ny tekst fra {email}", "save"
        assert client.post(path, data=form).status_code == 303
        for page in ("/kontor/historik", f"{path}/historik"):
            assert "Hemmelig Vej" not in client.get(page).get_data(as_text=True)
    with app.app_context():
        stored = db.session.get(Offer, offer_id)
        assert stored is not None and stored.locations[0].address_1 == "Hemmelig Vej 9"
        revision_ids = db.session.execute(db.text(
            "select id from revision where offer_id = :id"), {"id": offer_id}).scalars().all()
    for revision_id in revision_ids:
        page = client.get(f"/kontor/aendring/{revision_id}").get_data(as_text=True)
        assert "Hemmelig Vej" not in page


def test_a_quick_change_is_undone_in_one_click(app: Flask) -> None:
    world = _world(app)
    vera = _signed_in(app, "vera@example.dk")
    path, form = _edit_form(vera, world["offer"])
    form["x:_:0:date_from"], form["x:_:0:date_to"] = "2026-12-28", "2026-12-30"
    form["action"] = "save"
    assert vera.post(path, data=form).status_code == 303
    page = vera.get(path).get_data(as_text=True)
    assert "Seneste hurtige ændringer" in page
    with app.app_context():
        revision_id = db.session.execute(db.text(
            "select max(id) from revision where offer_id = :id"),
            {"id": world["offer"]}).scalar_one()
    undone = vera.post(f"/kontor/aendring/{revision_id}/fortryd",
                       data={"csrf_token": csrf_token(vera, path)})
    assert undone.status_code == 303
    public = app.test_client().get(f"/tilbud/{world['slug']}").get_data(as_text=True)
    assert "28. december" not in public
