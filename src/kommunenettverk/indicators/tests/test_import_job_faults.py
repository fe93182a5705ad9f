"""Import jobs survive faults: "Avbryt" stops a job and nothing is written; a job whose worker
died is taken up again, or failed with its reason once it has had its tries."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from conftest import MakeUser
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kommunenettverk.accounts.models import Role, User
from kommunenettverk.core.jobs import jobs_recover_stale
from kommunenettverk.indicators.models import ImportJob, IndicatorValue
from kommunenettverk.indicators.services import import_job_create, import_job_run
from kommunenettverk.indicators.tests.factories import make_indicator

pytestmark = pytest.mark.django_db
CSV = "kommunenummer;år;verdi\n1804;2023;5,5\n1806;2023;1\n".encode()
OPTIONS = {"area": "kommunenummer", "period": "år", "value": "verdi", "indicator_code": "utslipp"}


@pytest.fixture
def nasjonal(make_user: MakeUser, registry: None) -> User:
    make_indicator("utslipp")
    return make_user(Role.NATIONAL_COORDINATOR)


def _job(user: User) -> ImportJob:
    """A job past its preview, queued for the import itself."""
    job = import_job_create(user=user, filename="v.csv", data=CSV, options=OPTIONS)
    ImportJob.objects.filter(pk=job.pk).update(
        step=ImportJob.Step.IMPORT, state=ImportJob.State.QUEUED, attempts=0
    )
    job.refresh_from_db()
    return job


def _stale(job: ImportJob, settings: Any, *, attempts: int) -> None:
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.TASK_STALE_SECONDS + 5)
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportJob.State.RUNNING, attempts=attempts, heartbeat_at=long_ago, progress=40
    )


def test_cancelling_a_queued_job_stops_it_before_it_starts(client: Client, nasjonal: User) -> None:
    job = _job(nasjonal)
    client.force_login(nasjonal)
    page = client.get(reverse("indicators:import_job", args=[job.pk])).text
    assert "Avbryt importen" in page and "Ja, avbryt importen" in page  # asks first
    response = client.post(reverse("indicators:import_job_cancel", args=[job.pk]))
    assert response.status_code == 302
    job = import_job_run(job_id=job.pk)  # the task, when a worker gets to it
    assert job.state == ImportJob.State.CANCELLED
    assert "ingenting er lagret" in job.message
    assert not IndicatorValue.objects.exists()
    page = client.get(reverse("indicators:import_job", args=[job.pk])).text
    assert "Avbrutt" in page and "Avbryt importen" not in page


def test_a_running_job_asked_to_stop_writes_nothing(nasjonal: User) -> None:
    job = _job(nasjonal)
    # The flag as the "Avbryt" button sets it on a running job; the job reads it at its
    # first chunk.
    ImportJob.objects.filter(pk=job.pk).update(cancel_requested=True)
    job = import_job_run(job_id=job.pk)
    assert (job.state, job.attempts) == (ImportJob.State.CANCELLED, 1)
    assert not IndicatorValue.objects.exists()


def test_only_the_national_coordinator_cancels(
    client: Client, nasjonal: User, make_user: MakeUser
) -> None:
    job = _job(nasjonal)
    client.force_login(make_user(Role.REGIONAL_ADVISER))
    response = client.post(reverse("indicators:import_job_cancel", args=[job.pk]))
    assert response.status_code == 403
    job.refresh_from_db()
    assert job.state == ImportJob.State.QUEUED and not job.cancel_requested


def test_a_job_whose_worker_died_is_run_again(
    nasjonal: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = _job(nasjonal)
    _stale(job, settings, attempts=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs_recover_stale()["import"] == 1
    job.refresh_from_db()
    assert (job.state, job.attempts) == (ImportJob.State.DONE, 2)
    assert IndicatorValue.objects.count() == 2


def test_the_job_page_fails_a_dead_job_that_had_its_tries(
    client: Client, nasjonal: User, settings: Any
) -> None:
    job = _job(nasjonal)
    _stale(job, settings, attempts=settings.TASK_MAX_ATTEMPTS)
    client.force_login(nasjonal)
    page = client.get(reverse("indicators:import_job", args=[job.pk])).text
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED
    assert "Arbeidsprosessen stoppet uten å gi livstegn" in job.message
    assert "Arbeidsprosessen stoppet uten å gi livstegn" in page
    assert 'hx-trigger="every 1s"' not in page  # the page stops polling
    assert not IndicatorValue.objects.exists()


def test_a_live_job_is_left_alone(nasjonal: User) -> None:
    job = _job(nasjonal)
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportJob.State.RUNNING, attempts=1, heartbeat_at=timezone.now()
    )
    assert jobs_recover_stale()["import"] == 0
    job.refresh_from_db()
    assert job.state == ImportJob.State.RUNNING
