from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from kommunenettverk.accounts.models import Role, RoleAssignment, User

pytestmark = pytest.mark.django_db


def test_load_demo_creates_a_user_for_every_role_and_is_idempotent() -> None:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    call_command("load_demo", stdout=out)
    roles = set(RoleAssignment.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    # The foundation's nine users plus the eight further demo advisers of networks.demo and
    # Sortland's invited coordinator (accounts.demo.demo_invitation_load) and the two
    # participants who ask and answer in the discussions (discussions.demo); every network's
    # adviser also holds the adviser role over that network.
    demo_users = User.objects.filter(email__endswith="@demo.kommunenettverk.no")
    assert demo_users.count() == 9 + 8 + 1 + 2
    assert RoleAssignment.objects.exclude(scope_type__model="network").count() == 8 + 8 + 1 + 2
    invited = User.objects.get(email="solveig.eide@demo.kommunenettverk.no")
    assert not invited.has_usable_password()
    assert invited.invitation.accepted_at is None
    assert "demo-passord-2026" in out.getvalue()
    kari = User.objects.get(email="koordinator.bodo@demo.kommunenettverk.no")
    assert kari.check_password("demo-passord-2026")
