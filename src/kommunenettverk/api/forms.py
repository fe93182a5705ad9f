from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kommunenettverk.core.forms import DsFormMixin


class ApiTokenForm(DsFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Navn på nøkkelen"),
        max_length=100,
        help_text=_("For eksempel «Fagsystem for tiltaksoppfølging»."),
    )
