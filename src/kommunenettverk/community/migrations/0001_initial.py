"""The citizen portal's models, taken over from the former `dialogue` app (issue 13).

State only: the tables were made by dialogue's migrations 0001–0002 and keep their data; this
migration records the models under `community` with their old table names (`db_table`),
`dialogue.0004_models_moved` forgets them there, and `0002_rename_tables` renames the tables.
"""

from decimal import Decimal

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0002_initial"),
        ("accounts", "__first__"),
        ("dialogue", "0002_partner_region"),
        ("plans", "0002_network_goals_project_measures_programme_reports"),
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Activity",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("title", models.CharField(max_length=200, verbose_name="tittel")),
                        ("description", models.TextField(blank=True, verbose_name="beskrivelse")),
                        ("starts_at", models.DateTimeField(verbose_name="starter")),
                        (
                            "duration_hours",
                            models.DecimalField(
                                decimal_places=1,
                                help_text="Brukes til å telle frivillige timer.",
                                max_digits=4,
                                validators=[
                                    django.core.validators.MinValueValidator(Decimal("0.5"))
                                ],
                                verbose_name="varighet (timer)",
                            ),
                        ),
                        ("place", models.CharField(max_length=200, verbose_name="oppmøtested")),
                        (
                            "capacity",
                            models.PositiveSmallIntegerField(
                                validators=[django.core.validators.MinValueValidator(1)],
                                verbose_name="antall plasser",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="opprettet"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "aktivitet",
                        "verbose_name_plural": "aktiviteter",
                        "ordering": ["starts_at", "title"],
                        "db_table": "dialogue_activity",
                    },
                ),
                migrations.CreateModel(
                    name="Citizen",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "email",
                            models.EmailField(
                                max_length=254, unique=True, verbose_name="e-postadresse"
                            ),
                        ),
                        (
                            "display_name",
                            models.CharField(
                                help_text="Vises offentlig sammen med forslagene dine. E-postadressen vises aldri.",
                                max_length=60,
                                verbose_name="visningsnavn",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="registrert"
                            ),
                        ),
                        (
                            "last_login_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="sist innlogget"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "innbygger",
                        "verbose_name_plural": "innbyggere",
                        "ordering": ["display_name"],
                        "db_table": "dialogue_citizen",
                    },
                ),
                migrations.CreateModel(
                    name="CitizenLoginToken",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("email", models.EmailField(max_length=254, verbose_name="e-postadresse")),
                        (
                            "display_name",
                            models.CharField(
                                blank=True, max_length=60, verbose_name="visningsnavn"
                            ),
                        ),
                        ("token_hash", models.CharField(max_length=64, unique=True)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("used_at", models.DateTimeField(blank=True, null=True)),
                        ("next_url", models.CharField(blank=True, max_length=300)),
                    ],
                    options={
                        "verbose_name": "innloggingslenke",
                        "verbose_name_plural": "innloggingslenker",
                        "ordering": ["-created_at"],
                        "db_table": "dialogue_citizenlogintoken",
                    },
                ),
                migrations.CreateModel(
                    name="Consultation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("title", models.CharField(max_length=200, verbose_name="tittel")),
                        (
                            "text",
                            models.TextField(
                                help_text="Hva kommunen ønsker innspill på, og hvorfor.",
                                verbose_name="tekst",
                            ),
                        ),
                        (
                            "deadline",
                            models.DateField(
                                help_text="Siste dag for å komme med innspill.",
                                verbose_name="frist",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="opprettet"
                            ),
                        ),
                        (
                            "municipality",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="consultations",
                                to="registry.municipality",
                                verbose_name="kommune",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "høring",
                        "verbose_name_plural": "høringer",
                        "ordering": ["-deadline", "title"],
                        "db_table": "dialogue_consultation",
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalConsultation",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("title", models.CharField(max_length=200, verbose_name="tittel")),
                        (
                            "text",
                            models.TextField(
                                help_text="Hva kommunen ønsker innspill på, og hvorfor.",
                                verbose_name="tekst",
                            ),
                        ),
                        (
                            "deadline",
                            models.DateField(
                                help_text="Siste dag for å komme med innspill.",
                                verbose_name="frist",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="opprettet"
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "municipality",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="registry.municipality",
                                verbose_name="kommune",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical høring",
                        "verbose_name_plural": "historical høringer",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                        "db_table": "dialogue_historicalconsultation",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalPartner",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "level",
                            models.CharField(
                                choices=[
                                    ("local", "Lokalt"),
                                    ("regional", "Regionalt"),
                                    ("national", "Nasjonalt"),
                                ],
                                max_length=10,
                                verbose_name="nivå",
                            ),
                        ),
                        ("description", models.TextField(verbose_name="hva de kan bidra med")),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="opprettet"
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="accounts.organisation",
                                verbose_name="organisasjon",
                            ),
                        ),
                        (
                            "region",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="registry.ksregion",
                                verbose_name="KS-region",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical ressursmiljø",
                        "verbose_name_plural": "historical ressursmiljøer",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                        "db_table": "dialogue_historicalpartner",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalProposal",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "author_name",
                            models.CharField(max_length=60, verbose_name="navn som vises"),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[("proposal", "Forslag"), ("comment", "Kommentar")],
                                default="proposal",
                                max_length=10,
                                verbose_name="type",
                            ),
                        ),
                        (
                            "title",
                            models.CharField(blank=True, max_length=150, verbose_name="tittel"),
                        ),
                        ("text", models.TextField(max_length=3000, verbose_name="tekst")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Venter på moderering"),
                                    ("approved", "Publisert"),
                                    ("rejected", "Avvist"),
                                ],
                                default="pending",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "rejection_reason",
                            models.TextField(blank=True, verbose_name="begrunnelse for avvisning"),
                        ),
                        (
                            "moderated_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="moderert"),
                        ),
                        ("answer", models.TextField(blank=True, verbose_name="kommunens svar")),
                        (
                            "answered_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="besvart"),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="sendt"
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "citizen",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="community.citizen",
                                verbose_name="innbygger",
                            ),
                        ),
                        (
                            "consultation",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="community.consultation",
                                verbose_name="høring",
                            ),
                        ),
                        (
                            "goal",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="plans.goal",
                                verbose_name="mål",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "measure",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="plans.measure",
                                verbose_name="tiltak",
                            ),
                        ),
                        (
                            "moderated_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="moderert av",
                            ),
                        ),
                        (
                            "municipality",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="registry.municipality",
                                verbose_name="kommune",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical innbyggerforslag",
                        "verbose_name_plural": "historical innbyggerforslag",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                        "db_table": "dialogue_historicalproposal",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalVolunteerArena",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=200, verbose_name="navn")),
                        ("description", models.TextField(verbose_name="beskrivelse")),
                        (
                            "place",
                            models.CharField(blank=True, max_length=200, verbose_name="sted"),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="opprettet"
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "municipality",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="registry.municipality",
                                verbose_name="kommune",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical frivillighetsarena",
                        "verbose_name_plural": "historical frivillighetsarenaer",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                        "db_table": "dialogue_historicalvolunteerarena",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="Partner",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "level",
                            models.CharField(
                                choices=[
                                    ("local", "Lokalt"),
                                    ("regional", "Regionalt"),
                                    ("national", "Nasjonalt"),
                                ],
                                max_length=10,
                                verbose_name="nivå",
                            ),
                        ),
                        ("description", models.TextField(verbose_name="hva de kan bidra med")),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="opprettet"
                            ),
                        ),
                        (
                            "organisation",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="partner",
                                to="accounts.organisation",
                                verbose_name="organisasjon",
                            ),
                        ),
                        (
                            "region",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="partners",
                                to="registry.ksregion",
                                verbose_name="KS-region",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "ressursmiljø",
                        "verbose_name_plural": "ressursmiljøer",
                        "ordering": ["organisation__name"],
                        "db_table": "dialogue_partner",
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalPartnership",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("theme", models.CharField(max_length=120, verbose_name="tema")),
                        ("purpose", models.TextField(verbose_name="formål")),
                        ("starts_on", models.DateField(verbose_name="fra")),
                        ("ends_on", models.DateField(blank=True, null=True, verbose_name="til")),
                        (
                            "contact",
                            models.CharField(
                                help_text="En funksjon eller enhet, for eksempel «Miljørådgiver». Vises offentlig.",
                                max_length=160,
                                verbose_name="kontakt i kommunen",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="opprettet"
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "municipality",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="registry.municipality",
                                verbose_name="kommune",
                            ),
                        ),
                        (
                            "partner",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="community.partner",
                                verbose_name="partner",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical partnerskap",
                        "verbose_name_plural": "historical partnerskap",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                        "db_table": "dialogue_historicalpartnership",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="Partnership",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("theme", models.CharField(max_length=120, verbose_name="tema")),
                        ("purpose", models.TextField(verbose_name="formål")),
                        ("starts_on", models.DateField(verbose_name="fra")),
                        ("ends_on", models.DateField(blank=True, null=True, verbose_name="til")),
                        (
                            "contact",
                            models.CharField(
                                help_text="En funksjon eller enhet, for eksempel «Miljørådgiver». Vises offentlig.",
                                max_length=160,
                                verbose_name="kontakt i kommunen",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="opprettet"
                            ),
                        ),
                        (
                            "municipality",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="partnerships",
                                to="registry.municipality",
                                verbose_name="kommune",
                            ),
                        ),
                        (
                            "partner",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="partnerships",
                                to="community.partner",
                                verbose_name="partner",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "partnerskap",
                        "verbose_name_plural": "partnerskap",
                        "ordering": ["-starts_on", "theme"],
                        "db_table": "dialogue_partnership",
                    },
                ),
                migrations.CreateModel(
                    name="Proposal",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "author_name",
                            models.CharField(max_length=60, verbose_name="navn som vises"),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[("proposal", "Forslag"), ("comment", "Kommentar")],
                                default="proposal",
                                max_length=10,
                                verbose_name="type",
                            ),
                        ),
                        (
                            "title",
                            models.CharField(blank=True, max_length=150, verbose_name="tittel"),
                        ),
                        ("text", models.TextField(max_length=3000, verbose_name="tekst")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Venter på moderering"),
                                    ("approved", "Publisert"),
                                    ("rejected", "Avvist"),
                                ],
                                default="pending",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "rejection_reason",
                            models.TextField(blank=True, verbose_name="begrunnelse for avvisning"),
                        ),
                        (
                            "moderated_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="moderert"),
                        ),
                        ("answer", models.TextField(blank=True, verbose_name="kommunens svar")),
                        (
                            "answered_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="besvart"),
                        ),
                        ("ip_hash", models.CharField(blank=True, max_length=64)),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="sendt"
                            ),
                        ),
                        (
                            "citizen",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="proposals",
                                to="community.citizen",
                                verbose_name="innbygger",
                            ),
                        ),
                        (
                            "consultation",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="proposals",
                                to="community.consultation",
                                verbose_name="høring",
                            ),
                        ),
                        (
                            "goal",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="citizen_proposals",
                                to="plans.goal",
                                verbose_name="mål",
                            ),
                        ),
                        (
                            "measure",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="citizen_proposals",
                                to="plans.measure",
                                verbose_name="tiltak",
                            ),
                        ),
                        (
                            "moderated_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="moderert av",
                            ),
                        ),
                        (
                            "municipality",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="proposals",
                                to="registry.municipality",
                                verbose_name="kommune",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "innbyggerforslag",
                        "verbose_name_plural": "innbyggerforslag",
                        "ordering": ["-created_at"],
                        "db_table": "dialogue_proposal",
                    },
                ),
                migrations.CreateModel(
                    name="SignUp",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=120, verbose_name="navn")),
                        ("email", models.EmailField(max_length=254, verbose_name="e-postadresse")),
                        (
                            "phone",
                            models.CharField(blank=True, max_length=20, verbose_name="telefon"),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[("confirmed", "Påmeldt"), ("waiting", "På venteliste")],
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        ("cancel_token", models.CharField(max_length=64, unique=True)),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="påmeldt"
                            ),
                        ),
                        (
                            "reminder_sent_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="påminnelse sendt"
                            ),
                        ),
                        ("anonymised", models.BooleanField(default=False)),
                        (
                            "activity",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="sign_ups",
                                to="community.activity",
                                verbose_name="aktivitet",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "påmelding",
                        "verbose_name_plural": "påmeldinger",
                        "ordering": ["created_at", "pk"],
                        "db_table": "dialogue_signup",
                    },
                ),
                migrations.CreateModel(
                    name="VolunteerArena",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=200, verbose_name="navn")),
                        ("description", models.TextField(verbose_name="beskrivelse")),
                        (
                            "place",
                            models.CharField(blank=True, max_length=200, verbose_name="sted"),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="opprettet"
                            ),
                        ),
                        (
                            "municipality",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="volunteer_arenas",
                                to="registry.municipality",
                                verbose_name="kommune",
                            ),
                        ),
                        (
                            "organisations",
                            models.ManyToManyField(
                                blank=True,
                                limit_choices_to={"kind": "voluntary"},
                                related_name="volunteer_arenas",
                                to="accounts.organisation",
                                verbose_name="frivillige organisasjoner",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "frivillighetsarena",
                        "verbose_name_plural": "frivillighetsarenaer",
                        "ordering": ["municipality", "name"],
                        "db_table": "dialogue_volunteerarena",
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalActivity",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("title", models.CharField(max_length=200, verbose_name="tittel")),
                        ("description", models.TextField(blank=True, verbose_name="beskrivelse")),
                        ("starts_at", models.DateTimeField(verbose_name="starter")),
                        (
                            "duration_hours",
                            models.DecimalField(
                                decimal_places=1,
                                help_text="Brukes til å telle frivillige timer.",
                                max_digits=4,
                                validators=[
                                    django.core.validators.MinValueValidator(Decimal("0.5"))
                                ],
                                verbose_name="varighet (timer)",
                            ),
                        ),
                        ("place", models.CharField(max_length=200, verbose_name="oppmøtested")),
                        (
                            "capacity",
                            models.PositiveSmallIntegerField(
                                validators=[django.core.validators.MinValueValidator(1)],
                                verbose_name="antall plasser",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="opprettet"
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "arena",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="community.volunteerarena",
                                verbose_name="arena",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical aktivitet",
                        "verbose_name_plural": "historical aktiviteter",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                        "db_table": "dialogue_historicalactivity",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddField(
                    model_name="activity",
                    name="arena",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="activities",
                        to="community.volunteerarena",
                        verbose_name="arena",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="partner",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("region__isnull", True), ("level", "regional"), _connector="OR"
                        ),
                        name="partner_region_only_when_regional",
                        violation_error_message="Bare regionale ressursmiljøer har en region.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="partnership",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("ends_on__isnull", True),
                            ("ends_on__gte", models.F("starts_on")),
                            _connector="OR",
                        ),
                        name="partnership_period_in_order",
                        violation_error_message="Sluttdatoen kan ikke være før startdatoen.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="proposal",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("consultation__isnull", True),
                                ("goal__isnull", False),
                                ("measure__isnull", True),
                            ),
                            models.Q(
                                ("consultation__isnull", True),
                                ("goal__isnull", True),
                                ("measure__isnull", False),
                            ),
                            models.Q(
                                ("consultation__isnull", False),
                                ("goal__isnull", True),
                                ("measure__isnull", True),
                            ),
                            _connector="OR",
                        ),
                        name="proposal_has_exactly_one_target",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="proposal",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "rejected"), _negated=True),
                            models.Q(("rejection_reason", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="proposal_rejection_has_reason",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="signup",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("anonymised", False)),
                        fields=("activity", "email"),
                        name="sign_up_once_per_activity",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="activity",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("capacity__gte", 1)), name="activity_capacity"
                    ),
                ),
            ],
        ),
    ]
