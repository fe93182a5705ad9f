from __future__ import annotations

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
