"""Pure parsing of JSON-stat 2.0 datasets (SSB PxWebApi v2, FHI's open API) into long rows.

No database here: the result is a polars frame with one row per cell, which the import
service validates and writes. The format allows several spellings, all handled:
`category.index` as an object (code → position) or an array of codes, or missing for a
single category; `value` as a dense array or a sparse object (position → value); `status`
as an array, a sparse object or one string for every cell. Cells with a status symbol keep
the symbol and have no value (never zero).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from kommunenettverk.core.errors import DomainError

GEO_NAMES = {"region", "geo", "kokkommuneregion0000", "kommune", "fylke"}
TIME_NAMES = {"tid", "aar", "år", "year", "time"}
METRIC_NAMES = {"contentscode", "measure_type", "statistikkvariabel"}


class JsonStatError(DomainError, ValueError):
    """The document is not a JSON-stat 2.0 dataset this importer can read."""


@dataclass(frozen=True)
class Dimension:
    id: str
    codes: list[str]
    labels: dict[str, str]


@dataclass(frozen=True)
class Dataset:
    label: str
    source: str
    table: str
    dimensions: list[Dimension]
    geo: str
    time: str
    metric: str | None
    frame: pl.DataFrame  # columns: area, period, content, value, status, cell


def _category_codes(dim_id: str, dim: dict[str, Any]) -> list[str]:
    category = dim.get("category") or {}
    index = category.get("index")
    if index is None:
        labels = category.get("label") or {}
        if len(labels) != 1:
            raise JsonStatError(f"Dimensjonen «{dim_id}» mangler category.index.")
        return list(labels)
    if isinstance(index, list):
        return [str(code) for code in index]
    if isinstance(index, dict):
        codes = [""] * len(index)
        for code, position in index.items():
            if not isinstance(position, int) or not 0 <= position < len(index):
                raise JsonStatError(f"Ugyldig posisjon for «{code}» i dimensjonen «{dim_id}».")
            codes[position] = str(code)
        return codes
    raise JsonStatError(
        f"category.index i dimensjonen «{dim_id}» må være et objekt eller en liste."
    )


def _role(doc: dict[str, Any], ids: list[str], key: str, names: set[str]) -> str | None:
    for dim_id in (doc.get("role") or {}).get(key) or []:
        if dim_id in ids:
            return str(dim_id)
    for dim_id in ids:
        if dim_id.lower() in names or any(dim_id.lower().startswith(n) for n in names):
            return dim_id
    return None


def _cells(raw: Any, total: int, what: str, *, numeric: bool) -> tuple[np.ndarray, np.ndarray]:
    """Positions and entries of `value` or `status`, dense or sparse."""
    if raw is None:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object)
    if isinstance(raw, str) and not numeric:
        return np.arange(total, dtype=np.int64), np.full(total, raw, dtype=object)
    if isinstance(raw, list):
        if len(raw) != total:
            raise JsonStatError(
                f"«{what}» har {len(raw)} celler, men dimensjonene gir {total} (size)."
            )
        return np.arange(total, dtype=np.int64), np.array(raw, dtype=object)
    if isinstance(raw, dict):
        try:
            positions = np.array([int(k) for k in raw], dtype=np.int64)
        except ValueError:
            raise JsonStatError(f"«{what}» har nøkler som ikke er posisjoner.") from None
        if positions.size and (positions.min() < 0 or positions.max() >= total):
            raise JsonStatError(f"«{what}» har en posisjon utenfor datasettet (0–{total - 1}).")
        return positions, np.array(list(raw.values()), dtype=object)
    raise JsonStatError(f"«{what}» må være en liste eller et objekt.")


def normalise_period(code: str) -> str:
    """'2024' stays; FHI's '2019_2021' and '2019-2021' become '2019-2021'."""
    return re.sub(r"^(\d{4})[_\-–](\d{4})$", r"\1-\2", code.strip())


def parse(raw: bytes | str | dict[str, Any], *, select: dict[str, str] | None = None) -> Dataset:
    """Read one JSON-stat 2.0 dataset into long rows.

    Dimensions other than area, time and content must have one category, or be fixed to one
    with `select` ({dimension id: category code}); otherwise the cells would be ambiguous.
    """
    if isinstance(raw, (bytes, str)):
        try:
            doc = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise JsonStatError(
                f"Filen er ikke gyldig JSON (feil på linje {exc.lineno}, tegn {exc.colno}). "
                "Last ned datasettet på nytt fra kilden som JSON-stat 2.0."
            ) from exc
        except ValueError as exc:  # bytes that are not UTF-8
            raise JsonStatError(
                "Filen er ikke UTF-8-kodet JSON. Last ned datasettet på nytt fra kilden som "
                "JSON-stat 2.0."
            ) from exc
    else:
        doc = raw
    if not isinstance(doc, dict):
        raise JsonStatError("Filen er ikke et JSON-stat-datasett.")
    if doc.get("class") == "collection" or ("dataset" in doc and "id" not in doc):
        raise JsonStatError("Filen er en JSON-stat-samling; importer ett datasett om gangen.")
    if str(doc.get("version", "")) != "2.0" or "id" not in doc or "dimension" not in doc:
        raise JsonStatError("Filen er ikke JSON-stat 2.0 (mangler version, id eller dimension).")
    ids = [str(i) for i in doc["id"]]
    sizes = [int(s) for s in doc.get("size", [])]
    if len(sizes) != len(ids):
        raise JsonStatError("«size» og «id» har ulik lengde.")
    dims: list[Dimension] = []
    for dim_id, size in zip(ids, sizes, strict=True):
        dim = doc["dimension"].get(dim_id)
        if not isinstance(dim, dict):
            raise JsonStatError(f"Dimensjonen «{dim_id}» mangler.")
        codes = _category_codes(dim_id, dim)
        if len(codes) != size:
            raise JsonStatError(
                f"Dimensjonen «{dim_id}» har {len(codes)} kategorier, men size sier {size}."
            )
        labels = {
            str(k): str(v) for k, v in ((dim.get("category") or {}).get("label") or {}).items()
        }
        dims.append(Dimension(id=dim_id, codes=codes, labels=labels))

    geo = _role(doc, ids, "geo", GEO_NAMES)
    time = _role(doc, ids, "time", TIME_NAMES)
    metric = _role(doc, ids, "metric", METRIC_NAMES)
    if geo is None or time is None:
        raise JsonStatError("Fant ikke dimensjonene for område og tid (role.geo og role.time).")
    select = select or {}
    total = int(np.prod(sizes)) if sizes else 0
    grids = np.unravel_index(np.arange(total, dtype=np.int64), sizes) if total else ()
    keep = np.ones(total, dtype=bool)
    for axis, dim in enumerate(dims):
        if dim.id in (geo, time, metric) or len(dim.codes) == 1:
            continue
        wanted = select.get(dim.id)
        if wanted is None:
            raise JsonStatError(
                f"Dimensjonen «{dim.id}» har {len(dim.codes)} kategorier; velg én "
                f"(for eksempel {dim.id}={dim.codes[0]})."
            )
        if wanted not in dim.codes:
            raise JsonStatError(f"«{wanted}» finnes ikke i dimensjonen «{dim.id}».")
        keep &= grids[axis] == dim.codes.index(wanted)

    values = np.full(total, None, dtype=object)
    positions, entries = _cells(doc.get("value"), total, "value", numeric=True)
    values[positions] = entries
    statuses = np.full(total, None, dtype=object)
    positions, entries = _cells(doc.get("status"), total, "status", numeric=False)
    statuses[positions] = entries

    def column(dim_id: str | None) -> list[str]:
        if dim_id is None:
            return [""] * int(keep.sum())
        axis = ids.index(dim_id)
        codes = np.array(dims[axis].codes, dtype=object)
        return list(codes[grids[axis][keep]])

    cells = np.arange(total, dtype=np.int64)[keep]
    frame = pl.DataFrame(
        {
            "area": column(geo),
            "period": [normalise_period(p) for p in column(time)],
            "content": column(metric),
            "value": [None if v is None else str(v) for v in values[keep]],
            "status": [None if s is None else str(s) for s in statuses[keep]],
            "cell": cells,
        },
        schema={
            "area": pl.String,
            "period": pl.String,
            "content": pl.String,
            "value": pl.String,
            "status": pl.String,
            "cell": pl.Int64,
        },
    )
    px = (doc.get("extension") or {}).get("px") or {}
    return Dataset(
        label=str(doc.get("label", "")),
        source=str(doc.get("source", "")),
        table=str(px.get("tableid") or px.get("matrix") or ""),
        dimensions=dims,
        geo=geo,
        time=time,
        metric=metric,
        frame=frame,
    )
