"""Benchmark: putting winter hours in force (``hours.with_alternative``) for many offers at once.

When the winter emergency plan is switched on, every prepared offer's hours are rebuilt with the
window's days as dated exceptions; the index re-reads those offers and every card computes them
again. This measures that rebuild for N offers with a 31-day window (the longest allowed), cold
(nothing cached) and warm (the same values again: the lru cache), and open-now on the result.
Goal: cold ≤ 2 ms per offer, so switching 200 prepared offers costs well under a second.

Run: .venv/bin/python benchmarks/winter_plan.py [--offers 200]
"""
from __future__ import annotations

import argparse
import os
import sys
import time as clock
from datetime import datetime, time, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vejviser.hours import CPH, OpeningHours, WeeklyRule, is_open, with_alternative  # noqa: E402

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR")
EVERY_DAY = WEEKDAYS + ("SA", "SU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=200)
    args = parser.parse_args()
    start = datetime(2026, 12, 9, 20, 0, tzinfo=CPH)
    end = start + timedelta(days=31)
    offers = [(OpeningHours(rules=(WeeklyRule(WEEKDAYS, time(9, i % 60), time(16, 0),
                                              description=f"nr. {i}"),)),
               OpeningHours(rules=(WeeklyRule(EVERY_DAY, time(20, 0), time(8, 0)),),
                            extra_holidays=frozenset()))
              for i in range(args.offers)]
    began = clock.perf_counter()
    combined = [with_alternative(normal, winter, start, end) for normal, winter in offers]
    cold = clock.perf_counter() - began
    began = clock.perf_counter()
    for normal, winter in offers:
        with_alternative(normal, winter, start, end)
    warm = clock.perf_counter() - began
    moment = start + timedelta(days=3, hours=4)
    began = clock.perf_counter()
    opened = sum(bool(is_open(hours, moment)) for hours in combined)
    states = clock.perf_counter() - began
    load = os.getloadavg()[0]
    print(f"{args.offers} offers, 31-day window (load average {load:.1f}):")
    print(f"  with_alternative cold: {cold * 1000 / args.offers:.2f} ms per offer "
          f"(goal <= 2 ms), {cold * 1000:.0f} ms in all")
    print(f"  with_alternative warm: {warm * 1e6 / args.offers:.1f} us per offer (cached)")
    print(f"  open at a night moment: {opened}/{args.offers} open, "
          f"{states * 1000:.1f} ms for all (compiling the combined hours)")


if __name__ == "__main__":
    main()
