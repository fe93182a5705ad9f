"""Validation of an import's long rows, vectorised with polars: each row is typed or rejected
with its reason (unknown indicator, bad period, not a number, unknown status symbol, unknown
area, duplicates), and values of merged municipalities are combined. Reads the catalogue and
the registry; writes nothing."""

from __future__ import annotations

import re

import polars as pl

from kommunenettverk.indicators import tabular
from kommunenettverk.indicators.models import COUNTRY_CODE, AreaKind, Indicator
from kommunenettverk.registry.models import County, Municipality
from kommunenettverk.registry.selectors import (
    AreaName,
    area_name_index,
    area_name_key,
    municipality_current_codes,
)

SYMBOLS = tabular.SYMBOLS
COUNTRY_ALIASES = {"0", "00", "0000", "EAK", "LANDET", "NORGE"}
COUNTRY_NAMES = {"hele landet", "heile landet", "landet", "norge", "noreg", "norga"}
# "3301 Drammen", "0 Hele landet", "K-3301", "F-33": SSB's code before (or as) the name.
_LEADING_CODE = re.compile(r"^(?:[KF]-)?(\d{1,4})(?:\s+\S.*)?$", re.IGNORECASE)

AreaRow = tuple[str | None, str | None, bool, str | None]  # kind, today's code, mapped, error


# --- areas: numbers and names -------------------------------------------------------------


class _Areas:
    """Resolves the areas of one file against the registry, reading it once."""

    def __init__(self) -> None:
        self.current = set(Municipality.objects.current().values_list("number", flat=True))
        self.counties = dict(County.objects.values_list("number", "name"))
        self._names: dict[str, list[AreaName]] | None = None

    @property
    def names(self) -> dict[str, list[AreaName]]:
        if self._names is None:
            self._names = area_name_index()
        return self._names

    def code(self, code: str) -> AreaRow:
        """A number: the country, a county, or a municipality (followed to today's code)."""
        if code.upper() in COUNTRY_ALIASES:
            return (AreaKind.COUNTRY, COUNTRY_CODE, False, None)
        if len(code) == 2 and code.isdigit():
            if code in self.counties:
                return (AreaKind.COUNTY, code, False, None)
            return (None, None, False, f"Ukjent fylkesnummer «{code}».")
        if len(code) == 4 and code.isdigit():
            if code in self.current:
                return (AreaKind.MUNICIPALITY, code, False, None)
            today = [c for c in municipality_current_codes(code) if c in self.current]
            if len(today) == 1:
                return (AreaKind.MUNICIPALITY, today[0], True, None)
            if len(today) > 1:
                return (
                    None,
                    None,
                    False,
                    f"Kommune {code} ble delt ({', '.join(today)}); verdien kan ikke fordeles.",
                )
            return (None, None, False, f"Ukjent kommunenummer «{code}».")
        return (None, None, False, f"«{code}» er ikke et kommunenummer, fylkesnummer eller landet.")

    def name(self, raw: str, county: str) -> AreaRow:
        """A name in any official form; with a county (name or number) to choose between
        municipalities of the same name. Ambiguous names are refused with the candidates."""
        key = area_name_key(raw)
        if key in COUNTRY_NAMES:
            return (AreaKind.COUNTRY, COUNTRY_CODE, False, None)
        candidates = self.names.get(key, [])
        if len(candidates) > 1 and county:
            hint = area_name_key(county)
            in_county = [
                c
                for c in candidates
                if c.level == "municipality"
                and (area_name_key(c.county) == hint or self.counties.get(county) == c.county)
            ]
            candidates = in_county or candidates
        if len(candidates) > 1 and {c.level for c in candidates} == {"municipality", "county"}:
            # Oslo is both a county and its one municipality: the same area, the same values.
            municipalities = [c for c in candidates if c.level == "municipality"]
            if len(municipalities) == 1:
                candidates = municipalities
        if not candidates:
            return (
                None,
                None,
                False,
                f"Fant ikke «{raw}» blant kommunenes og fylkenes navn, heller ikke tidligere navn.",
            )
        if len(candidates) > 1:
            listed = ", ".join(f"{c.number} {c.label}" for c in candidates)
            return (
                None,
                None,
                False,
                f"«{raw}» kan være flere steder: {listed}. Bruk nummeret, eller en kolonne "
                "med fylket.",
            )
        return self.code(candidates[0].number)

    def resolve(self, raw: str, county: str) -> AreaRow:
        text = raw.strip()
        if len(text) == 3 and text.isdigit():
            # A workbook that stores numbers as numbers drops the leading zero: 301 is 0301.
            text = "0" + text
        leading = _LEADING_CODE.match(text)
        if leading:
            return self.code(leading.group(1))
        if text.upper() in COUNTRY_ALIASES:
            return self.code(text)
        return self.name(text, county)


def _area_lookup(pairs: list[tuple[str, str]]) -> pl.DataFrame:
    """For each distinct (area, county) of a file: kind, today's code, or why it is refused.

    Areas are numbers or names (area_name_index: every official form, with names valid
    before the reforms). Municipality codes valid since 2020 follow the registry's code
    changes to today's municipality; a split cannot be followed (the value cannot be divided).
    """
    areas = _Areas()
    rows = [(raw, county, *areas.resolve(raw, county)) for raw, county in pairs]
    return pl.DataFrame(
        rows,
        schema={
            "area": pl.String,
            "county": pl.String,
            "area_kind": pl.String,
            "area_code": pl.String,
            "mapped": pl.Boolean,
            "area_error": pl.String,
        },
        orient="row",
    )


# --- validation ----------------------------------------------------------------------------


def _reject(frame: pl.DataFrame, reason: pl.Expr | str) -> pl.DataFrame:
    expr = pl.lit(reason) if isinstance(reason, str) else reason
    return frame.select("line", expr.cast(pl.String).alias("reason"))


def rows_validate(
    raw: pl.DataFrame,
) -> tuple[pl.DataFrame, list[pl.DataFrame], dict[int, str], pl.DataFrame]:
    """Split the long rows into valid, typed rows and rejected (line, reason) frames; also
    returns each indicator's aggregation by id (for duplicates_combine) and the areas that
    did not resolve (area, reason, rows)."""
    if "county" not in raw.columns:
        raw = raw.with_columns(pl.lit(None, dtype=pl.String).alias("county"))
    frame = raw.with_columns(
        pl.col("indicator").str.strip_chars(),
        pl.col("area").str.strip_chars(),
        pl.col("county").str.strip_chars().fill_null(""),
        # FHI writes periods 2019_2021.
        pl.col("period").str.strip_chars().str.replace("_", "-", literal=True),
        pl.col("value").str.strip_chars().str.replace_all(r"[\s\u00a0\u202f]", ""),
        pl.col("status").str.strip_chars().fill_null(""),
    )
    # A symbol in the value column (SSB's and FHI's CSV) is the status, never a number.
    frame = frame.with_columns(
        pl.when(pl.col("value").is_in(SYMBOLS) & (pl.col("status") == ""))
        .then(pl.col("value"))
        .otherwise(pl.col("status"))
        .alias("status"),
    )
    indicators = dict(Indicator.objects.values_list("code", "id"))
    codes = frame.get_column("indicator").unique().to_list()
    ids = {c: indicators[c] for c in codes if c in indicators}
    # Every check in one pass: each row gets the reason of the first check it fails (in the
    # order below), and one filter splits the rows (a row is typed only when it passes all).
    iid = pl.col("indicator").replace_strict(ids, default=None, return_dtype=pl.Int64)
    period_ok = pl.col("period").str.contains(r"^\d{4}(-\d{4})?$").fill_null(False)
    year_from = pl.col("period").str.slice(0, 4).cast(pl.Int32, strict=False)
    year = pl.col("period").str.slice(-4, 4).cast(pl.Int32, strict=False)
    is_symbol = pl.col("status").is_in(SYMBOLS)
    unknown_status = (pl.col("status") != "") & ~is_symbol
    number = pl.col("value").str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
    frame = frame.with_columns(
        iid.alias("iid"),
        pl.when(period_ok).then(year_from).alias("year_from"),
        pl.when(period_ok).then(year).alias("year"),
        pl.when(is_symbol).then(pl.lit(None, dtype=pl.Float64)).otherwise(number).alias("number"),
    )
    missing = ~is_symbol & (pl.col("value").is_null() | (pl.col("value") == ""))
    not_number = ~is_symbol & ~missing & pl.col("number").is_null()
    nonfinite = ~is_symbol & pl.col("number").is_not_null() & ~pl.col("number").is_finite()
    reason = (
        pl.when(pl.col("iid").is_null())
        .then(pl.format("Ukjent indikator «{}».", pl.col("indicator").fill_null("")))
        .when(~period_ok)
        .then(
            pl.format(
                "Perioden «{}» er ikke et år (2024) eller en periode (2019-2021).",
                pl.col("period").fill_null(""),
            )
        )
        .when(pl.col("year") < pl.col("year_from"))
        .then(pl.format("Perioden «{}» slutter før den begynner.", pl.col("period")))
        .when(unknown_status)
        .then(pl.format("Ukjent statuskode «{}» (gyldige: . .. : -).", pl.col("status")))
        .when(missing)
        .then(pl.lit("Verdien mangler (og ingen statuskode)."))
        .when(not_number)
        .then(pl.format("«{}» er ikke et tall.", pl.col("value")))
        .when(nonfinite.fill_null(False))
        .then(pl.lit("Verdien er ikke et endelig tall."))
    )
    frame = frame.with_columns(reason.alias("reason"))
    failed = frame.get_column("reason").is_not_null()
    rejected: list[pl.DataFrame] = []
    if failed.any():
        rejected.append(frame.filter(failed).select("line", pl.col("reason").cast(pl.String)))
        frame = frame.filter(~failed)
    frame = frame.drop("reason")

    pairs = frame.select("area", "county").unique()
    areas = _area_lookup([(a or "", c or "") for a, c in pairs.iter_rows()])
    frame = frame.join(areas, on=["area", "county"], how="left")
    unresolved_rows = frame.filter(pl.col("area_error").is_not_null())
    rejected.append(_reject(unresolved_rows, pl.col("area_error")))
    unresolved = (
        unresolved_rows.group_by("area", "area_error")
        .agg(pl.len().alias("rows"), pl.col("line").min().alias("first_line"))
        .sort("first_line")
        .select("area", pl.col("area_error").alias("reason"), "rows")
    )
    frame = frame.filter(pl.col("area_error").is_null())
    aggregation = dict(Indicator.objects.values_list("id", "aggregation"))
    return frame, rejected, {int(k): str(v) for k, v in aggregation.items()}, unresolved


def duplicates_combine(
    frame: pl.DataFrame, aggregation: dict[int, str]
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """One row per (indicator, area, period). Values of merged municipalities (old codes that
    now lead to one code) are summed when the indicator is additive; otherwise refused. Any
    other duplicate is refused, with the first line it repeats."""
    keys = ["iid", "area_kind", "area_code", "period"]
    # Most files repeat no key: one hashing pass finds the rows that share one, and only
    # those go through the window expressions below (a row alone under its key is kept as it
    # is by every rule there).
    repeated = frame.select(keys).is_duplicated()
    if not repeated.any():
        return frame, []
    alone = frame.filter(~repeated)
    frame = frame.filter(repeated)
    # SSB's tables list today's numbers beside the old ones, with "." or ".." where a number
    # was not valid that year: such a symbol gives way to a number for the same place under
    # the other kind of code (old beside today's), never to a part of a merger.
    symbol = pl.col("number").is_null()
    own_number = (~pl.col("mapped") & ~symbol).any().over(keys)
    old_number = (pl.col("mapped") & ~symbol).any().over(keys)
    frame = frame.filter(
        ~(symbol & pl.col("mapped") & own_number) & ~(symbol & ~pl.col("mapped") & old_number)
    )
    frame = frame.with_columns(pl.len().over(keys).alias("n_in_group"))
    single = frame.filter(pl.col("n_in_group") == 1)
    groups = frame.filter(pl.col("n_in_group") > 1)
    rejected: list[pl.DataFrame] = []
    single = pl.concat([alone, single.drop("n_in_group")], how="vertical")
    if groups.height == 0:
        return single, rejected
    groups = groups.with_columns(
        pl.col("iid")
        .replace_strict(aggregation, default="none", return_dtype=pl.String)
        .alias("aggregation"),
        pl.col("area").n_unique().over(keys).alias("n_codes"),
        pl.col("mapped").all().over(keys).alias("all_mapped"),
        (~pl.col("mapped")).any().over(keys).alias("has_own"),
        pl.col("line").min().over(keys).alias("first_line"),
        pl.col("area")
        .filter(pl.col("mapped"))
        .unique()
        .sort()
        .str.join(", ")
        .over(keys)
        .alias("old_codes"),
    )
    plain_duplicate = pl.col("n_codes") < pl.col("n_in_group")
    rejected.append(
        _reject(
            groups.filter(plain_duplicate & (pl.col("line") != pl.col("first_line"))),
            pl.format(
                "Dobbel verdi for samme indikator, område og periode (se linje {}).",
                pl.col("first_line"),
            ),
        )
    )
    rejected.append(
        _reject(
            groups.filter(plain_duplicate & (pl.col("line") == pl.col("first_line"))),
            pl.lit("Dobbel verdi for samme indikator, område og periode."),
        )
    )
    groups = groups.filter(~plain_duplicate)
    # The value under today's code wins over values under old codes.
    rejected.append(
        _reject(
            groups.filter(pl.col("has_own") & pl.col("mapped")),
            pl.format(
                "Kommune {} har i dag nummer {}, og verdien for dagens nummer står "
                "allerede i filen.",
                pl.col("area"),
                pl.col("area_code"),
            ),
        )
    )
    own = groups.filter(pl.col("has_own") & ~pl.col("mapped"))
    merged = groups.filter(pl.col("all_mapped"))
    rejected.append(
        _reject(
            merged.filter(pl.col("aggregation") != "sum"),
            pl.format(
                "Kommunene {} er slått sammen til {}, og indikatoren kan ikke summeres.",
                pl.col("old_codes"),
                pl.col("area_code"),
            ),
        )
    )
    summed = (
        merged.filter(pl.col("aggregation") == "sum")
        .group_by(keys, maintain_order=True)
        .agg(
            pl.col("year_from").first(),
            pl.col("year").first(),
            pl.col("line").min(),
            # A sum with a missing part is missing, never a smaller number.
            pl.when(pl.col("number").is_null().any())
            .then(pl.lit(None, dtype=pl.Float64))
            .otherwise(pl.col("number").sum())
            .first()
            .alias("number"),
            pl.when(pl.col("number").is_null().any())
            .then(pl.lit(".."))
            .otherwise(pl.lit(""))
            .first()
            .alias("status"),
        )
    )
    columns = [*keys, "year_from", "year", "line", "number", "status"]
    combined = pl.concat(
        [single.select(columns), own.select(columns), summed.select(columns)], how="vertical"
    )
    return combined, rejected
