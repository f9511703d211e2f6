"""The words of an import report, Danish (the default) or English, one language per report.

Self-contained on purpose: the report is built by ``vejviser.hsds`` and may be printed by the
CLI or written as JSON for tooling, with no request or Flask-Babel locale around. Kinds and
their texts are in :mod:`vejviser.hsds.kinds` and :mod:`vejviser.hsds.core_messages`.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from vejviser.hsds.core_messages import VALUE_KINDS
from vejviser.hsds.kinds import HINTS, KINDS, Kind

if TYPE_CHECKING:
    from vejviser.hsds.report import Finding, Group

LANGUAGES = ("da", "en")
#: Fields named on one line of fields left out before "…".
MAX_NAMES = 8
ALL_KINDS: dict[str, Kind] = {**KINDS, **VALUE_KINDS}

#: A field of a document -> the sort of object under it (for "12 telefonnumre: ...").
ENTITY_OF_FIELD = {
    "schedules": "schedule", "regular_schedules": "schedule", "holiday_schedules": "schedule",
    "service_at_locations": "place", "locations": "place", "location": "location",
    "addresses": "address",
    "phones": "phone", "contacts": "contact", "languages": "language", "attributes": "attribute",
    "taxonomy_term": "term", "taxonomy_detail": "taxonomy", "organization": "organization",
    "accessibility": "accessibility", "organization_identifiers": "identifier",
    "funding": "funding", "cost_options": "cost_option", "service_areas": "service_area",
}
#: entity -> {language: (one, many)}
ENTITIES: dict[str, dict[str, tuple[str, str]]] = {
    "service": {"da": ("tjeneste", "tjenester"), "en": ("service", "services")},
    "place": {"da": ("sted", "steder"), "en": ("place", "places")},
    "location": {"da": ("lokation", "lokationer"), "en": ("location", "locations")},
    "schedule": {"da": ("åbningstidsrække", "åbningstidsrækker"),
                 "en": ("schedule row", "schedule rows")},
    "address": {"da": ("adresse", "adresser"), "en": ("address", "addresses")},
    "phone": {"da": ("telefonnummer", "telefonnumre"), "en": ("phone", "phones")},
    "contact": {"da": ("kontakt", "kontakter"), "en": ("contact", "contacts")},
    "language": {"da": ("sprog", "sprog"), "en": ("language", "languages")},
    "attribute": {"da": ("attribut", "attributter"), "en": ("attribute", "attributes")},
    "term": {"da": ("taksonomiterm", "taksonomitermer"), "en": ("taxonomy term",
                                                                "taxonomy terms")},
    "taxonomy": {"da": ("taksonomi", "taksonomier"), "en": ("taxonomy", "taxonomies")},
    "organization": {"da": ("organisation", "organisationer"),
                     "en": ("organisation", "organisations")},
    "accessibility": {"da": ("tilgængelighedsoplysning", "tilgængelighedsoplysninger"),
                      "en": ("accessibility entry", "accessibility entries")},
    "identifier": {"da": ("organisationsnummer", "organisationsnumre"),
                   "en": ("organisation identifier", "organisation identifiers")},
}
_WORDS: dict[str, dict[str, str]] = {
    "da": {
        "examples": ", fx {}", "file": "(filen)", "field": "felt", "fields": "felter",
        "refused": "Afvist: intet er importeret ({} problem{}).", "notes": "Bemærk:",
        "header": "{source}: HSDS {version} ({fmt})", "summary": "Import: {}: {}.",
        "dry": "Import (prøvekørsel, intet skrevet): {}: {}.",
        "counts": "{created} oprettet, {updated} opdateret, {unchanged} uændret",
        "terms": "Nye termer i taksonomien: {}", "plural": "er",
        "json": "JSON", "csv": "CSV-tabeller",
    },
    "en": {
        "examples": ", e.g. {}", "file": "(the file)", "field": "field", "fields": "fields",
        "refused": "Refused: nothing was imported ({} problem{}).", "notes": "Notes:",
        "header": "{source}: HSDS {version} ({fmt})", "summary": "Import: {}: {}.",
        "dry": "Import (dry run, nothing written): {}: {}.",
        "counts": "{created} created, {updated} updated, {unchanged} unchanged",
        "terms": "New taxonomy terms: {}", "plural": "s",
        "json": "JSON", "csv": "CSV tables",
    },
}


def is_problem(kind: str) -> bool:
    """True for kinds that refuse the file (an unknown kind too: better safe)."""
    found = ALL_KINDS.get(kind)
    return found is None or found.problem


class Words:
    """Report texts in one language (Danish unless ``lang`` is ``"en"``)."""

    def __init__(self, lang: str = "da") -> None:
        self.lang = lang if lang in LANGUAGES else "da"
        self.w = _WORDS[self.lang]

    def pick(self, value: Any) -> Any:
        """A ``(Danish, English)`` pair in this language; anything else as it is."""
        if isinstance(value, tuple) and len(value) == 2:
            return value[LANGUAGES.index(self.lang)]
        return value

    def plural(self, entity: str) -> str:
        """"telefonnumre": the entity's plural, without a count."""
        return ENTITIES.get(entity, ENTITIES["service"])[self.lang][1]

    def entities(self, entity: str, count: int) -> str:
        """"1 telefonnummer" / "297 telefonnumre"."""
        one, many = ENTITIES.get(entity, ENTITIES["service"])[self.lang]
        return f"{count} {one if count == 1 else many}"

    def text(self, kind: str, values: Mapping[str, Any]) -> str:
        """The text of ``kind`` with ``values`` filled in."""
        found = ALL_KINDS.get(kind) or VALUE_KINDS["value.other"]
        template = found.da if self.lang == "da" else found.en
        return template.format_map({key: self.pick(value) for key, value in values.items()})

    def line(self, group: Group, examples: int) -> str:
        """One report line for a group of findings (``examples``: how many records to name)."""
        found = ALL_KINDS.get(group.kind) or VALUE_KINDS["value.other"]
        fields = f"{group.count} {self.w['field' if group.count == 1 else 'fields']}"
        names = [str(self.pick(name)) for name in group.names]
        values = {**group.args, "field": group.leaf or group.entity, "fields": fields,
                  "count": group.count, "entities": self.plural(group.entity),
                  "names": ", ".join(names[:MAX_NAMES]) + (
                      ", …" if len(names) > MAX_NAMES else "")}
        body = self.text(group.kind, values)
        if found.shape == "file":
            return body
        named = self._examples(group.findings, examples)
        if found.shape == "fields":
            return body + named
        return f"{self.entities(group.entity, group.count)}: {body}{named}"

    def _examples(self, findings: list[Finding], limit: int) -> str:
        if limit <= 0:
            return ""
        shown: list[str] = []
        for item in findings:
            label = self.w["file"] if item.record is None else f"#{item.record + 1}"
            detail = self.detail(item)
            label += f" ({detail})" if detail else ""
            if label not in shown:
                shown.append(label)
            if len(shown) >= limit:
                break
        return self.w["examples"].format(", ".join(shown)) if shown else ""

    def detail(self, item: Finding) -> str:
        """What differs per record (a value), or "" where it would be another language."""
        if item.kind == "value.other" and self.lang != "da":
            return ""
        return item.detail

    def header(self, source: str, fmt: str, version: str) -> str:
        """"fil.json: HSDS 3.0 (JSON)"."""
        return self.w["header"].format(source=source or "-", version=version,
                                       fmt=self.w.get(fmt, fmt))

    def refused(self, count: int) -> str:
        """"Afvist: intet er importeret (3 problemer)."."""
        return self.w["refused"].format(count, "" if count == 1 else self.w["plural"])

    def notes_heading(self) -> str:
        """The heading above the notes."""
        return self.w["notes"]

    def hints(self, kinds: Iterable[str]) -> list[str]:
        """What to do about some kinds of problem, once each."""
        seen = dict.fromkeys(kinds)
        return [self.pick(HINTS[kind]) for kind in seen if kind in HINTS]

    def summary(self, total: int, counts: Mapping[str, int], dry_run: bool) -> str:
        """"Import: 12 tilbud: 3 oprettet, 1 opdateret, 8 uændret."."""
        numbers = self.w["counts"].format(**counts)
        offers = f"{total} tilbud" if self.lang == "da" else \
            f"{total} service{'' if total == 1 else 's'}"
        return self.w["dry" if dry_run else "summary"].format(offers, numbers)

    def new_terms(self, terms: list[str]) -> str:
        """The taxonomy terms the import created."""
        return self.w["terms"].format(", ".join(terms))
