"""Make the bundled municipality map: simplify robhop's 2024 boundaries (Kartverket, CC BY 4.0).

    python scripts/simplify_boundaries.py ../shared/data/robhop_Kommuner-S.geojson \
        src/kommunenettverk/indicators/static/indicators/kommuner.geojson

Douglas–Peucker with a tolerance of 0.01° (about 0.5–1 km), coordinates rounded to 3
decimals, rings of fewer than 4 points dropped (tiny islets),
rings wound the way d3-geo wants. Properties kept: kommunenummer,
name.
"""

from __future__ import annotations

import json
import sys
from itertools import pairwise
from pathlib import Path

TOLERANCE = 0.01
Point = list[float]


def _distance(p: Point, a: Point, b: Point) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return float(((x - x1) ** 2 + (y - y1) ** 2) ** 0.5)
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return float(((x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2) ** 0.5)


def _simplify(points: list[Point]) -> list[Point]:
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, -1
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if best > TOLERANCE and index > 0:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _ring(ring: list[Point]) -> list[Point] | None:
    out = [[round(x, 3), round(y, 3)] for x, y in _simplify(ring)]
    return out if len(out) >= 4 else None


def _signed_area(ring: list[Point]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairwise(ring)) / 2


def _wind(ring: list[Point], *, exterior: bool) -> list[Point]:
    """d3-geo (and so Vega) wants exterior rings clockwise and holes counter-clockwise, the
    opposite of RFC 7946; the wrong order fills the whole globe instead of the polygon."""
    clockwise = _signed_area(ring) < 0
    return ring if clockwise == exterior else ring[::-1]


def _polygon(polygon: list[list[Point]]) -> list[list[Point]] | None:
    rings = [r for r in (_ring(ring) for ring in polygon) if r]
    if not rings or not rings[0]:
        return None
    return [_wind(r, exterior=i == 0) for i, r in enumerate(rings)]


def main(source: str, target: str) -> None:
    data = json.loads(Path(source).read_text(encoding="utf-8"))
    features = []
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        kept = [p for p in (_polygon(poly) for poly in polygons) if p]
        if not kept:  # keep the largest ring unsimplified rather than lose a municipality
            ring = [[round(x, 3), round(y, 3)] for x, y in polygons[0][0]]
            kept = [[_wind(ring, exterior=True)]]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "kommunenummer": feature["properties"]["kommunenummer"],
                    "name": feature["properties"]["kommunenavn"],
                },
                "geometry": {"type": "MultiPolygon", "coordinates": kept},
            }
        )
    Path(target).write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")),
        encoding="utf-8",
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
