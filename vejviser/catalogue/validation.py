"""Check and normalise offer data from any source (seed files, HSDS import, later forms).

``normalise_offer`` turns loosely typed input (strings from TOML, JSON or CSV) into the canonical
shape ``vejviser.catalogue.offers`` stores, and reports every problem with its record and field
instead of stopping at the first one.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from vejviser import hours
from vejviser.catalogue.cleantext import SINGLE_LINE_FIELDS, clean_text
from vejviser.catalogue.errors import FieldProblem
from vejviser.models import VOCABULARY_OF_FIELD, HolidayRule, OfferStatus, Precision

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
TEXT_FIELDS = (
    "alternate_name", "summary", "description", "url", "email", "alert", "application_process",
    "fees_description", "eligibility_description", "interpretation_services", "accessibility",
    "notes", "verified_by",
)
CONTACT_FIELDS = ("name", "title", "department", "email")
STATUS_ALIASES = {"temporarily_closed": "temporarily closed"}


def is_web_address(text: str) -> bool:
    """True for an http(s) address: a ``javascript:`` or ``data:`` link must never reach a page,
    the API or a partner's widget."""
    scheme, _, rest = text.strip().partition("://")
    return scheme.lower() in ("http", "https") and bool(rest) and not any(c.isspace() for c in rest)


class _Checker:
    """Collects problems for one record while converting its fields."""

    def __init__(self, record: str) -> None:
        self.record = record
        self.problems: list[FieldProblem] = []

    def fail(self, field: str, message: str) -> None:
        self.problems.append(FieldProblem(self.record, field, message))

    def text(self, raw: Mapping[str, Any], field: str, limit: int = 10_000) -> str:
        value = raw.get(field)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.fail(field, f"skal være tekst, fik {type(value).__name__}")
            return ""
        if len(value) > limit:
            self.fail(field, f"er for lang ({len(value)} tegn, højst {limit})")
        return clean_text(value, single_line=field in SINGLE_LINE_FIELDS).strip()

    def day(self, raw: Mapping[str, Any], field: str) -> date | None:
        value = raw.get(field)
        if value in (None, ""):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            self.fail(field, f"{value!r} er ikke en dato (ÅÅÅÅ-MM-DD)")
            return None

    def number(self, raw: Mapping[str, Any], field: str, low: float, high: float) -> float | None:
        value = raw.get(field)
        if value in (None, ""):
            return None
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(field, f"{value!r} er ikke et tal")
            return None
        if not low <= number <= high:
            self.fail(field, f"{number} ligger uden for {low}..{high}")
            return None
        return number

    def choice(self, raw: Mapping[str, Any], field: str, allowed: list[str], default: str,
               aliases: Mapping[str, str] | None = None) -> str:
        value = str(raw.get(field) or default)
        value = (aliases or {}).get(value, value)
        if value not in allowed:
            self.fail(field, f"{value!r} er ikke en af {', '.join(allowed)}")
            return default
        return value


def normalise_offer(
    raw: Mapping[str, Any], record: str, known_terms: Mapping[str, set[str]] | None = None,
    warnings: list[FieldProblem] | None = None,
) -> tuple[dict[str, Any], list[FieldProblem]]:
    """Return ``(data, problems)`` for one offer given as loosely typed input.

    With a ``warnings`` list (an import), an hours row whose night is implausible is dropped and
    named there; otherwise it is a problem, like every other bad field.
    """
    check = _Checker(record)
    data: dict[str, Any] = {"id": raw.get("id") or None}
    name = check.text(raw, "name", 255)
    if not name:
        check.fail("name", "mangler")
    data["name"] = name
    slug = str(raw.get("slug") or "").strip()
    if not SLUG_PATTERN.match(slug):
        check.fail("slug", f"{slug!r} skal bestå af små bogstaver a-z, tal og bindestreger")
    data["slug"] = slug
    data["organization"] = raw.get("organization") or None
    for field in TEXT_FIELDS:
        data[field] = check.text(raw, field)
    if data["url"] and not is_web_address(data["url"]):
        check.fail("url", f"{data['url'][:60]!r} skal være en webadresse, der begynder med "
                          "http:// eller https://")
    data["status"] = check.choice(raw, "status", [s.value for s in OfferStatus], "active",
                                  aliases=STATUS_ALIASES)
    data["holiday_rule"] = check.choice(
        raw, "holiday_rule", [r.value for r in HolidayRule], HolidayRule.AS_NORMAL.value
    )
    extra = raw.get("extra_holidays", ["12-24", "12-31"])
    extra_list = extra.split(",") if isinstance(extra, str) else list(extra or [])
    data["extra_holidays"] = [day.strip() for day in extra_list if str(day).strip()]
    for day in data["extra_holidays"]:
        if not re.match(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$", day):
            check.fail("extra_holidays", f"{day!r} skal skrives MM-DD")
    data["verified_at"] = check.day(raw, "verified_at")
    for field in ("minimum_age", "maximum_age"):
        age = check.number(raw, field, 0, 130)
        data[field] = int(age) if age is not None else None
    for field, vocabulary in VOCABULARY_OF_FIELD.items():
        codes = [str(code) for code in raw.get(field) or []]
        if known_terms is not None:
            for code in codes:
                if code not in known_terms.get(vocabulary, set()):
                    check.fail(field, f"ukendt term {code!r}")
        data[field] = list(dict.fromkeys(codes))
    data["languages"] = [_language(item) for item in raw.get("languages") or []]
    data["locations"] = [_location(item, check, i, warnings)
                         for i, item in enumerate(raw.get("locations") or [])]
    data.update(hours_rows(raw, check, warnings=warnings))
    data["phones"] = [_phone(item, check, i) for i, item in enumerate(raw.get("phones") or [])]
    data["contacts"] = [_contact(item, check, i)
                        for i, item in enumerate(raw.get("contacts") or [])]
    return data, check.problems


def _contact(item: Mapping[str, Any], check: _Checker, index: int) -> dict[str, Any]:
    sub = _Checker(check.record)  # problems are named contacts[i].field, not the offer's own
    contact = {"id": item.get("id") or None,
               **{field: sub.text(item, field, 255) for field in CONTACT_FIELDS}}
    _adopt(check, sub, f"contacts[{index}].")
    return contact


def _language(item: Any) -> dict[str, Any]:
    if isinstance(item, str):
        return {"id": None, "code": item.strip().lower(), "name": "", "note": ""}
    return {"id": item.get("id") or None, "code": str(item.get("code") or "").strip().lower(),
            "name": item.get("name") or "", "note": item.get("note") or ""}


def _location(item: Mapping[str, Any], check: _Checker, index: int,
              warnings: list[FieldProblem] | None) -> dict[str, Any]:
    """One place of the offer: the location, the link to it (HSDS ``service_at_location``) and
    the place's own hours or the offer it follows there."""
    prefix = f"locations[{index}]."
    sub = _Checker(check.record)
    location = {
        "id": item.get("id") or None,
        **{field: sub.text(item, field, 500) for field in (
            "name", "alternate_name", "description", "address_1", "address_2", "postal_code",
            "city", "transportation")},
        **{field: sub.text(item, field, 120) for field in ("region", "state_province")},
        **{field: sub.text(item, field) for field in ("accessibility", "accessibility_details")},
        "accessibility_url": sub.text(item, "accessibility_url", 500),
        "short_name": sub.text(item, "short_name", 80),
        "preposition": sub.text(item, "preposition", 8) or "i",
        "latitude": sub.number(item, "latitude", -90, 90),
        "longitude": sub.number(item, "longitude", -180, 180),
        "precision": sub.choice(item, "precision", [p.value for p in Precision], "none"),
        "country": sub.text(item, "country", 2).upper() or "DK",
        # The offer-at-location link (HSDS service_at_location): its description is data, its id
        # is kept when given.
        "link_id": item.get("link_id") or None,
        "link_description": sub.text(item, "link_description"),
        # "Same hours as <offer> here": the followed offer's slug or id.
        "follows": sub.text(item, "follows", 120) or None,
    }
    if (location["latitude"] is None) != (location["longitude"] is None):
        sub.fail("latitude", "bredde- og længdegrad skal angives sammen")
    accessibility_url = str(location["accessibility_url"])
    if accessibility_url and not is_web_address(accessibility_url):
        sub.fail("accessibility_url", f"{accessibility_url[:60]!r} skal være en webadresse, der "
                 "begynder med http:// eller https://")
    location["phones"] = [_phone(phone, sub, i) for i, phone in enumerate(item.get("phones") or [])]
    rows = hours_rows(item, sub, warnings=warnings)
    if location["follows"] and (rows["schedules"] or rows["exceptions"]):
        sub.fail("follows",
                 "et sted følger enten et andet tilbuds åbningstider eller har sine egne")
    location.update(rows)
    _adopt(check, sub, prefix)
    return location


def _hours_row(item: Mapping[str, Any], check: _Checker, prefix: str,
               read: Callable[[Mapping[str, Any]], Any],
               warnings: list[FieldProblem] | None) -> Any:
    """One hours row read by the hours package (the one reading of rows); its problems are
    reported per field. With ``warnings`` (an import), an implausible night drops the row with a
    warning instead of refusing the record."""
    try:
        return read(item)
    except hours.ImplausibleHours as error:
        target = check.problems if warnings is None else warnings
        dropped = "" if warnings is None else " (rækken er udeladt)"
        for field, message in error.problems.items():
            target.append(FieldProblem(check.record, prefix + field, message + dropped))
    except hours.RowError as error:
        for field, message in error.problems.items():
            check.fail(prefix + field, message)
    return None


def _schedule(item: Mapping[str, Any], check: _Checker, prefix: str,
              warnings: list[FieldProblem] | None) -> dict[str, Any] | None:
    freq = str(item.get("freq") or "WEEKLY").upper()
    if freq != "WEEKLY":
        check.fail(prefix + "freq", f"kun WEEKLY understøttes, fik {freq!r}")
    rule = _hours_row(item, check, prefix, hours.read_weekly_row, warnings)
    if rule is None:
        return None
    notes, attending = check.text(item, "notes"), check.text(item, "attending_type")
    return {"id": item.get("id") or None, "byday": ",".join(rule.byday),
            "opens_at": rule.opens_at, "closes_at": rule.closes_at,
            "valid_from": rule.valid_from, "valid_to": rule.valid_to, "all_day": rule.all_day,
            "by_appointment": rule.by_appointment, "on_holidays": rule.on_holidays,
            "see_description": rule.see_description, "description": rule.description,
            "notes": notes, "attending_type": attending}


def _exception(item: Mapping[str, Any], check: _Checker, prefix: str,
               warnings: list[FieldProblem] | None) -> dict[str, Any] | None:
    found = _hours_row(item, check, prefix, hours.read_exception_row, warnings)
    if found is None:
        return None
    return {"id": item.get("id") or None, "date_from": found.date_from, "date_to": found.date_to,
            "closed": found.closed, "opens_at": found.opens_at, "closes_at": found.closes_at,
            "description": found.description}


def hours_rows(raw: Mapping[str, Any], check: _Checker, prefix: str = "",
               warnings: list[FieldProblem] | None = None) -> dict[str, list[dict[str, Any]]]:
    """The ``schedules`` and ``exceptions`` of an offer or of one of its places, read and
    checked; rows that could not be read are left out (their problems are reported)."""
    out: dict[str, list[dict[str, Any]]] = {"schedules": [], "exceptions": []}
    for key, read in (("schedules", _schedule), ("exceptions", _exception)):
        for index, item in enumerate(raw.get(key) or []):
            if not isinstance(item, Mapping):
                check.fail(f"{prefix}{key}[{index}]", "skal være en tabel af felter")
                continue
            row = read(item, check, f"{prefix}{key}[{index}].", warnings)
            if row is not None:
                out[key].append(row)
    return out


def normalise_phones(items: list[Mapping[str, Any]], record: str, prefix: str = ""
                     ) -> tuple[list[dict[str, Any]], list[FieldProblem]]:
    """Phone rows of anything but an offer (an organisation's), checked as an offer's are."""
    check = _Checker(record)
    rows = [_phone(item, check, index) for index, item in enumerate(items)]
    return rows, [FieldProblem(p.record, prefix + p.field, p.message) for p in check.problems]


def normalise_identifiers(items: list[Mapping[str, Any]], record: str, prefix: str = ""
                          ) -> tuple[list[dict[str, Any]], list[FieldProblem]]:
    """An organisation's register identifiers (HSDS organization_identifiers), checked."""
    check = _Checker(record)
    rows = []
    for index, item in enumerate(items):
        sub = _Checker(record)
        row = {"id": item.get("id") or None,
               "identifier_scheme": sub.text(item, "identifier_scheme", 64),
               "identifier_type": sub.text(item, "identifier_type", 255),
               "identifier": sub.text(item, "identifier", 255)}
        if not row["identifier"]:
            sub.fail("identifier", "mangler")
        _adopt(check, sub, f"{prefix}organization_identifiers[{index}].")
        rows.append(row)
    return rows, check.problems


def _phone(item: Mapping[str, Any], check: _Checker, index: int) -> dict[str, Any]:
    sub = _Checker(check.record)
    number = sub.text(item, "number", 64)
    if not number:
        sub.fail("number", "mangler")
    phone = {"id": item.get("id") or None, "number": number,
             "extension": str(item.get("extension") or ""), "type": sub.text(item, "type", 32),
             "description": sub.text(item, "description")}
    _adopt(check, sub, f"phones[{index}].")
    return phone


def _adopt(check: _Checker, sub: _Checker, prefix: str) -> None:
    for problem in sub.problems:
        check.fail(prefix + problem.field, problem.message)
