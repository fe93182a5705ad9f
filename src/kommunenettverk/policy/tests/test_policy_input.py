"""Policy input to the state: drafts, moves, permissions, bad input and the public register."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from conftest import MakeUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kommunenettverk.accounts.models import Organisation, Role, User
from kommunenettverk.accounts.services import role_assign
from kommunenettverk.ideabank.tests.factories import make_example
from kommunenettverk.networks.tests.factories import make_network, nord_network
from kommunenettverk.policy import selectors as policy_selectors
from kommunenettverk.policy import services as policy_services
from kommunenettverk.policy.models import PolicyInput
from kommunenettverk.policy.worklist import policy_input_tasks
from kommunenettverk.programmes.tests.factories import make_programme
from kommunenettverk.registry.models import Municipality

Status = PolicyInput.Status


@pytest.fixture
def ministry(db: None) -> Organisation:
    return Organisation.objects.create(
        name="Klima- og miljødepartementet", kind=Organisation.Kind.MINISTRY
    )


@pytest.fixture
def directorate(db: None) -> Organisation:
    return Organisation.objects.create(name="Helsedirektoratet", kind=Organisation.Kind.DIRECTORATE)


@pytest.fixture
def national(make_user: MakeUser) -> User:
    return make_user(Role.NATIONAL_COORDINATOR)


@pytest.fixture
def state(make_user: MakeUser, ministry: Organisation) -> User:
    """A state representative for the ministry the test input is addressed to."""
    return make_user(Role.STATE_REPRESENTATIVE, ministry)


@pytest.fixture
def coordinator(make_user: MakeUser, bodo: Municipality) -> User:
    return make_user(Role.MUNICIPAL_COORDINATOR, bodo)


def _fields(addressee: Organisation | int | None, **overrides: Any) -> dict[str, Any]:
    return {
        "title": "Enklere Klimasats",
        "problem": "Søknaden er for tung for små tiltak.",
        "proposal": "Lag en forenklet søknad under 100 000 kroner.",
        "addressee": addressee,
        **overrides,
    }


MakeInput = Callable[..., PolicyInput]


@pytest.fixture
def make_input(
    bodo: Municipality,
    ministry: Organisation,
    coordinator: User,
    national: User,
    state: User,
    make_user: MakeUser,
) -> MakeInput:
    def make(status: str = Status.DRAFT, **overrides: Any) -> PolicyInput:
        policy_input = policy_services.policy_input_save(
            by=coordinator,
            sender=overrides.pop("sender", bodo),
            fields=_fields(overrides.pop("addressee", ministry), **overrides),
            themes=["climate_energy"],
            examples=[],
            indicators=[],
        )
        steps = ["submitted", "forwarded", "answered", "closed"]
        for step in steps[: steps.index(status) + 1] if status != Status.DRAFT else []:
            if step == "submitted":
                policy_services.policy_input_submit(policy_input=policy_input, by=coordinator)
            elif step == "forwarded":
                policy_services.policy_input_forward(policy_input=policy_input, by=national)
            elif step == "answered":
                # A representative of the body the input is addressed to answers it.
                answerer = (
                    state
                    if policy_input.addressee_id == ministry.pk
                    else make_user(Role.STATE_REPRESENTATIVE, policy_input.addressee)
                )
                policy_services.policy_input_answer(
                    policy_input=policy_input,
                    by=answerer,
                    answer="Vi lager en ny veileder.",
                    outcome="guidance",
                )
            else:
                policy_services.policy_input_close(
                    policy_input=policy_input, by=national, outcome="guidance"
                )
        policy_input.refresh_from_db()
        return policy_input

    return make


def _client(user: User | None = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# --- writing and submitting ------------------------------------------------------------------
def test_coordinator_writes_a_draft_for_their_municipality(
    coordinator: User, ministry: Organisation
) -> None:
    example = make_example("1804", title="Folkemøter om klimaplanen")
    response = _client(coordinator).post(
        reverse("policy_input:create_municipal", args=["1804"]),
        {**_fields(ministry.pk), "themes": ["climate_energy"], "examples": [example.pk]},
    )
    policy_input = PolicyInput.objects.get()
    assert response.status_code == 302
    assert response["Location"] == policy_input.get_absolute_url()
    assert policy_input.status == Status.DRAFT
    assert policy_input.municipality is not None and policy_input.municipality.number == "1804"
    assert list(policy_input.examples.all()) == [example]
    assert list(policy_input.status_changes.values_list("to_status", "by")) == [
        ("draft", coordinator.pk)
    ]


def test_examples_and_indicators_are_filterable_checkboxes_that_work_as_a_plain_form(
    coordinator: User, ministry: Organisation
) -> None:
    from kommunenettverk.indicators.tests.factories import make_indicator

    examples = [make_example("1804", title=f"Eksempel {n}") for n in range(3)]
    indicator = make_indicator("utslipp", name="Utslipp")
    client = _client(coordinator)
    url = reverse("policy_input:create_municipal", args=["1804"])
    html = client.get(url).text
    assert "<select" not in html.split('name="examples"')[0].rsplit("<fieldset", 1)[-1]
    assert "multiple" not in html  # no Ctrl-click list any more
    for name in ("examples", "indicators"):
        fieldset = html.split(f'id="id_{name}_list"')[0].rsplit("<fieldset", 1)[1]
        assert "data-picker" in fieldset and 'class="ds-fieldset field picker"' in fieldset
        # The filter box is hidden until the script shows it: without it, plain checkboxes.
        assert '<div class="picker__filter" data-picker-filter hidden>' in fieldset
        assert f'for="id_{name}_filter">Søk i listen</label>' in fieldset
    assert html.count('type="checkbox" name="examples"') == 3
    assert html.count('type="checkbox" name="indicators"') == 1
    assert html.count("core/picker.js") == 2  # loaded by each picker; the script runs once
    client.post(
        url,
        {
            **_fields(ministry.pk),
            "examples": [examples[0].pk, examples[2].pk],
            "indicators": [indicator.pk],
        },
    )
    policy_input = PolicyInput.objects.get()
    assert set(policy_input.examples.all()) == {examples[0], examples[2]}
    assert list(policy_input.indicators.all()) == [indicator]


def test_input_addressed_to_nobody_is_refused_with_a_clear_message(coordinator: User) -> None:
    response = _client(coordinator).post(
        reverse("policy_input:create_municipal", args=["1804"]), _fields(None) | {"addressee": ""}
    )
    assert response.status_code == 200
    assert "Velg departementet eller direktoratet innspillet er til." in response.content.decode()
    assert not PolicyInput.objects.exists()


def test_service_refuses_input_addressed_to_nobody_or_to_a_partner(
    coordinator: User, bodo: Municipality
) -> None:
    partner = Organisation.objects.create(name="Idébanken", kind=Organisation.Kind.PARTNER)
    for addressee, message in (
        (None, "Velg departementet"),
        (partner, "bare sendes til et departement"),
    ):
        with pytest.raises(ValidationError) as error:
            policy_services.policy_input_save(
                by=coordinator,
                sender=bodo,
                fields=_fields(addressee),
                themes=[],
                examples=[],
                indicators=[],
            )
        assert message in str(error.value.message_dict["addressee"])
    assert not PolicyInput.objects.exists()


@pytest.mark.parametrize(
    "field,value",
    [
        ("title", "<script>alert(1)</script>"),
        ("problem", "Se <a href='https://spam.example'>her</a>"),
        ("proposal", "&lt;img src=x onerror=alert(1)&gt;"),
    ],
)
def test_html_in_the_texts_is_refused_and_nothing_is_stored(
    coordinator: User, ministry: Organisation, field: str, value: str
) -> None:
    response = _client(coordinator).post(
        reverse("policy_input:create_municipal", args=["1804"]),
        _fields(ministry.pk, **{field: value}),
    )
    assert response.status_code == 200
    assert "Skriv ren tekst uten HTML-koder." in response.content.decode()
    assert not PolicyInput.objects.exists()


def test_service_refuses_html_even_without_the_form(
    coordinator: User, bodo: Municipality, ministry: Organisation
) -> None:
    with pytest.raises(ValidationError) as error:
        policy_services.policy_input_save(
            by=coordinator,
            sender=bodo,
            fields=_fields(ministry, problem="<b>fet</b>"),
            themes=[],
            examples=[],
            indicators=[],
        )
    assert "problem" in error.value.message_dict
    assert not PolicyInput.objects.exists()


def test_plain_text_with_angle_brackets_is_escaped_on_the_page(make_input: MakeInput) -> None:
    policy_input = make_input(Status.SUBMITTED, problem="Kostnad < 5 000 & frist > 1 år")
    page = _client().get(policy_input.get_absolute_url()).content.decode()
    assert "Kostnad &lt; 5 000 &amp; frist &gt; 1 år" in page


def test_unpublished_examples_cannot_be_attached(
    coordinator: User, bodo: Municipality, ministry: Organisation
) -> None:
    draft_example = make_example("1804", status="draft")
    with pytest.raises(ValidationError) as error:
        policy_services.policy_input_save(
            by=coordinator,
            sender=bodo,
            fields=_fields(ministry),
            themes=[],
            examples=[draft_example],
            indicators=[],
        )
    assert "examples" in error.value.message_dict
    response = _client(coordinator).post(
        reverse("policy_input:create_municipal", args=["1804"]),
        {**_fields(ministry.pk), "examples": [draft_example.pk]},
    )
    assert "Bare publiserte eksempler kan legges ved." in response.content.decode()
    assert not PolicyInput.objects.exists()


def test_network_adviser_and_national_coordinator_write_for_network_and_programme(
    make_user: MakeUser, national: User, ministry: Organisation
) -> None:
    adviser = make_user()
    network = nord_network(adviser=adviser)
    programme = make_programme()
    for user, url in (
        (adviser, reverse("policy_input:create_network", args=[network.slug])),
        (national, reverse("policy_input:create_programme", args=[programme.slug])),
    ):
        assert _client(user).post(url, _fields(ministry.pk)).status_code == 302
    assert PolicyInput.objects.get(network=network).sender_label.endswith(network.name)
    assert PolicyInput.objects.get(programme=programme).created_by == national


# --- moves -----------------------------------------------------------------------------------
def test_whole_way_from_draft_to_closed_is_kept_in_the_history(
    make_input: MakeInput, coordinator: User, national: User, state: User
) -> None:
    policy_input = make_input()
    url = policy_input.get_absolute_url()
    assert _client(coordinator).post(reverse("policy_input:submit", args=[policy_input.pk]))
    _client(national).post(
        reverse("policy_input:forward", args=[policy_input.pk]), {"forward-comment": "Viktig."}
    )
    response = _client(state).post(
        reverse("policy_input:answer", args=[policy_input.pk]),
        {"answer": "Vi endrer forskriften.", "outcome": "regulation", "outcome_text": "Fra 2027."},
    )
    assert response.status_code == 302 and response["Location"] == url
    _client(national).post(
        reverse("policy_input:close", args=[policy_input.pk]),
        {
            "close-outcome": "regulation",
            "close-outcome_text": "Fra 1.1.2027.",
            "close-comment": "Ferdig.",
        },
    )
    policy_input.refresh_from_db()
    assert policy_input.status == Status.CLOSED
    assert policy_input.answered_by == state and policy_input.outcome_text == "Fra 1.1.2027."
    history = list(policy_input.status_changes.values_list("from_status", "to_status", "by"))
    assert history == [
        ("", "draft", coordinator.pk),
        ("draft", "submitted", coordinator.pk),
        ("submitted", "forwarded", national.pk),
        ("forwarded", "answered", state.pk),
        ("answered", "closed", national.pk),
    ]
    page = _client().get(url).content.decode()
    assert "Vi endrer forskriften." in page and "Endret regelverk" in page


@pytest.mark.parametrize(
    "status,url_name,user_fixture",
    [
        ("draft", "policy_input:forward", "national"),
        ("submitted", "policy_input:close", "national"),
        ("closed", "policy_input:submit", "coordinator"),
    ],
)
def test_a_wrong_status_move_is_refused_with_a_message(
    make_input: MakeInput, status: str, url_name: str, user_fixture: str, request: Any
) -> None:
    policy_input = make_input(status)
    user = request.getfixturevalue(user_fixture)
    response = _client(user).post(
        reverse(url_name, args=[policy_input.pk]), {"close-outcome": "none"}, follow=True
    )
    assert "kan ikke få status" in response.content.decode()
    policy_input.refresh_from_db()
    assert policy_input.status == status


def test_answering_input_that_was_not_forwarded_is_refused(
    make_input: MakeInput, state: User, national: User
) -> None:
    policy_input = make_input(Status.SUBMITTED)
    response = _client(state).post(
        reverse("policy_input:answer", args=[policy_input.pk]),
        {"answer": "Svar", "outcome": "none"},
    )
    assert response.status_code == 200
    assert "kan ikke få status" in response.content.decode()
    with pytest.raises(policy_services.PolicyInputError):
        policy_services.policy_input_close(policy_input=policy_input, by=national, outcome="none")
    # The service checks the acting user as well: a state representative never closes.
    with pytest.raises(PermissionDenied):
        policy_services.policy_input_close(policy_input=policy_input, by=state, outcome="none")


def test_an_answer_needs_text_and_what_changed_is_asked_at_closing(
    make_input: MakeInput, state: User, national: User
) -> None:
    policy_input = make_input(Status.FORWARDED)
    with pytest.raises(ValidationError) as error:
        policy_services.policy_input_answer(
            policy_input=policy_input, by=state, answer=" ", outcome=""
        )
    assert set(error.value.message_dict) == {"answer"}
    assert PolicyInput.objects.get().status == Status.FORWARDED
    # Answered without saying what changed: that is asked when the input is closed.
    policy_services.policy_input_answer(policy_input=policy_input, by=state, answer="Vi ser på det")
    with pytest.raises(ValidationError) as error:
        policy_services.policy_input_close(policy_input=policy_input, by=national)
    assert set(error.value.message_dict) == {"outcome"}
    assert PolicyInput.objects.get().status == Status.ANSWERED
    policy_services.policy_input_close(policy_input=policy_input, by=national, outcome="guidance")
    assert (PolicyInput.objects.get().status, PolicyInput.objects.get().outcome) == (
        Status.CLOSED,
        "guidance",
    )


def test_sending_back_needs_a_reason_and_makes_a_draft_again(
    make_input: MakeInput, national: User
) -> None:
    policy_input = make_input(Status.SUBMITTED)
    url = reverse("policy_input:send_back", args=[policy_input.pk])
    response = _client(national).post(url, {"back-comment": ""}, follow=True)
    assert "Skriv hvorfor innspillet sendes tilbake." in response.content.decode()
    assert PolicyInput.objects.get().status == Status.SUBMITTED
    _client(national).post(url, {"back-comment": "Mangler eksempler."})
    assert PolicyInput.objects.get().status == Status.DRAFT


def test_a_submitted_input_can_no_longer_be_edited(
    make_input: MakeInput, coordinator: User
) -> None:
    policy_input = make_input(Status.SUBMITTED)
    url = reverse("policy_input:edit", args=[policy_input.pk])
    response = _client(coordinator).post(url, {"title": "Ny tittel"}, follow=True)
    assert "kan ikke endres" in response.content.decode()
    assert PolicyInput.objects.get().title == "Enklere Klimasats"


# --- permissions -----------------------------------------------------------------------------
def _roles(make_user: MakeUser, bodo: Municipality, voss: Municipality) -> dict[str, User]:
    return {
        "adviser": make_user(Role.REGIONAL_ADVISER, bodo.county.ks_region),
        "other coordinator": make_user(Role.MUNICIPAL_COORDINATOR, voss),
        "participant": make_user(Role.PARTICIPANT, bodo),
        "partner": make_user(Role.PARTNER),
        "nobody": make_user(),
    }


def test_other_roles_cannot_write_a_municipality_s_input(
    make_user: MakeUser,
    make_input: MakeInput,
    bodo: Municipality,
    voss: Municipality,
    ministry: Organisation,
    national: User,
    state: User,
) -> None:
    draft = make_input()
    others = {**_roles(make_user, bodo, voss), "national": national, "state": state}
    for who, user in others.items():
        client = _client(user)
        create = client.post(
            reverse("policy_input:create_municipal", args=["1804"]), _fields(ministry.pk)
        )
        assert create.status_code == 403, who
        for name in ("policy_input:edit", "policy_input:submit"):
            assert client.post(reverse(name, args=[draft.pk])).status_code == 403, (who, name)
    assert PolicyInput.objects.count() == 1
    assert PolicyInput.objects.get().status == Status.DRAFT


def test_the_network_s_adviser_and_member_coordinators_write_for_the_network(
    make_user: MakeUser,
    national: User,
    ministry: Organisation,
    coordinator: User,
    voss: Municipality,
) -> None:
    # Appointing an adviser gives the role over that network only (networks.services).
    adviser = make_user()
    network = nord_network(adviser=adviser)  # Bodø is a member
    colleague = make_user()
    make_network(network.programme, name="Kollegas nettverk", adviser=colleague)
    url = reverse("policy_input:create_network", args=[network.slug])
    outsider = make_user(Role.MUNICIPAL_COORDINATOR, voss)
    for user in (colleague, national, outsider):
        assert _client(user).post(url, _fields(ministry.pk)).status_code == 403
    programme_url = reverse("policy_input:create_programme", args=[network.programme.slug])
    assert _client(colleague).post(programme_url, _fields(ministry.pk)).status_code == 403
    assert not PolicyInput.objects.exists()
    # Bodø's coordinator writes on the network's behalf, and the adviser may edit that draft.
    assert _client(coordinator).post(url, _fields(ministry.pk)).status_code == 302
    draft = PolicyInput.objects.get()
    assert draft.network == network
    assert network in policy_selectors.senders_for_user(coordinator).networks
    edit = reverse("policy_input:edit", args=[draft.pk])
    assert _client(adviser).get(edit).status_code == 200
    assert _client(outsider).get(edit).status_code == 403


def test_only_the_national_coordinator_forwards_sends_back_and_closes(
    make_user: MakeUser,
    make_input: MakeInput,
    bodo: Municipality,
    voss: Municipality,
    coordinator: User,
    state: User,
) -> None:
    submitted, answered = make_input(Status.SUBMITTED), make_input(Status.ANSWERED)
    others = {**_roles(make_user, bodo, voss), "coordinator": coordinator, "state": state}
    for who, user in others.items():
        client = _client(user)
        for name, target in (
            ("policy_input:forward", submitted),
            ("policy_input:send_back", submitted),
            ("policy_input:close", answered),
        ):
            response = client.post(
                reverse(name, args=[target.pk]),
                {"back-comment": "x", "close-outcome": "none"},
            )
            assert response.status_code == 403, (who, name)
        assert client.get(reverse("policy_input:queue")).status_code == 403, who
    assert {i.status for i in PolicyInput.objects.all()} == {"submitted", "answered"}


def test_only_a_state_representative_for_the_addressee_answers(
    make_user: MakeUser,
    make_input: MakeInput,
    bodo: Municipality,
    voss: Municipality,
    directorate: Organisation,
    ministry: Organisation,
    national: User,
    coordinator: User,
) -> None:
    forwarded = make_input(Status.FORWARDED)  # addressed to the ministry
    for_directorate = make_user(Role.STATE_REPRESENTATIVE, directorate)
    for_ministry = make_user(Role.STATE_REPRESENTATIVE, ministry)
    others = {
        **_roles(make_user, bodo, voss),
        "national": national,
        "coordinator": coordinator,
        "directorate": for_directorate,
    }
    data = {"answer": "Svar", "outcome": "none"}
    for who, user in others.items():
        url = reverse("policy_input:answer", args=[forwarded.pk])
        assert _client(user).post(url, data).status_code == 403, who
    assert list(policy_selectors.answer_queue(for_directorate)) == []
    assert list(policy_selectors.answer_queue(for_ministry)) == [forwarded]
    assert _client(for_ministry).post(url, data).status_code == 302
    assert PolicyInput.objects.get().status == Status.ANSWERED


# --- the public register ---------------------------------------------------------------------
def test_drafts_never_appear_publicly(
    make_input: MakeInput, make_user: MakeUser, voss: Municipality
) -> None:
    draft = make_input(title="Hemmelig utkast")
    make_input(Status.SUBMITTED, title="Innsendt innspill")
    anonymous, stranger = _client(), _client(make_user(Role.MUNICIPAL_COORDINATOR, voss))
    for client in (anonymous, stranger):
        page = client.get(reverse("policy_input:register")).content.decode()
        assert "Innsendt innspill" in page and "Hemmelig utkast" not in page
        assert client.get(draft.get_absolute_url()).status_code == 404
    filtered = anonymous.get(reverse("policy_input:register"), {"status": "draft"})
    assert "Hemmelig utkast" not in filtered.content.decode()
    summary = policy_selectors.policy_input_summary(policy_selectors.policy_input_register())
    assert summary.total == 1


def test_register_downloads_as_open_data_without_drafts(make_input: MakeInput) -> None:
    make_input(title="Hemmelig utkast")
    make_input(Status.SUBMITTED, title="Innsendt innspill")
    url = reverse("policy_input:register")
    page = _client().get(url).content.decode()
    assert "last_ned=innspill&amp;format=csv" in page
    csv = _client().get(url, {"last_ned": "innspill", "format": "csv"})
    text = csv.content.decode("utf-8-sig")
    assert csv["Content-Disposition"] == 'attachment; filename="innspill-til-staten.csv"'
    assert "# Lisens: " in text and "Innsendt innspill" in text
    assert "Hemmelig utkast" not in text
    dataset = _client().get(url, {"last_ned": "innspill", "format": "json-stat"}).json()
    assert dataset["version"] == "2.0" and dataset["size"][0] == 1


def test_register_filters_by_status_theme_and_addressee(
    make_input: MakeInput, directorate: Organisation
) -> None:
    make_input(Status.SUBMITTED, title="Om klima")
    make_input(Status.ANSWERED, title="Om helse", addressee=directorate)
    url = reverse("policy_input:register")
    client = _client()

    def titles(**query: Any) -> set[str]:
        page = client.get(url, query).content.decode()
        return {t for t in ("Om klima", "Om helse") if f">{t}</a>" in page}

    assert titles() == {"Om klima", "Om helse"}
    assert titles(status="answered") == {"Om helse"}
    assert titles(til=directorate.pk) == {"Om helse"}
    assert titles(tema="climate_energy") == {"Om klima", "Om helse"}
    assert titles(tema="land_use") == set()


def test_summary_counts_answer_rate_median_days_and_what_changed(
    make_input: MakeInput, state: User
) -> None:
    make_input(Status.SUBMITTED)
    make_input(Status.FORWARDED)
    answered = [make_input(Status.ANSWERED), make_input(Status.CLOSED)]
    # Answered 10 and 31 days after submission: the median of (10, 31) is 20.5.
    now = timezone.now()
    for policy_input, days in zip(answered, (10, 31), strict=True):
        PolicyInput.objects.filter(pk=policy_input.pk).update(
            submitted_at=now - datetime.timedelta(days=days), answered_at=now
        )
    PolicyInput.objects.filter(pk=answered[1].pk).update(outcome="none")
    summary = policy_selectors.policy_input_summary(policy_selectors.policy_input_register())
    assert summary.counts == {
        "submitted": 1,
        "forwarded": 1,
        "reviewing": 0,
        "answered": 1,
        "closed": 1,
    }
    assert summary.answer_rate == 0.5
    assert summary.median_days_to_answer == 20.5
    assert dict(summary.outcomes)["Endret veiledning"] == 1
    assert dict(summary.outcomes)["Ingen endring"] == 1
    assert summary.changes == [PolicyInput.objects.get(pk=answered[0].pk)]
    page = _client().get(reverse("policy_input:register")).content.decode()
    assert "50 %" in page and "20,5 dager" in page


def test_register_summary_and_list_use_a_fixed_number_of_queries(
    make_input: MakeInput, django_assert_max_num_queries: Any
) -> None:
    for _ in range(5):
        make_input(Status.ANSWERED)
    inputs = policy_selectors.policy_input_register()
    with django_assert_max_num_queries(3):
        policy_selectors.policy_input_summary(inputs)
        [(i.sender_label, str(i.addressee)) for i in inputs]


def test_register_page_cache_is_dropped_when_input_moves(
    make_input: MakeInput,
    national: User,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    policy_input = make_input(Status.SUBMITTED)
    url = reverse("policy_input:register")
    assert "Sendt inn" in _client().get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        policy_services.policy_input_forward(policy_input=policy_input, by=national)
    assert "Videresendt til staten</td>" in _client().get(url).content.decode()


def test_status_changes_download_as_open_data_never_for_drafts(
    make_input: MakeInput, coordinator: User
) -> None:
    answered = make_input(Status.ANSWERED, title="Besvart innspill")
    draft = make_input(title="Hemmelig utkast")
    url = answered.get_absolute_url()
    assert "last_ned=statusendringer" in _client().get(url).content.decode()
    csv = _client().get(url, {"last_ned": "statusendringer", "format": "csv"})
    text = csv.content.decode("utf-8-sig")
    assert "# Lisens: " in text
    rows = [line for line in text.splitlines() if not line.startswith("#")][1:]
    assert len(rows) == 4  # created, submitted, forwarded, answered (as the page)
    assert "Besvart" in text
    assert coordinator.email not in text and str(coordinator) not in text
    dataset = _client().get(url, {"last_ned": "statusendringer", "format": "json-stat"}).json()
    assert dataset["version"] == "2.0" and dataset["size"][0] == 4
    query = {"last_ned": "statusendringer", "format": "csv"}
    assert _client().get(draft.get_absolute_url(), query).status_code == 404
    # Not even its sender gets a draft's history as a file.
    own = _client(coordinator).get(draft.get_absolute_url(), query)
    assert own["Content-Type"].startswith("text/html")
    assert "Åpne data:" not in own.content.decode()


def test_public_history_names_people_but_never_shows_an_email(
    make_input: MakeInput, coordinator: User
) -> None:
    answered = make_input(Status.ANSWERED, title="Besvart innspill")
    User.objects.filter(pk=coordinator.pk).update(full_name="")
    page = _client().get(answered.get_absolute_url()).content.decode()
    assert "Statusendringer" in page
    assert coordinator.email not in page


def test_the_state_body_is_the_scope_and_gets_the_credit(
    make_user: MakeUser,
    make_input: MakeInput,
    ministry: Organisation,
    directorate: Organisation,
    national: User,
) -> None:
    """A representative held nationally answers for their own body only (the organisation on
    their role); the answer is credited to that body on the public page; "Under vurdering"
    is a step of its own before the answer."""
    for_ministry = make_input(Status.FORWARDED, title="Til departementet")
    for_directorate = make_input(Status.FORWARDED, title="Til direktoratet", addressee=directorate)
    representative = make_user()
    role_assign(
        user=representative,
        role=Role.STATE_REPRESENTATIVE,
        scope=None,
        organisation=directorate,
    )
    assert list(policy_selectors.answer_queue(representative)) == [for_directorate]
    assert [t.title for t in policy_input_tasks(representative)] == ["Til direktoratet"]
    refused = _client(representative).post(
        reverse("policy_input:answer", args=[for_ministry.pk]), {"answer": "Nei"}
    )
    assert refused.status_code == 403
    with pytest.raises(PermissionDenied):
        policy_services.policy_input_review(policy_input=for_ministry, by=representative)

    client = _client(representative)
    review = reverse("policy_input:review", args=[for_directorate.pk])
    assert client.post(review, {"review-comment": "Svar kommer i mars"}).status_code == 302
    assert PolicyInput.objects.get(pk=for_directorate.pk).status == Status.REVIEWING
    # Still theirs to answer while under review.
    assert list(policy_selectors.answer_queue(representative)) == [for_directorate]
    answer = reverse("policy_input:answer", args=[for_directorate.pk])
    assert client.post(answer, {"answer": "Vi endrer veilederen."}).status_code == 302
    answered = PolicyInput.objects.get(pk=for_directorate.pk)
    assert (answered.status, answered.answered_for, answered.outcome) == (
        Status.ANSWERED,
        directorate,
        "",
    )
    page = _client().get(answered.get_absolute_url()).content.decode()
    assert "Svar fra Helsedirektoratet" in page
    assert [c.to_status for c in answered.status_changes.all()][-2:] == ["reviewing", "answered"]
