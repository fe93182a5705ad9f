"""A report job being made can be cancelled by the one who ordered it or by the national
coordinator; everyone else is refused (issue 14: long jobs can be cancelled)."""

from __future__ import annotations

import pytest
from conftest import MakeUser
from django.test import Client
from django.urls import reverse

from kommunenettverk.accounts.models import Role, User
from kommunenettverk.networks.tests.factories import nord_network
from kommunenettverk.registry.models import Municipality
from kommunenettverk.reports.models import ReportJob
from kommunenettverk.reports.services import report_job_create, report_job_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def creator(make_user: MakeUser) -> User:
    return make_user(Role.STATE_REPRESENTATIVE)


def _job(creator: User, slug: str = "nedlagt") -> ReportJob:
    return report_job_create(
        user=creator,
        kind=ReportJob.Kind.NATIONAL,
        fmt=ReportJob.Format.XLSX,
        params={"programme": slug},
        title="Nasjonal rapport",
        start=False,
    )


def _cancel(client: Client, job: ReportJob) -> int:
    response = client.post(reverse("reports:job_cancel", args=[job.pk]), {"confirmed": "1"})
    return response.status_code


def test_the_creator_cancels_a_queued_job(client: Client, creator: User) -> None:
    job = _job(creator)
    client.force_login(creator)
    page = client.get(reverse("reports:job", args=[job.pk])).text
    assert "Avbryt rapporten" in page and "data-confirm=" in page  # asks first
    assert _cancel(client, job) == 302
    job.refresh_from_db()
    assert job.status == ReportJob.Status.CANCELLED and job.finished
    # The worker that takes up its task later does nothing.
    assert report_job_run(job_id=job.pk).status == ReportJob.Status.CANCELLED
    assert "Avbryt rapporten" not in client.get(reverse("reports:job", args=[job.pk])).text


def test_without_confirmation_the_page_asks(client: Client, creator: User) -> None:
    job = _job(creator)
    client.force_login(creator)
    response = client.post(reverse("reports:job_cancel", args=[job.pk]))
    assert response.status_code == 200 and "Avbryte rapporten?" in response.text
    job.refresh_from_db()
    assert job.status == ReportJob.Status.QUEUED


def test_a_running_job_asked_to_stop_makes_no_file(bodo: Municipality, creator: User) -> None:
    network = nord_network(size=4)
    job = _job(creator, slug=network.programme.slug)
    # The flag as the button sets it on a running job; the job reads it at its first progress.
    ReportJob.objects.filter(pk=job.pk).update(cancel_requested=True)
    job = report_job_run(job_id=job.pk)
    assert job.status == ReportJob.Status.CANCELLED
    assert bytes(ReportJob.objects.values_list("content", flat=True).get(pk=job.pk)) == b""


def test_the_national_coordinator_cancels_anyones_job(
    client: Client, creator: User, make_user: MakeUser
) -> None:
    job = _job(creator)
    client.force_login(make_user(Role.NATIONAL_COORDINATOR))
    assert _cancel(client, job) == 302
    job.refresh_from_db()
    assert job.status == ReportJob.Status.CANCELLED


@pytest.mark.parametrize(
    "role", [Role.STATE_REPRESENTATIVE, Role.REGIONAL_ADVISER, Role.MUNICIPAL_COORDINATOR, None]
)
def test_others_are_refused(
    client: Client, creator: User, make_user: MakeUser, role: Role | None
) -> None:
    job = _job(creator)
    client.force_login(make_user(role))
    assert _cancel(client, job) == 403
    job.refresh_from_db()
    assert job.status == ReportJob.Status.QUEUED and not job.cancel_requested
    assert "Avbryt rapporten" not in client.get(reverse("reports:job", args=[job.pk])).text


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, creator: User) -> None:
    job = _job(creator)
    response = client.post(reverse("reports:job_cancel", args=[job.pk]), {"confirmed": "1"})
    assert response.status_code == 302 and "/konto/" in response["Location"]
    job.refresh_from_db()
    assert job.status == ReportJob.Status.QUEUED
