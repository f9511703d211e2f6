"""The catalogue's own field messages (Danish, for volunteers) as kinds of import finding.

``normalise_offer`` and the hours reader (``vejviser.hours.reading``) word their problems in
Danish for the forms. An import report groups findings by kind and speaks one language, so each
of those messages is recognised here: its kind (worded in both languages below) and the detail
that differs between records (the bad value). ``tests/hsds/test_report.py`` provokes every
message the core can give and checks that none falls through to ``value.other``.
"""
from __future__ import annotations

import re

from vejviser.hsds.kinds import Kind

_V = "'[^']*'|\"[^\"]*\"|\\S+"  # a repr()'d value

#: (pattern, kind): the first pattern that matches the whole message decides.
PATTERNS: list[tuple[re.Pattern[str], str]] = [(re.compile(pattern, re.S), kind) for pattern, kind
                                               in (
    (r"mangler", "value.missing"),
    (r"skal være tekst, fik (?P<d>\w+)", "value.not_text"),
    (r"er for lang \((?P<d>\d+) tegn, højst \d+\)", "value.too_long"),
    (rf"(?P<d>{_V}) er ikke en dato \(ÅÅÅÅ-MM-DD\)", "value.date"),
    (rf"Ugyldig dato: (?P<d>{_V}) – .*", "value.date"),
    (rf"(?P<d>{_V}) er ikke et tal", "value.number"),
    (r"(?P<d>\S+) ligger uden for \S+", "value.range"),
    (rf"(?P<d>{_V}) er ikke en af .*", "value.choice"),
    (rf"(?P<d>{_V}) skal bestå af små bogstaver.*", "value.slug"),
    (rf"(?P<d>{_V}) skal være en webadresse.*", "value.url"),
    (rf"(?P<d>{_V}) skal begynde med http\(s\)://", "value.url"),
    (rf"(?P<d>{_V}) skal skrives MM-DD", "value.mmdd"),
    (r"ukendt term (?P<d>.+)", "value.term"),
    (r"bredde- og længdegrad skal angives sammen", "value.latlon"),
    (r"et sted følger enten .*", "value.follows_own"),
    (r"skal være en tabel af felter", "value.not_table"),
    (rf"Ugyldigt klokkeslæt: (?P<d>{_V}) – .*", "value.time"),
    (rf"Ukendt ugedag: (?P<d>{_V}) – .*", "value.day"),
    (rf"(?:Ugedagen (?P<d>{_V})|Den samme ugedag) står to gange", "value.day_twice"),
    (rf"(?P<d>{_V}) skal være ja eller nej", "value.flag"),
    (r"(?:Ugentlig åbningstid: )?(?:åbner og lukker skal begge udfyldes|både åbningstid og "
     r"lukketid skal udfyldes)", "value.hours_missing"),
    (r".*klokkeslæt angives i hele minutter uden tidszone", "value.whole_minutes"),
    (r"(?:en række .*kan (?:ikke både|ikke også|kun).*|En række kan kun .*)", "value.row_flags"),
    (r"skriv åbningstiderne i beskrivelsen", "value.words_missing"),
    (r"(?:vælg|Vælg) mindst én ugedag", "value.no_day"),
    (r"(?:slutdatoen|Gyldig til) ligger før (?:startdatoen|gyldig fra)", "value.end_before_start"),
    (r"startdatoen mangler", "value.start_missing"),
    (r"lukker kl\. (?P<d>\S+), før den åbner.*", "hours.implausible"),
    (rf"ukendt tilbud (?P<d>{_V})", "follows.unknown"),
    (r"et sted kan ikke følge sit eget tilbud", "follows.self"),
    (rf"(?P<d>{_V}) gives ikke på dette sted", "follows.elsewhere"),
    (r".*(?:følger selv|følger allerede).*", "follows.chain"),
    (rf"ukendt organisation (?P<d>{_V})", "ref.organization"),
)]

VALUE_KINDS: dict[str, Kind] = {
    "value.missing": Kind(True, "{field} mangler", "{field} is missing"),
    "value.not_text": Kind(True, "{field} skal være tekst", "{field} must be text"),
    "value.too_long": Kind(True, "{field} er for lang (tegn)", "{field} is too long (characters)"),
    "value.date": Kind(True, "{field} er ikke en dato (ÅÅÅÅ-MM-DD)", "{field} is not a date "
                       "(YYYY-MM-DD)"),
    "value.number": Kind(True, "{field} er ikke et tal", "{field} is not a number"),
    "value.range": Kind(True, "{field} ligger uden for det tilladte", "{field} is out of range"),
    "value.choice": Kind(True, "{field} har en ukendt værdi", "{field} has an unknown value"),
    "value.slug": Kind(True, "{field} må kun have små bogstaver a-z, tal og bindestreger",
                       "{field} may only hold lower-case a-z, digits and hyphens"),
    "value.url": Kind(True, "{field} skal være en webadresse, der begynder med http:// eller "
                      "https://", "{field} must be a web address starting with http:// or "
                      "https://"),
    "value.mmdd": Kind(True, "{field} skal skrives MM-DD", "{field} must be written MM-DD"),
    "value.term": Kind(True, "{field}: ukendt term", "{field}: unknown term"),
    "value.latlon": Kind(True, "latitude og longitude skal angives sammen", "latitude and "
                         "longitude must be given together"),
    "value.follows_own": Kind(True, "et sted følger enten et andet tilbuds åbningstider eller har "
                              "sine egne", "a place either follows another offer's hours or has "
                              "its own"),
    "value.not_table": Kind(True, "{field} skal være et objekt", "{field} must be an object"),
    "value.time": Kind(True, "{field} er ikke et klokkeslæt (fx 09:30)", "{field} is not a "
                       "time of day (e.g. 09:30)"),
    "value.day": Kind(True, "{field} har en ukendt ugedag", "{field} has an unknown weekday"),
    "value.day_twice": Kind(True, "{field} har samme ugedag to gange", "{field} has the same "
                            "weekday twice"),
    "value.flag": Kind(True, "{field} skal være ja eller nej", "{field} must be yes or no"),
    "value.hours_missing": Kind(True, "åbne- og lukketid skal begge udfyldes", "opening and "
                                "closing time must both be given"),
    "value.whole_minutes": Kind(True, "klokkeslæt angives i hele minutter", "times are given in "
                                "whole minutes"),
    "value.row_flags": Kind(True, "{field}: rækken kan kun være én af døgnåben, efter aftale og "
                            "'se beskrivelse'", "{field}: a row can be only one of 24 hours, by "
                            "appointment and 'see the description'"),
    "value.words_missing": Kind(True, "en række med 'se beskrivelse' skal have en beskrivelse",
                                "a 'see the description' row needs a description"),
    "value.no_day": Kind(True, "{field}: vælg mindst én ugedag", "{field}: choose at least one "
                         "weekday"),
    "value.end_before_start": Kind(True, "{field}: slutdatoen ligger før startdatoen",
                                   "{field}: the end date is before the start date"),
    "value.start_missing": Kind(True, "startdatoen mangler", "the start date is missing"),
    "follows.unknown": Kind(True, "follows henviser til et ukendt tilbud", "follows names an "
                            "unknown offer"),
    "follows.self": Kind(True, "et sted kan ikke følge sit eget tilbud", "a place cannot follow "
                         "its own offer"),
    "follows.elsewhere": Kind(True, "det fulgte tilbud gives ikke på dette sted", "the followed "
                              "offer is not given at this place"),
    "follows.chain": Kind(True, "kun ét led 'samme åbningstider som' er tilladt", "only one step "
                          "of 'same hours as' is allowed"),
    "value.other": Kind(True, "{field}: ugyldig værdi", "{field}: invalid value"),
}


def classify(message: str) -> tuple[str, str]:
    """``(kind, detail)`` for one of the catalogue's Danish field messages."""
    text = message.removesuffix(" (rækken er udeladt)")
    for pattern, kind in PATTERNS:
        m = pattern.fullmatch(text)
        if m:
            return kind, (m.groupdict().get("d") or "")
    return "value.other", message
