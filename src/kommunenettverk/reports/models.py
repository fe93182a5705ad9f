"""Report jobs: a large report file (the national programme report as PDF or XLSX) made by a
background worker, with its progress on the row so any web worker can show it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportJob(models.Model):
    """One requested report file: what to make (`kind`, `params`, `fmt`), how far the worker
    has come, and the finished file (or the error). Only its creator and the national
    coordinator download it (reports.selectors.report_job_get_for_user)."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("Nasjonal programrapport")

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", _("Regneark (XLSX)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("Lages")
        DONE = "done", _("Ferdig")
        FAILED = "failed", _("Feilet")
        CANCELLED = "cancelled", _("Avbrutt")

    kind = models.CharField(_("rapport"), max_length=12, choices=Kind.choices)
    fmt = models.CharField(_("format"), max_length=4, choices=Format.choices)
    params = models.JSONField(_("valg"), default=dict)
    title = models.CharField(_("tittel"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("fremdrift (%)"), default=0)
    message = models.CharField(_("melding"), max_length=300, blank=True)
    error = models.TextField(_("feil"), blank=True)
    filename = models.CharField(_("filnavn"), max_length=200, blank=True)
    content = models.BinaryField(_("fil"), default=b"")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bestilt av"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("bestilt"), auto_now_add=True)
    finished_at = models.DateTimeField(_("ferdig"), null=True, blank=True)
    # Liveness (core.jobs): tries so far and the worker's last sign of life.
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    heartbeat_at = models.DateTimeField(_("siste livstegn"), default=timezone.now)
    # "Avbryt" pressed while it runs: the worker stops at its next progress report.
    cancel_requested = models.BooleanField(_("avbrytes"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("rapportjobb")
        verbose_name_plural = _("rapportjobber")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="report_job_progress_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.fmt}, {self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.CANCELLED)

    @property
    def content_type(self) -> str:
        if self.fmt == self.Format.PDF:
            return "application/pdf"
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def permission_scopes(self) -> list[Any]:
        return []
