"""Validation of an import's long rows, vectorised with polars: each row is typed or rejected
with its reason (unknown indicator, bad period, not a number, unknown status symbol, unknown
area, duplicates), and values of merged municipalities are combined. Reads the catalogue and
the registry; writes nothing."""

from __future__ import annotations

import polars as pl

from kommunenettverk.indicators.models import COUNTRY_CODE, AreaKind, Indicator
from kommunenettverk.registry.models import County, Municipality
from kommunenettverk.registry.selectors import municipality_current_codes

SYMBOLS = (".", "..", ":")
COUNTRY_ALIASES = {"0", "00", "0000", "EAK", "LANDET", "NORGE"}


# --- area codes --------------------------------------------------------------------------


def _area_lookup(codes: list[str]) -> pl.DataFrame:
    """For each distinct area code in a file: kind, today's code, or why it is refused.

    Municipality codes valid since 2020 follow the registry's code changes to today's
    municipality; a split cannot be followed (the value cannot be divided).
    """
    current = set(Municipality.objects.current().values_list("number", flat=True))
    counties = set(County.objects.values_list("number", flat=True))
    rows: list[tuple[str, str | None, str | None, bool, str | None]] = []
    for raw in codes:
        code = raw.strip()
        # Some SSB tables prefix region codes with their level: K-3301, F-33.
        if code[:2].upper() in ("K-", "F-"):
            code = code[2:]
        if code.upper() in COUNTRY_ALIASES:
            rows.append((raw, AreaKind.COUNTRY, COUNTRY_CODE, False, None))
        elif len(code) == 2 and code.isdigit():
            if code in counties:
                rows.append((raw, AreaKind.COUNTY, code, False, None))
            else:
                rows.append((raw, None, None, False, f"Ukjent fylkesnummer «{code}»."))
        elif len(code) == 4 and code.isdigit():
            if code in current:
                rows.append((raw, AreaKind.MUNICIPALITY, code, False, None))
                continue
            today = [c for c in municipality_current_codes(code) if c in current]
            if len(today) == 1:
                rows.append((raw, AreaKind.MUNICIPALITY, today[0], True, None))
            elif len(today) > 1:
                rows.append(
                    (
                        raw,
                        None,
                        None,
                        False,
                        f"Kommune {code} ble delt ({', '.join(today)}); verdien kan ikke fordeles.",
                    )
                )
            else:
                rows.append((raw, None, None, False, f"Ukjent kommunenummer «{code}»."))
        else:
            rows.append(
                (
                    raw,
                    None,
                    None,
                    False,
                    f"«{code}» er ikke et kommunenummer, fylkesnummer eller landet.",
                )
            )
    return pl.DataFrame(
        rows,
        schema={
            "area": pl.String,
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


def rows_validate(raw: pl.DataFrame) -> tuple[pl.DataFrame, list[pl.DataFrame], dict[int, str]]:
    """Split the long rows into valid, typed rows and rejected (line, reason) frames; also
    returns each indicator's aggregation by id (for duplicates_combine)."""
    frame = raw.with_columns(
        pl.col("indicator").str.strip_chars(),
        pl.col("area").str.strip_chars(),
        pl.col("period").str.strip_chars(),
        pl.col("value").str.strip_chars().str.replace_all(r"[\s\u00a0]", ""),
        pl.col("status").str.strip_chars().fill_null(""),
    )
    # A symbol in the value column (SSB's CSV) is the status; "-" is SSB's exact zero.
    frame = frame.with_columns(
        pl.when(pl.col("value").is_in(SYMBOLS) & (pl.col("status") == ""))
        .then(pl.col("value"))
        .otherwise(pl.col("status"))
        .alias("status"),
        pl.when(pl.col("value") == "-").then(pl.lit("0")).otherwise(pl.col("value")).alias("value"),
    )
    rejected: list[pl.DataFrame] = []

    indicators = dict(Indicator.objects.values_list("code", "id"))
    codes = frame.get_column("indicator").unique().to_list()
    ids = {c: indicators[c] for c in codes if c in indicators}
    frame = frame.with_columns(
        pl.col("indicator").replace_strict(ids, default=None, return_dtype=pl.Int64).alias("iid")
    )
    bad = frame.filter(pl.col("iid").is_null())
    rejected.append(
        _reject(bad, pl.format("Ukjent indikator «{}».", pl.col("indicator").fill_null("")))
    )
    frame = frame.filter(pl.col("iid").is_not_null())

    period_ok = pl.col("period").str.contains(r"^\d{4}(-\d{4})?$")
    rejected.append(
        _reject(
            frame.filter(~period_ok.fill_null(False)),
            pl.format(
                "Perioden «{}» er ikke et år (2024) eller en periode (2019-2021).",
                pl.col("period").fill_null(""),
            ),
        )
    )
    frame = frame.filter(period_ok.fill_null(False)).with_columns(
        pl.col("period").str.slice(0, 4).cast(pl.Int32).alias("year_from"),
        pl.col("period").str.slice(-4, 4).cast(pl.Int32).alias("year"),
    )
    rejected.append(
        _reject(
            frame.filter(pl.col("year") < pl.col("year_from")),
            pl.format("Perioden «{}» slutter før den begynner.", pl.col("period")),
        )
    )
    frame = frame.filter(pl.col("year") >= pl.col("year_from"))

    unknown_status = (pl.col("status") != "") & ~pl.col("status").is_in(SYMBOLS)
    rejected.append(
        _reject(
            frame.filter(unknown_status),
            pl.format("Ukjent statuskode «{}» (gyldige: . .. :).", pl.col("status")),
        )
    )
    frame = frame.filter(~unknown_status)
    is_symbol = pl.col("status").is_in(SYMBOLS)
    number = pl.col("value").str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
    frame = frame.with_columns(
        pl.when(is_symbol).then(pl.lit(None, dtype=pl.Float64)).otherwise(number).alias("number")
    )
    missing = ~is_symbol & (pl.col("value").is_null() | (pl.col("value") == ""))
    rejected.append(_reject(frame.filter(missing), "Verdien mangler (og ingen statuskode)."))
    not_number = ~is_symbol & ~missing & pl.col("number").is_null()
    rejected.append(
        _reject(frame.filter(not_number), pl.format("«{}» er ikke et tall.", pl.col("value")))
    )
    nonfinite = ~is_symbol & pl.col("number").is_not_null() & ~pl.col("number").is_finite()
    rejected.append(_reject(frame.filter(nonfinite), "Verdien er ikke et endelig tall."))
    frame = frame.filter(~missing & ~not_number & ~nonfinite.fill_null(False))

    areas = _area_lookup(frame.get_column("area").unique().to_list())
    frame = frame.join(areas, on="area", how="left")
    rejected.append(_reject(frame.filter(pl.col("area_error").is_not_null()), pl.col("area_error")))
    frame = frame.filter(pl.col("area_error").is_null())
    aggregation = dict(Indicator.objects.values_list("id", "aggregation"))
    return frame, rejected, {int(k): str(v) for k, v in aggregation.items()}


def duplicates_combine(
    frame: pl.DataFrame, aggregation: dict[int, str]
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """One row per (indicator, area, period). Values of merged municipalities (old codes that
    now lead to one code) are summed when the indicator is additive; otherwise refused. Any
    other duplicate is refused, with the first line it repeats."""
    keys = ["iid", "area_kind", "area_code", "period"]
    frame = frame.with_columns(pl.len().over(keys).alias("n_in_group"))
    single = frame.filter(pl.col("n_in_group") == 1)
    groups = frame.filter(pl.col("n_in_group") > 1)
    rejected: list[pl.DataFrame] = []
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
