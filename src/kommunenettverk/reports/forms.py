from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kommunenettverk.core.forms import DsFormMixin
from kommunenettverk.registry.models import KsRegion
from kommunenettverk.reports.models import ReportJob


class ReportJobForm(DsFormMixin, forms.Form):
    fmt = forms.ChoiceField(
        label=_("Format"),
        choices=ReportJob.Format.choices,
        widget=forms.RadioSelect,
        initial=ReportJob.Format.PDF,
        error_messages={"required": _("Velg PDF eller regneark.")},
    )
    region = forms.ModelChoiceField(
        queryset=KsRegion.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.HiddenInput,
    )


class RegionForm(DsFormMixin, forms.Form):
    """The national report for the whole programme or one KS region."""

    region = forms.ModelChoiceField(
        label=_("KS-region"),
        queryset=KsRegion.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_("Hele programmet"),
    )
