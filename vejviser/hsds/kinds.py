"""Every kind of finding an HSDS import reports, in Danish and English.

``problem`` kinds refuse the file; the others are notes (the import goes ahead). The shape says
how a report line is built around the text (:mod:`vejviser.hsds.texts`):

* ``record``: "419 tjenester: id er ikke et UUID, fx #1, #2, #3";
* ``fields``: "telefonnumre på steder: 297 felter flyttet til tilbuddet, fx #4, #9, #12";
* ``file``: the text alone ("services.csv mangler").

Texts name HSDS fields as HSDS spells them (``{field}``), which reads the same in both languages.
A value of ``args`` given as a ``(Danish, English)`` pair is shown in the report's language.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """How one kind of finding is worded."""

    problem: bool
    da: str
    en: str
    shape: str = "record"


def _p(da: str, en: str, shape: str = "record") -> Kind:
    return Kind(True, da, en, shape)


def _n(da: str, en: str, shape: str = "record") -> Kind:
    return Kind(False, da, en, shape)


KINDS: dict[str, Kind] = {
    # The file itself.
    "file.unreadable": _p("filen kan ikke læses ({problem})", "the file cannot be read "
                          "({problem})", "file"),
    "file.not_utf8": _p("filen er ikke UTF-8-tekst (byte {byte})", "the file is not UTF-8 text "
                        "(byte {byte})", "file"),
    "file.not_json": _p("ikke gyldig JSON: linje {line}, kolonne {column}", "not valid JSON: line "
                        "{line}, column {column}", "file"),
    "file.too_deep": _p("JSON-filen er for dybt indlejret til at blive læst (et HSDS-dokument har "
                        "omkring 10 niveauer)", "the JSON file is nested too deep to be read (an "
                        "HSDS document has about 10 levels)", "file"),
    "file.shape": _p("skal være en service, en liste af services eller en side med contents",
                     "must be a service, a list of services or a page with contents", "file"),
    "file.page_field": _p("sidens felt {name} skal være {expected}", "the page's field {name} "
                          "must be {expected}", "file"),
    "file.kind": _p("kan ikke importeres: giv en .json-fil, en mappe eller .zip med CSV-filer, "
                    "eller en datapackage.json", "cannot be imported: give a .json file, a folder "
                    "or .zip of CSV files, or a datapackage.json", "file"),
    "zip.bad": _p("er ikke en læsbar zip-fil", "is not a readable zip file", "file"),
    "zip.too_many": _p("zip-filen har {found} filer; højst {limit} læses (er det en zip-bombe?)",
                       "the zip file holds {found} files; at most {limit} are read (a zip "
                       "bomb?)", "file"),
    "zip.too_big": _p("zip-filen pakker ud til mere end {limit} MB; den er afvist (er det en "
                      "zip-bombe?)", "the zip file unpacks to more than {limit} MB; refused (a "
                      "zip bomb?)", "file"),
    "zip.ratio": _p("{member} er pakket {ratio} gange sammen (højst {limit}); zip-filen er afvist "
                    "som en mulig zip-bombe", "{member} is compressed {ratio} times (at most "
                    "{limit}); the zip file is refused as a possible zip bomb", "file"),
    "csv.no_services": _p("services.csv mangler: uden den er der ingen tjenester at importere",
                          "services.csv is missing: without it there are no services to "
                          "import", "file"),
    "csv.unreadable": _p("{table}: kan ikke læses som CSV (linje {line})", "{table}: cannot be "
                         "read as CSV (line {line})", "file"),
    "csv.not_utf8": _p("{table}: er ikke UTF-8-tekst", "{table}: is not UTF-8 text", "file"),
    # Text and shape of one record.
    "text.surrogate": _p("{field} indeholder et ugyldigt tegn (en halv UTF-16-surrogat)",
                         "{field} holds an invalid character (half a UTF-16 surrogate)"),
    "text.too_deep": _p("{field} er for dybt indlejret (mere end 64 niveauer; et HSDS-dokument "
                        "har omkring 10)", "{field} is nested too deep (more than 64 levels; an "
                        "HSDS document has about 10)"),
    "schema.required": _p("{field} mangler", "{field} is missing"),
    "schema.type": _p("{field} skal være {expected}", "{field} must be {expected}"),
    "schema.enum": _p("{field} skal være en af {allowed}", "{field} must be one of {allowed}"),
    "schema.uuid": _p("{field} er ikke et UUID", "{field} is not a UUID"),
    "schema.email": _p("{field} er ikke en e-mailadresse", "{field} is not an e-mail address"),
    # References between records, and ids.
    "ref.organization": _p("organization_id henviser til en organisation, der hverken er i filen "
                           "eller i kataloget", "organization_id names an organisation that is "
                           "neither in the file nor in the catalogue"),
    "ref.organization_mismatch": _p("organization_id er ikke id'et på den indlejrede "
                                    "organization", "organization_id is not the id of the "
                                    "embedded organization"),
    "ref.location": _p("location_id henviser til et sted, der hverken er i filen eller i "
                       "kataloget", "location_id names a location that is neither in the file "
                       "nor in the catalogue"),
    "ref.location_missing": _p("mangler både location og location_id", "has neither location "
                               "nor location_id"),
    "ref.term": _p("taxonomy_term_id henviser til en ukendt term", "taxonomy_term_id names an "
                   "unknown term"),
    "ref.term_missing": _p("mangler både taxonomy_term og taxonomy_term_id", "has neither "
                           "taxonomy_term nor taxonomy_term_id"),
    "ref.term_code": _p("termen har hverken code eller name", "the term has neither code nor "
                        "name"),
    "dup.service": _p("samme id som en tidligere tjeneste i filen", "the same id as an earlier "
                      "service in the file"),
    "dup.part": _p("{field}: id'et bruges allerede af et andet tilbud", "{field}: the id already "
                   "belongs to another offer"),
    "slug.taken": _p("kortnavnet (slug) bruges allerede af et andet tilbud", "the short name "
                     "(slug) already belongs to another offer"),
    "organization.website": _p("organisationens website skal begynde med http(s)://",
                               "the organisation's website must start with http(s)://"),
    "exception.bad": _p("{field}: en dateret undtagelse kan ikke læses", "{field}: a dated "
                        "exception cannot be read"),
    "db.refused": _p("databasen afviste importen ({problem}); intet er skrevet", "the database "
                     "refused the import ({problem}); nothing was written", "file"),
    "store.refused": _p("{field}: {problem}", "{field}: {problem}"),
    # Notes: versions and ids.
    "version.3_1": _n("HSDS 3.1: det, som 3.0 har, er importeret; felterne, der er nye i 3.1, "
                      "er udeladt (se nedenfor)", "HSDS 3.1: what 3.0 has is imported; the fields "
                      "new in 3.1 are left out (see below)", "file"),
    "version.legacy": _n("ældre HSDS (1.x/2.0) genkendt: {what}", "older HSDS (1.x/2.0) "
                         "recognised: {what}", "file"),
    "ids.minted": _n("{ids} id'er, der ikke var UUID'er, er lavet om til stabile UUID'er i "
                     "navnerummet {source!r}", "{ids} ids that were not UUIDs became stable "
                     "UUIDs in the namespace {source!r}", "file"),
    "organization.placeholder": _n("har ingen organisation; knyttet til {name!r} (oprettet ved "
                                   "importen; vælg en anden med --organisation)", "has no "
                                   "organisation; linked to {name!r} (created by the import; "
                                   "choose another with --organisation)"),
    "organization.given": _n("har ingen organisation; knyttet til {name!r} (--organisation)",
                             "has no organisation; linked to {name!r} (--organisation)"),
    # Notes: fields kept elsewhere, changed, or left out.
    "fate.moved": _n("{label}: {fields} {fate}", "{label}: {fields} {fate}", "fields"),
    "fate.dropped": _n("{entities}: {fields} udeladt: {names}", "{entities}: {fields} left "
                       "out: {names}", "fields"),
    "fate.unknown": _n("{entities}: {fields}, som ikke er HSDS 3.0, udeladt: {names}",
                       "{entities}: {fields} that are not HSDS 3.0 left out: {names}", "fields"),
    "status.defunct": _n("status 'defunct' er gemt som 'inactive'", "status 'defunct' is kept "
                         "as 'inactive'"),
    "coordinates.off_globe": _n("koordinaterne ligger ikke på jorden og er udeladt",
                                "the coordinates are not on Earth and are left out"),
    "modified.future": _n("last_modified ligger i fremtiden; importtidspunktet er brugt",
                          "last_modified lies in the future; the time of the import is used"),
    "modified.bad": _n("last_modified er ikke et tidspunkt; importtidspunktet er brugt",
                       "last_modified is not a date-time; the time of the import is used"),
    "follows.own": _n("følger et tilbud, der ikke findes her; stedets åbningstider er gemt som "
                      "dets egne", "follows an offer that is not here; the place's hours are "
                      "kept as its own"),
    "csv.orphans": _n("{table}: {rows} hører ikke til nogen tjeneste og er udeladt", "{table}: "
                      "{rows} belong to no service and are left out", "file"),
    "csv.unknown_table": _n("{table} er ikke en HSDS 3.0-tabel og er udeladt", "{table} is not "
                            "an HSDS 3.0 table and is left out", "file"),
    # Notes: opening hours.
    "hours.words": _n("{freq}-gentagelse er ikke ugentlig: gemt som 'se beskrivelse'",
                      "{freq} recurrence is not weekly: kept as 'see the description'"),
    "hours.restricted": _n("ugentlig med {what}: gemt som 'se beskrivelse'", "weekly with {what}: "
                           "kept as 'see the description'"),
    "hours.no_times": _n("har ingen åbne- og lukketid: gemt som 'se beskrivelse'", "has no "
                         "opening and closing time: kept as 'see the description'"),
    "hours.no_days": _n("har ingen ugedage: gemt som 'se beskrivelse'", "has no weekdays: kept "
                        "as 'see the description'"),
    "hours.no_text": _n("har hverken tider eller beskrivelse og er udeladt", "has neither times "
                        "nor a description and is left out"),
    "hours.converted": _n("{field}: tiden er omregnet fra {zone} til dansk tid", "{field}: the "
                          "time is converted from {zone} to Danish time"),
    "hours.converted_winter": _n("{field}: tiden er omregnet fra {zone} til dansk normaltid "
                                 "(vintertid; i sommertid er den en time senere)", "{field}: the "
                                 "time is converted from {zone} to Danish normal time (winter; "
                                 "in summer it is an hour later)"),
    "hours.zone_unknown": _n("tidszonen kendes ikke; tiderne er læst som dansk tid", "the time "
                             "zone is unknown; the times are read as Danish time"),
    "hours.implausible": _n("lukker før den åbner (mere end en plausibel nat); rækken er udeladt",
                            "closes before it opens (more than a plausible night); the row is "
                            "left out"),
    "hours.legacy_weekday": _n("ugedage som tal er læst som {reading}", "weekdays given as "
                               "numbers are read as {reading}"),
    "hours.legacy_none": _n("åbningstiderne kunne ikke læses og er IKKE importeret",
                            "the opening hours could not be read and are NOT imported"),
}

#: Problems and notes whose line ends with a hint on what to do (shown once per report).
HINTS = {
    "schema.uuid": ("Tip: --mint-ids --source NAVN laver stabile UUID'er af id'er, der ikke er "
                    "UUID'er (samme fil giver samme id'er).",
                    "Tip: --mint-ids --source NAME turns ids that are not UUIDs into stable UUIDs "
                    "(the same file gives the same ids)."),
}
