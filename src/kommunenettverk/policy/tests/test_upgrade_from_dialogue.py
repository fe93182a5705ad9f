"""A database made by the release before the split of `dialogue` into `community` and `policy`
(commit 7b13d68) migrates forward with every row: each moved model's rows, their history
(simple_history) rows, many-to-many rows and content types are found in the new apps.

The test migrates the test database back to that release's migrations, writes rows through
the historical models of that state, migrates forward again and reads them with today's
models. It leaves the database fully migrated.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from kommunenettverk.accounts.models import Organisation, User
from kommunenettverk.community import models as community
from kommunenettverk.ideabank.tests.factories import make_example
from kommunenettverk.indicators.tests.factories import make_indicator
from kommunenettverk.policy import models as policy
from kommunenettverk.registry.models import Municipality

# The last migration of every app of this project at commit 7b13d68 (before the split).
PRE_SPLIT = [
    ("accounts", "0002_initial"),
    ("api", "0001_initial"),
    ("dialogue", "0003_policy_input"),
    ("ideabank", "0003_example_network_project"),
    ("indicators", "0002_goal_indicator"),
    ("networks", "0003_gathering_dialogue_forum"),
    ("plans", "0002_network_goals_project_measures_programme_reports"),
    ("programmes", "0001_initial"),
    ("registry", "0001_initial"),
    ("reports", "0001_report_job"),
]
NOW = timezone.now()


def _migrate(targets: list[tuple[str, str | None]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor.migrate(targets)


def _migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _history(model: Any, row: Any, **fields: Any) -> Any:
    """One simple_history row for `row` (a '+' record, as the old code wrote them)."""
    values = {
        f.attname: getattr(row, f.attname)
        for f in row._meta.concrete_fields
        if f.attname in {g.attname for g in model._meta.concrete_fields}
        and f.attname not in ("ip_hash",)
    }
    return model.objects.create(
        **values, history_date=NOW, history_type="+", history_change_reason=None, **fields
    )


def _old_rows(apps: Any, *, user: User, example_pk: int, indicator_pk: int) -> dict[str, Any]:
    """One row of every model the old `dialogue` app had, with history and many-to-many rows,
    written through the old app's historical models. Returns the rows by model name."""

    def old(name: str) -> Any:
        return apps.get_model("dialogue", name)

    municipality = apps.get_model("registry", "Municipality").objects.get(number="1804")
    region = apps.get_model("registry", "KsRegion").objects.get(pk=municipality.county.ks_region_id)
    organisation_model = apps.get_model("accounts", "Organisation")
    voluntary = organisation_model.objects.create(name="Bodø turlag (gammel)", kind="voluntary")
    ministry = organisation_model.objects.create(name="Gammeldepartementet", kind="ministry")
    rows: dict[str, Any] = {}
    rows["Citizen"] = old("Citizen").objects.create(email="anna@example.org", display_name="Anna")
    rows["CitizenLoginToken"] = old("CitizenLoginToken").objects.create(
        email="anna@example.org", token_hash="a" * 64
    )
    rows["Consultation"] = old("Consultation").objects.create(
        municipality=municipality, title="Sykkelveier", text="Hvor?", deadline=NOW.date()
    )
    rows["Proposal"] = old("Proposal").objects.create(
        municipality=municipality,
        citizen=rows["Citizen"],
        author_name="Anna",
        consultation=rows["Consultation"],
        text="Langs fjorden.",
        status="approved",
        moderated_by_id=user.pk,
        ip_hash="b" * 64,
    )
    rows["VolunteerArena"] = old("VolunteerArena").objects.create(
        municipality=municipality, name="Stirydding", description="Hver høst."
    )
    rows["VolunteerArena"].organisations.add(voluntary)
    rows["Activity"] = old("Activity").objects.create(
        arena=rows["VolunteerArena"],
        title="Rydding",
        starts_at=NOW + datetime.timedelta(days=3),
        duration_hours=Decimal("2.5"),
        place="Mjelle",
        capacity=10,
    )
    rows["SignUp"] = old("SignUp").objects.create(
        activity=rows["Activity"],
        name="Ola",
        email="ola@example.org",
        status="confirmed",
        cancel_token="c" * 40,
    )
    rows["Partner"] = old("Partner").objects.create(
        organisation=voluntary, level="regional", region=region, description="Stier."
    )
    rows["Partnership"] = old("Partnership").objects.create(
        municipality=municipality,
        partner=rows["Partner"],
        theme="Friluft",
        purpose="Merking.",
        starts_on=NOW.date(),
        contact="Miljørådgiver",
    )
    rows["PolicyInput"] = old("PolicyInput").objects.create(
        municipality=municipality,
        title="Enklere søknad",
        problem="Tungt.",
        proposal="Forenkle.",
        addressee=ministry,
        themes=["climate_energy"],
        status="submitted",
        submitted_at=NOW,
        created_by_id=user.pk,
    )
    rows["PolicyInput"].examples.add(example_pk)
    rows["PolicyInput"].indicators.add(indicator_pk)
    rows["PolicyInputStatusChange"] = old("PolicyInputStatusChange").objects.create(
        policy_input=rows["PolicyInput"], from_status="draft", to_status="submitted", by_id=user.pk
    )
    for name in ("Consultation", "Proposal", "VolunteerArena", "Activity", "Partner"):
        rows[f"Historical{name}"] = _history(old(f"Historical{name}"), rows[name])
    rows["HistoricalPartnership"] = _history(old("HistoricalPartnership"), rows["Partnership"])
    history = _history(old("HistoricalPolicyInput"), rows["PolicyInput"], history_user_id=user.pk)
    rows["HistoricalPolicyInput"] = history
    rows["HistoricalPolicyInput_examples"] = old("HistoricalPolicyInput_examples").objects.create(
        id=1, history=history, policyinput_id=rows["PolicyInput"].pk, example_id=example_pk
    )
    rows["HistoricalPolicyInput_indicators"] = old(
        "HistoricalPolicyInput_indicators"
    ).objects.create(
        id=1, history=history, policyinput_id=rows["PolicyInput"].pk, indicator_id=indicator_pk
    )
    return rows


@pytest.mark.django_db(transaction=True)
def test_a_pre_split_database_migrates_forward_with_every_row(
    registry: None, make_user: Any
) -> None:
    user = make_user()
    example, indicator = make_example("1804"), make_indicator()
    content_type_ids: dict[str, int] = {}
    try:
        _migrate([*PRE_SPLIT, ("community", None), ("policy", None)])
        apps = MigrationExecutor(connection).loader.project_state(PRE_SPLIT).apps
        rows = _old_rows(apps, user=user, example_pk=example.pk, indicator_pk=indicator.pk)
        # Content types as the old release had them (post_migrate made one per model).
        old_ct = apps.get_model("contenttypes", "ContentType")
        for name in rows:
            content_type, _ = old_ct.objects.get_or_create(app_label="dialogue", model=name.lower())
            content_type_ids[name] = content_type.pk
    finally:
        _migrate_to_latest()

    moved: dict[str, Any] = {
        name: getattr(community, name, None) or getattr(policy, name, None)
        for name in (
            *("Citizen", "CitizenLoginToken", "Consultation", "Proposal", "VolunteerArena"),
            *("Activity", "SignUp", "Partner", "Partnership"),
            *("PolicyInput", "PolicyInputStatusChange"),
        )
    }
    for name, model in moved.items():
        assert model.objects.filter(pk=rows[name].pk).exists(), name
        history = getattr(model, "history", None)
        if history is not None:
            assert history.filter(id=rows[name].pk).count() == 1, name

    proposal = community.Proposal.objects.get(pk=rows["Proposal"].pk)
    assert proposal.citizen == community.Citizen.objects.get(email="anna@example.org")
    assert proposal.consultation_id == rows["Consultation"].pk and proposal.ip_hash == "b" * 64
    assert proposal.moderated_by == user
    arena = community.VolunteerArena.objects.get(pk=rows["VolunteerArena"].pk)
    assert [o.name for o in arena.organisations.all()] == ["Bodø turlag (gammel)"]
    sign_up = community.SignUp.objects.select_related("activity__arena").get()
    assert sign_up.activity.arena == arena and sign_up.activity.duration_hours == Decimal("2.5")
    partner = community.Partner.objects.get(pk=rows["Partner"].pk)
    assert partner.region_id == rows["Partner"].region_id and partner.level == "regional"
    assert partner.partnerships.get().municipality == Municipality.objects.get(number="1804")
    policy_input = policy.PolicyInput.objects.get(pk=rows["PolicyInput"].pk)
    assert policy_input.addressee == Organisation.objects.get(name="Gammeldepartementet")
    assert list(policy_input.examples.all()) == [example]
    assert list(policy_input.indicators.all()) == [indicator]
    assert policy_input.status_changes.get().to_status == "submitted"
    historical = policy_input.history.get()
    assert historical.history_user == user
    assert [m.example_id for m in historical.examples.all()] == [example.pk]
    assert [m.indicator_id for m in historical.indicators.all()] == [indicator.pk]

    # Content types keep their ids under the new app label; none is left under dialogue.
    for name, pk in content_type_ids.items():
        model = moved.get(name) or _today_model(name)
        assert ContentType.objects.get_for_model(model).pk == pk, name
    assert not ContentType.objects.filter(app_label="dialogue").exists()


def _today_model(name: str) -> Any:
    """A historical (simple_history) model of today's apps by its class name."""
    from django.apps import apps

    for label in ("community", "policy"):
        try:
            return apps.get_model(label, name)
        except LookupError:
            continue
    raise LookupError(name)
