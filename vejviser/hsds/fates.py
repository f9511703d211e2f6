"""What an import does with every field of an HSDS 3.0 service document: the one table.

Each (entity, field) of service.json has a fate: ``kept`` (stored where HSDS has it), ``moved``
(stored, but elsewhere: a location's phones go to the place), ``converted`` (read into another
form: the hours fields, see ``vejviser.hsds.hours_in``), ``ignored`` (carries no information of
its own: the ids that link a nested row to its parent) or ``dropped`` (we have no place for it).
Moved and dropped fields are reported, counted, never silently; so are fields that are not HSDS
3.0 at all, and the fields new in HSDS 3.1 (``NEW_IN_3_1``). ``docs/hsds.md`` prints this table
(:func:`markdown_rows`), and a test checks the two agree and that every field of service.json
has a fate.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fate:
    """What happens to one field, and how the report and the docs say it."""

    fate: str
    where_da: str = ""
    where_en: str = ""
    label_da: str = ""
    label_en: str = ""
    #: Values that lose nothing when dropped (not reported).
    unless: tuple[str, ...] = ()


def _k(da: str = "", en: str = "") -> Fate:
    return Fate("kept", da, en)


def _c(da: str, en: str) -> Fate:
    return Fate("converted", da, en)


_I = Fate("ignored", "forbinder rækken med dens forælder", "links the row to its parent")


def _m(label_da: str, label_en: str, da: str, en: str) -> Fate:
    return Fate("moved", da, en, label_da, label_en)


def _d(label_da: str, label_en: str, da: str = "intet felt hos os",
       en: str = "no field of ours") -> Fate:
    return Fate("dropped", da, en, label_da, label_en)


_META = ("metadata (ændringslog)", "metadata (change log)", "vi fører vores egen historik",
         "we keep our own history")
_ATTR = ("attributter", "attributes", "læses kun på tjenester, steder, lokationer og "
         "åbningstider", "read only on services, places, locations and schedules")

FATES: dict[tuple[str, str], Fate] = {
    **{("service", f): _k() for f in (
        "id", "name", "alternate_name", "description", "url", "email", "interpretation_services",
        "application_process", "fees_description", "eligibility_description", "minimum_age",
        "maximum_age", "alert", "organization_id", "organization", "phones", "languages",
        "contacts", "service_at_locations")},
    ("service", "status"): _k("'defunct' bliver 'inactive'", "'defunct' becomes 'inactive'"),
    ("service", "assured_date"): _k("bekræftet den", "verified on"),
    ("service", "assurer_email"): _k("bekræftet af", "verified by"),
    ("service", "last_modified"): _k("kildens tidspunkt for sidste ændring", "the source's time "
                                     "of the last change"),
    ("service", "schedules"): _k("tilbuddets åbningstider", "the offer's hours"),
    ("service", "attributes"): _k("taksonomitermer og vores udvidelser", "taxonomy terms and "
                                  "our extensions"),
    ("service", "fees"): _m("fees (gebyrer, forældet felt)", "fees (deprecated)",
                            "flyttet til fees_description", "moved to fees_description"),
    ("service", "wait_time"): _d("ventetid (wait_time)", "wait time (wait_time)"),
    ("service", "accreditations"): _d("akkrediteringer", "accreditations"),
    ("service", "licenses"): _d("licenser", "licences"),
    ("service", "program_id"): _d("program_id", "program_id", "programmer gemmes ikke",
                                  "programmes are not kept"),
    ("service", "program"): _d("programmer", "programmes", "programmer gemmes ikke",
                               "programmes are not kept"),
    ("service", "service_areas"): _d("dækningsområder (service_areas)", "service areas"),
    ("service", "funding"): _d("finansiering", "funding"),
    ("service", "cost_options"): _d("prismuligheder (cost_options)", "cost options"),
    ("service", "required_documents"): _d("krævede dokumenter", "required documents"),
    ("service", "metadata"): _d(*_META),
    **{("phone", f): _k() for f in ("id", "number", "extension", "type", "description")},
    **{("phone", f): _I for f in ("service_id", "organization_id", "location_id", "contact_id",
                                  "service_at_location_id")},
    ("phone", "languages"): _d("sprog på telefonnumre", "languages of phones"),
    ("phone", "attributes"): _d(*_ATTR),
    ("phone", "metadata"): _d(*_META),
    **{("language", f): _k() for f in ("id", "name", "code", "note")},
    **{("language", f): _I for f in ("service_id", "location_id", "phone_id")},
    ("language", "attributes"): _d(*_ATTR),
    ("language", "metadata"): _d(*_META),
    **{("schedule", f): _k() for f in ("id", "valid_from", "valid_to", "description", "notes",
                                       "attending_type", "attributes")},
    **{("schedule", f): _c("læses af timeimporten (se 'Åbningstider')", "read by the hours "
                           "import (see 'Opening hours')") for f in (
        "freq", "byday", "opens_at", "closes_at", "dtstart", "until", "timezone", "count",
        "interval", "byweekno", "bymonthday", "byyearday", "wkst", "service_id", "location_id",
        "service_at_location_id")},
    ("schedule", "schedule_link"): _d("links ved åbningstider (schedule_link)",
                                      "schedule links"),
    ("schedule", "metadata"): _d(*_META),
    **{("service_at_location", f): _k() for f in ("id", "description", "location",
                                                  "location_id", "attributes")},
    ("service_at_location", "service_id"): _I,
    ("service_at_location", "phones"): _k("stedets telefonnumre", "the place's phones"),
    ("service_at_location", "schedules"): _k("stedets egne åbningstider", "the place's own "
                                             "hours"),
    ("service_at_location", "contacts"): _m("kontakter på steder", "contacts of places",
                                            "flyttet til tilbuddet", "moved to the offer"),
    ("service_at_location", "metadata"): _d(*_META),
    **{("location", f): _k() for f in ("id", "name", "alternate_name", "description",
                                       "transportation", "latitude", "longitude", "addresses",
                                       "accessibility", "attributes")},
    ("location", "location_type"): _c("et sted er fysisk; 'virtual' og 'postal' noteres",
                                      "a place is physical; 'virtual' and 'postal' are noted"),
    ("location", "organization_id"): _I,
    ("location", "phones"): _m("telefonnumre på lokationer", "phones of locations",
                               "flyttet til stedet", "moved to the place"),
    ("location", "schedules"): _m("åbningstider på lokationer", "schedules of locations",
                                  "flyttet til stedet", "moved to the place"),
    ("location", "contacts"): _m("kontakter på lokationer", "contacts of locations",
                                 "flyttet til tilbuddet", "moved to the offer"),
    ("location", "languages"): _m("sprog på lokationer", "languages of locations",
                                  "flyttet til tilbuddet", "moved to the offer"),
    ("location", "url"): _d("lokationers webadresse", "location URLs"),
    ("location", "external_identifier"): _d("lokationers eksterne id", "external location ids"),
    ("location", "external_identifier_type"): _d("typen af eksternt id", "external id types"),
    ("location", "metadata"): _d(*_META),
    **{("address", f): _k() for f in ("address_1", "address_2", "city", "region",
                                      "state_province", "postal_code", "country")},
    **{("address", f): _I for f in ("id", "location_id")},
    ("address", "address_type"): _k("den fysiske adresse vælges", "the physical address is "
                                    "chosen"),
    ("address", "attention"): _d("att.-linjer på adresser", "attention lines of addresses"),
    ("address", "attributes"): _d(*_ATTR),
    ("address", "metadata"): _d(*_META),
    **{("accessibility", f): _k() for f in ("description", "details", "url")},
    **{("accessibility", f): _I for f in ("id", "location_id")},
    ("accessibility", "attributes"): _d(*_ATTR),
    ("accessibility", "metadata"): _d(*_META),
    **{("contact", f): _k() for f in ("id", "name", "title", "department", "email")},
    **{("contact", f): _I for f in ("service_id", "organization_id", "location_id",
                                    "service_at_location_id")},
    ("contact", "phones"): _m("telefonnumre på kontakter", "phones of contacts",
                              "flyttet til tilbuddet", "moved to the offer"),
    ("contact", "attributes"): _d(*_ATTR),
    ("contact", "metadata"): _d(*_META),
    **{("organization", f): _k() for f in ("id", "name", "alternate_name", "description",
                                           "email", "website", "phones",
                                           "organization_identifiers")},
    **{("organization", f): _d(f"organisationers {label}", f"organisation {label_en}")
       for f, label, label_en in (
        ("tax_status", "skattestatus", "tax status"), ("tax_id", "skattenummer", "tax id"),
        ("year_incorporated", "stiftelsesår", "year incorporated"),
        ("legal_status", "juridiske status", "legal status"), ("logo", "logo", "logo"),
        ("uri", "uri", "uri"), ("parent_organization_id", "moderorganisation",
                                "parent organisation"),
        ("funding", "finansiering", "funding"), ("programs", "programmer", "programmes"))},
    ("organization", "contacts"): _d("organisationers kontakter", "organisation contacts",
                                     "kun tilbuddenes kontakter gemmes", "only the offers' "
                                     "contacts are kept"),
    ("organization", "locations"): _d("organisationers lokationer", "organisation locations",
                                      "kun steder, hvor en tjeneste gives, gemmes", "only "
                                      "places where a service is given are kept"),
    ("organization", "attributes"): _d(*_ATTR),
    ("organization", "metadata"): _d(*_META),
    **{("organization_identifier", f): _k() for f in ("id", "identifier_scheme",
                                                      "identifier_type", "identifier")},
    ("organization_identifier", "organization_id"): _I,
    ("organization_identifier", "attributes"): _d(*_ATTR),
    ("organization_identifier", "metadata"): _d(*_META),
    **{("attribute", f): _k() for f in ("id", "taxonomy_term_id", "taxonomy_term")},
    ("attribute", "value"): _k("vores udvidelsers værdi; en fremmed terms værdi noteres som "
                               "udeladt", "our extensions' value; a foreign term's is noted as "
                               "left out"),
    **{("attribute", f): _I for f in ("link_id", "link_type", "link_entity")},
    ("attribute", "metadata"): _d(*_META),
    **{("taxonomy_term", f): _k() for f in ("id", "code", "name", "description", "parent_id",
                                            "taxonomy", "taxonomy_detail", "taxonomy_id")},
    ("taxonomy_term", "language"): Fate("dropped", "termer gemmes på dansk; 'da' lige så",
                                        "terms are kept in Danish; so is 'da'", "termers sprog",
                                        "term languages", unless=("da", "dan", "da-DK")),
    ("taxonomy_term", "term_uri"): _d("termers uri", "term URIs"),
    ("taxonomy_term", "metadata"): _d(*_META),
    **{("taxonomy", f): _k() for f in ("id", "name", "description")},
    ("taxonomy", "uri"): _d("taksonomiers uri", "taxonomy URIs"),
    ("taxonomy", "version"): _d("taksonomiers version", "taxonomy versions"),
    ("taxonomy", "metadata"): _d(*_META),
}

_NEW = ("nyt i HSDS 3.1", "new in HSDS 3.1")
#: Fields HSDS 3.1 added: a document with any of them is 3.1; they are reported, not kept.
NEW_IN_3_1: dict[tuple[str, str], Fate] = {
    ("service", "additional_urls"): _d("ekstra webadresser", "additional URLs", *_NEW),
    ("service", "capacities"): _d("kapacitet (capacities)", "capacities", *_NEW),
    ("organization", "additional_websites"): _d("ekstra websites", "additional websites", *_NEW),
    ("service_at_location", "service_areas"): _d("dækningsområder på steder",
                                                 "service areas of places", *_NEW),
    ("attribute", "label"): _d("attributters label", "attribute labels", *_NEW),
}

#: The fields the schema walk hands over: everything that is reported.
WATCH = frozenset(key for key, fate in FATES.items() if fate.fate in ("moved", "dropped"))


def fate_of(entity: str, field: str) -> Fate | None:
    """The fate of ``entity.field`` (None: not an HSDS 3.0 or 3.1 field)."""
    return FATES.get((entity, field)) or NEW_IN_3_1.get((entity, field))


#: The order ``docs/hsds.md`` lists the objects in.
ENTITIES = ("service", "organization", "organization_identifier", "service_at_location",
            "location", "address", "accessibility", "schedule", "phone", "contact", "language",
            "attribute", "taxonomy_term", "taxonomy")


def markdown_rows() -> list[str]:
    """The table as ``docs/hsds.md`` prints it (Danish): one row per HSDS object, its fields by
    fate; the fields new in 3.1 in a row of their own."""
    rows = []
    for entity in ENTITIES:
        fates = {field: fate for (owner, field), fate in FATES.items() if owner == entity}
        rows.append(f"| `{entity}` | {_kept(fates)} | {_moved(fates)} | {_dropped(fates)} |")
    new = ", ".join(f"`{entity}.{field}`" for entity, field in NEW_IN_3_1)
    rows.append(f"| HSDS 3.1 | | | {new} (nyt i HSDS 3.1) |")
    return rows


def _kept(fates: dict[str, Fate]) -> str:
    parts = []
    for field, fate in fates.items():
        if fate.fate == "kept":
            parts.append(f"{field} ({fate.where_da})" if fate.where_da else field)
        elif fate.fate == "ignored":
            parts.append(f"{field} (samler rækkerne)")
    return ", ".join(parts)


def _moved(fates: dict[str, Fate]) -> str:
    parts = [f"{field}: {fate.where_da}" for field, fate in fates.items() if fate.fate == "moved"]
    converted = [field for field, fate in fates.items() if fate.fate == "converted"]
    if converted:
        parts.append(f"{', '.join(converted)}: læses af timeimporten (se 'Åbningstider')")
    return "; ".join(parts)


def _dropped(fates: dict[str, Fate]) -> str:
    reasons: dict[str, list[str]] = {}
    for field, fate in fates.items():
        if fate.fate == "dropped":
            reasons.setdefault(fate.where_da, []).append(field)
    return "; ".join(f"{', '.join(fields)} ({why})" for why, fields in reasons.items())
