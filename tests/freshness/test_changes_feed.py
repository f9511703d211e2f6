"""The changes feed: partner sites follow new offers, changed hours, closures and retirements,
in Atom and JSON, without a hidden address and without who made the change."""
from __future__ import annotations

from xml.etree import ElementTree

from tests.factories import Catalogue, make_location, weekly
from tests.web.conftest import CRISIS_CENTRE, SECRET_STREET

ATOM = "{http://www.w3.org/2005/Atom}"


def _titles(client, query: str = "") -> list[str]:  # noqa: ANN001
    response = client.get("/aendringer.atom" + query)
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = ElementTree.fromstring(response.data)
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


def test_the_feed_tells_new_offers_changed_hours_closures_and_retirements(
        catalogue: Catalogue, client) -> None:  # noqa: ANN001
    slug = catalogue.offer(name="Varmestuen Vesterbro")
    catalogue.offer(slug=slug, name="Varmestuen Vesterbro",
                    description="En ny beskrivelse, som feedet ikke fortæller om.")
    catalogue.offer(slug=slug, name="Varmestuen Vesterbro",
                    schedules=[weekly("MO,TU,WE,TH,FR,SA", "09:00", "17:00")])
    catalogue.offer(slug=slug, name="Varmestuen Vesterbro", status="temporarily closed",
                    alert="Lukket pga. vandskade.")
    catalogue.offer(slug=slug, name="Varmestuen Vesterbro", status="active")
    catalogue.offer(slug=slug, name="Varmestuen Vesterbro", status="inactive")
    assert _titles(client) == [
        "Ophørt: Varmestuen Vesterbro",
        "Åben igen: Varmestuen Vesterbro",
        "Midlertidigt lukket: Varmestuen Vesterbro",
        "Nye åbningstider: Varmestuen Vesterbro",
        "Nyt tilbud: Varmestuen Vesterbro",
    ]
    assert _titles(client, "?lang=en")[0] == "Retired: Varmestuen Vesterbro"
    listed = client.get("/api/v1/changes?limit=2").get_json()["changes"]
    assert [(c["kind"], c["offer"]["slug"]) for c in listed] == [
        ("retired", slug), ("reopened", slug)]


def test_a_closure_says_why_and_the_page_links_to_the_feed(
        catalogue: Catalogue, client) -> None:  # noqa: ANN001
    slug = catalogue.offer(name="Natcaféen")
    catalogue.offer(slug=slug, name="Natcaféen", status="temporarily closed",
                    alert="Lukket til og med fredag.")
    body = client.get("/aendringer.atom").get_data(as_text=True)
    assert "Lukket til og med fredag." in body
    assert f"/tilbud/{slug}" in body
    assert 'type="application/atom+xml"' in client.get("/").get_data(as_text=True)


def test_a_hidden_address_and_the_editor_never_reach_the_feed(
        catalogue: Catalogue, client) -> None:  # noqa: ANN001
    slug = catalogue.offer(**CRISIS_CENTRE)
    catalogue.offer(slug=slug, **{**CRISIS_CENTRE, "locations": [make_location(
        **{**CRISIS_CENTRE["locations"][0], "address_1": "Skjultvej 9"})],
        "schedules": [weekly("MO", "08:00", "20:00")]})
    for url in ("/aendringer.atom", "/api/v1/changes"):
        body = client.get(url).get_data(as_text=True)
        assert "Krisecentret for kvinder" in body
        assert SECRET_STREET not in body and "Skjultvej" not in body and "55.407" not in body
        assert "actor" not in body  # who changed it is not the public's business
    assert _titles(client)[0] == "Nye åbningstider: Krisecentret for kvinder"


def test_an_offer_stored_unpublished_is_new_when_it_is_published(
        catalogue: Catalogue, client) -> None:  # noqa: ANN001
    slug = catalogue.offer(name="Suppekøkkenet", status="inactive")
    assert _titles(client) == []
    catalogue.offer(slug=slug, name="Suppekøkkenet", status="active")
    assert _titles(client) == ["Nyt tilbud: Suppekøkkenet"]


def test_a_bad_limit_is_a_danish_400(client) -> None:  # noqa: ANN001
    response = client.get("/api/v1/changes?limit=abc")
    assert response.status_code == 400
    assert "limit" in response.get_data(as_text=True)
