from __future__ import annotations

import math
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kommunenettverk.core.forms import DsFormMixin
from kommunenettverk.core.uploads import upload_size_check
from kommunenettverk.indicators.models import Indicator
from kommunenettverk.indicators.tabular import TabularError, xlsx_check
from kommunenettverk.programmes.models import ThemeCode as Theme


class NationalFilterForm(DsFormMixin, forms.Form):
    program = forms.ChoiceField(
        label=_("Deltakere i"),
        required=False,
        help_text=_("Kommuner med aktiv deltakelse i dag sammenlignes med de andre."),
    )
    tema = forms.ChoiceField(label=_("Tema"), required=False)
    indikator = forms.ChoiceField(label=_("Indikator"), required=False)

    def __init__(
        self,
        *args: Any,
        indicators: list[Indicator],
        programmes: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        programme = self.fields["program"]
        assert isinstance(programme, forms.ChoiceField)
        programme.choices = [*programmes, ("alle", _("Alle program"))]
        theme = self.fields["tema"]
        assert isinstance(theme, forms.ChoiceField)
        theme.choices = [("", _("Alle temaer")), *Theme.choices]
        indicator = self.fields["indikator"]
        assert isinstance(indicator, forms.ChoiceField)
        indicator.choices = [(i.code, i.name) for i in indicators]


class ImportUploadForm(DsFormMixin, forms.Form):
    """A file of indicator values and how to read it (the column mapping)."""

    file = forms.FileField(
        label=_("Fil"),
        help_text=_("CSV, XLSX eller JSON-stat 2.0 (fra SSB eller FHI)."),
    )
    indicator_code = forms.ChoiceField(
        label=_("Indikator for hele filen"),
        required=False,
        help_text=_("Velg når filen har én indikator. Ellers: oppgi kolonnen med indikatorkode."),
    )
    indicator = forms.CharField(
        label=_("Kolonne med indikatorkode"), required=False, max_length=100
    )
    area = forms.CharField(
        label=_("Kolonne med kommune-, fylkes- eller landsnummer"),
        initial="kommunenummer",
        max_length=100,
        required=False,
    )
    period = forms.CharField(
        label=_("Kolonne med år eller periode"), initial="år", max_length=100, required=False
    )
    value = forms.CharField(
        label=_("Kolonne med verdi"), initial="verdi", max_length=100, required=False
    )
    status = forms.CharField(
        label=_("Kolonne med statuskode (. .. :)"), required=False, max_length=100
    )
    strict = forms.BooleanField(label=_("Avvis hele filen hvis én rad er feil"), required=False)

    def __init__(self, *args: Any, indicators: list[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["indicator_code"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", _("Flere – se kolonnen under")),
            *[(i.code, i.name) for i in indicators],
        ]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".txt", ".xlsx", ".json")):
            raise forms.ValidationError(_("Filen må være .csv, .xlsx eller .json (JSON-stat)."))
        # The one upload size limit (core.uploads), then an XLSX file's unpacked size, rows and
        # columns, refused here at once rather than in the import job.
        upload_size_check(upload, name=upload.name)
        if name.endswith(".xlsx"):
            try:
                xlsx_check(upload)
            except TabularError as error:
                raise forms.ValidationError(str(error)) from None
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        tabular = upload is not None and not upload.name.lower().endswith(".json")
        if tabular:
            for name in ("area", "period", "value"):
                if not data.get(name):
                    self.add_error(name, _("Oppgi kolonnen for CSV- og XLSX-filer."))
            if not data.get("indicator") and not data.get("indicator_code"):
                self.add_error(
                    "indicator",
                    _("Oppgi kolonnen med indikatorkode, eller velg én indikator for hele filen."),
                )
        return data


class GoalIndicatorForm(DsFormMixin, forms.Form):
    """An indicator for a goal with its baseline and target (services.goal_indicator_save)."""

    indicator = forms.ChoiceField(label=_("Indikator"))
    baseline_year = forms.IntegerField(
        label=_("Basisår"), min_value=1990, max_value=2100, help_text=_("For eksempel 2019.")
    )
    baseline_value = forms.FloatField(
        label=_("Verdi i basisåret"),
        required=False,
        help_text=_("La feltet stå tomt for å bruke kommunens egen verdi i basisåret."),
    )
    target_year = forms.IntegerField(label=_("Målår"), min_value=1990, max_value=2100)
    target_value = forms.FloatField(
        label=_("Målverdi"), help_text=_("Verdien kommunen vil nå innen målåret.")
    )

    def __init__(self, *args: Any, indicators: list[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["indicator"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Velg indikator")), *[(i.code, i.name) for i in indicators]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("baseline_value", "target_value"):
            value = data.get(name)
            if value is not None and not math.isfinite(value):
                self.add_error(name, _("Oppgi et tall."))
        start, end = data.get("baseline_year"), data.get("target_year")
        if start is not None and end is not None and end <= start:
            self.add_error("target_year", _("Målåret må komme etter basisåret."))
        return data
