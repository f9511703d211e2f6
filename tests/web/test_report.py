""""Rapportér en fejl": stored without personal data, CSRF-protected, clear errors, never 500."""
from __future__ import annotations

import re

from sqlalchemy import select

from tests.web.conftest import csrf_token_in, page_of
from vejviser.catalogue.corrections import MAX_LENGTH, MIN_LENGTH
from vejviser.db import db
from vejviser.models import CorrectionSuggestion


def _suggestions(app) -> list[CorrectionSuggestion]:  # noqa: ANN001
    with app.app_context():
        return list(db.session.scalars(select(CorrectionSuggestion)))


def test_a_correction_is_stored_and_confirmed(warming_room, app, client):
    form = client.get(f"/tilbud/{warming_room}/rapporter")
    assert "Vi beder ikke om dit navn" in page_of(form).text
    names = {f.get("name") for f in page_of(form).inputs}
    assert names == {"csrf_token", "message"}, "no name, e-mail or phone fields"
    response = client.post(f"/tilbud/{warming_room}/rapporter", data={
        "csrf_token": csrf_token_in(form.get_data(as_text=True)),
        "message": "  Åbner kl. 9 om tirsdagen nu.\r\n"})
    assert response.status_code == 303
    confirmed = client.get(response.headers["Location"])
    assert "Tak! Din rettelse er sendt" in page_of(confirmed).text
    [stored] = _suggestions(app)
    assert stored.message == "Åbner kl. 9 om tirsdagen nu." and stored.status == "new"


def test_an_over_long_message_gets_a_clear_error_and_is_kept(warming_room, app, client):
    token = csrf_token_in(client.get(f"/tilbud/{warming_room}/rapporter").get_data(as_text=True))
    text = "x" * (MAX_LENGTH + 1)
    response = client.post(f"/tilbud/{warming_room}/rapporter",
                           data={"csrf_token": token, "message": text})
    page = page_of(response)
    assert response.status_code == 400
    assert f"Beskeden er for lang: {MAX_LENGTH + 1} tegn" in page.text
    assert text in page.html and 'aria-invalid="true"' in page.html
    assert _suggestions(app) == []


def test_a_too_short_message_is_refused(warming_room, client):
    token = csrf_token_in(client.get(f"/tilbud/{warming_room}/rapporter").get_data(as_text=True))
    response = client.post(f"/tilbud/{warming_room}/rapporter",
                           data={"csrf_token": token, "message": " "})
    assert response.status_code == 400 and "Skriv mindst 5 tegn" in page_of(response).text


def test_a_refused_message_is_announced_at_the_field(warming_room, client):
    form = client.get(f"/tilbud/{warming_room}/rapporter")
    assert f"Mindst {MIN_LENGTH} og højst {MAX_LENGTH} tegn." in page_of(form).text
    assert "aria-invalid" not in form.get_data(as_text=True)
    token = csrf_token_in(form.get_data(as_text=True))
    page = page_of(client.post(f"/tilbud/{warming_room}/rapporter",
                               data={"csrf_token": token, "message": "Nej"}))
    assert re.search(r"<title>Fejl: Rapportér en fejl", page.html)
    field = next(f for f in page.inputs if f.get("name") == "message")
    assert field["aria-invalid"] == "true" and "autofocus" in field
    said = [re.search(rf'id="{ref}"[^>]*>([^<]*)<', page.html).group(1)
            for ref in field["aria-describedby"].split()]
    assert said == ["Skriv mindst 5 tegn om, hvad der er forkert.",
                    f"Mindst {MIN_LENGTH} og højst {MAX_LENGTH} tegn."]


def test_missing_or_forged_token_is_a_helpful_400(warming_room, app, client):
    client.get(f"/tilbud/{warming_room}/rapporter")
    for data in ({"message": "Forkert telefonnummer"},
                 {"message": "Forkert telefonnummer", "csrf_token": "forfalsket"}):
        response = client.post(f"/tilbud/{warming_room}/rapporter", data=data)
        page = page_of(response)
        assert response.status_code == 400
        assert "Formularen er udløbet" in page.text
        assert f"/tilbud/{warming_room}/rapporter" in page.hrefs()
    assert _suggestions(app) == []


def test_report_on_unknown_offer_is_404(client):
    assert client.get("/tilbud/findes-ikke/rapporter").status_code == 404
