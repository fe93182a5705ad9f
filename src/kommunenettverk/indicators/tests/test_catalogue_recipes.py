"""The catalogue's `recipe` blocks become import recipes (issue 18): loading the catalogue makes
or updates them by name, a coordinator chooses one on the import page and the published file
imports in one step, and `fetch_indicators` downloads and reads the non-SSB files with them.
Files in the sources' published layouts (indicators/tests/data/README.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import MakeUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kommunenettverk.accounts.models import Role
from kommunenettverk.indicators.catalogue import CatalogueError, catalogue_parse, catalogue_read
from kommunenettverk.indicators.models import ImportJob, ImportRecipe, IndicatorValue
from kommunenettverk.indicators.services import import_job_confirm, import_job_run
from kommunenettverk.indicators.services.catalogue import (
    indicator_catalogue_load,
    indicators_fetch_by_recipe,
)
from kommunenettverk.indicators.services.imports import ImportRefused

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
FHI_RECIPE = "FHI Kommunehelsa: forventet levealder, begge kjønn"
MDIR_FILE = DATA / "miljodirektoratet_utslippsstatistikk_alle_kommuner.xlsx"
MDIR_URL = (
    "https://www.miljodirektoratet.no/globalassets/netttjenester/klimagassutslipp-kommuner/"
    "utslippsstatistikk_alle_kommuner.xlsx"
)


def _values(code: str) -> dict[tuple[str, str], tuple[float | None, str]]:
    rows = IndicatorValue.objects.filter(indicator__code=code)
    return {
        (v.area_code, v.period): (None if v.value is None else round(v.value, 3), v.status)
        for v in rows
    }


def test_loading_the_catalogue_makes_its_recipes_once_and_restores_them() -> None:
    first = indicator_catalogue_load()
    complete = [e for e in catalogue_read() if e.recipe and e.recipe.is_complete]
    assert len(complete) == 9  # 8 Miljødirektoratet, 1 FHI; the rest lack checked columns
    assert sorted(first.recipes_created) == sorted(e.recipe.name for e in complete if e.recipe)
    assert "9 nye" in first.summary()
    recipe = ImportRecipe.objects.get(name="Miljødirektoratet: klimagassutslipp, veitrafikk")
    assert recipe.indicator is not None and recipe.indicator.code == "klimagassutslipp-vei"
    assert recipe.catalogue_code == "klimagassutslipp-vei"
    assert (recipe.sheet, recipe.area_column, recipe.period_column) == (
        "Oversikt - detaljert",
        "Kommunenummer",
        "År",
    )
    assert recipe.filters == {"Sektor": ["Veitrafikk"]}
    assert recipe.sums == ["Klimagass"]
    assert recipe.source_url == MDIR_URL
    assert "Kolonnene er kontrollert" in recipe.description
    fhi = ImportRecipe.objects.get(name=FHI_RECIPE)
    assert fhi.source_url == ""
    assert "ikke kontrollert" in fhi.description
    # Loading again changes nothing but brings back what the catalogue says.
    ImportRecipe.objects.filter(pk=recipe.pk).update(filters={"Sektor": ["Jordbruk"]})
    again = indicator_catalogue_load()
    assert (again.recipes_created, len(again.recipes_updated)) == ([], 9)
    assert ImportRecipe.objects.count() == 9
    recipe.refresh_from_db()
    assert recipe.filters == {"Sektor": ["Veitrafikk"]}


def test_a_recipe_page_made_with_the_same_name_is_taken_over_not_doubled() -> None:
    from kommunenettverk.indicators.tests.factories import make_indicator

    make_indicator("forventet-levealder")
    ImportRecipe.objects.create(
        name=FHI_RECIPE, source="fhi", area_column="Kommune", period_column="År"
    )
    indicator_catalogue_load()
    recipe = ImportRecipe.objects.get(name=FHI_RECIPE)
    assert (recipe.area_column, recipe.catalogue_code) == ("Sted", "forventet-levealder")


@pytest.mark.parametrize(
    ("recipe", "message"),
    [
        ("format = 'pdf'", "csv eller xlsx"),
        ("filters = { Sektor = 'Veitrafikk' }", r"kolonne = \[verdier\]"),
        ("sums = 'Gass'", "liste med kolonner"),
        ("sum = 'Gass'", r"ukjent nøkkel i \[recipe\]: sum"),
    ],
)
def test_a_malformed_recipe_block_is_refused_by_name(recipe: str, message: str) -> None:
    text = (
        "[[indicator]]\ncode='x'\nname='X'\nunit='u'\nthemes=[]\nbetter='lower'\n"
        "measure='total'\naggregation='sum'\nsource='fhi'\n[indicator.recipe]\n" + recipe + "\n"
    )
    with pytest.raises(CatalogueError, match=message):
        catalogue_parse(text)


def test_the_coordinator_chooses_the_catalogue_recipe_and_the_fhi_file_imports_in_one_step(
    client: Client,
    make_user: MakeUser,
    registry: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    indicator_catalogue_load()
    recipe = ImportRecipe.objects.get(name=FHI_RECIPE)
    client.force_login(make_user(Role.NATIONAL_COORDINATOR))
    assert FHI_RECIPE in client.get(reverse("indicators:upload")).content.decode()
    data = (DATA / "fhi_kommunehelsa_forventet_levealder.csv").read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("indicators:upload"),
            {"file": SimpleUploadedFile("levealder.csv", data), "recipe": str(recipe.pk)},
        )
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.PREVIEWED, job.message
    assert not IndicatorValue.objects.exists()  # the preview writes nothing
    import_job_confirm(job=job)
    import_job_run(job_id=job.pk)
    # The same rows as the file says for "Kjønn samlet", "alle utdanningsnivåer".
    assert _values("forventet-levealder") == {
        ("0", "2009-2023"): (81.9, ""),
        ("40", "2009-2023"): (81.2, ""),
        ("4001", "2009-2023"): (81.6, ""),
        ("4003", "2009-2023"): (81.0, ""),
        ("5612", "2009-2023"): (None, ":"),
        ("3419", "2009-2023"): (None, ".."),
        ("1804", "2009-2023"): (82.0, ""),
    }


def test_fetch_downloads_the_file_once_and_reads_each_indicator_with_its_recipe() -> None:
    indicator_catalogue_load()
    asked: list[str] = []

    def download(url: str) -> bytes:
        asked.append(url)
        return MDIR_FILE.read_bytes()

    outcomes = indicators_fetch_by_recipe(download=download)
    states = {o.code: o.state for o in outcomes}
    assert asked == [MDIR_URL]  # eight indicators, one file
    climate = {c: s for c, s in states.items() if c.startswith("klimagassutslipp-")}
    assert set(climate.values()) == {"written"}, [o.message for o in outcomes]
    # Hand-summed from the sample: every sector and gas (also Luftfart, not in the catalogue).
    assert _values("klimagassutslipp-totalt") == {
        ("4001", "2022"): (1164211.3, ""),  # 59 915,1 + 41,2 + 410 + 1 102 345 + 1 500
        ("4001", "2023"): (1109840.0, ""),  # 58 000 + 40 + 400 + 1 050 000 + 1 400
        ("1804", "2022"): (105830.0, ""),  # 45 330 + 20 000 + 8 000 + 2 500 + 30 000
        ("0301", "2022"): (473000.0, ""),  # 403 000 + 20 000 + 50 000
    }
    assert _values("klimagassutslipp-vei") == {
        ("4001", "2022"): (60366.3, ""),
        ("4001", "2023"): (58440.0, ""),
        ("1804", "2022"): (45330.0, ""),
        ("0301", "2022"): (403000.0, ""),
    }
    assert _values("klimagassutslipp-jordbruk") == {("1804", "2022"): (8000.0, "")}
    assert _values("klimagassutslipp-energiforsyning") == {("0301", "2022"): (50000.0, "")}
    # FHI and Ungdata: no download address, or no recipe until the columns are checked.
    assert states["forventet-levealder"] == "skipped"
    skipped = {o.code: o.message for o in outcomes if o.state == "skipped"}
    assert "har ingen nedlastingsadresse" in skipped["forventet-levealder"]
    assert "ingen importoppskrift" in skipped["ensomhet-ungdom"]
    assert "miljofyrtarn" not in states  # own registration is never fetched


def test_fetch_by_recipe_refuses_a_file_that_does_not_match_and_writes_nothing() -> None:
    indicator_catalogue_load()
    fhi_file = (DATA / "fhi_kommunehelsa_forventet_levealder.csv").read_bytes()
    outcomes = indicators_fetch_by_recipe(
        codes=["klimagassutslipp-vei"], download=lambda url: fhi_file
    )
    assert [(o.code, o.state) for o in outcomes] == [("klimagassutslipp-vei", "refused")]
    assert "Miljødirektoratet: klimagassutslipp, veitrafikk" in outcomes[0].message

    def unreachable(url: str) -> bytes:
        raise ImportRefused(f"Fikk ikke kontakt med kilden ({url})")

    outcomes = indicators_fetch_by_recipe(
        codes=["klimagassutslipp-vei", "klimagassutslipp-jordbruk"], download=unreachable
    )
    assert {o.state for o in outcomes} == {"refused"}
    assert not IndicatorValue.objects.exists()


def test_the_recipe_page_shows_and_keeps_the_download_address(
    client: Client, make_user: MakeUser, registry: None
) -> None:
    from kommunenettverk.indicators.forms import ImportRecipeForm

    indicator_catalogue_load()
    recipe = ImportRecipe.objects.get(name="Miljødirektoratet: klimagassutslipp, jordbruk")
    client.force_login(make_user(Role.NATIONAL_COORDINATOR))
    url = reverse("indicators:recipe_edit", args=[recipe.pk])
    assert MDIR_URL in client.get(url).content.decode()
    fields = {k: v for k, v in ImportRecipeForm.initial_for(recipe).items() if v is not None}
    moved = "https://www.miljodirektoratet.no/globalassets/ny/utslipp.xlsx"
    response = client.post(url, {**fields, "source_url": moved})
    assert response.status_code == 302
    recipe.refresh_from_db()
    assert (recipe.source_url, recipe.filters) == (moved, {"Sektor": ["Jordbruk"]})
