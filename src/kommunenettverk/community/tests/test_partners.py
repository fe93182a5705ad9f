"""The directory of resource partners and the partnerships with municipalities."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from kommunenettverk.accounts.models import Organisation, User
from kommunenettverk.community import services
from kommunenettverk.community.models import Partner, Partnership
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def idebanken(db: None) -> Partner:
    return services.partner_save(
        name="Idébanken",
        kind=Organisation.Kind.PARTNER,
        level=Partner.Level.NATIONAL,
        description="Eksempler og metoder.",
    )


def test_partner_with_valid_org_number_is_saved(db: None) -> None:
    partner = services.partner_save(
        name="KS",
        kind=Organisation.Kind.KS,
        level=Partner.Level.NATIONAL,
        org_number="971 032 146",
        description="Kommunesektorens organisasjon.",
    )
    assert partner.organisation.org_number == "971032146"


def test_partner_with_wrong_check_digit_is_refused(db: None) -> None:
    with pytest.raises(ValidationError) as error:
        services.partner_save(
            name="Feil AS",
            kind=Organisation.Kind.BUSINESS,
            level=Partner.Level.LOCAL,
            org_number="971032147",
            description="X",
        )
    assert "kontrollsifferet" in str(error.value.message_dict["org_number"])
    assert not Organisation.objects.filter(name="Feil AS").exists()


def test_coordinator_adds_local_partner_with_org_number_check(
    client: Client, coordinator: User, bodo: Municipality
) -> None:
    client.force_login(coordinator)
    url = reverse("community:partner_create", args=["1804"])
    data = {
        "name": "Bodø sykkelverksted",
        "kind": "business",
        "org_number": "991000012",
        "description": "Reparerer sykler.",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Organisasjonsnummer" in response.text and "kontrollsifferet" in response.text
    assert not Partner.objects.exists()
    response = client.post(url, {**data, "org_number": "991 000 011"})
    partner = Partner.objects.get()
    assert response["Location"] == partner.get_absolute_url()
    assert partner.level == Partner.Level.LOCAL
    assert partner.organisation.municipality == bodo
    assert partner.organisation.org_number == "991000011"


def test_partnership_is_shown_on_both_sides(
    client: Client, coordinator: User, idebanken: Partner
) -> None:
    client.force_login(coordinator)
    response = client.post(
        reverse("community:partnership_create", args=["1804"]),
        {
            "partner": idebanken.pk,
            "theme": "Stedsutvikling",
            "purpose": "Idéverksted om sentrum",
            "starts_on": "2026-01-01",
            "ends_on": "2027-12-31",
            "contact": "Miljørådgiver",
        },
    )
    assert response.status_code == 302
    public = Client()
    portal = public.get(reverse("community:portal", args=["1804"])).text
    assert "Idébanken" in portal and "Idéverksted om sentrum" in portal
    detail = public.get(idebanken.get_absolute_url()).text
    assert "Bodø" in detail and "Stedsutvikling" in detail and "01.01.2026–31.12.2027" in detail


def test_partnership_period_must_be_in_order(
    client: Client, coordinator: User, idebanken: Partner
) -> None:
    client.force_login(coordinator)
    response = client.post(
        reverse("community:partnership_create", args=["1804"]),
        {
            "partner": idebanken.pk,
            "theme": "T",
            "purpose": "P",
            "starts_on": "2026-06-01",
            "ends_on": "2026-01-01",
            "contact": "K",
        },
    )
    assert response.status_code == 200
    assert "Sluttdatoen kan ikke være før startdatoen" in response.text
    assert not Partnership.objects.exists()


def test_directory_filters_by_level(client: Client, idebanken: Partner) -> None:
    services.partner_save(
        name="Statsforvalteren i Nordland",
        kind=Organisation.Kind.COUNTY_GOVERNOR,
        level=Partner.Level.REGIONAL,
        description="Veiledning.",
    )
    everything = client.get(reverse("community:partner_list")).text
    assert "Idébanken" in everything and "Statsforvalteren i Nordland" in everything
    regional = client.get(reverse("community:partner_list"), {"niva": "regional"}).text
    assert "Statsforvalteren i Nordland" in regional
    assert f'href="{idebanken.get_absolute_url()}"' not in regional


def test_ended_partnership_shows_period(idebanken: Partner, bodo: Municipality) -> None:
    partnership = services.partnership_save(
        municipality=bodo,
        fields={
            "partner": idebanken,
            "theme": "T",
            "purpose": "P",
            "starts_on": datetime.date(2024, 1, 1),
            "ends_on": None,
            "contact": "K",
        },
    )
    assert partnership.period_label == "01.01.2024–løpende"
