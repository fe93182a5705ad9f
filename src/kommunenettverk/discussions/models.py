"""Threads in a network (a question, a draft for feedback, a call for partners), the posts that
answer them, comments on a colleague's goal, measure or development project, and attachments.

User text is stored as typed (plain text, never HTML) and always rendered escaped.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kommunenettverk.accounts.models import Organisation
from kommunenettverk.ideabank.models import Example
from kommunenettverk.indicators.models import Indicator
from kommunenettverk.networks.models import DevelopmentProject, Network
from kommunenettverk.plans.models import Goal, Measure
from kommunenettverk.registry.models import Municipality


class Thread(models.Model):
    """A conversation started in a network by one of its members (or its adviser)."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Spørsmål")
        FEEDBACK = "feedback", _("Utkast til innspill")
        PARTNERS = "partners", _("Søker samarbeidspartnere")

    class Audience(models.TextChoices):
        NETWORK = "network", _("Nettverket")
        PROGRAMME = "programme", _("Alle nettverk i programmet")

    network = models.ForeignKey(
        Network, verbose_name=_("nettverk"), on_delete=models.CASCADE, related_name="threads"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.QUESTION)
    title = models.CharField(_("tittel"), max_length=200)
    body = models.TextField(_("tekst"), max_length=10_000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("spurt av"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="discussion_threads",
    )
    # The member municipality the asker spoke for (none when the adviser started the thread).
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="discussion_threads",
    )
    audience = models.CharField(
        _("spurt i"), max_length=20, choices=Audience.choices, default=Audience.NETWORK
    )
    # A resource partner (an organisation of the partner directory) asked to answer too.
    partner = models.ForeignKey(
        Organisation,
        verbose_name=_("ressursmiljø spurt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="discussion_threads",
    )
    measures = models.ManyToManyField(
        Measure, verbose_name=_("tiltak"), blank=True, related_name="+"
    )
    projects = models.ManyToManyField(
        DevelopmentProject, verbose_name=_("utviklingsprosjekter"), blank=True, related_name="+"
    )
    examples = models.ManyToManyField(
        Example, verbose_name=_("eksempler"), blank=True, related_name="+"
    )
    indicators = models.ManyToManyField(
        Indicator, verbose_name=_("indikatorer"), blank=True, related_name="+"
    )
    pinned = models.BooleanField(_("festet"), default=False)
    closed_at = models.DateTimeField(_("lukket"), null=True, blank=True)
    summary = models.TextField(_("sammendrag"), blank=True, max_length=5_000)
    summary_published_at = models.DateTimeField(_("sammendrag publisert"), null=True, blank=True)
    example = models.ForeignKey(
        Example,
        verbose_name=_("utkast i idébanken"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_threads",
    )
    created_at = models.DateTimeField(_("startet"), default=timezone.now)
    last_post_at = models.DateTimeField(_("siste innlegg"), default=timezone.now)
    # Search: the visible answers as one text (both databases), and on PostgreSQL the weighted
    # 'norwegian' tsvector (GIN index in the initial migration; SQLite uses an FTS5 twin).
    answers_text = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-pinned", "-last_post_at", "-pk"]
        verbose_name = _("tråd")
        verbose_name_plural = _("tråder")
        indexes = [models.Index(fields=["network", "-last_post_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("discussions:thread_detail", args=[self.pk])

    def permission_scopes(self) -> list[Any]:
        """The municipality's scopes (its coordinator turns the thread into an example)."""
        return self.municipality.permission_scopes() if self.municipality else []

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


_ABOUT = ("thread", "goal", "measure", "project")


def _exactly_one() -> models.Q:
    """Exactly one of the four things a post is about is set."""
    condition = models.Q()
    for chosen in _ABOUT:
        condition |= models.Q(**{f"{name}__isnull": name != chosen for name in _ABOUT})
    return condition


class Post(models.Model):
    """An answer in a thread, or a comment on a goal, measure or development project (exactly
    one of the four); `parent` makes replies to replies. `network` is the network in which it
    was written: its adviser moderates it and its members see it."""

    network = models.ForeignKey(
        Network, verbose_name=_("nettverk"), on_delete=models.CASCADE, related_name="+"
    )
    thread = models.ForeignKey(
        Thread,
        verbose_name=_("tråd"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="posts",
    )
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.CASCADE, related_name="discussion_posts"
    )
    measure = models.ForeignKey(
        Measure, null=True, blank=True, on_delete=models.CASCADE, related_name="discussion_posts"
    )
    project = models.ForeignKey(
        DevelopmentProject,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="discussion_posts",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("svar på"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skrevet av"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="discussion_posts",
    )
    # Whom the author spoke for: a member municipality, or an organisation (a partner).
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("innlegg"), max_length=10_000)
    helpful = models.BooleanField(_("hjalp"), default=False)
    created_at = models.DateTimeField(_("skrevet"), default=timezone.now)
    hidden_at = models.DateTimeField(_("skjult"), null=True, blank=True)
    hidden_reason = models.CharField(_("grunn til å skjule"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("innlegg")
        verbose_name_plural = _("innlegg")
        constraints = [
            models.CheckConstraint(condition=_exactly_one(), name="post_about_exactly_one"),
        ]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def about(self) -> models.Model:
        found = self.thread or self.goal or self.measure or self.project
        assert found is not None  # the check constraint holds one
        return found

    @property
    def speaks_for(self) -> str:
        if self.municipality_id:
            return self.municipality.name  # type: ignore[union-attr]  # checked
        return str(self.organisation) if self.organisation_id else ""


def attachment_path(instance: Attachment, filename: str) -> str:
    # A random folder keeps names unguessable and lets two files share a name.
    return f"diskusjoner/{instance.thread_id}/{secrets.token_hex(8)}/{filename}"


class Attachment(models.Model):
    """A checked file on a thread or on one of its posts."""

    thread = models.ForeignKey(
        Thread, verbose_name=_("tråd"), on_delete=models.CASCADE, related_name="attachments"
    )
    post = models.ForeignKey(
        Post,
        verbose_name=_("innlegg"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    name = models.CharField(_("filnavn"), max_length=200)
    file = models.FileField(_("fil"), upload_to=attachment_path, max_length=300)
    kind = models.CharField(_("filtype"), max_length=20)
    size = models.PositiveIntegerField(_("størrelse (byte)"))
    uploaded_at = models.DateTimeField(_("lastet opp"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("vedlegg")
        verbose_name_plural = _("vedlegg")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("discussions:attachment_download", args=[self.pk])
