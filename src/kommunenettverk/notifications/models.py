from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    """One email to one recipient in the outbox: queued when a service decides to send it,
    sent by a task (notifications.tasks) with retries, and never sent twice for the same
    `key` (one message per recipient and purpose). Attachments are kept as base64 in JSON:
    `[{"filename", "mimetype", "content"}]`. `about` says what the message is about (the
    invitation, the subscription …) so pages can show whether it went out."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("i kø")
        SENDING = "sending", _("sendes")
        SENT = "sent", _("sendt")
        FAILED = "failed", _("feilet")

    key = models.CharField(_("nøkkel"), max_length=400, unique=True)
    kind = models.CharField(_("type"), max_length=60)
    to = models.EmailField(_("mottaker"), max_length=254)
    subject = models.CharField(_("emne"), max_length=300)
    body = models.TextField(_("tekst"))
    html = models.TextField(_("HTML"), blank=True)
    attachments = models.JSONField(_("vedlegg"), default=list, blank=True)
    about_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    reference = models.CharField(_("gjelder"), max_length=200, blank=True)
    # The signed address a reply goes to (notifications.inbound), when replies are taken.
    reply_to = models.CharField(_("svar til"), max_length=254, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    last_error = models.TextField(_("siste feil"), blank=True)
    created_at = models.DateTimeField(_("lagt i kø"), auto_now_add=True)
    # When the worker last showed life with this row (queued, claimed), or when it is next to
    # be tried; core.jobs recovers rows whose time is long past (core/jobs.py).
    heartbeat_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(_("neste forsøk"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("e-post")
        verbose_name_plural = _("e-post (utboks)")
        indexes = [
            models.Index(fields=["status", "heartbeat_at"], name="notif_message_due"),
            models.Index(fields=["about_type", "about_id"], name="notif_message_about"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to} ({self.status})"


class Frequency(models.TextChoices):
    """How a person wants notices of one kind: email at once, in the daily digest, or not at
    all. Not at all means no notice in the platform either."""

    NOW = "now", _("Med en gang")
    DIGEST = "digest", _("Daglig oppsummering")
    NEVER = "never", _("Aldri")


class Notice(models.Model):
    """One notice to one person in the platform ("Varsler"): a hand-off that asks them to act.
    `email` is how it goes by email (now, or in the digest of its day); `digest_key` is the
    outbox key of the digest that carried it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mottaker"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    kind = models.CharField(_("type"), max_length=60)
    text = models.CharField(_("tekst"), max_length=300)
    link = models.CharField(_("lenke"), max_length=400)
    about_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    email = models.CharField(
        _("e-post"), max_length=8, choices=Frequency.choices, default=Frequency.NOW
    )
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    read_at = models.DateTimeField(_("lest"), null=True, blank=True)
    digest_key = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("varsel")
        verbose_name_plural = _("varsler")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notif_notice_unread"),
            models.Index(fields=["email", "digest_key", "created_at"], name="notif_notice_digest"),
        ]

    def __str__(self) -> str:
        return f"{self.text} → {self.recipient_id}"


class NoticePreference(models.Model):
    """A person's choice for one kind of notice; without a row the choice is "now"."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruker"),
        on_delete=models.CASCADE,
        related_name="notice_preferences",
    )
    kind = models.CharField(_("type"), max_length=60)
    delivery = models.CharField(
        _("varsling"), max_length=8, choices=Frequency.choices, default=Frequency.NOW
    )

    class Meta:
        verbose_name = _("varslingsvalg")
        verbose_name_plural = _("varslingsvalg")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="unique_notice_preference")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.delivery}"


class InboundMessage(models.Model):
    """One reply by email, as the LMTP listener (`manage.py mail_receive`) took it: the raw
    message, who sent it (checked against the signed reply address) and what it answers. A
    task (notifications.tasks.inbound_message_process_task) hands the reply text to the
    object's reply handler (notifications.inbound). `key` is the Message-ID (or the message's
    hash) with the reply address, so a message delivered again makes no second answer. The raw
    message is emptied once it is handled; rows go after REPLY_MAX_AGE_DAYS, when the address
    it was sent to no longer works anyway (services.inbound_messages_prune)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("i kø")
        RUNNING = "running", _("behandles")
        DONE = "done", _("lagret")
        REFUSED = "refused", _("avvist")
        FAILED = "failed", _("feilet")

    key = models.CharField(_("nøkkel"), max_length=64, unique=True)
    message_id = models.CharField(_("Message-ID"), max_length=300, blank=True)
    recipient = models.CharField(_("svaradresse"), max_length=254)
    sender = models.CharField(_("avsender"), max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruker"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    about_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    about_id = models.PositiveBigIntegerField(null=True)
    raw = models.BinaryField(_("e-post"), editable=False)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    heartbeat_at = models.DateTimeField(default=timezone.now)
    error = models.TextField(_("grunn"), blank=True)
    received_at = models.DateTimeField(_("mottatt"), default=timezone.now)
    processed_at = models.DateTimeField(_("behandlet"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("svar på e-post")
        verbose_name_plural = _("svar på e-post (innboks)")
        indexes = [
            models.Index(fields=["status", "heartbeat_at"], name="notif_inbound_due"),
            models.Index(fields=["received_at"], name="notif_inbound_received"),
        ]

    def __str__(self) -> str:
        return f"{self.sender} → {self.recipient[:30]}… ({self.status})"
