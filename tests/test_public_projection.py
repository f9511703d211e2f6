"""A secret address stays secret: with a street, postcode and coordinates recorded internally for
Redernes Krisecenter (precision "none"), no public route and no default export shows them, and
the crisis centre cannot be found by its hidden coordinates."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from vejviser import search
from vejviser.catalogue.loading import load_offer
from vejviser.catalogue.public import coarse_point, project, public_location
from vejviser.db import db
from vejviser.models import Location, Precision

CRISIS = "redernes-krisecenter"
SECRET = {"address_1": "Hemmelighedsvej 17", "address_2": "Bagindgangen", "postal_code": "5270",
          "region": "Skjulestedsregionen", "latitude": 55.43121, "longitude": 10.41987}
#: Anything that would give the address away, in the forms a page, JSON or a URL could use: the
#: street and its second line, the postcode, the region, the point rounded to 3–5 decimals, and
#: the centre of its ~1 km cell.
LEAKS = ("Hemmelighedsvej", "Bagindgangen", "5270", "Skjulestedsregionen", "55.43121", "10.41987",
         "55.4312", "10.4199", "55.431",
         "10.420", *(str(value) for value in coarse_point(SECRET["latitude"], SECRET["longitude"])))
#: Query strings that make each route show the crisis centre (and search near its secret point).
NEAR_SECRET = f"{SECRET['latitude']},{SECRET['longitude']}"
QUERIES = {
    "public.index": ["q=krisecenter", f"q=krisecenter&near={NEAR_SECRET}&sort=distance",
                     f"near={NEAR_SECRET}&radius_km=1", "postcode=5270&radius_km=2",
                     "q=Hemmelighedsvej"],
    "api.search_offers": ["q=krisecenter", f"q=krisecenter&near={NEAR_SECRET}&sort=distance",
                          f"near={NEAR_SECRET}&radius_km=1", "q=Hemmelighedsvej"],
    "public.my_list": [f"liste={CRISIS}"],
    "public.print_list": [f"liste={CRISIS}"],
}
#: Rules not requested here, and why.
NOT_REQUESTED = {"static": "files shipped with the package (CSS, JS), no catalogue data"}


@pytest.fixture
def secret_app(seeded_app: Flask) -> Flask:
    with seeded_app.app_context():
        offer = load_offer(db.session, CRISIS)
        location = offer.locations_at[0].location
        assert location.precision == Precision.NONE
        for field, value in SECRET.items():
            setattr(location, field, value)
        db.session.commit()
        search.rebuild()
    return seeded_app


def _arguments(app: Flask, rule: Any) -> list[dict[str, str]]:
    with app.app_context():
        offer = load_offer(db.session, CRISIS)
        keys = {"slug": [CRISIS], "key": [CRISIS, offer.id], "token": ["opdigtet"]}
    variants: list[dict[str, str]] = [{}]
    for name in rule.arguments:
        if name not in keys:
            pytest.fail(f"{rule.rule}: no test value for <{name}>; add one or list the rule in "
                        "NOT_REQUESTED with the reason")
        variants = [{**variant, name: value} for variant in variants for value in keys[name]]
    return variants


def _leaks(text: str, asked: str = "") -> list[str]:
    """The giveaways in ``text``, except what the person typed themselves (``asked``: a page
    keeps the search's own parameters in its form). A number counts only on its own, not inside
    a longer number or an id (a uuid may hold the digits 5270)."""
    return [leak for leak in LEAKS if leak not in asked and re.search(
        rf"(?<![0-9A-Za-z]){re.escape(leak)}(?![0-9A-Za-z])", text)]


def test_no_public_route_shows_a_hidden_address(secret_app: Flask) -> None:
    client = secret_app.test_client()
    requested = 0
    for rule in secret_app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in NOT_REQUESTED:
            continue
        for arguments in _arguments(secret_app, rule):
            path = rule.build(arguments)[1]
            for query in QUERIES.get(rule.endpoint, [""]):
                for lang in ("", "lang=en"):
                    url = "?".join(filter(None, (path, "&".join(filter(None, (query, lang))))))
                    response = client.get(url)
                    assert response.status_code < 500, url
                    assert _leaks(response.get_data(as_text=True), url) == [], url
                    requested += 1
    assert requested > 20


def test_the_crisis_centre_is_shown_but_not_found_by_its_hidden_point(secret_app: Flask) -> None:
    client = secret_app.test_client()
    found = client.get("/api/v1/search?q=krisecenter").get_json()
    assert CRISIS in [item["slug"] for item in found["results"]]  # it is findable by words
    near = client.get(f"/api/v1/search?q=krisecenter&near={NEAR_SECRET}&sort=distance").get_json()
    (hit,) = [item for item in near["results"] if item["slug"] == CRISIS]
    assert hit["distance_km"] is None  # never a distance to a hidden place
    inside = client.get(f"/api/v1/search?near={NEAR_SECRET}&radius_km=1").get_json()
    assert CRISIS not in [item["slug"] for item in inside["results"]]
    by_street = client.get("/api/v1/search?q=Hemmelighedsvej").get_json()
    assert by_street["total"] == 0  # the hidden street is not in the text index


def test_the_default_export_is_public_and_internal_keeps_everything(
        secret_app: Flask, tmp_path: Path) -> None:
    runner = secret_app.test_cli_runner()
    public, internal = tmp_path / "public.json", tmp_path / "internal.json"
    for path, extra in ((public, []), (internal, ["--internal"])):
        result = runner.invoke(args=["export", "--output", str(path), *extra])
        assert result.exit_code == 0, result.output
    assert _leaks(public.read_text("utf-8")) == []
    csv_dir = tmp_path / "csv"
    assert runner.invoke(args=["export", "--format", "hsds-csv", "-o", str(csv_dir)]).exit_code == 0
    assert not [(f.name, _leaks(f.read_text("utf-8"))) for f in csv_dir.iterdir()
                if _leaks(f.read_text("utf-8"))]
    backup = internal.read_text("utf-8")
    assert "Hemmelighedsvej 17" in backup and "5270" in backup  # a backup keeps everything
    notes = json.loads(public.read_text("utf-8"))
    assert "Adressen offentliggøres ikke" not in json.dumps(notes, ensure_ascii=False)  # notes


def test_district_shows_postcode_and_a_point_no_finer_than_a_kilometre() -> None:
    location = Location(id="x", name="Sted", address_1="Vej 1", postal_code="5200",
                        city="Odense V", latitude=55.39312, longitude=10.35218,
                        precision=Precision.DISTRICT, country="DK", short_name="",
                        preposition="i", alternate_name="", description="",
                        transportation="", accessibility="")
    shown = public_location(location)
    assert (shown.address_1, shown.postal_code, shown.city) == ("", "5200", "Odense V")
    assert shown.point == coarse_point(55.39312, 10.35218) != (55.39312, 10.35218)
    # points a few hundred metres apart share one cell: the exact spot cannot be read back
    assert coarse_point(55.3921, 10.3505) == coarse_point(55.3949, 10.3520)
    for precision in (Precision.EXACT, Precision.STREET):
        location.precision = precision
        assert public_location(location).point == (55.39312, 10.35218)
        assert public_location(location).address_1 == "Vej 1"


def test_internal_fields_never_reach_the_projection(seeded_app: Flask) -> None:
    with seeded_app.app_context():
        offer = load_offer(db.session, CRISIS)
        assert offer.notes  # the seed has an internal note
        assert project(offer).notes == "" and project(offer, internal=True).notes == offer.notes
