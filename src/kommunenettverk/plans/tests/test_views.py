from __future__ import annotations

import datetime

import pytest
from conftest import MakeUser
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from kommunenettverk.accounts.models import Role
from kommunenettverk.plans import services
from kommunenettverk.plans.models import AnnualReport, Goal, Measure, PlanDocument
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def goal(bodo: Municipality) -> Goal:
    return services.goal_save(
        municipality=bodo, fields={"statement": "Synlig mål", "published": True}
    )


@pytest.fixture
def hidden_goal(bodo: Municipality) -> Goal:
    return services.goal_save(municipality=bodo, fields={"statement": "Hemmelig utkast"})


@pytest.fixture
def measure(goal: Goal) -> Measure:
    return services.measure_save(
        goal=goal,
        fields={"title": "Publisert tiltak", "dimension": "practice", "published": True},
        partners=[],
    )


def test_public_overview_shows_only_published(
    client: Client, goal: Goal, hidden_goal: Goal, measure: Measure
) -> None:
    response = client.get(reverse("plans:strategy_overview", args=["1804"]))
    assert response.status_code == 200
    assert "Synlig mål" in response.text
    assert "Publisert tiltak" in response.text
    assert "Hemmelig utkast" not in response.text
    assert client.get(reverse("plans:goal_detail", args=[hidden_goal.pk])).status_code == 404


def test_participant_sees_unpublished_goals(
    client: Client, make_user: MakeUser, bodo: Municipality, hidden_goal: Goal
) -> None:
    client.force_login(make_user(Role.PARTICIPANT, bodo))
    response = client.get(reverse("plans:strategy_overview", args=["1804"]))
    assert "Hemmelig utkast" in response.text
    assert "Ikke publisert" in response.text


def test_overview_queries_do_not_grow_with_goals(
    client: Client, bodo: Municipality, django_assert_max_num_queries: object
) -> None:
    for n in range(30):
        goal = services.goal_save(
            municipality=bodo, fields={"statement": f"Mål {n}", "published": True}
        )
        services.measure_save(
            goal=goal,
            fields={"title": f"T{n}", "dimension": "plan", "published": True},
            partners=[],
        )
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        response = client.get(reverse("plans:strategy_overview", args=["1804"]))
    assert response.text.count("T2") >= 1


def test_coordinator_creates_goal_and_measure(
    client: Client, make_user: MakeUser, bodo: Municipality
) -> None:
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, bodo))
    plan = services.plan_document_save(
        municipality=bodo,
        fields={
            "kind": "samfunnsdel",
            "title": "Samfunnsdelen",
            "status": "adopted",
            "adopted_on": datetime.date(2021, 6, 1),
        },
    )
    response = client.post(
        reverse("plans:goal_create", args=["1804"]),
        {
            "statement": "Grønnere Bodø",
            "themes": ["climate_energy"],
            "plan_document": plan.pk,
            "plan_section": "3.1",
            "published": "on",
        },
    )
    goal = Goal.objects.get(statement="Grønnere Bodø")
    assert response["Location"] == goal.get_absolute_url()
    assert goal.history.latest().history_user is not None
    response = client.post(
        reverse("plans:measure_create", args=[goal.pk]),
        {
            "title": "Sykkelveier",
            "dimension": "practice",
            "plan_document": plan.pk,
            "start": "2026-01-01",
            "end": "2025-01-01",
        },
    )
    assert response.status_code == 200
    assert "Slutt kan ikke være før start." in response.text
    assert not Measure.objects.filter(title="Sykkelveier").exists()


def test_goal_form_offers_only_own_plans(
    client: Client, make_user: MakeUser, bodo: Municipality, voss: Municipality
) -> None:
    voss_plan = services.plan_document_save(
        municipality=voss, fields={"kind": "temaplan", "title": "Vossaplan"}
    )
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, bodo))
    response = client.post(
        reverse("plans:goal_create", args=["1804"]),
        {"statement": "Lurt", "themes": ["land_use"], "plan_document": voss_plan.pk},
    )
    assert response.status_code == 200
    assert "Velg et gyldig valg" in response.text
    assert not Goal.objects.filter(statement="Lurt").exists()


@pytest.mark.parametrize(
    "role_scope",
    ["coordinator_elsewhere", "adviser", "participant", "national", "anonymous"],
)
def test_others_cannot_edit_goals(
    client: Client,
    make_user: MakeUser,
    bodo: Municipality,
    voss: Municipality,
    goal: Goal,
    role_scope: str,
) -> None:
    users = {
        "coordinator_elsewhere": lambda: make_user(Role.MUNICIPAL_COORDINATOR, voss),
        "adviser": lambda: make_user(Role.REGIONAL_ADVISER, bodo.county.ks_region),
        "participant": lambda: make_user(Role.PARTICIPANT, bodo),
        "national": lambda: make_user(Role.NATIONAL_COORDINATOR),
    }
    if role_scope != "anonymous":
        client.force_login(users[role_scope]())
    url = reverse("plans:goal_edit", args=["1804", goal.pk])
    response = client.post(url, {"statement": "Overtatt", "themes": ["land_use"]})
    assert response.status_code in (302, 403)
    if role_scope == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
    goal.refresh_from_db()
    assert goal.statement == "Synlig mål"


def test_goal_of_another_municipality_is_not_reachable_by_url(
    client: Client, make_user: MakeUser, voss: Municipality, goal: Goal
) -> None:
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, voss))
    response = client.get(reverse("plans:goal_edit", args=["4621", goal.pk]))
    assert response.status_code == 404


def test_status_update_with_htmx_returns_the_fragment(
    client: Client, make_user: MakeUser, bodo: Municipality, measure: Measure
) -> None:
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, bodo))
    url = reverse("plans:measure_status", args=[measure.pk])
    response = client.post(
        url,
        {"status": "in_progress", "progress": "40", "note": "I gang"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "40 % gjennomført" in response.text
    assert "I gang" in response.text
    response = client.post(
        url, {"status": "done", "progress": "60"}, headers={"HX-Request": "true"}
    )
    assert "framdrift 100" in response.text
    measure.refresh_from_db()
    assert measure.status == "in_progress"


def test_a_measure_starts_in_the_status_chosen_when_created(
    client: Client, make_user: MakeUser, bodo: Municipality, goal: Goal
) -> None:
    coordinator = make_user(Role.MUNICIPAL_COORDINATOR, bodo)
    client.force_login(coordinator)
    url = reverse("plans:measure_create", args=[goal.pk])
    form = client.get(url).text
    assert 'name="status"' in form and 'name="progress"' in form
    response = client.post(
        url, {"title": "Sykkelveier", "dimension": "practice", "status": "done", "progress": "40"}
    )
    assert "framdrift 100" in response.text  # the same rule as a status update
    assert not Measure.objects.filter(title="Sykkelveier").exists()
    client.post(
        url,
        {
            "title": "Sykkelveier",
            "dimension": "practice",
            "status": "in_progress",
            "progress": "20",
        },
    )
    measure = Measure.objects.get(title="Sykkelveier")
    assert (measure.status, measure.progress) == ("in_progress", 20)
    [first] = measure.status_updates.all()
    assert (first.status, first.progress, first.author) == ("in_progress", 20, coordinator)
    # Left out, a new measure is planned; a saved one changes status only by an update.
    client.post(url, {"title": "Uten status", "dimension": "plan"})
    assert Measure.objects.get(title="Uten status").status == "planned"
    edit = client.get(reverse("plans:measure_edit", args=[goal.pk, measure.pk])).text
    assert 'name="status"' not in edit and 'name="progress"' not in edit
    with pytest.raises(ValidationError, match="statusoppdatering"):
        services.measure_save(goal=goal, fields={"status": "done"}, partners=[], measure=measure)


def test_saving_the_same_status_again_adds_no_history_row(
    client: Client, make_user: MakeUser, bodo: Municipality, measure: Measure
) -> None:
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, bodo))
    url = reverse("plans:measure_status", args=[measure.pk])
    htmx = {"HX-Request": "true"}
    client.post(url, {"status": "in_progress", "progress": "40"}, headers=htmx)
    again = client.post(url, {"status": "in_progress", "progress": "40"}, headers=htmx)
    assert measure.status_updates.count() == 1
    assert "Status og framdrift er uendret" in again.text
    client.post(url, {"status": "in_progress", "progress": "40", "note": "Nytt møte"}, headers=htmx)
    assert measure.status_updates.count() == 2  # a comment is news, though the status is not
    client.post(url, {"status": "in_progress", "progress": "50"}, headers=htmx)
    assert measure.status_updates.count() == 3


def test_a_saved_status_says_so_in_a_live_region(
    client: Client, make_user: MakeUser, bodo: Municipality, measure: Measure
) -> None:
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, bodo))
    page = client.get(measure.get_absolute_url()).text
    # An empty live region outside the part HTMX swaps, so its new text is announced.
    region = '<div id="measure-status-saved" class="status-saved" role="status"></div>'
    assert region in page
    assert page.index(region) < page.index('<section id="status"')
    url = reverse("plans:measure_status", args=[measure.pk])
    response = client.post(
        url, {"status": "in_progress", "progress": "40"}, headers={"HX-Request": "true"}
    )
    oob = response.text.split('<section id="status"')[0]
    assert 'id="measure-status-saved" hx-swap-oob="innerHTML"' in oob
    assert "Status er lagret: Pågår, 40 % gjennomført." in oob
    # Without HTMX: POST/redirect/GET, and the message in the page's role="status" messages.
    response = client.post(url, {"status": "done", "progress": "100"}, follow=True)
    messages = response.text.split('<div class="messages" role="status">')[1].split("</div>\n")[0]
    assert "Status er lagret: Gjennomført, 100 % gjennomført." in messages


def test_participant_cannot_update_status(
    client: Client, make_user: MakeUser, bodo: Municipality, measure: Measure
) -> None:
    client.force_login(make_user(Role.PARTICIPANT, bodo))
    response = client.post(
        reverse("plans:measure_status", args=[measure.pk]), {"status": "done", "progress": "100"}
    )
    assert response.status_code == 403


def test_plan_page_flags_overdue_plans(client: Client, bodo: Municipality) -> None:
    services.plan_document_save(
        municipality=bodo,
        fields={
            "kind": "planstrategi",
            "title": "Planstrategi 2020",
            "status": "adopted",
            "adopted_on": datetime.date(2020, 9, 1),
        },
    )
    response = client.get(reverse("plans:plan_list", args=["1804"]))
    assert "Planstrategi 2020" in response.text
    assert 'state-overdue">Forsinket' in response.text  # 2023 period has none


def test_report_flow_coordinator_submits_adviser_comments(
    client: Client, make_user: MakeUser, bodo: Municipality, measure: Measure
) -> None:
    coordinator = make_user(Role.MUNICIPAL_COORDINATOR, bodo)
    adviser = make_user(Role.REGIONAL_ADVISER, bodo.county.ks_region)
    client.force_login(coordinator)
    response = client.post(reverse("plans:report_list", args=["1804"]), {"year": "2026"})
    report = AnnualReport.objects.get(municipality=bodo, year=2026)
    assert response["Location"] == report.get_absolute_url()
    response = client.post(reverse("plans:report_list", args=["1804"]), {"year": "2026"})
    assert "har allerede en årsrapport for 2026" in response.text

    entry = report.entries.get()
    url = report.get_absolute_url()
    fields = {
        "summary": "Godt år",
        f"e{entry.pk}-status": "in_progress",
        f"e{entry.pk}-results": "Bra",
        f"e{entry.pk}-obstacles": "",
        "submit": "1",
    }
    # Submitting locks the report: without JavaScript the draft is saved and a page asks first,
    # carrying every field on to the confirmed post.
    asked = client.post(url, fields)
    assert asked.status_code == 200 and "Sende inn årsrapporten for 2026?" in asked.text
    assert '<input type="hidden" name="summary" value="Godt år">' in asked.text
    report.refresh_from_db()
    assert report.status == "draft" and report.summary == "Godt år"
    client.post(url, {**fields, "confirmed": "1"})
    report.refresh_from_db()
    assert report.status == "submitted"
    assert client.post(url, {"summary": "Etterpå"}).status_code == 403

    comment_url = reverse("plans:report_comment", args=[report.pk])
    assert client.post(comment_url, {"text": "Selvskryt"}).status_code == 403
    client.force_login(adviser)
    client.post(comment_url, {"text": "Fint arbeid"})
    assert report.comments.get().text == "Fint arbeid"
    assert client.post(reverse("plans:report_new_version", args=[report.pk])).status_code == 403


def test_reports_are_not_public(client: Client, bodo: Municipality) -> None:
    report = services.annual_report_start(municipality=bodo, year=2026)
    response = client.get(report.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_municipality_page_links_to_plans(client: Client) -> None:
    response = client.get(reverse("registry:municipality_detail", args=["1804"]))
    assert reverse("plans:strategy_overview", args=["1804"]) in response.text


def test_plan_edit_by_coordinator(client: Client, make_user: MakeUser, bodo: Municipality) -> None:
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, bodo))
    response = client.post(
        reverse("plans:plan_create", args=["1804"]),
        {
            "kind": "planstrategi",
            "title": "Planstrategi 2024",
            "status": "adopted",
            "adopted_on": "",
            "period_start": "2024",
            "period_end": "2023",
        },
    )
    assert response.status_code == 200
    assert "Oppgi datoen planen ble vedtatt." in response.text
    assert "Sluttåret kan ikke være før startåret." in response.text
    assert not PlanDocument.objects.filter(title="Planstrategi 2024").exists()


def test_measure_history_and_goal_measures_are_open_data(
    client: Client, goal: Goal, measure: Measure, make_user: MakeUser, bodo: Municipality
) -> None:
    services.measure_status_record(
        measure=measure,
        status="in_progress",
        progress=40,
        note="Godt i gang",
        author=make_user(Role.PARTICIPANT, bodo),
    )
    services.measure_save(
        goal=goal,
        fields={"title": "Upublisert tiltak", "dimension": "practice"},
        partners=[],
    )
    url = reverse("plans:measure_detail", args=[measure.pk])
    assert "last_ned=statushistorikk" in client.get(url).text
    csv = client.get(url, {"last_ned": "statushistorikk", "format": "csv"}).content.decode()
    assert "# Lisens: " in csv
    assert "Godt i gang" in csv and ";40;" in csv
    dataset = client.get(url, {"last_ned": "statushistorikk", "format": "json-stat"}).json()
    assert dataset["version"] == "2.0"

    goal_url = reverse("plans:goal_detail", args=[goal.pk])
    csv = client.get(goal_url, {"last_ned": "tiltak", "format": "csv"}).content.decode()
    assert "# Lisens: " in csv
    assert "Publisert tiltak" in csv
    assert "Upublisert tiltak" not in csv
    dataset = client.get(goal_url, {"last_ned": "tiltak", "format": "json-stat"}).json()
    assert dataset["version"] == "2.0"


def test_unpublished_measure_history_is_never_downloadable(
    client: Client, goal: Goal, hidden_goal: Goal, make_user: MakeUser, bodo: Municipality
) -> None:
    hidden = services.measure_save(
        goal=goal, fields={"title": "Skjult", "dimension": "practice"}, partners=[]
    )
    services.measure_status_record(
        measure=hidden,
        status="in_progress",
        progress=10,
        note="Intern merknad",
        author=make_user(Role.PARTICIPANT, bodo),
    )
    url = reverse("plans:measure_detail", args=[hidden.pk])
    query = {"last_ned": "statushistorikk", "format": "csv"}
    assert client.get(url, query).status_code == 404
    goal_query = {"last_ned": "tiltak", "format": "csv"}
    assert (
        client.get(reverse("plans:goal_detail", args=[hidden_goal.pk]), goal_query).status_code
        == 404
    )
    # A participant sees the page, but no file is offered or served for an unpublished measure.
    client.force_login(make_user(Role.PARTICIPANT, bodo))
    page = client.get(url, query)
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    assert "Intern merknad" in page.text
    assert "Åpne data:" not in client.get(url).text
