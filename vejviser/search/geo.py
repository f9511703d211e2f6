"""Distances for "near me": great-circle distance and Danish postcode centroids."""
from __future__ import annotations

import math
import tomllib
from functools import lru_cache
from pathlib import Path

EARTH_KM = 6371.0088
Point = tuple[float, float]


def distance_km(a: Point, b: Point) -> float:
    """Haversine distance between two (lat, lon) points in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def nearest_km(origin: Point, points: tuple[Point, ...]) -> float | None:
    """Distance to the nearest of an offer's points (None when it has none)."""
    return min((distance_km(origin, point) for point in points), default=None)


def bounding_box(origin: Point, radius_km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) enclosing the circle: a cheap first cut."""
    dlat = radius_km / 111.0
    dlon = radius_km / (111.0 * max(0.01, math.cos(math.radians(origin[0]))))
    return origin[0] - dlat, origin[0] + dlat, origin[1] - dlon, origin[1] + dlon


@lru_cache(maxsize=4)
def _load(path: str, mtime_ns: int) -> dict[str, Point]:
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    centroids: dict[str, Point] = {}
    for entry in data.get("postcode", []):
        point = (float(entry["latitude"]), float(entry["longitude"]))
        first = int(entry["code"])
        last = int(entry.get("code_to") or first)
        for code in range(first, last + 1):
            centroids.setdefault(f"{code:04d}", point)
    return centroids


def postcode_centroids(path: Path) -> dict[str, Point]:
    """Postcode → centroid from ``postcodes.toml`` (empty when the file is missing)."""
    try:
        return _load(str(path), path.stat().st_mtime_ns)
    except (OSError, tomllib.TOMLDecodeError, KeyError, ValueError):
        return {}
