from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from kommunenettverk.community.models import (
    Consultation,
    Partner,
    Partnership,
    Proposal,
    SignUp,
    VolunteerArena,
)
from kommunenettverk.community.validators import org_number_is_valid
from kommunenettverk.indicators.models import IndicatorResult

pytestmark = pytest.mark.django_db


def test_demo_covers_every_state_and_is_idempotent() -> None:
    call_command("load_demo", stdout=io.StringIO())
    counts = [
        m.objects.count()
        for m in (Consultation, Partner, Partnership, Proposal, SignUp, VolunteerArena)
    ]
    call_command("load_demo", stdout=io.StringIO())
    again = [
        m.objects.count()
        for m in (Consultation, Partner, Partnership, Proposal, SignUp, VolunteerArena)
    ]
    assert counts == again
    assert set(Proposal.objects.values_list("status", flat=True)) == set(Proposal.Status.values)
    assert Proposal.objects.exclude(answer="").exists()
    assert SignUp.objects.filter(status=SignUp.Status.WAITING).exists()
    assert set(Partner.objects.values_list("level", flat=True)) == set(Partner.Level.values)
    for number in Partner.objects.exclude(organisation__org_number="").values_list(
        "organisation__org_number", flat=True
    ):
        assert org_number_is_valid(number)
    # Labelled as demo data.
    assert all(a.name.endswith("(demo)") for a in VolunteerArena.objects.all())
    assert all(
        s.anonymised or s.email.endswith("@demo.kommunenettverk.no") for s in SignUp.objects.all()
    )
    # Past years' anonymised clean-ups give the voluntary-effort indicators a series.
    result = IndicatorResult.objects.get(
        indicator__code="frivillig-innsats-timer", area_code="1804"
    )
    assert result.n_values == 6 and result.trend == "improving"
