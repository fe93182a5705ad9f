from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kommunenettverk.core.forms import DsFormMixin
from kommunenettverk.reports.models import ReportJob


class ReportJobForm(DsFormMixin, forms.Form):
    fmt = forms.ChoiceField(
        label=_("Format"),
        choices=ReportJob.Format.choices,
        widget=forms.RadioSelect,
        initial=ReportJob.Format.PDF,
        error_messages={"required": _("Velg PDF eller regneark.")},
    )
