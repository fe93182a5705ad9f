"""Each registration made before delegations existed becomes a confirmed member of its
municipality's delegation, registered by the person it names (the user who registered)."""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.db.models import F


def forwards(apps: Any, schema_editor: Any) -> None:
    Registration = apps.get_model("networks", "Registration")
    Registration.objects.filter(registered_by__isnull=True, user__isnull=False).update(
        registered_by=F("user")
    )
    Registration.objects.filter(status="").update(status="confirmed")


class Migration(migrations.Migration):
    dependencies = [("networks", "0004_registration_delegation")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
