"""The demo's notices: what waits for someone *now* in the scenario (applications to decide,
examples to review, input the state has not answered, Bodø's latest annual report, the next
gathering, the latest answer to Bodø), told through each app's own notify service, as if the
hand-off had just happened. The history loaded before it is muted (web/demo.py). Idempotent: nothing
is made when the demo already has notices."""

from __future__ import annotations

from django.utils import timezone

from kommunenettverk.ideabank.models import Example
from kommunenettverk.ideabank.services import example_notify_submitted
from kommunenettverk.networks.models import Gathering
from kommunenettverk.networks.services import gathering_notify_new
from kommunenettverk.notifications.models import Notice
from kommunenettverk.plans.models import AnnualReport
from kommunenettverk.plans.services import annual_report_notify_submitted
from kommunenettverk.policy.models import PolicyInput
from kommunenettverk.policy.services import (
    policy_input_notify_answered,
    policy_input_notify_forwarded,
)
from kommunenettverk.programmes.models import Participation, ParticipationStatus
from kommunenettverk.programmes.services import participation_notify_applied


def demo_notices_load() -> None:
    if Notice.objects.exists():
        return
    for participation in Participation.objects.filter(status=ParticipationStatus.APPLIED):
        participation_notify_applied(participation=participation, actor=None)
    for example in Example.objects.filter(status=Example.Status.IN_REVIEW).order_by("pk"):
        example_notify_submitted(example=example, actor=None)
    for policy_input in PolicyInput.objects.filter(status=PolicyInput.Status.FORWARDED):
        policy_input_notify_forwarded(policy_input=policy_input, actor=None)
    answered = (
        PolicyInput.objects.filter(answered_at__isnull=False, municipality__number="1804")
        .order_by("-answered_at")
        .first()
    )
    if answered is not None:
        policy_input_notify_answered(policy_input=answered, actor=None)
    report = (
        AnnualReport.objects.filter(
            municipality__number="1804", status=AnnualReport.Status.SUBMITTED
        )
        .order_by("-year", "-version")
        .first()
    )
    if report is not None:
        annual_report_notify_submitted(report=report, actor=None)
    gathering = (
        Gathering.objects.filter(
            starts_at__gte=timezone.now(), invitations__participation__municipality__number="1804"
        )
        .order_by("starts_at")
        .first()
    )
    if gathering is not None:
        gathering_notify_new(gathering=gathering)
