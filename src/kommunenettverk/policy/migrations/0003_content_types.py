"""Content types of the models that moved from `dialogue` to `policy` get the new app label,
so admin log entries, permissions and generic relations keep pointing at the same rows.

Data only. A `policy` content type that already exists for a moved model (possible only if
`migrate` was stopped between the apps' migrations and content types were created since) is
new and unused: it is deleted first so the old row can take its place.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

MOVED = [
    "historicalpolicyinput",
    "policyinput",
    "historicalpolicyinput_indicators",
    "historicalpolicyinput_examples",
    "policyinputstatuschange",
]


def _relabel(apps: Any, old: str, new: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if content_type.objects.filter(app_label=old, model=model).exists():
            content_type.objects.filter(app_label=new, model=model).delete()
            content_type.objects.filter(app_label=old, model=model).update(app_label=new)


def forwards(apps: Any, schema_editor: Any) -> None:
    _relabel(apps, "dialogue", "policy")


def backwards(apps: Any, schema_editor: Any) -> None:
    _relabel(apps, "policy", "dialogue")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("policy", "0002_rename_tables"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
