"""Policy input's models, taken over from the former `dialogue` app (issue 13).

State only: the tables were made by dialogue's migration 0003 and keep their data; this
migration records the models under `policy` with their old table names (`db_table`),
`dialogue.0004_models_moved` forgets them there, and `0002_rename_tables` renames the tables.
"""

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
        ("dialogue", "0003_policy_input"),
        ("ideabank", "0003_example_network_project"),
        ("indicators", "0002_goal_indicator"),
        ("networks", "0003_gathering_dialogue_forum"),
        ("programmes", "0001_initial"),
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="HistoricalPolicyInput",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("title", models.CharField(max_length=200, verbose_name="tittel")),
                        (
                            "problem",
                            models.TextField(
                                help_text="Hva i nasjonale rammer eller virkemidler hindrer kommunene?",
                                max_length=5000,
                                verbose_name="problem",
                            ),
                        ),
                        (
                            "proposal",
                            models.TextField(
                                help_text="Hva foreslår dere at staten endrer?",
                                max_length=5000,
                                verbose_name="forslag",
                            ),
                        ),
                        (
                            "themes",
                            models.JSONField(blank=True, default=list, verbose_name="temaer"),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("draft", "Utkast"),
                                    ("submitted", "Sendt inn"),
                                    ("forwarded", "Videresendt til staten"),
                                    ("answered", "Besvart"),
                                    ("closed", "Avsluttet"),
                                ],
                                default="draft",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "answer",
                            models.TextField(
                                blank=True, max_length=5000, verbose_name="svar fra staten"
                            ),
                        ),
                        (
                            "answered_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="besvart"),
                        ),
                        (
                            "outcome",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("regulation", "Endret regelverk"),
                                    ("guidance", "Endret veiledning"),
                                    ("funding", "Endret finansiering eller virkemidler"),
                                    ("other", "Annen endring"),
                                    ("none", "Ingen endring"),
                                ],
                                max_length=12,
                                verbose_name="hva endret seg",
                            ),
                        ),
                        (
                            "outcome_text",
                            models.TextField(
                                blank=True, max_length=3000, verbose_name="om endringen"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="opprettet"
                            ),
                        ),
                        (
                            "submitted_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="sendt inn"),
                        ),
                        ("is_demo", models.BooleanField(default=False, verbose_name="demodata")),
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
                            "addressee",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="accounts.organisation",
                                verbose_name="til (departement eller direktorat)",
                            ),
                        ),
                        (
                            "answered_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="besvart av",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="opprettet av",
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
                            "network",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="networks.network",
                                verbose_name="nettverk",
                            ),
                        ),
                        (
                            "programme",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="programmes.programme",
                                verbose_name="program",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical innspill til nasjonal politikk",
                        "verbose_name_plural": "historical innspill til nasjonal politikk",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                        "db_table": "dialogue_historicalpolicyinput",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="PolicyInput",
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
                            "problem",
                            models.TextField(
                                help_text="Hva i nasjonale rammer eller virkemidler hindrer kommunene?",
                                max_length=5000,
                                verbose_name="problem",
                            ),
                        ),
                        (
                            "proposal",
                            models.TextField(
                                help_text="Hva foreslår dere at staten endrer?",
                                max_length=5000,
                                verbose_name="forslag",
                            ),
                        ),
                        (
                            "themes",
                            models.JSONField(blank=True, default=list, verbose_name="temaer"),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("draft", "Utkast"),
                                    ("submitted", "Sendt inn"),
                                    ("forwarded", "Videresendt til staten"),
                                    ("answered", "Besvart"),
                                    ("closed", "Avsluttet"),
                                ],
                                default="draft",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "answer",
                            models.TextField(
                                blank=True, max_length=5000, verbose_name="svar fra staten"
                            ),
                        ),
                        (
                            "answered_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="besvart"),
                        ),
                        (
                            "outcome",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("regulation", "Endret regelverk"),
                                    ("guidance", "Endret veiledning"),
                                    ("funding", "Endret finansiering eller virkemidler"),
                                    ("other", "Annen endring"),
                                    ("none", "Ingen endring"),
                                ],
                                max_length=12,
                                verbose_name="hva endret seg",
                            ),
                        ),
                        (
                            "outcome_text",
                            models.TextField(
                                blank=True, max_length=3000, verbose_name="om endringen"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="opprettet"
                            ),
                        ),
                        (
                            "submitted_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="sendt inn"),
                        ),
                        ("is_demo", models.BooleanField(default=False, verbose_name="demodata")),
                        (
                            "addressee",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="policy_inputs_received",
                                to="accounts.organisation",
                                verbose_name="til (departement eller direktorat)",
                            ),
                        ),
                        (
                            "answered_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="besvart av",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="opprettet av",
                            ),
                        ),
                        (
                            "examples",
                            models.ManyToManyField(
                                blank=True,
                                related_name="policy_inputs",
                                to="ideabank.example",
                                verbose_name="eksempler som underbygger innspillet",
                            ),
                        ),
                        (
                            "indicators",
                            models.ManyToManyField(
                                blank=True,
                                related_name="policy_inputs",
                                to="indicators.indicator",
                                verbose_name="indikatorer som underbygger innspillet",
                            ),
                        ),
                        (
                            "municipality",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="policy_inputs",
                                to="registry.municipality",
                                verbose_name="kommune",
                            ),
                        ),
                        (
                            "network",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="policy_inputs",
                                to="networks.network",
                                verbose_name="nettverk",
                            ),
                        ),
                        (
                            "programme",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="policy_inputs",
                                to="programmes.programme",
                                verbose_name="program",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "innspill til nasjonal politikk",
                        "verbose_name_plural": "innspill til nasjonal politikk",
                        "ordering": ["-submitted_at", "-created_at"],
                        "db_table": "dialogue_policyinput",
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalPolicyInput_indicators",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                        (
                            "history",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                to="policy.historicalpolicyinput",
                            ),
                        ),
                        (
                            "indicator",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                db_tablespace="",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="indicators.indicator",
                            ),
                        ),
                        (
                            "policyinput",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                db_tablespace="",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="policy.policyinput",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "HistoricalPolicyInput_indicators",
                        "db_table": "dialogue_historicalpolicyinput_indicators",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalPolicyInput_examples",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                        (
                            "example",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                db_tablespace="",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="ideabank.example",
                            ),
                        ),
                        (
                            "history",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                to="policy.historicalpolicyinput",
                            ),
                        ),
                        (
                            "policyinput",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                db_tablespace="",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="policy.policyinput",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "HistoricalPolicyInput_examples",
                        "db_table": "dialogue_historicalpolicyinput_examples",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="PolicyInputStatusChange",
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
                            "from_status",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("draft", "Utkast"),
                                    ("submitted", "Sendt inn"),
                                    ("forwarded", "Videresendt til staten"),
                                    ("answered", "Besvart"),
                                    ("closed", "Avsluttet"),
                                ],
                                max_length=10,
                                verbose_name="fra status",
                            ),
                        ),
                        (
                            "to_status",
                            models.CharField(
                                choices=[
                                    ("draft", "Utkast"),
                                    ("submitted", "Sendt inn"),
                                    ("forwarded", "Videresendt til staten"),
                                    ("answered", "Besvart"),
                                    ("closed", "Avsluttet"),
                                ],
                                max_length=10,
                                verbose_name="til status",
                            ),
                        ),
                        (
                            "at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="tidspunkt"
                            ),
                        ),
                        (
                            "comment",
                            models.TextField(blank=True, max_length=3000, verbose_name="kommentar"),
                        ),
                        (
                            "by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="av",
                            ),
                        ),
                        (
                            "policy_input",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="status_changes",
                                to="policy.policyinput",
                                verbose_name="innspill",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "statusendring for innspill",
                        "verbose_name_plural": "statusendringer for innspill",
                        "ordering": ["policy_input", "at", "pk"],
                        "db_table": "dialogue_policyinputstatuschange",
                    },
                ),
                migrations.AddConstraint(
                    model_name="policyinput",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("municipality__isnull", False),
                                ("network__isnull", True),
                                ("programme__isnull", True),
                            ),
                            models.Q(
                                ("municipality__isnull", True),
                                ("network__isnull", False),
                                ("programme__isnull", True),
                            ),
                            models.Q(
                                ("municipality__isnull", True),
                                ("network__isnull", True),
                                ("programme__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="policy_input_has_exactly_one_sender",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="policyinput",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status__in", ["answered", "closed"]), _negated=True),
                            models.Q(
                                models.Q(("answer", ""), _negated=True),
                                models.Q(("outcome", ""), _negated=True),
                            ),
                            _connector="OR",
                        ),
                        name="policy_input_answer_has_text_and_outcome",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="policyinput",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("status", "draft"), ("submitted_at__isnull", False), _connector="OR"
                        ),
                        name="policy_input_submitted_has_date",
                    ),
                ),
            ],
        ),
    ]
