"""Files as their publishers make them (FHI, Miljødirektoratet, SSB): names in every official
form, wide layouts, filters, sums, symbols and encodings, read through saved import recipes;
then the preview, the import of exactly what was previewed, and the undo."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from kommunenettverk.indicators.models import ImportRecipe, Indicator, IndicatorValue
from kommunenettverk.indicators.services import (
    FileKind,
    FileOptions,
    ImportRefused,
    ImportReport,
    indicator_file_import,
    indicator_values_restore,
)
from kommunenettverk.indicators.tests.factories import make_indicator
from kommunenettverk.registry.models import CodeChange

DATA = Path(__file__).parent / "data"
pytestmark = pytest.mark.django_db


def _values(code: str) -> dict[tuple[str, str, str], tuple[float | None, str]]:
    return {
        (v.area_kind, v.area_code, v.period): (
            None if v.value is None else round(v.value, 3),
            v.status,
        )
        for v in IndicatorValue.objects.filter(indicator__code=code)
    }


def _import(path: str, recipe: ImportRecipe) -> ImportReport:
    return indicator_file_import(
        data=(DATA / path).read_bytes(),
        kind=FileKind.for_filename(path),
        options=FileOptions.from_dict(recipe.file_options()),
    )


def test_fhi_kommunehelsa_file_with_names_filters_and_symbols() -> None:
    indicator = make_indicator(
        "forventet-levealder", aggregation="weighted_mean", better="higher", unit="år"
    )
    recipe = ImportRecipe.objects.create(
        name="FHI Kommunehelsa: forventet levealder",
        source=Indicator.Source.FHI,
        indicator=indicator,
        area_column="Sted",
        period_column="År",
        value_column="Forventet levealder",
        filters={"Kjønn": ["Kjønn samlet"], "Utdanning": ["alle utdanningsnivåer"]},
    )
    _import("fhi_kommunehelsa_forventet_levealder.csv", recipe)
    assert _values("forventet-levealder") == {
        ("L", "0", "2009-2023"): (81.9, ""),
        ("F", "40", "2009-2023"): (81.2, ""),
        ("K", "4001", "2009-2023"): (81.6, ""),
        ("K", "4003", "2009-2023"): (81.0, ""),
        ("K", "5612", "2009-2023"): (None, ":"),  # suppressed, never zero
        ("K", "3419", "2009-2023"): (None, ".."),
        ("K", "1804", "2009-2023"): (82.0, ""),
    }


def test_miljodirektoratet_file_summed_over_gases_and_sources_in_one_sector() -> None:
    make_indicator("klimagass-veitrafikk", unit="tonn CO₂-ekvivalenter")
    recipe = ImportRecipe.objects.create(
        name="Miljødirektoratet: veitrafikk",
        source=Indicator.Source.MILJODIREKTORATET,
        indicator=Indicator.objects.get(code="klimagass-veitrafikk"),
        area_column="Kommune",
        county_column="Fylke",
        period_column="År",
        value_column="Utslipp (tonn CO2-ekvivalenter)",
        filters={"Sektor": ["Veitrafikk"]},
        sums=["Gass", "Kilde"],
    )
    report = _import("miljodirektoratet_klimagass_kommune.csv", recipe)
    assert report.rows_read == 5  # one summed row per municipality (industry left out)
    assert _values("klimagass-veitrafikk") == {
        # 38 912,4 + 41,2 + 310,0 + 21 004,7 + "-" (nil) + 98,3
        ("K", "4001", "2022"): (60366.6, ""),
        ("K", "3114", "2022"): (24100.5, ""),  # "Våler (Østfold)"
        ("K", "3419", "2022"): (11150.5, ""),  # "Våler" in Innlandet, by the county column
        ("K", "1818", "2022"): (None, ".."),  # a part ":" makes the sum missing
        ("K", "5612", "2022"): (4512.9, ""),
    }


def test_ssb_wide_file_one_column_per_year_with_old_and_new_numbers() -> None:
    make_indicator("folkemengde", unit="personer", measure="total")
    recipe = ImportRecipe.objects.create(
        name="SSB Statistikkbanken: folkemengde",
        source=Indicator.Source.SSB,
        indicator=Indicator.objects.get(code="folkemengde"),
        layout=ImportRecipe.Layout.WIDE_YEARS,
        area_column="region",
    )
    report = _import("ssb_wide_folkemengde.csv", recipe)
    assert report.rejected_count == 0
    values = _values("folkemengde")
    assert [values[("K", "3301", y)] for y in ("2022", "2023", "2024")] == [
        (102273.0, ""),
        (103291.0, ""),
        (104487.0, ""),
    ]
    assert values[("K", "5612", "2022")] == (2882.0, "")
    assert values[("L", "0", "2024")] == (5550203.0, "")
    assert len(values) == 12


def test_sami_kven_and_combined_names_and_names_before_the_reform() -> None:
    make_indicator("andel", aggregation="weighted_mean", unit="prosent")
    options = FileOptions(
        area="område", county="fylke", period="år", value="verdi", indicator_code="andel"
    )
    data = (DATA / "sami_and_combined_names.tsv").read_bytes()
    indicator_file_import(data=data, kind=FileKind.CSV, options=options)
    assert _values("andel") == {
        ("K", "5612", "2023"): (1.5, ""),  # Guovdageaidnu - Kautokeino
        ("K", "5540", "2023"): (2.5, ""),  # Kåfjord, decimal point
        ("K", "5540", "2022"): (2.0, ""),  # Gáivuotna (Sami)
        ("K", "5025", "2023"): (3.0, ""),  # "Rosse - Røros", the names in the other order
        ("K", "5041", "2023"): (4.0, ""),  # Snåase (South Sami)
        ("K", "1818", "2023"): (5.0, ""),  # Herøy in Nordland
        ("K", "3114", "2022"): (6.0, ""),  # Våler (Viken), 3018 until 2024
        ("L", "0", "2023"): (7.0, ""),  # Norge
    }


def test_numbers_stored_as_numbers_in_a_workbook_keep_oslos_leading_zero() -> None:
    import io

    from openpyxl import Workbook

    make_indicator("utslipp")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["kommunenr", "år", "verdi"])
    sheet.append([301, 2023, 10.5])  # Oslo, as Excel keeps "0301" typed as a number
    sheet.append([3301, 2023, 4])
    data = io.BytesIO()
    book.save(data)
    options = FileOptions(area="kommunenr", period="år", value="verdi", indicator_code="utslipp")
    report = indicator_file_import(data=data.getvalue(), kind=FileKind.XLSX, options=options)
    assert report.rejected_count == 0
    assert _values("utslipp") == {
        ("K", "0301", "2023"): (10.5, ""),
        ("K", "3301", "2023"): (4.0, ""),
    }


def test_names_valid_before_2020_follow_the_registry_history() -> None:
    for code, name in (("1018", "Søgne"), ("1017", "Songdalen"), ("1001", "Kristiansand")):
        CodeChange.objects.create(
            old_code=code,
            old_name=name,
            new_code="4204",
            new_name="Kristiansand",
            changed_on=datetime.date(2020, 1, 1),
        )
    make_indicator("utslipp")
    options = FileOptions(area="kommune", period="år", value="verdi", indicator_code="utslipp")
    data = "kommune;år;verdi\nSøgne;2019;10\nSongdalen;2019;5\n".encode()
    indicator_file_import(data=data, kind=FileKind.CSV, options=options)
    assert _values("utslipp") == {("K", "4204", "2019"): (15.0, "")}  # merged: summed


def test_ambiguous_and_unknown_names_are_refused_with_the_candidates() -> None:
    make_indicator("utslipp")
    options = FileOptions(area="kommune", period="år", value="verdi", indicator_code="utslipp")
    data = (DATA / "ambiguous_names.csv").read_bytes()
    with pytest.raises(ImportRefused) as refused:
        indicator_file_import(data=data, kind=FileKind.CSV, options=options)
    report = refused.value.report
    assert report is not None
    assert [(u["area"], u["rows"]) for u in report.unresolved] == [
        ("Våler", 1),
        ("Herøy", 1),
        ("Atlantis", 1),
    ]
    reasons = {u["area"]: u["reason"] for u in report.unresolved}
    assert "3114 Våler (Østfold), 3419 Våler (Innlandet)" in reasons["Våler"]
    assert "1515 Herøy (Møre og Romsdal)" in reasons["Herøy"]
    assert "1818 Herøy (Nordland)" in reasons["Herøy"]
    assert "Fant ikke «Atlantis»" in reasons["Atlantis"]
    assert not IndicatorValue.objects.exists()  # all or nothing


def test_preview_writes_nothing_and_the_import_writes_exactly_what_it_saw() -> None:
    make_indicator("utslipp")
    options = FileOptions(area="k", period="år", value="v", indicator_code="utslipp")
    data = "k;år;v\nBodø;2023;1,5\n1806;2023;..\n".encode()
    preview = indicator_file_import(data=data, kind=FileKind.CSV, options=options, dry_run=True)
    assert (preview.written, preview.replaced, preview.rejected_count) == (2, 0, 0)
    assert [(s["given"], s["area"], s["name"]) for s in preview.sample] == [
        ("Bodø", "1804", "Bodø"),
        ("1806", "1806", "Narvik"),
    ]
    assert not IndicatorValue.objects.exists()
    # The catalogue changed since the preview: the same file no longer gives the same rows.
    Indicator.objects.filter(code="utslipp").update(code="utslipp-gammel")
    make_indicator("utslipp")
    with pytest.raises(ImportRefused, match="forhåndsvis filen på nytt"):
        indicator_file_import(
            data=data, kind=FileKind.CSV, options=options, expect_digest=preview.digest
        )
    assert not IndicatorValue.objects.exists()


def test_undo_brings_back_the_replaced_values_and_removes_the_added() -> None:
    make_indicator("utslipp")
    options = FileOptions(area="k", period="år", value="v", indicator_code="utslipp")
    first = "k;år;v\n1804;2022;1\n1804;2023;2\n".encode()
    indicator_file_import(data=first, kind=FileKind.CSV, options=options)
    second = "k;år;v\n1804;2023;3\n1804;2024;4\n1804;2022;1\n".encode()
    report = indicator_file_import(data=second, kind=FileKind.CSV, options=options)
    assert (report.written, report.replaced, report.unchanged) == (2, 1, 1)
    assert report.previous is not None
    indicator_values_restore(previous=report.previous)
    assert _values("utslipp") == {
        ("K", "1804", "2022"): (1.0, ""),
        ("K", "1804", "2023"): (2.0, ""),
    }
