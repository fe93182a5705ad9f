"""Networks, memberships, gatherings (agenda, invitations, registrations, documents,
evaluations) and development projects with milestones."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kommunenettverk.accounts.models import Organisation
from kommunenettverk.programmes.models import Participation, Programme, Theme
from kommunenettverk.registry.models import KsRegion, Municipality


class Network(models.Model):
    """A network of participating municipalities in one programme and one KS region, led by
    a regional adviser. Members are `NetworkMembership` rows (with join and leave dates)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("program"), on_delete=models.PROTECT, related_name="networks"
    )
    ks_region = models.ForeignKey(
        KsRegion, verbose_name=_("KS-region"), on_delete=models.PROTECT, related_name="networks"
    )
    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(_("kortnavn"), max_length=80, unique=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rådgiver"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_networks",
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("temaer"), blank=True, related_name="networks"
    )
    established_on = models.DateField(_("etablert"))

    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        ordering = ["programme", "name"]
        verbose_name = _("nettverk")
        verbose_name_plural = _("nettverk")
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="unique_network_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("networks:network_detail", args=[self.slug])

    def permission_scopes(self) -> list[Any]:
        """Roles held over the network itself or over its KS region reach it."""
        return [self, self.ks_region]


class NetworkMembership(models.Model):
    """A participation was a member of a network from `joined_on` until `left_on`."""

    network = models.ForeignKey(
        Network, verbose_name=_("nettverk"), on_delete=models.CASCADE, related_name="memberships"
    )
    participation = models.ForeignKey(
        Participation,
        verbose_name=_("deltakelse"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    joined_on = models.DateField(_("med fra"))
    left_on = models.DateField(_("gikk ut"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["network", "joined_on", "pk"]
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.UniqueConstraint(
                fields=["participation"],
                condition=models.Q(left_on__isnull=True),
                name="one_current_network_per_participation",
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(left_on__gte=models.F("joined_on")),
                name="membership_left_after_joined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participation.participant_name} i {self.network}"


class Gathering(models.Model):
    """A gathering (samling) of a network: number, time, place, agenda and minutes. A
    dialogue forum or consultation with the state is a gathering of its own kind, with the
    state bodies invited and present, its outcomes and its follow-up actions."""

    class Kind(models.TextChoices):
        GATHERING = "gathering", _("Nettverkssamling")
        DIALOGUE_FORUM = "dialogue_forum", _("Dialogforum med staten")
        CONSULTATION = "consultation", _("Konsultasjon med staten")

    network = models.ForeignKey(
        Network, verbose_name=_("nettverk"), on_delete=models.CASCADE, related_name="gatherings"
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("tittel"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    place = models.CharField(_("sted"), max_length=200)
    minutes = models.TextField(_("referat"), blank=True)
    invitations_sent_at = models.DateTimeField(_("invitasjoner sendt"), null=True, blank=True)
    kind = models.CharField(
        _("type møte"), max_length=20, choices=Kind.choices, default=Kind.GATHERING
    )
    state_bodies_invited = models.ManyToManyField(
        Organisation,
        verbose_name=_("statlige organer invitert"),
        blank=True,
        related_name="gatherings_invited_to",
    )
    state_bodies_present = models.ManyToManyField(
        Organisation,
        verbose_name=_("statlige organer til stede"),
        blank=True,
        related_name="gatherings_attended",
    )
    outcomes = models.TextField(_("resultater"), blank=True)
    # Delegations can be registered, changed and cancelled until this moment (until the
    # gathering starts when empty).
    registration_deadline = models.DateTimeField(_("påmeldingsfrist"), null=True, blank=True)
    # Confirmed places; those registered past it wait in line (empty: no limit).
    capacity = models.PositiveIntegerField(_("antall plasser"), null=True, blank=True)
    # Close-out, once the gathering has started (services.gathering_close_out).
    summary = models.TextField(_("oppsummering"), blank=True)
    minutes_public = models.BooleanField(_("referatet er offentlig"), default=False)
    adviser_evaluation = models.TextField(_("rådgiverens evaluering"), blank=True)
    closed_at = models.DateTimeField(_("avsluttet"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("avsluttet av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(m2m_fields=[state_bodies_invited, state_bodies_present])

    class Meta:
        ordering = ["network", "starts_at"]
        verbose_name = _("samling")
        verbose_name_plural = _("samlinger")
        constraints = [
            models.UniqueConstraint(fields=["network", "number"], name="unique_gathering_number"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="gathering_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.network}: samling {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("networks:gathering_detail", args=[self.network.slug, self.number])

    def permission_scopes(self) -> list[Any]:
        """The network's scopes and the municipalities invited (current members): a
        participant of a member municipality reaches the gathering."""
        scopes: list[Any] = [*self.network.permission_scopes()]
        for invitation in self.invitations.select_related(
            "participation__municipality__county", "participation__county"
        ):
            participation = invitation.participation
            scopes.append(participation.municipality or participation.county)
        return scopes


class AgendaItem(models.Model):
    """One item on a gathering's agenda."""

    class Kind(models.TextChoices):
        PROFESSIONAL_INPUT = "input", _("Faglig påfyll")
        INSPIRATION = "inspiration", _("Inspirasjon")
        EXCHANGE = "exchange", _("Erfaringsutveksling")

    gathering = models.ForeignKey(
        Gathering, verbose_name=_("samling"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    title = models.CharField(_("tittel"), max_length=200)
    start_time = models.TimeField(_("starter"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("varighet (minutter)"), null=True, blank=True
    )
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    presenter = models.CharField(_("innleder"), max_length=200, blank=True)
    partner = models.ForeignKey(
        Organisation,
        verbose_name=_("ressursmiljø"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["gathering", "order", "pk"]
        verbose_name = _("programpost")
        verbose_name_plural = _("programposter")

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    """A member municipality was invited to a gathering (and, once `emailed_at` is set, an
    email to each of its municipal coordinators and contacts is in the outbox; whether it went
    out is the outbox's row, notifications.Message, about this invitation)."""

    gathering = models.ForeignKey(
        Gathering, verbose_name=_("samling"), on_delete=models.CASCADE, related_name="invitations"
    )
    participation = models.ForeignKey(
        Participation,
        verbose_name=_("deltakelse"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    sent_at = models.DateTimeField(_("sendt"))
    # Set when the invitation's email was put in the outbox
    # (services.gathering_invitations_email); an invitation is queued once.
    emailed_at = models.DateTimeField(_("e-post lagt i kø"), null=True, blank=True)

    class Meta:
        ordering = ["gathering", "pk"]
        verbose_name = _("invitasjon")
        verbose_name_plural = _("invitasjoner")
        constraints = [
            models.UniqueConstraint(
                fields=["gathering", "participation"], name="unique_invitation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participation.participant_name} → {self.gathering}"


class AttendeeRole(models.TextChoices):
    ELECTED = "elected", _("Folkevalgt")
    MANAGER = "manager", _("Toppleder")
    PROFESSIONAL = "professional", _("Fagperson")
    OTHER = "other", _("Annen")


# Check-in codes: letters and digits that cannot be mistaken for each other (no 0/O, 1/I/L).
CHECK_IN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CHECK_IN_LENGTH = 6


def check_in_code_new() -> str:
    """A random check-in code (31^6, about 890 million codes; drawn with `secrets`)."""
    return "".join(secrets.choice(CHECK_IN_ALPHABET) for _ in range(CHECK_IN_LENGTH))


# The three roles every municipality should bring to a gathering.
KEY_ROLES = (AttendeeRole.ELECTED, AttendeeRole.MANAGER, AttendeeRole.PROFESSIONAL)


class Registration(models.Model):
    """One member of an invited municipality's delegation to a gathering: a person in a role,
    registered by the municipality's coordinator or by themselves (then `user` is that
    person). Confirmed, waiting for a place, or cancelled (kept, so the history shows who
    withdrew); `attended` is recorded afterwards (None until then)."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Påmeldt")
        WAITING = "waiting", _("På venteliste")
        CANCELLED = "cancelled", _("Avmeldt")

    gathering = models.ForeignKey(
        Gathering,
        verbose_name=_("samling"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    participation = models.ForeignKey(
        Participation,
        verbose_name=_("kommune"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="gathering_registrations",
    )
    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-post"), blank=True)
    role = models.CharField(_("rolle"), max_length=12, choices=AttendeeRole.choices)
    dietary_needs = models.CharField(_("behov for spesialkost"), max_length=200, blank=True)
    accessibility_needs = models.CharField(
        _("behov for tilrettelegging"), max_length=200, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("påmeldt av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attended = models.BooleanField(_("møtte"), null=True, blank=True)
    # Came without registering; added by the adviser on the spot (attended from the start).
    walk_in = models.BooleanField(_("uten påmelding"), default=False)
    # Shown to the person (and their coordinator); the adviser enters it at the door.
    check_in_code = models.CharField(
        _("innsjekkingskode"), max_length=12, default=check_in_code_new, editable=False
    )
    registered_at = models.DateTimeField(_("påmeldt"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("avmeldt"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["gathering", "participation", "role", "name"]
        verbose_name = _("påmelding")
        verbose_name_plural = _("påmeldinger")
        constraints = [
            models.UniqueConstraint(
                fields=["gathering", "user"],
                condition=models.Q(user__isnull=False) & ~models.Q(status="cancelled"),
                name="one_registration_per_user",
            ),
            models.UniqueConstraint(
                fields=["gathering", "check_in_code"], name="unique_check_in_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()}) – {self.gathering}"

    def permission_scopes(self) -> list[Any]:
        """The delegation's municipality: its coordinator manages the registration."""
        return self.participation.permission_scopes()


class GatheringDocument(models.Model):
    """A document from a gathering (presentation, hand-out)."""

    gathering = models.ForeignKey(
        Gathering, verbose_name=_("samling"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("tittel"), max_length=200)
    file = models.FileField(_("fil"), upload_to="samlinger/%Y/", blank=True, max_length=200)
    url = models.URLField(_("lenke"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["gathering", "title"]
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(file="") | ~models.Q(url=""),
                name="gathering_document_file_or_url",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Evaluation(models.Model):
    """A participant's short evaluation of a gathering (scores 1–5 and a comment)."""

    gathering = models.ForeignKey(
        Gathering, verbose_name=_("samling"), on_delete=models.CASCADE, related_name="evaluations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruker"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    usefulness = models.PositiveSmallIntegerField(_("nytte for kommunen"))
    organisation = models.PositiveSmallIntegerField(_("opplegg og gjennomføring"))
    exchange = models.PositiveSmallIntegerField(_("erfaringsutveksling"))
    comment = models.TextField(_("kommentar"), blank=True)
    submitted_at = models.DateTimeField(_("levert"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["gathering", "submitted_at"]
        verbose_name = _("evaluering")
        verbose_name_plural = _("evalueringer")
        constraints = [
            models.UniqueConstraint(fields=["gathering", "user"], name="one_evaluation_per_user"),
            *(
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"evaluation_{name}_1_to_5",
                )
                for name in ("usefulness", "organisation", "exchange")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gathering}: {self.usefulness}/{self.organisation}/{self.exchange}"


class FollowUpAction(models.Model):
    """A follow-up action agreed at a gathering (typically a dialogue forum with the state):
    what is to be done, by whom (a person, an organisation or both) and by when."""

    class Status(models.TextChoices):
        OPEN = "open", _("Åpen")
        DONE = "done", _("Utført")

    gathering = models.ForeignKey(
        Gathering, verbose_name=_("samling"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    text = models.CharField(_("oppfølgingspunkt"), max_length=300)
    owner_name = models.CharField(_("ansvarlig person"), max_length=200, blank=True)
    owner_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("ansvarlig organisasjon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    # A signed-in person responsible (the action is in their "Mine oppgaver").
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ansvarlig bruker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    deadline = models.DateField(_("frist"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    done_on = models.DateField(_("utført"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["gathering", "deadline", "pk"]
        verbose_name = _("oppfølgingspunkt")
        verbose_name_plural = _("oppfølgingspunkter")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(owner_name="") | models.Q(owner_organisation__isnull=False),
                name="follow_up_has_owner",
            ),
            models.CheckConstraint(
                condition=models.Q(status="open", done_on__isnull=True)
                | models.Q(status="done", done_on__isnull=False),
                name="follow_up_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def permission_scopes(self) -> list[Any]:
        return self.gathering.network.permission_scopes()

    @property
    def owner_label(self) -> str:
        parts = [self.owner_name, str(self.owner_organisation or "")]
        return ", ".join(p for p in parts if p)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Open and past its deadline."""
        return self.status == self.Status.OPEN and self.deadline < (today or timezone.localdate())


class GatheringOutcome(models.Model):
    """Something that came out of a gathering, linked by the adviser at close-out: a member's
    measure, a good-practice example (objects of apps above networks, so a generic link; the
    kinds are registered by those apps in `networks.outcomes`). `municipality` is the member
    it belongs to, for that municipality's "what we took home"."""

    gathering = models.ForeignKey(
        Gathering, verbose_name=_("samling"), on_delete=models.CASCADE, related_name="outcome_links"
    )
    kind = models.CharField(_("type"), max_length=20)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("lagt til"), auto_now_add=True)

    class Meta:
        ordering = ["gathering", "kind", "pk"]
        verbose_name = _("resultat av samling")
        verbose_name_plural = _("resultater av samlinger")
        constraints = [
            models.UniqueConstraint(
                fields=["gathering", "content_type", "object_id"], name="unique_gathering_outcome"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gathering}: {self.kind} {self.object_id}"


class DevelopmentProject(models.Model):
    """A development project in a network: for the whole network, some of its municipalities
    or one municipality (`participations` lists who takes part)."""

    class Scope(models.TextChoices):
        NETWORK = "network", _("Hele nettverket")
        SOME = "some", _("Noen av kommunene")
        ONE = "one", _("Én kommune")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        ONGOING = "ongoing", _("Pågår")
        COMPLETED = "completed", _("Fullført")
        STOPPED = "stopped", _("Avbrutt")

    network = models.ForeignKey(
        Network, verbose_name=_("nettverk"), on_delete=models.CASCADE, related_name="projects"
    )
    title = models.CharField(_("tittel"), max_length=200)
    slug = models.SlugField(_("kortnavn"), max_length=80)
    scope = models.CharField(_("omfang"), max_length=10, choices=Scope.choices)
    participations = models.ManyToManyField(
        Participation, verbose_name=_("kommuner"), blank=True, related_name="projects"
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("temaer"), blank=True, related_name="projects"
    )
    goals = models.TextField(_("mål"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    results = models.TextField(_("resultater"), blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("slutt"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[participations, themes])

    class Meta:
        ordering = ["network", "title"]
        verbose_name = _("utviklingsprosjekt")
        verbose_name_plural = _("utviklingsprosjekter")
        constraints = [
            models.UniqueConstraint(fields=["network", "slug"], name="unique_project_slug"),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="project_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("networks:project_detail", args=[self.network.slug, self.slug])

    def permission_scopes(self) -> list[Any]:
        return self.network.permission_scopes()


class Milestone(models.Model):
    """A milestone of a development project; `done_on` is set when reached."""

    project = models.ForeignKey(
        DevelopmentProject,
        verbose_name=_("prosjekt"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    title = models.CharField(_("milepæl"), max_length=200)
    due_on = models.DateField(_("frist"))
    done_on = models.DateField(_("nådd"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "due_on", "pk"]
        verbose_name = _("milepæl")
        verbose_name_plural = _("milepæler")

    def __str__(self) -> str:
        return self.title


class OnboardingJob(models.Model):
    """Two uploaded spreadsheets (participations, networks) moving a programme in, previewed
    or imported by a background worker (networks.services.onboarding); the page polls its
    progress. The report is what OnboardingReport.as_dict() gives."""

    class State(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("Kjører")
        DONE = "done", _("Ferdig")
        FAILED = "failed", _("Avvist")

    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    preview = models.BooleanField(_("forhåndsvisning"), default=True)
    participations_name = models.CharField(_("fil med deltakelser"), max_length=200, blank=True)
    participations_data = models.BinaryField(_("deltakelser"), blank=True, default=b"")
    networks_name = models.CharField(_("fil med nettverk"), max_length=200, blank=True)
    networks_data = models.BinaryField(_("nettverk"), blank=True, default=b"")
    state = models.CharField(_("status"), max_length=12, choices=State.choices, default="queued")
    progress = models.PositiveSmallIntegerField(_("fremdrift (%)"), default=0)
    message = models.CharField(_("melding"), max_length=300, blank=True)
    report = models.JSONField(_("rapport"), default=dict, blank=True)
    # Liveness (core.jobs): tries so far and the worker's last sign of life.
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    heartbeat_at = models.DateTimeField(_("siste livstegn"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("innflytting")
        verbose_name_plural = _("innflyttinger")

    def __str__(self) -> str:
        return f"{self.participations_name} {self.networks_name} ({self.state})".strip()

    @property
    def is_active(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)
