"""National and regional partners kept in the directory by the national coordinator and the
regional advisers (regional partners of their own KS region only)."""

from __future__ import annotations

import pytest
from conftest import MakeUser
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from kommunenettverk.accounts.models import Organisation, Role, User
from kommunenettverk.community import services
from kommunenettverk.community.models import Partner
from kommunenettverk.registry.models import KsRegion, Municipality

pytestmark = pytest.mark.django_db
CREATE = reverse("community:partner_directory_create")


@pytest.fixture
def nord(registry: None) -> KsRegion:
    return KsRegion.objects.get(code="nord")


@pytest.fixture
def vest(registry: None) -> KsRegion:
    return KsRegion.objects.get(code="vest")


@pytest.fixture
def governor(nord: KsRegion) -> Partner:
    return services.partner_save(
        name="Statsforvalteren i Nordland",
        kind=Organisation.Kind.COUNTY_GOVERNOR,
        level=Partner.Level.REGIONAL,
        region=nord,
        description="Veiledning om plan.",
    )


@pytest.fixture
def ministry(db: None) -> Partner:
    return services.partner_save(
        name="Klima- og miljødepartementet",
        kind=Organisation.Kind.MINISTRY,
        level=Partner.Level.NATIONAL,
        description="Nasjonal politikk.",
    )


def _data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Nordland fylkeskommune",
        "kind": Organisation.Kind.COUNTY_MUNICIPALITY,
        "level": Partner.Level.REGIONAL,
        "region": "",
        "org_number": "",
        "website": "https://www.nfk.no/",
        "description": "Regional planlegging.",
    }
    data.update(changes)
    return data


def test_national_coordinator_creates_a_national_partner(
    client: Client, make_user: MakeUser
) -> None:
    client.force_login(make_user(Role.NATIONAL_COORDINATOR))
    response = client.post(
        CREATE,
        _data(name="KS", kind="ks", level="national", org_number="971 032 146"),
    )
    partner = Partner.objects.get(organisation__name="KS")
    assert response.status_code == 302 and response["Location"] == partner.get_absolute_url()
    assert (partner.level, partner.region, partner.organisation.org_number) == (
        "national",
        None,
        "971032146",
    )


def test_adviser_creates_a_regional_partner_in_their_region(
    client: Client, make_user: MakeUser, nord: KsRegion
) -> None:
    client.force_login(make_user(Role.REGIONAL_ADVISER, nord))
    page = client.get(CREATE).text
    assert 'value="national"' not in page  # only regional partners, only their region
    assert "Nord-Norge" in page and "Vestlandet" not in page
    response = client.post(CREATE, _data(region=nord.pk))
    assert response.status_code == 302
    partner = Partner.objects.get(organisation__name="Nordland fylkeskommune")
    assert (partner.level, partner.region, partner.organisation.website) == (
        "regional",
        nord,
        "https://www.nfk.no/",
    )


def test_wrong_org_number_and_missing_region_are_refused_with_a_message(
    client: Client, make_user: MakeUser
) -> None:
    client.force_login(make_user(Role.NATIONAL_COORDINATOR))
    response = client.post(CREATE, _data(org_number="971032147"))
    assert response.status_code == 200
    assert "kontrollsifferet stemmer ikke" in response.text
    assert "Velg regionen" in response.text
    assert not Partner.objects.exists()


def test_adviser_may_not_create_national_or_other_regions_partners(
    client: Client, make_user: MakeUser, nord: KsRegion, vest: KsRegion
) -> None:
    client.force_login(make_user(Role.REGIONAL_ADVISER, nord))
    assert client.post(CREATE, _data(level="national")).status_code == 200  # not a choice
    assert client.post(CREATE, _data(region=vest.pk)).status_code == 200  # not a choice
    assert not Partner.objects.exists()


@pytest.mark.parametrize(
    "role", [Role.MUNICIPAL_COORDINATOR, Role.PARTICIPANT, Role.STATE_REPRESENTATIVE, Role.PARTNER]
)
def test_other_roles_are_refused(
    client: Client, make_user: MakeUser, bodo: Municipality, governor: Partner, role: Role
) -> None:
    client.force_login(make_user(role, bodo if role != Role.STATE_REPRESENTATIVE else None))
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, _data(region=governor.region_id)).status_code == 403
    edit = reverse("community:partner_edit", args=[governor.pk])
    assert client.post(edit, _data(region=governor.region_id)).status_code == 403
    assert not Partner.objects.filter(organisation__name="Nordland fylkeskommune").exists()


def test_anonymous_visitor_is_sent_to_login(client: Client, governor: Partner) -> None:
    response = client.get(reverse("community:partner_edit", args=[governor.pk]))
    assert response.status_code == 302 and "/konto/" in response["Location"]


def test_adviser_edits_their_regions_partner_but_not_national_or_other_regions(
    client: Client,
    make_user: MakeUser,
    nord: KsRegion,
    vest: KsRegion,
    governor: Partner,
    ministry: Partner,
) -> None:
    adviser = make_user(Role.REGIONAL_ADVISER, nord)
    client.force_login(adviser)
    assert "Endre ressursmiljøet" in client.get(governor.get_absolute_url()).text
    edit = reverse("community:partner_edit", args=[governor.pk])
    response = client.post(
        edit,
        _data(
            name="Statsforvalteren i Nordland",
            kind="county_governor",
            region=nord.pk,
            description="Ny tekst.",
        ),
    )
    assert response.status_code == 302
    governor.refresh_from_db()
    assert governor.description == "Ny tekst."
    assert "Endre ressursmiljøet" not in client.get(ministry.get_absolute_url()).text
    assert client.get(reverse("community:partner_edit", args=[ministry.pk])).status_code == 403
    client.force_login(make_user(Role.REGIONAL_ADVISER, vest))
    assert client.get(edit).status_code == 403


def test_national_coordinator_edits_a_national_partner(
    client: Client, make_user: MakeUser, ministry: Partner
) -> None:
    client.force_login(make_user(Role.NATIONAL_COORDINATOR))
    edit = reverse("community:partner_edit", args=[ministry.pk])
    assert "Klima- og miljødepartementet" in client.get(edit).text
    response = client.post(
        edit,
        _data(
            name="Klima- og miljødepartementet",
            kind="ministry",
            level="national",
            org_number="972417858",
        ),
    )
    assert response.status_code == 302
    ministry.refresh_from_db()
    assert ministry.organisation.org_number == "972417858"


def test_local_partner_is_edited_by_its_municipalitys_coordinator_only(
    client: Client, make_user: MakeUser, coordinator: User, bodo: Municipality, voss: Municipality
) -> None:
    local = services.partner_save(
        name="Bodø turlag",
        kind="voluntary",
        level="local",
        description="Stier.",
        municipality=bodo,
    )
    edit = reverse("community:partner_edit", args=[local.pk])
    client.force_login(make_user(Role.REGIONAL_ADVISER, bodo.county.ks_region))
    assert client.get(edit).status_code == 403
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, voss))
    assert client.get(edit).status_code == 403
    client.force_login(coordinator)
    response = client.post(
        edit,
        {
            "name": "Bodø turlag",
            "kind": "voluntary",
            "org_number": "",
            "website": "https://turlag.example.org/",
            "description": "Stier og hytter.",
        },
    )
    assert response.status_code == 302
    local.refresh_from_db()
    assert (local.description, local.organisation.municipality) == ("Stier og hytter.", bodo)
    assert local.organisation.website == "https://turlag.example.org/"


def test_region_is_only_for_regional_partners(nord: KsRegion) -> None:
    with pytest.raises(ValidationError, match="Bare regionale"):
        services.partner_save(name="KS", kind="ks", level="national", region=nord, description="X")
