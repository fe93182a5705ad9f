"""Core's tables: the one-time tokens of create forms (`core.submissions`) and the claims of
scheduled runs (`core.schedule`). No domain here."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FormSubmission(models.Model):
    """A create form's one-time token, written in the same transaction as what the form
    created, with where that is: a second post of the same form finds it and goes there."""

    token = models.CharField(_("skjemanøkkel"), max_length=64, unique=True)
    url = models.CharField(_("adresse"), max_length=500)
    created_at = models.DateTimeField(_("sendt"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("innsendt skjema")
        verbose_name_plural = _("innsendte skjemaer")

    def __str__(self) -> str:
        return self.url


class ScheduledRun(models.Model):
    """One scheduled task queued for one period (`core.schedule`): the unique pair is the
    claim that lets only one of several workers queue it."""

    name = models.CharField(_("plan"), max_length=100)
    period = models.CharField(_("periode"), max_length=20)
    queued_at = models.DateTimeField(_("lagt i kø"), auto_now_add=True)

    class Meta:
        verbose_name = _("planlagt kjøring")
        verbose_name_plural = _("planlagte kjøringer")
        constraints = [
            models.UniqueConstraint(fields=["name", "period"], name="scheduled_run_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.period}"
