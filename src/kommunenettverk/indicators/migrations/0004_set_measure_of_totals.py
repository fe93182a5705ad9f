"""Existing indicators that are summed or marked "per inhabitant" are totals; every other
indicator keeps "unknown" until someone sets its measure (an unknown measure is not ranked)."""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.db.models import Q


def set_totals(apps: Any, schema_editor: Any) -> None:
    Indicator = apps.get_model("indicators", "Indicator")
    Indicator.objects.filter(
        Q(per_inhabitant=True) | Q(aggregation="sum"), measure="unknown"
    ).update(measure="total")


class Migration(migrations.Migration):
    dependencies = [("indicators", "0003_measure_and_fair_comparisons")]

    operations = [migrations.RunPython(set_totals, migrations.RunPython.noop)]
