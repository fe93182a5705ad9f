"""Import recipe pages, template files and who may undo an import."""

from __future__ import annotations

import io
from typing import Any

import pytest
from conftest import MakeUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from kommunenettverk.accounts.models import Role
from kommunenettverk.indicators.models import ImportJob, ImportRecipe, IndicatorValue
from kommunenettverk.indicators.services import import_job_confirm, import_job_create
from kommunenettverk.indicators.tests.factories import make_indicator
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "scope", "status"),
    [
        (Role.NATIONAL_COORDINATOR, None, 200),
        (Role.REGIONAL_ADVISER, None, 403),
        (Role.MUNICIPAL_COORDINATOR, "1804", 403),
        (Role.PARTICIPANT, "1804", 403),
    ],
)
def test_only_the_national_coordinator_manages_recipes(
    client: Client, make_user: MakeUser, registry: None, role: Role, scope: str | None, status: int
) -> None:
    obj = Municipality.objects.get(number=scope) if scope else None
    client.force_login(make_user(role, obj))
    assert client.get(reverse("indicators:recipe_list")).status_code == status
    assert client.get(reverse("indicators:recipe_create")).status_code == status
    response = client.post(
        reverse("indicators:recipe_create"),
        {"name": "X", "source": "fhi", "layout": "long", "area_column": "Sted"},
    )
    assert response.status_code in ((200, 302) if status == 200 else (403,))
    if status == 403:
        assert not ImportRecipe.objects.exists()


def test_a_recipe_is_saved_from_the_form_and_offered_on_the_import_page(
    client: Client, make_user: MakeUser, registry: None
) -> None:
    make_indicator("forventet-levealder", aggregation="weighted_mean")
    client.force_login(make_user(Role.NATIONAL_COORDINATOR))
    fields = {
        "name": "FHI Kommunehelsa: forventet levealder",
        "source": "fhi",
        "indicator": "forventet-levealder",
        "layout": "long",
        "area_column": "Sted",
        "period_column": "År",
        "value_column": "",
        "filters": "Kjønn = Kjønn samlet\nUtdanning = alle utdanningsnivåer",
        "flags": "1 = ..\n2 = :",
    }
    refused = client.post(reverse("indicators:recipe_create"), fields)
    assert "Oppgi kolonnen for verdi." in refused.content.decode()  # names the field
    assert not ImportRecipe.objects.exists()
    response = client.post(
        reverse("indicators:recipe_create"), {**fields, "value_column": "Forventet levealder"}
    )
    assert response.status_code == 302
    recipe = ImportRecipe.objects.get()
    assert recipe.filters == {
        "Kjønn": ["Kjønn samlet"],
        "Utdanning": ["alle utdanningsnivåer"],
    }
    assert recipe.flags == {"1": "..", "2": ":"}
    page = client.get(reverse("indicators:recipe_edit", args=[recipe.pk])).content.decode()
    assert "Kjønn = Kjønn samlet" in page
    upload = client.get(reverse("indicators:upload")).content.decode()
    assert "FHI Kommunehelsa: forventet levealder" in upload


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_template_file_imports_as_it_is_once_filled_in(
    client: Client,
    make_user: MakeUser,
    registry: None,
    fmt: str,
    django_capture_on_commit_callbacks: Any,
) -> None:
    make_indicator("utslipp")
    client.force_login(make_user(Role.NATIONAL_COORDINATOR))
    response = client.get(reverse("indicators:import_template", args=["utslipp", fmt]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="mal-utslipp.{fmt}"'
    if fmt == "csv":
        lines = response.content.decode("utf-8-sig").splitlines()
        assert lines[0] == "indikator;kommunenummer;navn;år;verdi;statuskode"
        assert "utslipp;1804;Bodø;;;" in lines
        filled = [lines[0], *(line.replace(";;;", ";2024;1,5;") for line in lines[1:])]
        data = ("\n".join(filled) + "\n").encode()
    else:
        book = load_workbook(io.BytesIO(response.content))
        sheet = book.active
        assert sheet is not None
        assert [c.value for c in sheet[1]] == [
            "indikator",
            "kommunenummer",
            "navn",
            "år",
            "verdi",
            "statuskode",
        ]
        for row in sheet.iter_rows(min_row=2):
            row[3].value, row[4].value = "2024", 1.5
        buffer = io.BytesIO()
        book.save(buffer)
        data = buffer.getvalue()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("indicators:upload"),
            {
                "file": SimpleUploadedFile(f"mal.{fmt}", data),
                "indicator": "indikator",
                "area": "kommunenummer",
                "period": "år",
                "value": "verdi",
                "status": "statuskode",
            },
        )
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.PREVIEWED, job.message
    assert job.report["written"] == Municipality.objects.current().count()


def _imported_job(user: Any) -> ImportJob:
    make_indicator("utslipp")
    job = import_job_create(
        user=user,
        filename="v.csv",
        data="k;år;v\n1804;2023;1\n".encode(),
        options={"area": "k", "period": "år", "value": "v", "indicator_code": "utslipp"},
        start=False,
    )
    from kommunenettverk.indicators.services import import_job_run

    import_job_run(job_id=job.pk)
    import_job_confirm(job=ImportJob.objects.get(pk=job.pk))
    job = import_job_run(job_id=job.pk)
    assert job.state == ImportJob.State.DONE
    return job


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("other national coordinator", True),
        ("the importer, no longer coordinator", True),
        ("regional adviser", False),
        ("municipal coordinator", False),
    ],
)
def test_undo_is_for_the_importer_or_the_national_coordinator(
    client: Client, make_user: MakeUser, registry: None, who: str, allowed: bool
) -> None:
    importer = make_user(Role.NATIONAL_COORDINATOR)
    job = _imported_job(importer)
    users = {
        "other national coordinator": lambda: make_user(Role.NATIONAL_COORDINATOR),
        "the importer, no longer coordinator": lambda: (
            importer.role_assignments.all().delete(),
            importer,
        )[1],
        "regional adviser": lambda: make_user(Role.REGIONAL_ADVISER),
        "municipal coordinator": lambda: make_user(
            Role.MUNICIPAL_COORDINATOR, Municipality.objects.get(number="1804")
        ),
    }
    client.force_login(users[who]())
    response = client.post(reverse("indicators:import_job_undo", args=[job.pk]), {"confirmed": "1"})
    job.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert job.state == ImportJob.State.UNDONE and not IndicatorValue.objects.exists()
    else:
        assert response.status_code == 403
        assert job.state == ImportJob.State.DONE and IndicatorValue.objects.count() == 1


def test_undo_is_refused_when_a_later_import_changed_the_same_indicator(
    make_user: MakeUser, registry: None
) -> None:
    from kommunenettverk.indicators.services import ImportJobRefused, import_job_undo

    user = make_user(Role.NATIONAL_COORDINATOR)
    first = _imported_job(user)
    second = import_job_create(
        user=user,
        filename="nyere.csv",
        data="k;år;v\n1804;2023;2\n".encode(),
        options={"area": "k", "period": "år", "value": "v", "indicator_code": "utslipp"},
        start=False,
    )
    from kommunenettverk.indicators.services import import_job_run

    import_job_run(job_id=second.pk)
    import_job_confirm(job=ImportJob.objects.get(pk=second.pk))
    import_job_run(job_id=second.pk)
    with pytest.raises(ImportJobRefused, match=r"nyere\.csv"):
        import_job_undo(job=first, user=user)
    import_job_undo(job=ImportJob.objects.get(pk=second.pk), user=user)
    import_job_undo(job=first, user=user)
    assert not IndicatorValue.objects.exists()
