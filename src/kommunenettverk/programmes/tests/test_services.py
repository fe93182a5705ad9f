from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from kommunenettverk.accounts.models import User
from kommunenettverk.programmes import selectors, services
from kommunenettverk.programmes.models import Participation, ParticipationStatus, Theme
from kommunenettverk.programmes.services import ProgrammeError
from kommunenettverk.programmes.tests.factories import (
    APPLICATION,
    make_participation,
    make_programme,
    municipalities,
)
from kommunenettverk.registry.models import County, Municipality

pytestmark = pytest.mark.django_db
S = ParticipationStatus


def test_application_records_decision_and_status_history(bodo: Municipality) -> None:
    programme = make_programme()
    participation = make_participation(programme, bodo, active=False)
    assert participation.status == S.APPLIED
    assert participation.decision_case_ref == "07/123"
    assert participation.themes.count() == 2
    assert list(participation.status_changes.values_list("status", flat=True)) == [S.APPLIED]
    assert participation.history.filter(history_type="+").count() == 1


def test_second_application_from_same_municipality_is_refused(bodo: Municipality) -> None:
    programme = make_programme()
    make_participation(programme, bodo)
    with pytest.raises(ProgrammeError, match="Bodø deltar allerede i Testprogram 1"):
        make_participation(programme, bodo)
    assert Participation.objects.count() == 1


def test_database_refuses_duplicate_participation(bodo: Municipality) -> None:
    programme = make_programme()
    make_participation(programme, bodo)
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(programme=programme, municipality=bodo)


def test_database_requires_exactly_one_participant(bodo: Municipality) -> None:
    programme = make_programme()
    county = County.objects.get(number="18")
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(programme=programme)
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(programme=programme, municipality=bodo, county=county)


def test_county_municipality_can_participate(registry: None) -> None:
    programme = make_programme()
    county = County.objects.get(number="46")
    participation = make_participation(programme, county=county)
    assert participation.participant_name == "Vestland fylkeskommune"
    assert participation.county == county
    with pytest.raises(ProgrammeError, match="deltar allerede"):
        make_participation(programme, county=county)


def test_capacity_is_enforced_with_a_clear_message(registry: None) -> None:
    programme = make_programme(capacity=2)
    first, second, third = municipalities("18", 3)
    make_participation(programme, first)
    withdrawn = make_participation(programme, second)
    with pytest.raises(ProgrammeError, match="Testprogram 1 er fullt: alle 2 plassene er tatt"):
        make_participation(programme, third)
    services.participation_set_status(participation=withdrawn, status=S.WITHDRAWN)
    make_participation(programme, third)  # the withdrawn place is free again
    with pytest.raises(ProgrammeError, match="fullt"):
        services.participation_set_status(participation=withdrawn, status=S.APPLIED)


def test_application_needs_accepted_expectations_and_programme_themes(bodo: Municipality) -> None:
    programme = make_programme()
    with pytest.raises(ProgrammeError, match="godta forventningene"):
        make_participation(programme, bodo, accepts_expectations=False)
    stranger = Theme.objects.create(name="Tema utenfor programmet", slug="utenfor")
    with pytest.raises(ProgrammeError, match="«Tema utenfor programmet» hører ikke til"):
        services.participation_apply(
            programme=programme, municipality=bodo, themes=[stranger], **APPLICATION
        )
    with pytest.raises(ProgrammeError, match="Velg minst ett tema"):
        services.participation_apply(
            programme=programme, municipality=bodo, themes=[], **APPLICATION
        )
    assert not Participation.objects.exists()


def test_ended_programme_refuses_applications(bodo: Municipality) -> None:
    programme = make_programme(ends_on=datetime.date(2010, 12, 31))
    with pytest.raises(ProgrammeError, match="er avsluttet"):
        make_participation(programme, bodo, applied_on=datetime.date(2011, 1, 5))


def test_status_changes_follow_the_allowed_moves(bodo: Municipality) -> None:
    programme = make_programme()
    participation = make_participation(programme, bodo, active=False)
    with pytest.raises(ProgrammeError, match="«Søkt» kan ikke settes til «Pause»"):
        services.participation_set_status(participation=participation, status=S.PAUSED)
    user = User.objects.create_user("radgiver@example.org")
    services.participation_approve(
        participation=participation, user=user, on=datetime.date(2007, 4, 1)
    )
    participation.refresh_from_db()
    assert participation.status == S.ACTIVE
    assert participation.approved_by == user
    with pytest.raises(ProgrammeError, match="Bare søknader kan godkjennes"):
        services.participation_approve(participation=participation, user=user)
    with pytest.raises(ProgrammeError, match="før forrige statusendring"):
        services.participation_set_status(
            participation=participation, status=S.PAUSED, on=datetime.date(2007, 1, 1)
        )
    services.participation_set_status(
        participation=participation, status=S.COMPLETED, on=datetime.date(2010, 12, 31)
    )
    with pytest.raises(ProgrammeError, match="«Fullført» kan ikke settes"):
        services.participation_set_status(participation=participation, status=S.ACTIVE)


def test_status_on_a_given_date_is_read_from_the_history(registry: None) -> None:
    programme = make_programme()
    a, b, c = municipalities("46", 3)
    make_participation(programme, a, applied_on=datetime.date(2007, 3, 1))
    pb = make_participation(programme, b, applied_on=datetime.date(2007, 6, 1))
    services.participation_set_status(
        participation=pb, status=S.WITHDRAWN, on=datetime.date(2007, 11, 1)
    )
    make_participation(programme, c, active=False, applied_on=datetime.date(2008, 2, 1))
    counts = selectors.participation_counts_on(programme, datetime.date(2008, 1, 1))
    assert counts[S.ACTIVE] == 1
    assert counts[S.WITHDRAWN] == 1
    assert counts[S.APPLIED] == 0
    assert selectors.participation_counts_on(programme, datetime.date(2008, 3, 1))[S.APPLIED] == 1


def test_theme_names_are_unique(registry: None) -> None:
    services.theme_save(name="Klima og energi")
    with pytest.raises(ProgrammeError, match="Det finnes allerede et tema"):
        services.theme_save(name="klima og energi")
