"""Give every existing registration its own random check-in code (unique per gathering)."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import migrations

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def fill(apps: Any, schema_editor: Any) -> None:
    Registration = apps.get_model("networks", "Registration")
    used: dict[int, set[str]] = {}
    changed = []
    for registration in Registration.objects.filter(check_in_code__isnull=True).only(
        "pk", "gathering_id"
    ):
        taken = used.setdefault(registration.gathering_id, set())
        code = ""
        while not code or code in taken:
            code = "".join(secrets.choice(ALPHABET) for _ in range(6))
        taken.add(code)
        registration.check_in_code = code
        changed.append(registration)
    Registration.objects.bulk_update(changed, ["check_in_code"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("networks", "0008_gathering_close_out")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
