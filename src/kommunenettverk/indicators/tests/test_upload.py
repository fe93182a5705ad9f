"""The web upload: only the national coordinator, a background job with progress and report."""

from __future__ import annotations

import io
from typing import Any

import pytest
from conftest import MakeUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from kommunenettverk.accounts.models import Role
from kommunenettverk.indicators.models import ImportJob, IndicatorValue
from kommunenettverk.indicators.services import import_job_create, import_job_run
from kommunenettverk.indicators.tests.factories import make_indicator
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db
CSV = "kommunenummer;år;verdi\n1804;2023;5,5\n9999;2023;1\n".encode()


@pytest.mark.parametrize(
    ("role", "scope", "status"),
    [
        (Role.NATIONAL_COORDINATOR, None, 200),
        (Role.REGIONAL_ADVISER, None, 403),
        (Role.MUNICIPAL_COORDINATOR, "1804", 403),
        (Role.STATE_REPRESENTATIVE, None, 403),
    ],
)
def test_only_the_national_coordinator_may_upload(
    client: Client,
    make_user: MakeUser,
    registry: None,
    role: Role,
    scope: str | None,
    status: int,
) -> None:
    obj = Municipality.objects.get(number=scope) if scope else None
    client.force_login(make_user(role, obj))
    assert client.get(reverse("indicators:upload")).status_code == status


def test_anonymous_is_sent_to_login(client: Client) -> None:
    response = client.get(reverse("indicators:upload"))
    assert response.status_code == 302 and "logg-inn" in response["Location"]


def test_upload_queues_a_job_that_imports_in_the_background(
    client: Client,
    make_user: MakeUser,
    registry: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    make_indicator("utslipp")
    client.force_login(make_user(Role.NATIONAL_COORDINATOR))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("indicators:upload"),
            {
                "file": SimpleUploadedFile("verdier.csv", CSV),
                "indicator_code": "utslipp",
                "area": "kommunenummer",
                "period": "år",
                "value": "verdi",
            },
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("indicators:import_job", args=[job.pk])
    assert len(callbacks) == 1  # the worker thread starts after the commit
    assert job.state == ImportJob.State.QUEUED
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in page  # polls while queued or running

    # Run the worker's work here (a thread would not see this test's transaction).
    job = import_job_run(job_id=job.pk)
    assert job.state == ImportJob.State.DONE and job.progress == 100
    assert job.report["written"] == 1 and job.report["rejected_count"] == 1
    assert IndicatorValue.objects.get().value == 5.5
    fragment = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="job-status">')  # polling stops
    assert "Linje 3: Ukjent kommunenummer «9999»." in fragment


def test_strict_job_fails_and_writes_nothing(make_user: MakeUser, registry: None) -> None:
    make_indicator("utslipp")
    job = import_job_create(
        user=make_user(Role.NATIONAL_COORDINATOR),
        filename="v.csv",
        data=CSV,
        start=False,
        options={
            "area": "kommunenummer",
            "period": "år",
            "value": "verdi",
            "indicator_code": "utslipp",
            "strict": True,
        },
    )
    job = import_job_run(job_id=job.pk)
    assert job.state == ImportJob.State.FAILED
    assert "1 rader ble avvist; ingenting er lagret" in job.message
    assert job.report["rejected"][0]["reason"] == "Linje 3: Ukjent kommunenummer «9999»."
    assert not IndicatorValue.objects.exists()


def test_form_names_the_missing_mapping(client: Client, make_user: MakeUser) -> None:
    client.force_login(make_user(Role.NATIONAL_COORDINATOR))
    response = client.post(
        reverse("indicators:upload"),
        {"file": SimpleUploadedFile("v.csv", CSV), "area": "", "period": "år", "value": "verdi"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Oppgi kolonnen for CSV- og XLSX-filer." in html
    assert "Oppgi kolonnen med indikatorkode" in html
    assert not ImportJob.objects.exists()


def test_other_file_types_are_refused(client: Client, make_user: MakeUser) -> None:
    client.force_login(make_user(Role.NATIONAL_COORDINATOR))
    response = client.post(
        reverse("indicators:upload"),
        {"file": SimpleUploadedFile("v.pdf", b"%PDF"), "indicator_code": ""},
    )
    assert "Filen må være .csv, .xlsx eller .json" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_queued_job(
    make_user: MakeUser, registry: None, database_queue: None
) -> None:
    make_indicator("utslipp")
    job = import_job_create(
        user=make_user(Role.NATIONAL_COORDINATOR),
        filename="v.csv",
        data=CSV,
        options={
            "area": "kommunenummer",
            "period": "år",
            "value": "verdi",
            "indicator_code": "utslipp",
        },
    )
    job.refresh_from_db()
    assert job.state == ImportJob.State.QUEUED  # nothing runs in the request
    call_command("worker", "--batch", stdout=io.StringIO())
    job.refresh_from_db()
    assert (job.state, job.progress) == (ImportJob.State.DONE, 100)
    assert IndicatorValue.objects.count() == 1
