"""Pages of programmes and networks through the URL, on the core demo networks: every page
renders for the right person, writes succeed for the right role and are refused for others."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.browser.pages import PAGES, resolve_args

from kommunenettverk.accounts.demo import DEMO_DOMAIN, demo_accounts_load
from kommunenettverk.accounts.models import User
from kommunenettverk.networks.demo import (
    demo_close_out_load,
    demo_dialogue_forum_load,
    demo_networks_load,
    demo_onboarding_job_load,
)
from kommunenettverk.networks.models import (
    DevelopmentProject,
    Gathering,
    Network,
    NetworkMembership,
    Registration,
)
from kommunenettverk.programmes.models import Participation, ParticipationStatus, Programme
from kommunenettverk.programmes.services import participation_approve
from kommunenettverk.programmes.tests.factories import make_participation
from kommunenettverk.registry.models import Municipality

PDF = b"%PDF-1.4\n% vedtak\n"

pytestmark = pytest.mark.django_db
MINE = sorted(
    name
    for name, spec in PAGES.items()
    if name.startswith(("programmes:", "networks:")) and not spec.not_a_page
)


@pytest.fixture
def demo(registry: None) -> None:
    demo_accounts_load()
    demo_networks_load(full=False)
    demo_dialogue_forum_load()
    demo_close_out_load()
    demo_onboarding_job_load()


def as_user(client: Client, local: str) -> Client:
    client.force_login(User.objects.get(email=f"{local}@{DEMO_DOMAIN}"))
    return client


@pytest.mark.parametrize("name", MINE)
def test_page_renders(client: Client, demo: None, name: str) -> None:
    spec = PAGES[name]
    if spec.as_user:
        as_user(client, spec.as_user)
    args = resolve_args(spec.args)
    url = reverse(name.split("?")[0], args=args) + (f"?{spec.query}" if spec.query else "")
    response = client.get(url)
    assert response.status_code == 200, url


def test_programme_page_is_public_and_lists_participants(client: Client, demo: None) -> None:
    response = client.get(reverse("programmes:programme_detail", args=["helse-og-miljokommuner"]))
    assert response.status_code == 200
    assert "Helse- og miljøkommuner" in response.text
    assert "Bodø" in response.text
    assert "Alle barn har trygg skolevei" in response.text  # a sub-goal


def test_coordinator_applies_for_own_municipality(client: Client, demo: None) -> None:
    as_user(client, "koordinator.voss")
    url = reverse("programmes:participation_apply", args=["helse-og-miljokommuner"])
    page = client.get(url)
    assert "Voss" in page.text and "Bodø (1804)" not in page.text
    data: dict[str, object] = {
        "participant": "m4621",
        "themes": [],
        "local_challenges": "",
        "accepts_expectations": "",
        "decision_document": SimpleUploadedFile("vedtak.pdf", PDF, "application/pdf"),
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Velg minst ett tema." in response.text
    assert "Kommunen må godta forventningene til deltakerne." in response.text
    # The file chosen is kept: the page says so and refers to it; it is not chosen again.
    assert "Filen «vedtak.pdf» er tatt vare på" in response.text
    pending = re.search(r'name="pending_document" value="([^"]+)"', response.text)
    assert pending is not None
    del data["decision_document"]
    theme = Participation.objects.filter(programme__slug="helse-og-miljokommuner").first()
    assert theme is not None
    data.update(
        themes=[t.pk for t in theme.programme.themes.all()[:2]],
        local_challenges="Mange eldre og lange avstander.",
        decision_body="Kommunestyret",
        decision_date="2026-02-01",
        decision_case_ref="26/12",
        accepts_expectations="on",
        pending_document=pending.group(1),
    )
    response = client.post(url, data)
    assert response.status_code == 302
    participation = Participation.objects.get(
        programme__slug="helse-og-miljokommuner", municipality__number="4621"
    )
    assert participation.status == ParticipationStatus.APPLIED
    assert not participation.decision_pending
    with participation.decision_document.open("rb") as stored:
        assert stored.read() == PDF
    again = client.post(url, data)
    assert "Voss deltar allerede i Helse- og miljøkommuner" in again.text


def test_apply_refuses_a_municipality_outside_the_coordinators(client: Client, demo: None) -> None:
    as_user(client, "koordinator.voss")
    url = reverse("programmes:participation_apply", args=["helse-og-miljokommuner"])
    response = client.post(url, {"participant": "m1804"})
    assert "Velg et gyldig valg. m1804 er ikke et av de tilgjengelige valgene." in response.text
    assert not Participation.objects.filter(
        programme__slug="helse-og-miljokommuner", municipality__number="4621"
    ).exists()
    as_user(client, "deltaker.bodo")
    assert client.get(url).status_code == 403


def test_adviser_approves_and_others_are_refused(client: Client, demo: None) -> None:
    pending = Participation.objects.get(
        programme__slug="helse-og-miljokommuner", municipality__number="1833"
    )
    url = reverse("programmes:participation_approve", args=[pending.programme.slug, "1833"])
    for refused in ("koordinator.bodo", "deltaker.bodo", "radgiver.vest", "partner"):
        assert as_user(Client(), refused).post(url).status_code == 403, refused
    as_user(client, "radgiver.nord")
    asked = client.post(url)  # without JavaScript: a confirmation page, nothing approved yet
    assert asked.status_code == 200 and "Godkjenne søknaden fra" in asked.text
    pending.refresh_from_db()
    assert pending.status == ParticipationStatus.APPLIED
    assert client.post(url, {"confirmed": "1"}).status_code == 302
    pending.refresh_from_db()
    assert pending.status == ParticipationStatus.ACTIVE


def test_coordinator_edits_own_participation_only(client: Client, demo: None) -> None:
    own = reverse("programmes:participation_edit", args=["helse-og-miljokommuner", "1804"])
    assert as_user(client, "koordinator.bodo").get(own).status_code == 200
    assert as_user(Client(), "koordinator.voss").get(own).status_code == 403
    assert as_user(Client(), "radgiver.nord").get(own).status_code == 403
    detail = reverse("programmes:participation_detail", args=["helse-og-miljokommuner", "1804"])
    assert as_user(Client(), "deltaker.bodo").get(detail).status_code == 403


def test_network_adviser_edits_and_colleague_is_refused(client: Client, demo: None) -> None:
    url = reverse("networks:network_edit", args=["salten-livskraft"])
    assert as_user(client, "radgiver.nord").get(url).status_code == 200
    # Another adviser in the same region leads other networks, not this one.
    for refused in ("radgiver.nord2", "radgiver.vest", "koordinator.bodo", "deltaker.bodo"):
        assert as_user(Client(), refused).get(url).status_code == 403, refused
    assert as_user(Client(), "nasjonal").get(url).status_code == 200


def test_member_add_warns_and_refuses_above_the_maximum(client: Client, demo: None) -> None:
    network = Network.objects.get(slug="helse-og-miljo-salten")  # 4 members
    Programme.objects.filter(pk=network.programme_id).update(network_size_max=5)
    adviser = User.objects.get(email=f"radgiver.nord@{DEMO_DOMAIN}")
    rana, narvik = (
        participation_approve(
            participation=Participation.objects.get(
                programme=network.programme, municipality__number=number
            ),
            user=adviser,
        )
        for number in ("1833", "1806")
    )
    url = reverse("networks:network_member_add", args=[network.slug])
    today = timezone.localdate().isoformat()
    assert as_user(Client(), "koordinator.bodo").post(url).status_code == 403
    as_user(client, "radgiver.nord")
    response = client.post(url, {"participation": rana.pk, "joined_on": today}, follow=True)
    assert "Rana er med i nettverket." in response.text
    response = client.post(url, {"participation": narvik.pk, "joined_on": today}, follow=True)
    assert "har allerede 5 medlemmer, som er det høyeste tillatte" in response.text
    assert NetworkMembership.objects.filter(network=network, left_on=None).count() == 5
    membership = NetworkMembership.objects.get(network=network, participation=rana)
    response = client.post(
        reverse("networks:network_member_remove", args=[network.slug, membership.pk]),
        {"confirmed": "1"},
        follow=True,
    )
    assert "Rana har gått ut av nettverket." in response.text
    assert "Tidligere medlemmer" in response.text
    # The removal can be undone the same day, from the former members' table.
    restore = reverse("networks:network_member_restore", args=[network.slug, membership.pk])
    assert f'action="{restore}"' in response.text
    response = client.post(restore, follow=True)
    assert "Rana er med i nettverket igjen." in response.text
    membership.refresh_from_db()
    assert membership.left_on is None
    response = client.post(restore, follow=True)  # nothing to undo any more
    assert "Kommunen er fortsatt med i nettverket." in response.text


def test_participant_registers_and_others_are_refused(client: Client, demo: None) -> None:
    gathering = Gathering.objects.get(network__slug="helse-og-miljo-salten", number=3)
    url = reverse("networks:gathering_register", args=["helse-og-miljo-salten", 3])
    for refused in ("koordinator.voss", "radgiver.vest", "stat", "partner"):
        assert as_user(Client(), refused).get(url).status_code == 403, refused
    as_user(client, "deltaker.bodo")
    response = client.post(url, {"participation": "", "name": "Dina", "role": ""})
    assert "Velg rollen din." in response.text
    bodo = Participation.objects.get(
        programme__slug="helse-og-miljokommuner", municipality__number="1804"
    )
    response = client.post(url, {"participation": bodo.pk, "name": "Dina", "role": "professional"})
    assert response.status_code == 302
    assert Registration.objects.filter(
        gathering=gathering, user__email__startswith="deltaker.bodo"
    ).exists()
    detail = client.get(gathering.get_absolute_url())
    assert "Du er påmeldt som fagperson for Bodø" in detail.text


def test_attendance_is_recorded_by_the_adviser(client: Client, demo: None) -> None:
    gathering = Gathering.objects.get(network__slug="salten-livskraft", number=1)
    url = reverse("networks:gathering_attendance", args=["salten-livskraft", 1])
    assert as_user(Client(), "deltaker.bodo").post(url).status_code == 403
    registrations = list(gathering.registrations.all())
    as_user(client, "radgiver.nord")
    client.post(url, {f"attended-{registrations[0].pk}": "on"})
    attended = set(gathering.registrations.filter(attended=True).values_list("pk", flat=True))
    assert attended == {registrations[0].pk}


def test_evaluation_form_validates_and_summarises(client: Client, demo: None) -> None:
    gathering = Gathering.objects.get(network__slug="helse-og-miljo-salten", number=1)
    user = User.objects.get(email=f"deltaker.bodo@{DEMO_DOMAIN}")
    bodo = Participation.objects.get(
        programme__slug="helse-og-miljokommuner", municipality__number="1804"
    )
    Registration.objects.create(
        gathering=gathering, participation=bodo, user=user, name="Dina", role="other"
    )
    url = reverse("networks:gathering_evaluate", args=["helse-og-miljo-salten", 1])
    as_user(client, "deltaker.bodo")
    response = client.post(url, {"usefulness": "9"})
    assert "Velg et tall fra 1 til 5." in response.text or "Velg et gyldig valg" in response.text
    before = gathering.evaluations.count()
    response = client.post(
        url, {"usefulness": "5", "organisation": "4", "exchange": "5", "comment": "Supert"}
    )
    assert response.status_code == 302
    assert gathering.evaluations.count() == before + 1
    assert "Supert" in client.get(gathering.get_absolute_url()).text


def test_project_create_checks_scope(client: Client, demo: None) -> None:
    # A running network: the members of a finished programme have left their networks.
    url = reverse("networks:project_create", args=["helse-og-miljo-salten"])
    assert as_user(Client(), "koordinator.bodo").get(url).status_code == 403
    as_user(client, "radgiver.nord")
    response = client.post(
        url, {"title": "Solceller", "scope": "one", "goals": "Mer sol", "status": "planned"}
    )
    assert "nøyaktig én kommune" in response.text
    response = client.post(
        url, {"title": "Solceller", "scope": "network", "goals": "Mer sol", "status": "planned"}
    )
    assert response.status_code == 302
    project = DevelopmentProject.objects.get(slug="solceller")
    assert project.participations.count() == 4


def test_municipality_page_lists_programmes_networks_and_projects(
    client: Client, demo: None
) -> None:
    response = client.get(reverse("networks:municipality_networks", args=["1804"]))
    assert response.status_code == 200
    assert "Salten livskraft" in response.text
    assert "Bodø: grønn skolevei" in response.text
    assert "Helse- og miljøkommuner" in response.text


def test_dashboard_for_national_coordinator_and_advisers(client: Client, demo: None) -> None:
    url = reverse("networks:programme_dashboard", args=["livskraftige-kommuner"])
    for refused in ("koordinator.bodo", "deltaker.bodo", "stat", "partner"):
        assert as_user(Client(), refused).get(url).status_code == 403, refused
    # An adviser of another region than the programme's networks sees it too (programmes
    # are national), for the whole programme or filtered to a region.
    adviser = as_user(Client(), "radgiver.vest")
    running = reverse("networks:programme_dashboard", args=["helse-og-miljokommuner"])
    programme = Programme.objects.get(slug="helse-og-miljokommuner")
    voss = Municipality.objects.get(number="4621")
    if not Participation.objects.filter(programme=programme, municipality=voss).exists():
        make_participation(programme, voss, applied_on=timezone.localdate())
    whole = adviser.get(running)
    assert whole.status_code == 200
    nord = adviser.get(running, {"region": "nord"})
    assert nord.context["dashboard"].region.code == "nord"
    assert [r.name for r in nord.context["dashboard"].by_region] == ["KS Nord-Norge"]
    whole_active = whole.context["dashboard"].status_counts["active"]
    nord_active = nord.context["dashboard"].status_counts["active"]
    assert 0 < nord_active < whole_active
    assert nord_active == next(
        r.participants for r in whole.context["dashboard"].by_region if r.key == "nord"
    )
    as_user(client, "nasjonal")
    on_2008 = client.get(url, {"dato": "2008-01-01"})
    assert "Status per 1.1.2008" in on_2008.text
    later = client.get(url, {"dato": "2011-06-01"})
    assert later.context["dashboard"].status_counts["completed"] == 7


def test_programme_page_links_to_its_dashboard_for_those_who_see_it(demo: None) -> None:
    url = reverse("programmes:programme_detail", args=["helse-og-miljokommuner"])
    dashboard = reverse("networks:programme_dashboard", args=["helse-og-miljokommuner"])
    assert dashboard in as_user(Client(), "radgiver.nord").get(url).text
    assert dashboard in as_user(Client(), "nasjonal").get(url).text
    assert dashboard not in as_user(Client(), "koordinator.bodo").get(url).text
    assert dashboard not in Client().get(url).text


def _links(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'<a class="ds-link" href="([^"]+)"', html)]


def _row_count(client: Client, href: str) -> int:
    response = client.get(href.split("#")[0])
    assert response.status_code == 200, href
    if "participations" in response.context:
        return len(response.context["participations"])
    return len(response.context["rows"])


def test_dashboard_counts_link_to_the_lists_they_count(client: Client, demo: None) -> None:
    slug = "helse-og-miljokommuner"
    as_user(client, "nasjonal")
    page = client.get(reverse("networks:programme_dashboard", args=[slug]), {"region": "nord"})
    dashboard = page.context["dashboard"]
    links = _links(page.text)
    detail = reverse("programmes:programme_detail", args=[slug])
    for status, count in dashboard.status_counts.items():
        href = next(h for h in links if h.startswith(f"{detail}?status={status}&region=nord"))
        assert _row_count(client, href) == count, status
    networks = next(h for h in links if "med_medlemmer=1" in h)
    assert "region=nord" in networks
    assert _row_count(client, networks) == dashboard.network_count
    for row in dashboard.by_theme:
        theme_links = [h for h in links if f"tema={row.key}" in h]
        assert len(theme_links) == 2, row.name
        counts = sorted(_row_count(client, h) for h in theme_links)
        assert counts == sorted([row.participants, row.networks]), row.name
    # On another date the counts are that date's, so they no longer link to today's lists.
    past = client.get(reverse("networks:programme_dashboard", args=[slug]), {"dato": "2024-01-01"})
    assert not any(h.startswith(f"{detail}?status=") for h in _links(past.text))
    assert "Listene viser status i dag" in past.text


def test_dashboard_draws_the_status_over_time_with_its_table(client: Client, demo: None) -> None:
    as_user(client, "nasjonal")
    page = client.get(reverse("networks:programme_dashboard", args=["livskraftige-kommuner"]))
    over_time = page.context["dashboard"].over_time
    spec = page.context["over_time_spec"]
    assert spec["mark"]["type"] == "line"
    rows = spec["datasets"]["rows"]
    assert len(rows) == 2 * len(over_time)
    assert {r["value"] for r in rows} == {v for _d, a, n in over_time for v in (a, n)}
    assert 'data-vega-spec="over-time-spec"' in page.text
    assert 'id="over-time-spec"' in page.text
    html = page.text.split('id="over-time-spec"')[1]
    for date, active, _networks in over_time:
        assert f'<td>{date:%-d.%-m.%Y}</td><td class="numeric">{active}</td>' in html


def test_programme_list_shows_what_an_ended_programme_had(client: Client, demo: None) -> None:
    page = client.get(reverse("programmes:programme_list"))
    programmes = {p.slug: p for p in page.context["programmes"]}
    ended = programmes["livskraftige-kommuner"]
    assert ended.has_ended and ended.occupied == 0
    had = Participation.objects.filter(
        programme=ended, status_changes__status=ParticipationStatus.ACTIVE
    ).distinct()
    assert ended.ever_active == had.count() > 0
    row = page.text.split(ended.name)[1].split("</tr>")[0]
    assert f"{had.count()} <span" in row and "(avsluttet)" in row
    running = programmes["helse-og-miljokommuner"]
    assert not running.has_ended
    running_row = page.text.split(running.name)[1].split("</tr>")[0]
    assert f">{running.occupied}</td>" in running_row and "avsluttet" not in running_row


def test_adviser_overview_lists_own_networks_and_pending_applications(
    client: Client, demo: None
) -> None:
    as_user(client, "radgiver.nord")
    response = client.get(reverse("networks:my_overview"))
    networks = response.text.split("Søknader som venter")[0]
    assert "Helse og miljø Salten" in networks
    # Salten livskraft's programme is over: shown only when asked for the ended ones.
    assert "Salten livskraft" not in networks
    assert "Grønn energi Nord" not in networks
    assert "Rana" in response.text  # pending application in KS Nord-Norge
    response = client.get(reverse("networks:my_overview") + "?avsluttede=1")
    assert "Salten livskraft" in response.text.split("Søknader som venter")[0]


def test_calendar_feeds(client: Client, demo: None) -> None:
    response = client.get(reverse("networks:network_calendar", args=["helse-og-miljo-salten"]))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.count("BEGIN:VEVENT") == 5  # four gatherings and the dialogue forum
    assert "\r\n" in body
    as_user(client, "radgiver.nord")
    feed_url = client.get(reverse("accounts:me")).context["feed_url"]  # made on first visit
    path = feed_url.split("testserver")[1]
    anonymous = Client()
    feed = anonymous.get(path)
    assert feed.status_code == 200
    assert feed.content.decode().count("BEGIN:VEVENT") == 9  # two networks led, one forum
    assert anonymous.get(path.replace(".ics", "x.ics")).status_code == 404


def test_list_and_dashboard_queries_are_bounded(
    client: Client, demo: None, django_assert_max_num_queries: Any
) -> None:
    as_user(client, "nasjonal")
    # The header's counts are part of every signed-in page: one query per task source (the
    # reporting rounds' included) and one for unread notices; none grows with the data.
    with django_assert_max_num_queries(15):
        client.get(reverse("networks:network_list"))
    with django_assert_max_num_queries(26):  # + the programme's reporting rounds (plans)
        client.get(reverse("networks:programme_dashboard", args=["livskraftige-kommuner"]))
    with django_assert_max_num_queries(26):
        client.get(reverse("networks:network_detail", args=["salten-livskraft"]))


def test_apply_button_only_while_the_programme_runs(client: Client, demo: None) -> None:
    as_user(client, "koordinator.voss")
    running = client.get(reverse("programmes:programme_detail", args=["helse-og-miljokommuner"]))
    ended = client.get(reverse("programmes:programme_detail", args=["livskraftige-kommuner"]))
    assert "Søk om deltakelse" in running.text
    assert "Søk om deltakelse" not in ended.text
