"""The real indicator catalogue (indicators/data/catalogue.toml): its coverage, its source
references and where each was verified, and loading it into the database."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from kommunenettverk.indicators.catalogue import (
    CATALOGUE_FILE,
    CatalogueError,
    catalogue_parse,
    catalogue_read,
)
from kommunenettverk.indicators.models import Indicator
from kommunenettverk.indicators.services.catalogue import indicator_catalogue_load
from kommunenettverk.programmes.models import ThemeCode

ENTRIES = catalogue_read()
EXTERNAL = [e for e in ENTRIES if e.source != Indicator.Source.OWN]
SSB = [e for e in ENTRIES if e.source == Indicator.Source.SSB]


def test_at_least_30_real_indicators_cover_all_six_themes() -> None:
    assert len(EXTERNAL) >= 30
    assert {t for e in EXTERNAL for t in e.themes} == set(ThemeCode.values)
    assert len({e.code for e in ENTRIES}) == len(ENTRIES)


def test_every_ssb_indicator_names_table_and_content_code_verified_or_is_marked_unverified() -> (
    None
):
    for entry in SSB:
        assert entry.ssb_table.isdigit() and len(entry.ssb_table) == 5, entry.code
        assert entry.source_url == f"https://www.ssb.no/statbank/table/{entry.ssb_table}"
        if entry.ssb_content_code:
            # A content code is only written down after it was seen in a public document or
            # a recorded response, and the note says which.
            assert entry.is_verified, entry.code
            assert entry.ssb_content_code in entry.verified_by or "Samme" in entry.verified_by
            assert "*" in entry.ssb_selection.values(), entry.code
        else:
            assert not entry.is_verified, entry.code
            assert "ikke" in entry.source_note, entry.code
    assert sum(1 for e in SSB if e.ssb_content_code) >= 10


def test_every_entry_says_unit_direction_measure_interval_and_licence_or_why_not() -> None:
    for entry in ENTRIES:
        assert entry.unit and entry.description, entry.code
        assert entry.better in Indicator.Better.values, entry.code
        assert entry.measure in Indicator.Measure.values
        assert entry.measure != Indicator.Measure.UNKNOWN, entry.code
        assert entry.per_inhabitant == (entry.measure == Indicator.Measure.TOTAL), entry.code
        assert entry.update_interval_months in (12, 24, 36), entry.code
        assert entry.licence or "isens" in entry.source_note, entry.code
        if entry.source in (Indicator.Source.SSB, Indicator.Source.FHI):
            assert entry.licence == "CC BY 4.0", entry.code
        if entry.source != Indicator.Source.OWN:
            assert (
                entry.is_verified
                or "IKKE KONTROLLERT" in entry.source_note
                or (entry.source == Indicator.Source.SSB and entry.source_note)
            ), entry.code
        if entry.source not in (Indicator.Source.SSB, Indicator.Source.OWN):
            assert entry.source_reference and entry.source_url, entry.code


def test_non_ssb_sources_describe_their_file_for_a_recipe() -> None:
    climate = {e.code: e for e in ENTRIES if e.code.startswith("klimagassutslipp-")}
    assert len(climate) == 8
    for entry in climate.values():
        assert entry.recipe is not None and entry.recipe.is_complete, entry.code
        assert entry.recipe.format == "xlsx"
        assert entry.recipe.sheet == "Oversikt - detaljert"
        assert entry.recipe.checked_by, entry.code
    vei = climate["klimagassutslipp-vei"].recipe
    assert vei is not None
    assert (vei.filters, vei.sums) == ({"Sektor": ("Veitrafikk",)}, ("Klimagass",))
    total = climate["klimagassutslipp-totalt"].recipe
    assert total is not None and total.sums == ("Sektor", "Klimagass") and not total.filters
    for entry in ENTRIES:
        if entry.source == Indicator.Source.FHI:
            assert entry.recipe is not None and entry.recipe.format == "csv", entry.code
            # A recipe is made only where the columns are known; the others say why not.
            assert entry.recipe.is_complete or "ikke kontrollert" in entry.recipe.note


def test_demo_parameters_stay_in_the_real_spread() -> None:
    life = {e.code: e.demo for e in ENTRIES if e.code.startswith("forventet-levealder")}
    assert life["forventet-levealder"] is not None
    assert life["forventet-levealder"].bounds == (78.0, 86.0)
    for entry in ENTRIES:
        assert entry.demo is not None, entry.code
        if entry.unit == "prosent":
            assert 0 < entry.demo.level < 100, entry.code
        assert entry.demo.per_capita == (entry.measure == Indicator.Measure.TOTAL), entry.code


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[indicator]]\ncode = 'x'\n", "mangler «name»"),
        (
            "[[indicator]]\ncode='x'\nname='X'\nunit='kg'\nthemes=[]\nbetter='lower'\n"
            "measure='share'\naggregation='sum'\nsource='ssb'\n",
            "mangler tabellnummer",
        ),
        (
            "[[indicator]]\ncode='x'\nname='X'\nunit='kg'\nthemes=[]\nbetter='lower'\n"
            "measure='share'\naggregation='sum'\nsource='fhi'\ncolour='red'\n",
            "ukjent nøkkel «colour»",
        ),
        (
            "[[indicator]]\ncode='x'\nname='X'\nunit='kg'\nthemes=[]\nbetter='lower'\n"
            "measure='share'\naggregation='sum'\nsource='fhi'\n[indicator.demo]\nlevel=1\n",
            "mangler «spread»",
        ),
        ("[[indicator]\n", "kan ikke leses"),
    ],
)
def test_a_malformed_catalogue_is_refused_naming_the_entry(text: str, message: str) -> None:
    with pytest.raises(CatalogueError, match=message):
        catalogue_parse(text)


def test_a_repeated_code_is_refused() -> None:
    entry = (
        "[[indicator]]\ncode='x'\nname='X'\nunit='kg'\nthemes=[]\nbetter='lower'\n"
        "measure='share'\naggregation='sum'\nsource='fhi'\n"
    )
    with pytest.raises(CatalogueError, match="to ganger"):
        catalogue_parse(entry + entry)


@pytest.mark.django_db
def test_load_writes_the_catalogue_once_and_keeps_the_demo_label() -> None:
    first = indicator_catalogue_load()
    assert len(first.created) == len(ENTRIES) and not first.updated
    road = Indicator.objects.get(code="klimagassutslipp-vei")
    assert road.source == Indicator.Source.MILJODIREKTORATET
    assert road.measure == Indicator.Measure.TOTAL and road.update_interval_months == 12
    assert road.is_verified and "Miljødirektoratet" in road.attribution
    assert not road.is_demo
    population = Indicator.objects.get(code="folkemengde")
    assert (population.ssb_table, population.ssb_content_code) == ("07459", "Personer1")
    assert population.ssb_selection == {"Region": "*"}
    assert population.is_fetchable_from_ssb
    assert not Indicator.objects.get(code="husholdningsavfall").is_fetchable_from_ssb
    # Values the demo invented keep the demo's attribution when the catalogue is reloaded.
    Indicator.objects.filter(code="folkemengde").update(is_demo=True, attribution="Demodata")
    second = indicator_catalogue_load()
    assert len(second.updated) == len(ENTRIES) and not second.created
    assert Indicator.objects.get(code="folkemengde").attribution == "Demodata"
    assert Indicator.objects.count() == len(ENTRIES)


@pytest.mark.django_db
def test_load_command_reports() -> None:
    from io import StringIO

    out = StringIO()
    call_command("load_indicator_catalogue", stdout=out)
    assert f"{len(ENTRIES)} indikatorer i katalogen: {len(ENTRIES)} nye" in out.getvalue()


def test_an_ssb_indicator_may_lack_its_content_code_only_while_unverified() -> None:
    unverified = Indicator(
        code="x", name="X", source="ssb", ssb_table="12241", themes=[], verified_by=""
    )
    unverified.clean()
    verified = Indicator(
        code="x", name="X", source="ssb", ssb_table="12241", themes=[], verified_by="doc"
    )
    with pytest.raises(ValidationError, match="statistikkvariabel"):
        verified.clean()


def test_the_catalogue_file_ships_with_the_app() -> None:
    assert CATALOGUE_FILE.name == "catalogue.toml" and CATALOGUE_FILE.exists()


@pytest.mark.django_db
def test_catalogue_page_shows_each_source_and_whether_it_was_verified(client: Client) -> None:
    indicator_catalogue_load()
    html = client.get(reverse("indicators:catalogue") + "?tema=production_consumption").content
    text = html.decode()
    assert "(tabell 12241)" in text  # household waste: table known, content code not
    assert "Kildehenvisningen er ikke kontrollert." in text
    html = client.get(reverse("indicators:catalogue") + "?tema=quality_of_life_health").content
    text = html.decode()
    assert "(tabell 07459, Personer1)" in text
    assert '<a class="ds-link" href="https://www.ssb.no/statbank/table/07459">' in text
    assert "Kildehenvisningen er kontrollert." in text
    assert "Oppdateres hver 12. måned." in text


def test_docs_table_lists_every_entry_with_its_verification() -> None:
    docs = Path(__file__).resolve().parents[4] / "docs" / "indicators.md"
    rows = {
        line.split("|")[1].strip(" `"): line
        for line in docs.read_text(encoding="utf-8").splitlines()
        if line.startswith("| `")
    }
    assert set(rows) == {e.code for e in ENTRIES}  # scripts/catalogue_table.py rewrites it
    for entry in ENTRIES:
        assert ("✔" in rows[entry.code]) == entry.is_verified, entry.code
