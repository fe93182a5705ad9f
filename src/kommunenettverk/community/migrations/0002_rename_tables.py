"""Rename the taken-over tables from dialogue_* to community_* (the many-to-many table of
`VolunteerArena.organisations` follows its model). Data and foreign keys are kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0001_initial"),
        ("dialogue", "0004_models_moved"),
    ]

    operations = [
        migrations.AlterModelTable(
            name="Activity",
            table=None,
        ),
        migrations.AlterModelTable(
            name="Citizen",
            table=None,
        ),
        migrations.AlterModelTable(
            name="CitizenLoginToken",
            table=None,
        ),
        migrations.AlterModelTable(
            name="Consultation",
            table=None,
        ),
        migrations.AlterModelTable(
            name="HistoricalConsultation",
            table=None,
        ),
        migrations.AlterModelTable(
            name="HistoricalPartner",
            table=None,
        ),
        migrations.AlterModelTable(
            name="HistoricalProposal",
            table=None,
        ),
        migrations.AlterModelTable(
            name="HistoricalVolunteerArena",
            table=None,
        ),
        migrations.AlterModelTable(
            name="Partner",
            table=None,
        ),
        migrations.AlterModelTable(
            name="HistoricalPartnership",
            table=None,
        ),
        migrations.AlterModelTable(
            name="Partnership",
            table=None,
        ),
        migrations.AlterModelTable(
            name="Proposal",
            table=None,
        ),
        migrations.AlterModelTable(
            name="SignUp",
            table=None,
        ),
        migrations.AlterModelTable(
            name="VolunteerArena",
            table=None,
        ),
        migrations.AlterModelTable(
            name="HistoricalActivity",
            table=None,
        ),
    ]
