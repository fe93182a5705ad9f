"""Broken files in the indicator import (issue 15, finding 7): each failure a user can cause gets
a Norwegian message that says what to do, on the job page and in the API's answer; Python's own
words ("'charmap' codec …", "maximum recursion depth …", "File is not a zip file") go to the
log only.

The files are real: Windows-1252 bytes that are not UTF-8, a byte that is not even Windows-1252,
JSON nested 100,000 deep, a workbook cut in half, a zip archive that is not a workbook, an empty
file, a CSV with the wrong columns and one with an unclosed quote."""

from __future__ import annotations

import io
import logging
from typing import Any

import pytest
from conftest import MakeUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from kommunenettverk.accounts.models import Role
from kommunenettverk.api.services import api_token_create
from kommunenettverk.indicators.models import ImportJob, IndicatorValue
from kommunenettverk.indicators.services import import_job_run
from kommunenettverk.indicators.tests.factories import make_indicator

pytestmark = pytest.mark.django_db

# Words of Python and its libraries that must never reach a page or an API answer.
LEAKS = (
    "codec",
    "charmap",
    "recursion",
    "Traceback",
    "Error",
    "zip file",
    "Expecting",
    "dtype",
    "Content_Types",
    "Uventet feil",
    "position",
)


def _workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["kommunenummer", "år", "verdi"])
    sheet.append(["1804", 2024, 5.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _zip_without_workbook() -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notat.txt", "Dette er ikke et regneark.")
    return buffer.getvalue()


# (file name, content, words the message must hold, what the log must hold)
BROKEN: list[tuple[str, bytes, str, str]] = [
    (
        "verdier.csv",
        "kommunenummer;år;verdi\n1804;2024;Tromsø\x81\n".encode("latin-1"),
        "Lagre den som «CSV UTF-8»",
        "charmap",
    ),
    (
        "verdier.json",
        b"[" * 100_000 + b"]" * 100_000,
        "nestet så dypt",
        "nested too deeply",
    ),
    (
        "verdier.json",
        b'{"version": "2.0", "class": "dataset",',
        "Filen er ikke gyldig JSON (feil på linje 1",
        "Expecting",
    ),
    (
        "verdier.json",
        b'{"version": "2.0", "label": "Fylkesh\xf8gskole"}',
        "Filen er ikke UTF-8-kodet JSON",
        "utf-8",
    ),
    (
        "verdier.xlsx",
        _workbook()[:1500],
        "Åpne den i Excel og lagre den på nytt",
        "",
    ),
    (
        "verdier.xlsx",
        _zip_without_workbook(),
        "XLSX-filen kunne ikke leses: den er skadet eller ikke en Excel-arbeidsbok",
        "Content_Types",
    ),
    (
        "verdier.csv",
        b'kommunenummer;\xc3\xa5r;verdi\n1804;2024;"5,5\n',
        "alle anførselstegn er lukket",
        "",
    ),
    (
        "verdier.csv",
        b"kommune;aar;tall\n1804;2024;5\n",
        "Fant ikke kolonnen «kommunenummer» i overskriftsraden. Kolonnene er: kommune, aar, tall.",
        "",
    ),
]
IDS = ["cp1252", "deep-json", "broken-json", "latin1-json", "cut-xlsx", "zip", "quote", "columns"]
OPTIONS = {"area": "kommunenummer", "period": "år", "value": "verdi", "indicator_code": "utslipp"}


def _assert_clean(text: str) -> None:
    leaked = [word for word in LEAKS if word in text]
    assert not leaked, (leaked, text[:500])


@pytest.fixture
def nasjonal_client(client: Client, make_user: MakeUser, registry: None) -> Client:
    make_indicator("utslipp")
    client.force_login(make_user(Role.NATIONAL_COORDINATOR))
    return client


@pytest.mark.parametrize(("name", "content", "message", "logged"), BROKEN, ids=IDS)
def test_the_job_page_says_what_to_do_and_the_log_has_the_detail(
    nasjonal_client: Client,
    caplog: pytest.LogCaptureFixture,
    name: str,
    content: bytes,
    message: str,
    logged: str,
) -> None:
    response = nasjonal_client.post(
        reverse("indicators:upload"),
        {"file": SimpleUploadedFile(name, content), **OPTIONS},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.get()
    with caplog.at_level(logging.WARNING):
        job = import_job_run(job_id=job.pk)  # the worker's work, in this test's transaction
    assert job.state == ImportJob.State.FAILED
    assert message in job.message
    _assert_clean(job.message)
    page = nasjonal_client.get(response["Location"]).content.decode()
    assert message in page
    _assert_clean(page.split("<main", 1)[1])
    assert not IndicatorValue.objects.exists()
    assert logged in caplog.text  # the detail is kept for whoever runs the service


def _api(client: Client, make_user: MakeUser) -> dict[str, str]:
    raw = api_token_create(user=make_user(Role.NATIONAL_COORDINATOR), name="Import")[1]
    return {"Authorization": f"Bearer {raw}"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            BROKEN[0][1].replace(b"kommunenummer;\xe5r;verdi", b"indicator;area;period;value"),
            "«CSV UTF-8»",
        ),
        (b"", "Filen er tom"),
        (b'indicator;area;period;value\nutslipp;1804;2024;"5\n', "anførselstegn"),
    ],
    ids=["cp1252", "empty", "quote"],
)
def test_the_api_answers_422_in_norwegian(
    client: Client, make_user: MakeUser, registry: None, body: bytes, message: str
) -> None:
    make_indicator("utslipp")
    response = client.post(
        "/api/v1/values/csv", body, content_type="text/csv", headers=_api(client, make_user)
    )
    assert response.status_code == 422, response.content
    detail: Any = response.json()["detail"]
    assert message in detail
    _assert_clean(response.content.decode())


def test_the_api_refuses_deeply_nested_json_stat_in_norwegian(
    client: Client, make_user: MakeUser, registry: None
) -> None:
    response = client.post(
        "/api/v1/values/jsonstat",
        b"[" * 100_000 + b"]" * 100_000,
        content_type="application/json",
        headers=_api(client, make_user),
    )
    assert response.status_code in (400, 422), response.content[:500]
    _assert_clean(response.content.decode())
