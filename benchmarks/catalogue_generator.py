"""A deterministic synthetic national catalogue: Danish offers in 98 municipalities.

``generate(n, seed)`` returns plain row dicts for organisations, offers, locations, schedules,
languages and term links; ``load(session, n)`` writes them with bulk Core inserts (the ORM
would spend minutes on 100k offers) after loading the real taxonomies from ``seed/``. The same
``n`` and ``seed`` always give the same catalogue, so numbers are comparable between runs.
"""
from __future__ import annotations

import random
import uuid
from datetime import time
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from vejviser.catalogue.seed import read_toml
from vejviser.catalogue.taxonomy import terms_by_code, upsert_terms
from vejviser.models import (
    VOCABULARIES,
    Language,
    Location,
    Offer,
    OfferAtLocation,
    Organization,
    Schedule,
    offer_term,
)
from vejviser.resources import resource_dir

#: The 98 municipalities (2007 reform), each with an approximate centre.
MUNICIPALITIES = """København 55.676 12.568|Frederiksberg 55.679 12.534|Dragør 55.593 12.671|
Tårnby 55.630 12.600|Albertslund 55.657 12.357|Ballerup 55.731 12.363|Brøndby 55.648 12.418|
Gentofte 55.752 12.550|Gladsaxe 55.733 12.489|Glostrup 55.666 12.402|Herlev 55.724 12.440|
Hvidovre 55.642 12.475|Høje-Taastrup 55.650 12.270|Ishøj 55.615 12.352|Lyngby-Taarbæk 55.770 12.504|
Rødovre 55.681 12.454|Vallensbæk 55.623 12.385|Allerød 55.871 12.358|Egedal 55.780 12.200|
Fredensborg 55.975 12.403|Frederikssund 55.839 12.069|Furesø 55.797 12.345|Gribskov 56.050 12.230|
Halsnæs 55.967 11.945|Helsingør 56.036 12.613|Hillerød 55.927 12.310|Hørsholm 55.880 12.501|
Rudersdal 55.825 12.490|Bornholm 55.100 14.917|Greve 55.583 12.300|
Køge 55.458 12.182|Lejre 55.604 11.968|Roskilde 55.642 12.080|Solrød 55.536 12.183|
Faxe 55.256 12.119|Guldborgsund 54.769 11.874|Holbæk 55.716 11.713|Kalundborg 55.680 11.089|
Lolland 54.769 11.400|Næstved 55.230 11.760|Odsherred 55.880 11.600|Ringsted 55.443 11.790|
Slagelse 55.403 11.354|Sorø 55.432 11.556|Stevns 55.330 12.300|Vordingborg 55.008 11.911|
Assens 55.270 9.900|Faaborg-Midtfyn 55.100 10.300|Kerteminde 55.449 10.660|Langeland 54.940 10.720|
Middelfart 55.506 9.730|Nordfyn 55.520 10.200|Nyborg 55.312 10.790|Odense 55.396 10.388|
Svendborg 55.060 10.607|Ærø 54.880 10.410|Billund 55.730 9.110|Esbjerg 55.476 8.459|
Fanø 55.420 8.410|Fredericia 55.565 9.752|Haderslev 55.250 9.490|Kolding 55.490 9.472|
Sønderborg 54.910 9.792|Tønder 54.933 8.866|Varde 55.620 8.480|Vejen 55.480 9.140|
Vejle 55.709 9.536|Aabenraa 55.044 9.418|Favrskov 56.330 9.950|Hedensted 55.770 9.700|
Herning 56.139 8.974|Holstebro 56.360 8.616|Horsens 55.861 9.850|Ikast-Brande 56.140 9.160|
Lemvig 56.548 8.310|Norddjurs 56.440 10.760|Odder 55.973 10.153|Randers 56.460 10.036|
Ringkøbing-Skjern 56.090 8.240|Samsø 55.870 10.620|Silkeborg 56.170 9.548|Skanderborg 56.040 9.930|
Skive 56.566 9.030|Struer 56.490 8.590|Syddjurs 56.310 10.520|Viborg 56.453 9.402|
Aarhus 56.157 10.211|Brønderslev 57.270 9.950|Frederikshavn 57.441 10.534|Hjørring 57.464 9.982|
Jammerbugt 57.150 9.560|Læsø 57.260 11.000|Mariagerfjord 56.650 9.980|Morsø 56.800 8.730|
Rebild 56.830 9.830|Thisted 56.955 8.695|Vesthimmerland 56.800 9.370|Aalborg 57.048 9.919"""

KINDS = [("varmestue", "Varmestue"), ("vaerested", "Værested"), ("natvarmestue", "Natvarmestue"),
         ("herberg", "Herberg"), ("krisecenter", "Kvindekrisecenter"),
         ("sproejtebytte", "Sprøjtebytte"), ("bostoette", "Bostøtte"),
         ("misbrugsbehandling", "Misbrugsbehandling"), ("raadgivning", "Rådgivning"),
         ("julehjaelp", "Julehjælp"), ("mad", "Madudlevering"), ("faellesskab", "Fællesskab"),
         ("plejehjem", "Plejecenter"), ("opsoegende-arbejde", "Gadeteam"),
         ("frivillighed", "Frivilligcenter"), ("vinterberedskab", "Vinterberedskab")]
ORGS = ["Kirkens Korshær", "Blå Kors", "Frelsens Hær", "KFUMs Sociale Arbejde", "Mændenes Hjem",
        "Røde Kors", "Kommunen", "Projekt Udenfor", "SAND", "Reden", "Danner", "Café Klare",
        "Settlementet", "Værestedet Fristedet", "LOKK", "Hus Forbi", "Foreningen Gadespejlet"]
PHRASES = ["et varmt sted at være", "gratis kaffe og morgenmad", "rådgivning om økonomi og bolig",
           "hjælp til kontakt med kommunen", "bad og tøjvask", "samvær og fællesskab",
           "sprøjter og kanyler byttes til rene", "en seng for natten", "varm mad hver dag",
           "støtte til kvinder udsat for vold", "behandling for misbrug af stoffer og alkohol",
           "aktiviteter for ensomme ældre", "hjælp til grønlændere på grønlandsk",
           "opsøgende arbejde på gaden", "julegaver til børnefamilier med få midler",
           "anonym samtale uden visitation", "frivillige laver mad og hygger",
           "psykisk sårbare er velkomne", "unge hjemløse kan få hjælp",
           "du behøver ikke sige dit navn"]
GROUPS = ["hjemloese", "aeldre-udsatte", "groenlaendere", "kvinder-udsat-for-vold",
          "personer-med-misbrug", "psykisk-saarbare", "boernefamilier-med-faa-midler", "unge",
          "ensomme", "socialt-udsatte"]
ATTRIBUTES = ["gratis", "anonym", "uden-visitation", "kraever-visitation", "koerestolsadgang",
              "kun-kvinder", "saesontilbud", "hunde-tilladt"]
LANGUAGES = ["da", "en", "kl", "ar", "pl", "uk"]
DAYS = ["MO,TU,WE,TH,FR", "MO,WE,FR", "MO,TU,WE,TH,FR,SA,SU", "TU,TH", "SA,SU", "FR,SA"]
HOURS = [(time(10), time(16)), (time(8), time(14)), (time(18), time(23)), (time(22), time(8)),
         (time(12), time(20))]


def municipalities() -> list[tuple[str, float, float]]:
    """(name, lat, lon) of the 98 municipalities."""
    out = []
    for item in MUNICIPALITIES.replace("\n", "").split("|"):
        name, lat, lon = item.rsplit(" ", 2)
        out.append((name, float(lat), float(lon)))
    return out


def _id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def generate(n: int, seed: int = 4) -> dict[str, list[dict[str, Any]]]:
    """Rows for ``n`` offers; term links name codes as (vocabulary, code) pairs."""
    rng = random.Random(seed)
    places = municipalities()
    assert len(places) == 98
    rows: dict[str, list[dict[str, Any]]] = {k: [] for k in (
        "organization", "offer", "location", "offer_at_location", "schedule", "language", "terms")}
    for org in ORGS:
        for name, _, _ in places:
            rows["organization"].append({"id": _id(rng), "name": f"{org} {name}"})
    for number in range(n):
        town, lat, lon = places[number % len(places)]
        kind, label = rng.choice(KINDS)
        org = rows["organization"][rng.randrange(len(rows["organization"]))]
        offer_id = _id(rng)
        text = ". ".join(rng.sample(PHRASES, 6)).capitalize() + "."
        rows["offer"].append({
            "id": offer_id, "slug": f"tilbud-{number}", "organization_id": org["id"],
            "name": f"{label} {rng.choice(['i', 'ved', 'på'])} {town} {number}",
            "alternate_name": rng.choice(["", f"{label} {town}", "Fristedet", "Huset"]),
            "summary": f"{label} i {town}: " + ", ".join(rng.sample(PHRASES, 2)) + ".",
            "description": (text + " ") * 2, "status": "inactive" if number % 50 == 0 else "active",
        })
        location_id = _id(rng)
        rows["location"].append({
            "id": location_id, "name": f"{label} {town}", "city": town,
            "postal_code": f"{1000 + number % 8990}", "precision": "district",
            "latitude": lat + rng.uniform(-0.08, 0.08),
            "longitude": lon + rng.uniform(-0.12, 0.12)})
        rows["offer_at_location"].append({"id": _id(rng), "offer_id": offer_id,
                                          "location_id": location_id, "position": 0,
                                          "follows_offer_id": None})
        for position in range(rng.randint(1, 2)):
            opens, closes = rng.choice(HOURS)
            rows["schedule"].append({"id": _id(rng), "offer_id": offer_id, "freq": "WEEKLY",
                                     "byday": rng.choice(DAYS), "opens_at": opens,
                                     "closes_at": closes, "position": position,
                                     "offer_at_location_id": None})
        _more_places(rng, rows, offer_id, number)
        for code in {"da", *rng.sample(LANGUAGES, rng.randint(0, 2))}:
            rows["language"].append({"id": _id(rng), "offer_id": offer_id, "code": code})
        links = {("category", kind), *(("target_group", g) for g in rng.sample(GROUPS, 3)),
                 *(("attribute", a) for a in rng.sample(ATTRIBUTES, 2))}
        rows["terms"].extend({"offer_id": offer_id, "term": link} for link in links)
    return rows


def _more_places(rng: random.Random, rows: dict[str, list[dict[str, Any]]], offer_id: str,
                 number: int) -> None:
    """Like the needle exchange: every tenth offer is also given at an earlier offer's place,
    half of them in that offer's hours (following it), half in hours of their own there."""
    if number % 10 != 9:
        return
    earlier = rows["offer_at_location"][rng.randrange(len(rows["offer_at_location"]) - 1)]
    link_id = _id(rng)
    follows = earlier["offer_id"] if rng.random() < 0.5 and not earlier.get(
        "follows_offer_id") else None
    rows["offer_at_location"].append({"id": link_id, "offer_id": offer_id,
                                      "location_id": earlier["location_id"], "position": 1,
                                      "follows_offer_id": follows})
    if follows is None:
        opens, closes = rng.choice(HOURS)
        rows["schedule"].append({"id": _id(rng), "offer_id": offer_id, "freq": "WEEKLY",
                                 "byday": rng.choice(DAYS), "opens_at": opens, "closes_at": closes,
                                 "position": 0, "offer_at_location_id": link_id})


def load(session: Session, n: int, seed: int = 4) -> int:
    """Insert a catalogue of ``n`` offers (taxonomies from ``seed/``); flush, never commit."""
    taxonomies = read_toml(resource_dir("seed") / "taxonomies.toml")
    for vocabulary in VOCABULARIES:
        upsert_terms(session, vocabulary, taxonomies.get(vocabulary, []))
    session.flush()
    ids = {(vocabulary, code): term.id for vocabulary in VOCABULARIES
           for code, term in terms_by_code(session, vocabulary).items()}
    rows = generate(n, seed)
    for model, key in ((Organization, "organization"), (Offer, "offer"), (Location, "location"),
                       (OfferAtLocation, "offer_at_location"), (Schedule, "schedule"),
                       (Language, "language")):
        session.execute(insert(model), rows[key])  # bulk: bypasses the change sequence on purpose
    session.execute(insert(offer_term), [{"offer_id": r["offer_id"], "term_id": ids[r["term"]]}
                                         for r in rows["terms"] if r["term"] in ids])
    return n
