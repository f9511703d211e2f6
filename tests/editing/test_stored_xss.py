"""A script typed into any editable field stays text on every page: the public offer page,
search results, Min liste and its print view, the API, and every back-office page that shows
the offer (form, proposal, review queue, history, revision, conflict)."""
from __future__ import annotations

import pytest
from flask import Flask

from tests.accounts import csrf_token, make_account, sign_in
from tests.editing.forms import form_fields
from tests.factories import make_offer, make_organization
from vejviser.db import db

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'
#: What must never reach a page as markup.
LIVE = ("<script>alert", "<img src=x")
TEXTS = ("name", "alternate_name", "summary", "description", "application_process",
         "eligibility_description", "fees_description", "interpretation_services",
         "accessibility", "notes", "alert", "email")
PLACE = ("loc:0:name", "loc:0:address_1", "loc:0:city", "loc:0:link_description")
ROWS = ("w:_:0:description", "x:_:0:description")


def _inert(body: str, where: str) -> None:
    for marker in LIVE:
        assert marker not in body, (where, marker)


@pytest.mark.parametrize("field", [*TEXTS, *PLACE, *ROWS, "url"])
def test_a_stored_script_is_inert_everywhere(app: Flask, field: str) -> None:
    with app.app_context():
        organisation = make_organization(db.session, name="Foreningen Varmen")
        offer = make_offer(db.session, organization=organisation.id)
        make_account(db.session(), "editor", email="eva@example.dk")
        make_account(db.session(), "volunteer", email="vera@example.dk",
                     organisations=[organisation])
        make_account(db.session(), "consultant", email="karen@example.dk")
        db.session.commit()
        offer_id, slug = offer.id, offer.slug
    path = f"/kontor/tilbud/{offer_id}"
    eva = app.test_client()
    assert sign_in(eva, "eva@example.dk").status_code == 303
    form = form_fields(eva.get(path).get_data(as_text=True), path)
    if field == "url":
        form["url"] = 'https://example.org/"><script>alert("x")</script>'
    elif field == "x:_:0:description":
        form["x:_:0:date_from"], form[field] = "2030-12-24", PAYLOAD
    elif field == "w:_:0:description":
        form[field] = PAYLOAD
    else:
        form[field] = PAYLOAD + " tekst"
    form["action"] = "save"
    saved = eva.post(path, data=form)
    assert saved.status_code == 303, saved.get_data(as_text=True)[:2000]
    # A volunteer proposes the same script once more, so proposal pages show it too.
    vera = app.test_client()
    assert sign_in(vera, "vera@example.dk").status_code == 303
    again = form_fields(vera.get(path).get_data(as_text=True), path)
    again["summary"], again["action"] = PAYLOAD, "save"
    assert vera.post(path, data=again).status_code == 303

    public = app.test_client()
    pages = {"offer": f"/tilbud/{slug}", "search": "/?q=varmestue", "list": f"/liste?liste={slug}",
             "print": f"/liste/print?liste={slug}", "report": f"/tilbud/{slug}/rapporter"}
    # The API gives the text as data, never as a page: JSON, which no browser renders.
    api = public.get(f"/api/v1/offers/{slug}")
    assert api.status_code == 200 and api.mimetype == "application/json"
    for name, page in pages.items():
        answer = public.get(page)
        assert answer.status_code in (200, 404), (name, answer.status_code)
        _inert(answer.get_data(as_text=True), name)
    karen = app.test_client()
    assert sign_in(karen, "karen@example.dk").status_code == 303
    with app.app_context():
        proposal_id = db.session.execute(db.text("select id from proposal")).scalar_one()
        revision_ids = db.session.execute(db.text(
            "select id from revision where offer_id = :id"), {"id": offer_id}).scalars().all()
    office = [path, "/kontor/tilbud", "/kontor/godkendelse", f"/kontor/forslag/{proposal_id}",
              f"{path}/historik", "/kontor/historik", "/kontor/organisationer",
              *[f"/kontor/aendring/{rid}" for rid in revision_ids]]
    for page in office:
        answer = karen.get(page)
        assert answer.status_code == 200, (page, answer.status_code)
        _inert(answer.get_data(as_text=True), page)
    # The conflict page shows both versions.
    stale = form_fields(eva.get(path).get_data(as_text=True), path)
    karen_form = form_fields(karen.get(path).get_data(as_text=True), path)
    karen_form["summary"], karen_form["action"] = "Karen", "save"
    assert karen.post(path, data=karen_form).status_code == 303
    stale["summary"], stale["action"] = PAYLOAD, "save"
    clash = eva.post(path, data=stale)
    assert clash.status_code == 409
    _inert(clash.get_data(as_text=True), "conflict")
    assert csrf_token(karen, "/kontor/")
