"""SSB's KOSTRA groups in the registry: loaded from the bundled files with validity years,
shown on the municipality page and in the API."""

from __future__ import annotations

from collections import Counter

import pytest
from django.test import Client

from kommunenettverk.registry.models import KostraGroup, KostraMembership, Municipality
from kommunenettverk.registry.selectors import (
    kostra_group_map,
    kostra_group_members,
    kostra_group_of,
)
from kommunenettverk.registry.services import kostra_groups_load

pytestmark = pytest.mark.django_db

# SSB's table "Kriterier for kommunegrupperingen per 2020": municipalities per group in 2024.
SIZES_2024 = {1: 40, 2: 18, 3: 9, 4: 39, 5: 33, 6: 28, 7: 38, 8: 13, 9: 27, 10: 13, 11: 10}
SIZES_2024 |= {12: 11, 13: 1, 14: 25, 15: 36, 16: 8, 17: 8}


def test_every_municipality_of_today_has_a_group_of_ssbs_sizes() -> None:
    groups = kostra_group_map()
    today = set(Municipality.objects.current().values_list("number", flat=True))
    assert set(groups) == today and len(today) == 357
    assert Counter(g.number for g in groups.values()) == Counter(SIZES_2024)
    assert KostraGroup.objects.count() == 17


def test_validity_years_separate_the_2020_numbers_from_the_2024_numbers() -> None:
    # Ålesund (1507) was split in 2024: SSB put Haram (1580) in group 1, Ålesund (1508) in 11.
    assert kostra_group_of("1507", year=2022).number == 11  # type: ignore[union-attr]
    assert kostra_group_of("1507") is None and kostra_group_of("1507", year=2024) is None
    assert kostra_group_of("1580").number == 1  # type: ignore[union-attr]
    assert kostra_group_of("1508", year=2025).number == 11  # type: ignore[union-attr]
    assert kostra_group_of("1580", year=2023) is None
    assert kostra_group_of("0301", year=2021).code == "EKG13"  # type: ignore[union-attr]
    assert kostra_group_of("0301").code == "EKG13"  # type: ignore[union-attr]
    assert len(kostra_group_map(year=2021)) == 356


def test_group_members_are_the_numbers_of_the_year() -> None:
    bergen_group = kostra_group_of("4601")
    assert bergen_group is not None and bergen_group.code == "EKG12"
    members = kostra_group_members(bergen_group)
    assert len(members) == 11 and "1103" in members and "0301" not in members


def test_loading_twice_changes_nothing() -> None:
    before = list(KostraMembership.objects.values_list("municipality_number", "group", "valid_to"))
    assert kostra_groups_load() == 0
    after = list(KostraMembership.objects.values_list("municipality_number", "group", "valid_to"))
    assert after == before and len(after) == 357 + 356


def test_municipality_page_shows_its_group_and_ssbs_criteria(client: Client) -> None:
    html = client.get("/kommuner/1804/").content.decode()
    group = kostra_group_of("1804")
    assert group is not None
    assert f"{group.name}" in html and group.population_band in html
    oslo = client.get("/kommuner/0301/").content.decode()
    assert "KOSTRA-gruppe 13" in oslo and "Oslo kommune" in oslo


def test_api_gives_the_kostra_group_of_a_municipality(client: Client) -> None:
    body = client.get("/api/v1/municipalities/0301").json()
    assert body["kostra_group"]["code"] == "EKG13" and body["kostra_group"]["number"] == 13
    listing = client.get("/api/v1/municipalities", {"county": "18"}).json()
    bodo = next(m for m in listing["items"] if m["number"] == "1804")
    assert bodo["kostra_group"]["code"] == kostra_group_of("1804").code  # type: ignore[union-attr]
