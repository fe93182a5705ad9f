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
from kommunenettverk.indicators.services import (
    import_job_confirm,
    import_job_create,
    import_job_run,
)
from kommunenettverk.indicators.tests.factories import make_indicator
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db
CSV = "kommunenummer;år;verdi\n1804;2023;5,5\n9999;2023;1\n".encode()
GOOD_CSV = "kommunenummer;år;verdi\n1804;2023;5,5\nBodø;2022;4\n".encode()


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


def test_upload_previews_then_imports_then_undoes(
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
                "file": SimpleUploadedFile("verdier.csv", GOOD_CSV),
                "indicator_code": "utslipp",
                "area": "kommunenummer",
                "period": "år",
                "value": "verdi",
            },
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("indicators:import_job", args=[job.pk])
    assert len(callbacks) == 1  # the worker starts after the commit
    assert job.state == ImportJob.State.QUEUED
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in page  # polls while queued or running

    # The preview (the worker's work, run here): nothing is written.
    job = import_job_run(job_id=job.pk)
    assert job.state == ImportJob.State.PREVIEWED and job.progress == 100
    assert job.report["written"] == 2 and job.report["rejected_count"] == 0
    assert not IndicatorValue.objects.exists()
    fragment = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="job-status">')  # polling stops
    assert "Ingenting er lagret ennå." in fragment
    assert "Bodø" in fragment and ">Importer<" in fragment  # the sample names the area

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("indicators:import_job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE
    assert sorted(IndicatorValue.objects.values_list("period", "value")) == [
        ("2022", 4.0),
        ("2023", 5.5),
    ]
    page = client.get(response["Location"]).content.decode()
    assert "Angre importen" in page and "data-confirm=" in page

    # Without the dialog's confirmation the page asks first; then the values go.
    asked = client.post(reverse("indicators:import_job_undo", args=[job.pk]))
    assert asked.status_code == 200 and IndicatorValue.objects.count() == 2
    client.post(reverse("indicators:import_job_undo", args=[job.pk]), {"confirmed": "1"})
    job.refresh_from_db()
    assert job.state == ImportJob.State.UNDONE
    assert not IndicatorValue.objects.exists()


def test_a_file_with_a_rejected_row_is_refused_whole_by_default(
    client: Client,
    make_user: MakeUser,
    registry: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    make_indicator("utslipp")
    client.force_login(make_user(Role.NATIONAL_COORDINATOR))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
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
    assert job.state == ImportJob.State.FAILED  # previewed at once (tasks run immediately)
    assert "ingenting er lagret" in job.message
    page = client.get(reverse("indicators:import_job", args=[job.pk])).content.decode()
    assert "Linje 3: Ukjent kommunenummer «9999»." in page
    assert ">Importer<" not in page
    response = client.post(reverse("indicators:import_job_confirm", args=[job.pk]))
    assert response.status_code == 302
    assert not IndicatorValue.objects.exists()


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
        data=GOOD_CSV,
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
    assert (job.state, job.progress) == (ImportJob.State.PREVIEWED, 100)
    import_job_confirm(job=job)
    call_command("worker", "--batch", stdout=io.StringIO())
    job.refresh_from_db()
    assert (job.state, job.progress) == (ImportJob.State.DONE, 100)
    assert IndicatorValue.objects.count() == 2
