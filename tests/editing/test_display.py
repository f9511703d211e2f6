"""Fields read as people read them: hours as the engine's Danish wording, dated exceptions as
"Lukket 28.–30. december 2026", hidden addresses hidden; the preview shows the coming week."""
from __future__ import annotations

from datetime import date

from flask import Flask

from tests.factories import make_offer, weekly
from vejviser.db import db
from vejviser.editing.display import display, preview
from vejviser.editing.document import document_of


def test_hours_and_exceptions_read_as_words(app: Flask) -> None:
    with app.app_context():
        offer = make_offer(db.session, schedules=[weekly("MO,TU,WE,TH,FR", "10:00", "16:00")],
                           exceptions=[{"date_from": "2026-12-28", "date_to": "2026-12-30",
                                        "closed": True}],
                           locations=[{"name": "Krisecenteret", "address_1": "Hemmelig Vej 9",
                                       "postal_code": "5000", "city": "Odense C",
                                       "precision": "none"}])
        document = document_of(offer)
        assert display("hours", document["hours"], document) == \
            ["Hele tilbuddet: Man.–fre. 10–16"]
        assert display("exceptions", document["exceptions"], document) == \
            ["Hele tilbuddet: Lukket 28.–30. december 2026"]
        assert display("exceptions", document["exceptions"], document, "en") == \
            ["The whole offer: Closed 28–30 December 2026"]
        hidden = display("locations", document["locations"], document)
        assert hidden == ["Krisecenteret (adressen er skjult)"]
        shown = display("locations", document["locations"], document, show_hidden=True)
        assert "Hemmelig Vej 9" in shown[0]
        assert display("target_groups", ["hjemloese"], document,
                       labels={"target_groups:hjemloese": "Hjemløse"}) == ["Hjemløse"]

        week = preview(document, date(2026, 12, 28))
        assert [place.name for place in week] == ["Hele tilbuddet"]
        days = week[0].week
        assert len(days) == 7 and days[0].intervals == () and days[3].intervals
