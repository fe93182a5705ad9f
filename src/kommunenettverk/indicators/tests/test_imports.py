"""Imports of indicator values: JSON-stat 2.0, CSV and XLSX, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction
from openpyxl import Workbook

from kommunenettverk.indicators.models import Indicator, IndicatorValue
from kommunenettverk.indicators.services import (
    FileKind,
    ImportRefused,
    indicator_values_import,
    indicator_values_import_jsonstat,
)
from kommunenettverk.indicators.services.imports import READERS
from kommunenettverk.indicators.tabular import ColumnMapping, TabularError, read_csv, read_xlsx
from kommunenettverk.indicators.tests.factories import make_indicator
from kommunenettverk.registry.models import CodeChange

DATA = Path(__file__).parent / "data"
pytestmark = pytest.mark.django_db


def _values(code: str) -> dict[tuple[str, str], tuple[float | None, str]]:
    return {
        (v.area_code, v.period): (v.value, v.status)
        for v in IndicatorValue.objects.filter(indicator__code=code)
    }


def test_imports_real_ssb_pxwebapi_response() -> None:
    make_indicator(
        "frie-inntekter",
        source="ssb",
        ssb_table="12134",
        ssb_content_code="KOSAG110000",
        aggregation="none",
        better="neutral",
    )
    raw = (DATA / "ssb_pxwebapi_v2_12134_kostra_jsonstat2_real.json").read_bytes()
    report = indicator_values_import_jsonstat(raw=raw)
    assert (report.rows_read, report.written, report.replaced, report.rejected_count) == (
        3,
        3,
        0,
        0,
    )
    assert _values("frie-inntekter") == {
        ("0301", "2024"): (81240.0, ""),
        ("4601", "2024"): (66605.0, ""),
        ("5001", "2024"): (62853.0, ""),
    }


def test_array_index_sparse_values_and_status_symbols_are_kept() -> None:
    make_indicator("utslipp", source="ssb", ssb_table="13931", ssb_content_code="Utslipp")
    raw = (DATA / "jsonstat_array_index_sparse.json").read_bytes()
    report = indicator_values_import_jsonstat(raw=raw, strict=False)
    values = _values("utslipp")
    assert values[("1804", "2022")] == (99.0, "")
    assert values[("4621", "2022")] == (None, "..")  # never read as zero
    assert values[("0", "2023")] == (4800.0, "")
    assert report.written == 9
    # 1507 Ålesund was split into 1508 and 1580 in 2024: its values cannot be divided.
    assert [r.line for r in report.rejected] == [10, 11, 12]
    assert all("ble delt (1508, 1580)" in r.reason for r in report.rejected)
    again = indicator_values_import_jsonstat(raw=raw, strict=False)
    assert (again.written, again.replaced, again.unchanged) == (0, 0, 9)
    assert IndicatorValue.objects.count() == 9


def test_fhi_multiyear_periods_need_a_choice_for_extra_dimensions() -> None:
    make_indicator(
        "forventet-levealder", source="fhi", better="higher", aggregation="weighted_mean"
    )
    raw = (DATA / "fhi_style_multiyear.json").read_bytes()
    with pytest.raises(ImportRefused, match="«KJONN» har 2 kategorier"):
        indicator_values_import_jsonstat(raw=raw, indicator_code="forventet-levealder")
    report = indicator_values_import_jsonstat(
        raw=raw, indicator_code="forventet-levealder", select={"KJONN": "0"}
    )
    assert report.written == 4
    row = IndicatorValue.objects.get(area_code="4621", period="2019-2021")
    assert (row.value, row.year_from, row.year) == (83.3, 2019, 2021)


CSV = """kommune;indikator;år;verdi;status
1804;utslipp;2022;1 234,5;
1804;utslipp;2023;..;
4621;utslipp;2023;12,5;
4621;ukjent;2023;1;
4621;utslipp;23;1;
4621;utslipp;2022;mye;
9999;utslipp;2022;1;
4621;utslipp;2023;13;
1804;utslipp;2024;;
0;utslipp;2024;5;x
"""
MAPPING = ColumnMapping(
    area="kommune", period="år", value="verdi", indicator="indikator", status="status"
)


def test_csv_import_reports_every_rejected_row_with_its_reason() -> None:
    make_indicator("utslipp")
    report = indicator_values_import(rows=read_csv(CSV.encode(), MAPPING), strict=False)
    reasons = {r.line: r.reason for r in report.rejected}
    assert reasons == {
        5: "Linje 5: Ukjent indikator «ukjent».",
        6: "Linje 6: Perioden «23» er ikke et år (2024) eller en periode (2019-2021).",
        7: "Linje 7: «mye» er ikke et tall.",
        8: "Linje 8: Ukjent kommunenummer «9999».",
        4: "Linje 4: Dobbel verdi for samme indikator, område og periode.",
        9: "Linje 9: Dobbel verdi for samme indikator, område og periode (se linje 4).",
        10: "Linje 10: Verdien mangler (og ingen statuskode).",
        11: "Linje 11: Ukjent statuskode «x» (gyldige: . .. : -).",
    }
    assert (report.rows_read, report.written, report.rejected_count) == (10, 2, 8)
    assert _values("utslipp") == {("1804", "2022"): (1234.5, ""), ("1804", "2023"): (None, "..")}


def test_strict_import_writes_nothing_when_a_row_is_rejected() -> None:
    make_indicator("utslipp")
    with pytest.raises(ImportRefused, match="8 rader ble avvist; ingenting er lagret"):
        indicator_values_import(rows=read_csv(CSV.encode(), MAPPING), strict=True)
    assert not IndicatorValue.objects.exists()


def test_dry_run_reports_without_writing() -> None:
    make_indicator("utslipp")
    report = indicator_values_import(
        rows=read_csv(CSV.encode(), MAPPING), dry_run=True, strict=False
    )
    assert report.rows_read == 10 and report.dry_run
    assert not IndicatorValue.objects.exists()


def test_missing_column_is_named() -> None:
    with pytest.raises(TabularError, match="Fant ikke kolonnen «år»"):
        read_csv(b"kommune,indikator,aar\n1804,x,2020\n", MAPPING)


def _merge_into_bodo() -> None:
    for old in ("1888", "1889"):
        CodeChange.objects.create(
            old_code=old, new_code="1804", changed_on=datetime.date(2020, 1, 1)
        )


def test_merged_municipalities_are_summed_when_the_indicator_is_additive() -> None:
    _merge_into_bodo()
    make_indicator("utslipp", aggregation="sum")
    rows = "område,år,verdi\n1888,2019,10\n1889,2019,5\n1888,2018,1\n1889,2018,..\n1804,2021,20\n"
    mapping = ColumnMapping(area="område", period="år", value="verdi", indicator_code="utslipp")
    report = indicator_values_import(rows=read_csv(rows.encode(), mapping))
    assert report.rejected_count == 0
    assert _values("utslipp") == {
        ("1804", "2019"): (15.0, ""),
        ("1804", "2018"): (None, ".."),  # a sum with a missing part is missing
        ("1804", "2021"): (20.0, ""),
    }


def test_merged_municipalities_are_refused_when_the_indicator_is_not_additive() -> None:
    _merge_into_bodo()
    make_indicator("andel", aggregation="weighted_mean", unit="prosent")
    rows = "område,år,verdi\n1888,2019,10\n1889,2019,5\n"
    mapping = ColumnMapping(area="område", period="år", value="verdi", indicator_code="andel")
    report = indicator_values_import(rows=read_csv(rows.encode(), mapping), strict=False)
    assert report.written == 0
    assert [r.reason for r in report.rejected] == [
        "Linje 2: Kommunene 1888, 1889 er slått sammen til 1804, og indikatoren kan ikke summeres.",
        "Linje 3: Kommunene 1888, 1889 er slått sammen til 1804, og indikatoren kan ikke summeres.",
    ]


def test_renumbered_municipality_maps_to_todays_code() -> None:
    make_indicator("utslipp")
    mapping = ColumnMapping(area="område", period="år", value="verdi", indicator_code="utslipp")
    report = indicator_values_import(
        rows=read_csv(b"omr\xc3\xa5de,\xc3\xa5r,verdi\n3005,2023,7\n", mapping)
    )
    assert report.written == 1
    assert _values("utslipp") == {("3301", "2023"): (7.0, "")}


def test_xlsx_import_with_mapping_and_sheet() -> None:
    make_indicator("utslipp")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    sheet.append(["Kommunenr", "Periode", "Tonn"])
    sheet.append(["1804", 2022, 12.5])
    sheet.append([4621, "2022", ":"])
    buffer = io.BytesIO()
    book.save(buffer)
    mapping = ColumnMapping(
        area="Kommunenr", period="Periode", value="Tonn", indicator_code="utslipp", sheet="Data"
    )
    report = indicator_values_import(rows=read_xlsx(buffer.getvalue(), mapping))
    assert report.written == 2
    assert _values("utslipp") == {("1804", "2022"): (12.5, ""), ("4621", "2022"): (None, ":")}
    with pytest.raises(TabularError, match="Fant ikke arket «Ark9»"):
        read_xlsx(
            buffer.getvalue(),
            ColumnMapping(area="a", period="b", value="c", indicator_code="x", sheet="Ark9"),
        )


def test_database_refuses_duplicate_area_period_and_zero_for_symbol() -> None:
    indicator = make_indicator("utslipp")
    fields = {
        "indicator": indicator,
        "area_kind": "K",
        "area_code": "1804",
        "period": "2020",
        "year_from": 2020,
        "year": 2020,
    }
    IndicatorValue.objects.create(value=1.0, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(value=2.0, **fields)
    fields["period"] = "2021"
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(value=None, status="", **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(value=0.0, status="..", **fields)


def test_unknown_indicator_for_ssb_table_is_refused() -> None:
    raw = (DATA / "ssb_pxwebapi_v2_12134_kostra_jsonstat2_real.json").read_bytes()
    with pytest.raises(ImportRefused, match="Ingen indikator i katalogen har SSB-tabell «12134»"):
        indicator_values_import_jsonstat(raw=raw)
    assert Indicator.objects.count() == 0


def test_deleting_an_indicator_deletes_its_values() -> None:
    indicator = make_indicator("utslipp")
    mapping = ColumnMapping(area="k", period="år", value="v", indicator_code="utslipp")
    indicator_values_import(rows=read_csv("k,år,v\n1804,2023,1\n".encode(), mapping))
    indicator.delete()
    assert not IndicatorValue.objects.exists()


def test_level_prefixed_region_codes_are_read() -> None:
    make_indicator("utslipp")
    mapping = ColumnMapping(area="k", period="år", value="v", indicator_code="utslipp")
    report = indicator_values_import(
        rows=read_csv("k,år,v\nK-1804,2023,1\nF-18,2023,2\nK-9999,2023,3\n".encode(), mapping),
        strict=False,
    )
    assert _values("utslipp") == {("1804", "2023"): (1.0, ""), ("18", "2023"): (2.0, "")}
    assert [r.reason for r in report.rejected] == ["Linje 4: Ukjent kommunenummer «9999»."]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("verdier.json", FileKind.JSON_STAT),
        ("Verdier.XLSX", FileKind.XLSX),
        ("verdier.csv", FileKind.CSV),
        ("verdier.txt", FileKind.CSV),
    ],
)
def test_file_kind_follows_the_file_name(name: str, kind: FileKind) -> None:
    assert FileKind.for_filename(name) == kind


def test_every_file_kind_has_a_reader() -> None:
    assert set(READERS) == set(FileKind)
