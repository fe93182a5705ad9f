from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kommunenettverk.core.forms import DsFormMixin
from kommunenettverk.indicators.models import Indicator, Theme


class NationalFilterForm(DsFormMixin, forms.Form):
    tema = forms.ChoiceField(label=_("Tema"), required=False)
    indikator = forms.ChoiceField(label=_("Indikator"), required=False)

    def __init__(self, *args: Any, indicators: list[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        theme = self.fields["tema"]
        assert isinstance(theme, forms.ChoiceField)
        theme.choices = [("", _("Alle temaer")), *Theme.choices]
        indicator = self.fields["indikator"]
        assert isinstance(indicator, forms.ChoiceField)
        indicator.choices = [(i.code, i.name) for i in indicators]
