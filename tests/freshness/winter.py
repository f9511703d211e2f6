"""The warming room the winter-plan tests prepare winter hours for (open weekdays 10–16)."""
from __future__ import annotations

from tests.factories import weekly

WARMING_ROOM = {"name": "Varmestuen Kulden", "categories": ["varmestue"],
                "schedules": [weekly("MO,TU,WE,TH,FR", "10:00", "16:00")]}
