"""Core's one table: the one-time tokens of create forms (`core.submissions`). No domain here."""

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
