"""A fresh demo gives each demo role the task types its walk-through shows on "Mine oppgaver"
(web.demo_tasks), and the new data reads as the platform's own rules allow."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from kommunenettverk.accounts.models import User
from kommunenettverk.core.worklist import task_list
from kommunenettverk.networks.models import FollowUpAction, Gathering, Network
from kommunenettverk.networks.selectors import network_size_check
from kommunenettverk.web.demo_tasks import FOLLOW_UP_TEXT, FORMING_NAME

pytestmark = pytest.mark.django_db

EXPECTED = {
    "nasjonal": {"network_size", "round_closing"},
    "radgiver.nord": {"gathering_wrap_up", "report_comment", "network_size", "round_closing"},
    "koordinator.bodo": {"plan_overdue", "indicator_update"},
    "deltaker.bodo": {"gathering_attend", "follow_up_assigned"},
}


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The whole demo, loaded once for this module and rolled back at its end."""
    from kommunenettverk.web.demo import demo_load

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            demo_load()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _kinds(local: str) -> set[str]:
    user = User.objects.get(email=f"{local}@demo.kommunenettverk.no")
    return {task.kind for task in task_list(user)}


def test_each_demo_role_has_its_task_types(demo: None) -> None:
    for local, kinds in EXPECTED.items():
        missing = kinds - _kinds(local)
        assert not missing, (local, missing)


def test_the_network_in_formation_has_three_members_and_the_participant_owns_an_action(
    demo: None,
) -> None:
    network = Network.objects.get(name=FORMING_NAME)
    assert network_size_check(network).size == 3
    action = FollowUpAction.objects.get(text=FOLLOW_UP_TEXT)
    dina = User.objects.get(email="deltaker.bodo@demo.kommunenettverk.no")
    assert action.owner_user == dina
    # She took part in the gathering the action came from, and is registered for a coming one.
    assert action.gathering.registrations.filter(user=dina).exists()
    assert Gathering.objects.filter(registrations__user=dina, starts_at__gt=timezone.now()).exists()


def test_loading_the_demo_tasks_again_changes_nothing(demo: None) -> None:
    from kommunenettverk.web.demo_tasks import demo_tasks_load

    counts = (Network.objects.count(), Gathering.objects.count(), FollowUpAction.objects.count())
    demo_tasks_load()
    assert counts == (
        Network.objects.count(),
        Gathering.objects.count(),
        FollowUpAction.objects.count(),
    )
