"""Rename the taken-over tables from dialogue_* to policy_* (the many-to-many tables of
`PolicyInput.examples` and `.indicators` follow their model). Data and foreign keys are kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("dialogue", "0004_models_moved"),
        ("policy", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(
            name="HistoricalPolicyInput",
            table=None,
        ),
        migrations.AlterModelTable(
            name="PolicyInput",
            table=None,
        ),
        migrations.AlterModelTable(
            name="HistoricalPolicyInput_indicators",
            table=None,
        ),
        migrations.AlterModelTable(
            name="HistoricalPolicyInput_examples",
            table=None,
        ),
        migrations.AlterModelTable(
            name="PolicyInputStatusChange",
            table=None,
        ),
    ]
