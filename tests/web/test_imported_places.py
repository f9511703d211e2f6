"""What an HSDS import keeps for people reaches the detail page: a place's own phone, its second
address line and accessibility details, and hours told in words ("Se beskrivelse")."""
from __future__ import annotations

from flask import Flask

from tests.hsds.helpers import new_id, small_service
from vejviser.catalogue.loading import load_offer
from vejviser.db import db
from vejviser.hsds.importer import import_hsds


def test_the_detail_page_shows_what_the_import_kept(app: Flask) -> None:
    document = small_service(name="Retshjælpen", schedules=[{
        "id": new_id(), "freq": "MONTHLY", "byday": "1TU", "opens_at": "16:00",
        "closes_at": "18:00", "description": "Første tirsdag i måneden"}])
    link = document["service_at_locations"][0]
    link["phones"] = [{"id": new_id(), "number": "+45 66 11 22 33", "description": "Stedets nr."}]
    link["location"]["addresses"][0].update(address_1="Vestergade 5", address_2="Baghuset, 1. sal")
    link["location"]["accessibility"] = [{"id": new_id(), "description": "Elevator",
                                          "details": "Brug døren mod gården",
                                          "url": "https://example.org/adgang"}]
    link["location"]["latitude"], link["location"]["longitude"] = 55.39, 10.38
    with app.app_context():
        assert import_hsds(db.session, document).ok
        db.session.commit()
        slug = load_offer(db.session, document["id"]).slug
    page = app.test_client().get(f"/tilbud/{slug}").get_data(as_text=True)
    assert "Vestergade 5, Baghuset, 1. sal, 5000 Odense C" in page
    assert 'href="tel:+4566112233">+45 66 11 22 33</a>' in page and "Stedets nr." in page
    assert "Elevator Brug døren mod gården" in page
    assert 'href="https://example.org/adgang"' in page
    assert "Se åbningstiderne i beskrivelsen" in page
    assert "<td>Se beskrivelse</td>" in page
    assert "Tirs. se beskrivelse (Første tirsdag i måneden (kl. 16:00–18:00; FREQ=MONTHLY;" \
           "BYDAY=1TU))" in page
