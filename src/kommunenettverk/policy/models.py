"""Policy input to the state from a municipality, a network or the programme, and its status
history (one `PolicyInputStatusChange` row per move)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kommunenettverk.accounts.models import Organisation
from kommunenettverk.registry.models import Municipality


class PolicyInputQuerySet(models.QuerySet["PolicyInput"]):
    def public(self) -> PolicyInputQuerySet:
        """Input that has been submitted (drafts are the sender's own until then)."""
        return self.exclude(status=PolicyInput.Status.DRAFT)


def addressee_kinds() -> list[str]:
    """The kinds of organisation policy input can be addressed to."""
    return [Organisation.Kind.MINISTRY, Organisation.Kind.DIRECTORATE]


class PolicyInput(models.Model):
    """Input on national frameworks and instruments from one municipality, one network or the
    programme, addressed to a ministry or directorate. `status` is the current step; every
    step is a `PolicyInputStatusChange` row (services.POLICY_INPUT_MOVES lists the moves)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Sendt inn")
        FORWARDED = "forwarded", _("Videresendt til staten")
        REVIEWING = "reviewing", _("Under vurdering")
        ANSWERED = "answered", _("Besvart")
        CLOSED = "closed", _("Avsluttet")

    class Outcome(models.TextChoices):
        REGULATION = "regulation", _("Endret regelverk")
        GUIDANCE = "guidance", _("Endret veiledning")
        FUNDING = "funding", _("Endret finansiering eller virkemidler")
        OTHER = "other", _("Annen endring")
        NONE = "none", _("Ingen endring")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policy_inputs",
    )
    network = models.ForeignKey(
        "networks.Network",
        verbose_name=_("nettverk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policy_inputs",
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policy_inputs",
    )
    title = models.CharField(_("tittel"), max_length=200)
    problem = models.TextField(
        _("problem"),
        max_length=5000,
        help_text=_("Hva i nasjonale rammer eller virkemidler hindrer kommunene?"),
    )
    proposal = models.TextField(
        _("forslag"), max_length=5000, help_text=_("Hva foreslår dere at staten endrer?")
    )
    addressee = models.ForeignKey(
        Organisation,
        verbose_name=_("til (departement eller direktorat)"),
        on_delete=models.PROTECT,
        related_name="policy_inputs_received",
    )
    themes = models.JSONField(_("temaer"), default=list, blank=True)
    examples = models.ManyToManyField(
        "ideabank.Example",
        verbose_name=_("eksempler som underbygger innspillet"),
        blank=True,
        related_name="policy_inputs",
    )
    indicators = models.ManyToManyField(
        "indicators.Indicator",
        verbose_name=_("indikatorer som underbygger innspillet"),
        blank=True,
        related_name="policy_inputs",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    answer = models.TextField(_("svar fra staten"), max_length=5000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besvart av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("besvart"), null=True, blank=True)
    answered_for = models.ForeignKey(
        Organisation,
        verbose_name=_("besvart på vegne av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policy_inputs_answered",
        help_text=_("Det statlige organet svaret kommer fra (den som svarte representerer det)."),
    )
    outcome = models.CharField(
        _("hva endret seg"), max_length=12, choices=Outcome.choices, blank=True
    )
    outcome_text = models.TextField(_("om endringen"), max_length=3000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opprettet av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    submitted_at = models.DateTimeField(_("sendt inn"), null=True, blank=True)
    is_demo = models.BooleanField(_("demodata"), default=False)

    history = HistoricalRecords(m2m_fields=[examples, indicators])
    objects = PolicyInputQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        verbose_name = _("innspill til nasjonal politikk")
        verbose_name_plural = _("innspill til nasjonal politikk")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        municipality__isnull=False, network__isnull=True, programme__isnull=True
                    )
                    | models.Q(
                        municipality__isnull=True, network__isnull=False, programme__isnull=True
                    )
                    | models.Q(
                        municipality__isnull=True, network__isnull=True, programme__isnull=False
                    )
                ),
                name="policy_input_has_exactly_one_sender",
            ),
            # The answer needs its text; what changed is asked when the input is closed.
            models.CheckConstraint(
                condition=~models.Q(status__in=["answered", "closed"]) | ~models.Q(answer=""),
                name="policy_input_answer_has_text",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="closed") | ~models.Q(outcome=""),
                name="policy_input_closed_has_outcome",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(submitted_at__isnull=False),
                name="policy_input_submitted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("policy_input:detail", args=[self.pk])

    @property
    def sender(self) -> models.Model:
        sender = self.municipality or self.network or self.programme
        assert sender is not None
        return sender

    @property
    def sender_kind(self) -> str:
        if self.municipality_id:
            return "municipality"
        return "network" if self.network_id else "programme"

    @property
    def sender_label(self) -> str:
        if self.municipality is not None:
            return str(_("%(name)s kommune") % {"name": self.municipality.name_nb})
        if self.network_id:
            return str(_("Nettverket %(name)s") % {"name": self.sender})
        return str(_("Programmet %(name)s") % {"name": self.sender})

    @property
    def theme_labels(self) -> list[str]:
        from kommunenettverk.programmes.models import ThemeCode

        labels = dict(ThemeCode.choices)
        return [str(labels.get(code, code)) for code in self.themes]

    def permission_scopes(self) -> list[object]:
        """The sender's scopes (a municipality's, a network's); roles over the addressee are
        checked by the rules on the addressee alone (policy.rules)."""
        if self.municipality is not None:
            return [*self.municipality.permission_scopes()]
        if self.network is not None:
            return [*self.network.permission_scopes()]
        return []


class PolicyInputStatusChange(models.Model):
    """One step of a policy input: who moved it from which status to which, when, and why."""

    policy_input = models.ForeignKey(
        PolicyInput,
        verbose_name=_("innspill"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(
        _("fra status"), max_length=10, choices=PolicyInput.Status.choices, blank=True
    )
    to_status = models.CharField(_("til status"), max_length=10, choices=PolicyInput.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    comment = models.TextField(_("kommentar"), max_length=3000, blank=True)

    class Meta:
        ordering = ["policy_input", "at", "pk"]
        verbose_name = _("statusendring for innspill")
        verbose_name_plural = _("statusendringer for innspill")

    def __str__(self) -> str:
        return f"{self.policy_input}: {self.from_status or '–'} → {self.to_status}"
