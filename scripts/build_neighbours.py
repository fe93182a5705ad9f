"""Build the idea bank's bundled neighbour table from Kartverket's municipal boundaries.

    .venv/bin/python scripts/build_neighbours.py ../shared/data/robhop_Kommuner-S.geojson

Writes src/kommunenettverk/ideabank/data/neighbours.csv: one row per pair of municipalities that
share a border (each pair once, lower number first). The boundaries are simplified, so shapes
are grown by about 50 m before testing, which closes the small gaps simplification leaves
between neighbours. shapely is a dev dependency: the site itself only reads the CSV.

Boundary data: Kartverket, CC BY 4.0 (via robhop/fylker-og-kommuner).
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from shapely.geometry import shape
from shapely.strtree import STRtree

OUT = Path(__file__).resolve().parent.parent / "src/kommunenettverk/ideabank/data/neighbours.csv"
GROW_DEGREES = 0.0005  # ~50 m north-south; less east-west at these latitudes


def main(source: str) -> None:
    features = json.loads(Path(source).read_text(encoding="utf-8"))["features"]
    numbers = [f["properties"]["kommunenummer"] for f in features]
    shapes = [shape(f["geometry"]).buffer(GROW_DEGREES) for f in features]
    tree = STRtree(shapes)
    pairs: set[tuple[str, str]] = set()
    for i, geometry in enumerate(shapes):
        for j in tree.query(geometry, predicate="intersects"):
            if i != int(j):
                a, b = sorted((numbers[i], numbers[int(j)]))
                pairs.add((a, b))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["kommunenummer", "nabo"])
        writer.writerows(sorted(pairs))
    print(f"{len(pairs)} neighbour pairs for {len(numbers)} municipalities → {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/robhop_Kommuner-S.geojson")
