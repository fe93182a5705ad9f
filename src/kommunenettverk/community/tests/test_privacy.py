"""A citizen sees, exports and deletes their data; personal data stays off public pages."""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kommunenettverk.accounts.models import User
from kommunenettverk.community import services
from kommunenettverk.community.models import (
    Activity,
    Citizen,
    CitizenLoginToken,
    Proposal,
    SignUp,
    VolunteerArena,
)
from kommunenettverk.community.selectors import volunteer_effort
from kommunenettverk.plans.models import Goal
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(citizen: Citizen, goal: Goal, activity: Activity, coordinator: User) -> None:
    """A published and a waiting proposal, a past and a coming sign-up, a waiting person."""
    published = services.proposal_submit(
        citizen=citizen, target=goal, kind="proposal", title="Publisert forslag", text="Ja"
    )
    services.proposal_approve(proposal=published, by=coordinator)
    services.proposal_submit(
        citizen=citizen, target=goal, kind="proposal", title="Ventende forslag", text="Nei"
    )
    services.sign_up_create(activity=activity, name="Kari", email=citizen.email, phone="99")
    services.sign_up_create(activity=activity, name="Per", email="per@example.org")
    services.sign_up_create(activity=activity, name="Venter", email="venter@example.org")
    past = Activity.objects.create(
        arena=activity.arena,
        title="Holdt dugnad",
        starts_at=timezone.now() - datetime.timedelta(days=2),
        duration_hours=Decimal("3"),
        place="X",
        capacity=5,
    )
    SignUp.objects.create(
        activity=past, name="Kari", email=citizen.email, status="confirmed", cancel_token="p"
    )
    services.citizen_login_request(email=citizen.email)


def test_citizen_sees_their_data(citizen_client: Client, history: None) -> None:
    text = citizen_client.get(reverse("community:citizen_data")).text
    for expected in ("kari.innbygger@example.org", "Publisert forslag", "Ventende forslag"):
        assert expected in text
    assert "Stirydding" in text and "Holdt dugnad" in text


def test_citizen_exports_their_data_as_json(citizen_client: Client, history: None) -> None:
    response = citizen_client.get(reverse("community:citizen_export"))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["innbygger"]["e-postadresse"] == "kari.innbygger@example.org"
    assert {p["tittel"] for p in data["forslag"]} == {"Publisert forslag", "Ventende forslag"}
    assert {s["aktivitet"] for s in data["påmeldinger"]} == {"Stirydding", "Holdt dugnad"}
    assert "per@example.org" not in response.content.decode()  # nobody else's data


def test_export_and_data_need_a_signed_in_citizen(client: Client, history: None) -> None:
    response = client.get(reverse("community:citizen_export"))
    assert response.status_code == 302
    text = client.get(reverse("community:citizen_data")).text
    assert "kari.innbygger@example.org" not in text
    assert "Send meg en innloggingslenke" in text


def test_deletion_anonymises_published_and_removes_the_rest(
    citizen_client: Client, citizen: Citizen, history: None, activity: Activity
) -> None:
    year = timezone.now().year
    before = volunteer_effort(activity.arena.municipality, year)
    assert (
        "Slett opplysningene mine" in citizen_client.get(reverse("community:citizen_delete")).text
    )
    response = citizen_client.post(reverse("community:citizen_delete"))
    assert response.status_code == 302
    assert not Citizen.objects.exists()
    assert not CitizenLoginToken.objects.exists()
    # Published proposal stays, without any link to the person; the waiting one is gone.
    proposal = Proposal.objects.get()
    assert (proposal.title, proposal.citizen, proposal.author_name) == (
        "Publisert forslag",
        None,
        services.ANONYMOUS_NAME,
    )
    portal = Client().get(reverse("community:portal", args=["1804"])).text
    assert "Anonym innbygger" in portal and "Kari B." not in portal
    # The coming sign-up is cancelled and the waiting list moved up; the past one is anonymous.
    assert not SignUp.objects.filter(email=citizen.email).exists()
    assert SignUp.objects.get(email="venter@example.org").status == SignUp.Status.CONFIRMED
    past = SignUp.objects.get(activity__title="Holdt dugnad")
    assert (past.name, past.email, past.phone, past.anonymised) == ("", "", "", True)
    assert volunteer_effort(activity.arena.municipality, year) == before
    # Signed out: the data page asks to sign in again.
    assert (
        "Send meg en innloggingslenke" in citizen_client.get(reverse("community:citizen_data")).text
    )


def test_citizen_changes_display_name(citizen_client: Client, citizen: Citizen) -> None:
    citizen_client.post(reverse("community:citizen_data"), {"display_name": "K. B."})
    citizen.refresh_from_db()
    assert citizen.display_name == "K. B."


def test_privacy_page_is_linked_from_the_footer(client: Client) -> None:
    home = client.get("/").text
    assert f'href="{reverse("community:privacy")}"' in home
    privacy = client.get(reverse("community:privacy")).text
    assert "Personvernerklæring" in privacy
    assert "Datatilsynet" in privacy


def test_public_pages_never_show_citizen_emails(
    client: Client, history: None, citizen: Citizen, activity: Activity
) -> None:
    urls = [
        reverse("community:portal", args=["1804"]),
        reverse("community:proposal_list", args=["1804"]),
        activity.get_absolute_url(),
        activity.arena.get_absolute_url(),
    ]
    for url in urls:
        text = client.get(url).text
        assert citizen.email not in text, url
        assert "per@example.org" not in text, url


def test_sign_ups_are_anonymised_thirty_days_after_the_activity(
    arena: VolunteerArena, bodo: Municipality
) -> None:
    now = timezone.now()
    old = Activity.objects.create(
        arena=arena,
        title="Gammel",
        starts_at=now - datetime.timedelta(days=31),
        duration_hours=Decimal("2"),
        place="X",
        capacity=1,
    )
    recent = Activity.objects.create(
        arena=arena,
        title="Nylig",
        starts_at=now - datetime.timedelta(days=5),
        duration_hours=Decimal("2"),
        place="X",
        capacity=1,
    )
    for activity, tag in ((old, "o"), (recent, "r")):
        SignUp.objects.create(
            activity=activity, name="N", email=f"{tag}1@x.no", status="confirmed", cancel_token=tag
        )
        SignUp.objects.create(
            activity=activity,
            name="W",
            email=f"{tag}2@x.no",
            status="waiting",
            cancel_token=tag * 2,
        )
    effort = volunteer_effort(bodo, old.starts_at.year)
    out = io.StringIO()
    call_command("anonymise_past_sign_ups", stdout=out)
    assert "Anonymiserte 1" in out.getvalue()
    assert not SignUp.objects.filter(email__in=["o1@x.no", "o2@x.no"]).exists()
    assert SignUp.objects.filter(activity=old, anonymised=True, name="").count() == 1
    assert SignUp.objects.filter(activity=recent, anonymised=False).count() == 2
    assert volunteer_effort(bodo, old.starts_at.year) == effort


def _header(html: str) -> str:
    return html.split('<div class="site-tools">')[1].split("</header>")[0]


def test_the_header_shows_the_signed_in_citizen_with_mine_data_and_log_out(
    client: Client, citizen: Citizen
) -> None:
    from django.core.cache import cache
    from django.test import override_settings

    from kommunenettverk.community.tests.conftest import sign_in

    url = reverse("programmes:programme_list")  # a public page served from the page cache
    cache.clear()
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=60):
        anonymous = _header(client.get(url).text)
        assert reverse("accounts:login") in anonymous and "Innlogget som" not in anonymous
        sign_in(client, citizen)
        header = _header(client.get(url).text)  # not the stored anonymous page
        assert "Innlogget som Kari B." in header
        assert f'href="{reverse("community:citizen_data")}">Mine data</a>' in header
        assert f'action="{reverse("community:citizen_logout")}"' in header
        assert "Logg ut" in header and reverse("accounts:login") not in header
        # The citizen's page is not stored for the next anonymous visitor either.
        cache.clear()
        assert "Innlogget som" in _header(client.get(url).text)
        assert "Innlogget som" not in _header(Client().get(url).text)
        response = client.post(reverse("community:citizen_logout"), follow=True)
        assert reverse("accounts:login") in _header(response.text)
        assert "Innlogget som" not in _header(client.get(url).text)
    cache.clear()
