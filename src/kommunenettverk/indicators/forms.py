from __future__ import annotations

import math
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kommunenettverk.core.forms import DsFormMixin
from kommunenettverk.core.uploads import upload_size_check
from kommunenettverk.indicators.models import ImportRecipe, Indicator
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
    """A file of indicator values and how to read it: a saved import recipe, or the columns."""

    file = forms.FileField(
        label=_("Fil"),
        help_text=_("CSV, XLSX eller JSON-stat 2.0 (fra SSB eller FHI)."),
    )
    recipe = forms.ChoiceField(
        label=_("Importoppskrift"),
        required=False,
        help_text=_(
            "Velg oppskriften for kilden når filen kommer derfra; da brukes ikke kolonnene under."
        ),
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
        label=_("Kolonne med kommune, fylke eller hele landet (nummer eller navn)"),
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
        label=_("Kolonne med statuskode (. .. : -)"), required=False, max_length=100
    )

    def __init__(
        self,
        *args: Any,
        indicators: list[Indicator],
        recipes: list[ImportRecipe] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.recipes = {str(r.pk): r for r in recipes or []}
        recipe = self.fields["recipe"]
        assert isinstance(recipe, forms.ChoiceField)
        recipe.choices = [
            ("", _("Ingen – oppgi kolonnene under")),
            *[(pk, r.name) for pk, r in self.recipes.items()],
        ]
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
        data["recipe"] = self.recipes.get(data.get("recipe") or "")
        tabular = upload is not None and not upload.name.lower().endswith(".json")
        if tabular and data["recipe"] is None:
            for name in ("area", "period", "value"):
                if not data.get(name):
                    self.add_error(name, _("Oppgi kolonnen for CSV- og XLSX-filer."))
            if not data.get("indicator") and not data.get("indicator_code"):
                self.add_error(
                    "indicator",
                    _("Oppgi kolonnen med indikatorkode, eller velg én indikator for hele filen."),
                )
        return data


def _lines(text: str, field: str) -> list[tuple[str, str]]:
    """ "left = right" lines (blank lines skipped); a line without "=" is refused."""
    pairs = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        left, sep, right = line.partition("=")
        if not sep or not left.strip() or not right.strip():
            raise forms.ValidationError(
                _("Linje %(n)s i «%(field)s» må ha formen «venstre = høyre».")
                % {"n": number, "field": field}
            )
        pairs.append((left.strip(), right.strip()))
    return pairs


class ImportRecipeForm(DsFormMixin, forms.Form):
    """An import recipe: the filters, sums, flags and value columns are written one per line
    ("Kjønn = Kjønn samlet"), so the form needs no script."""

    name = forms.CharField(label=_("Navn"), max_length=120, help_text=_("Velges på importsiden."))
    source = forms.ChoiceField(label=_("Kilde"), choices=Indicator.Source.choices)
    description = forms.CharField(
        label=_("Beskrivelse"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hvor filen lastes ned, og hva den inneholder."),
    )
    source_url = forms.URLField(
        label=_("Nedlastingsadresse"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "Adressen kilden publiserer filen på. Da henter «fetch_indicators» den selv; "
            "tom når filen lastes ned for hånd."
        ),
    )
    indicator = forms.ChoiceField(
        label=_("Indikator for hele filen"),
        required=False,
        help_text=_("Tom når en kolonne har indikatorkoden, eller filen er bred per indikator."),
    )
    layout = forms.ChoiceField(label=_("Oppsett"), choices=ImportRecipe.Layout.choices)
    sheet = forms.CharField(label=_("Ark (XLSX)"), required=False, max_length=100)
    area_column = forms.CharField(
        label=_("Kolonne med område"),
        max_length=100,
        help_text=_(
            "Kommune- eller fylkesnummer, eller navnet i en hvilken som helst offisiell form."
        ),
    )
    county_column = forms.CharField(
        label=_("Kolonne med fylke"),
        required=False,
        max_length=100,
        help_text=_("Skiller kommuner med samme navn (Våler, Herøy)."),
    )
    period_column = forms.CharField(
        label=_("Kolonne med år eller periode"),
        required=False,
        max_length=100,
        help_text=_("Tom når filen har én kolonne per år."),
    )
    value_column = forms.CharField(
        label=_("Kolonne med verdi"),
        required=False,
        max_length=100,
        help_text=_("Tom når filen er bred."),
    )
    indicator_column = forms.CharField(
        label=_("Kolonne med indikatorkode"), required=False, max_length=100
    )
    status_column = forms.CharField(
        label=_("Kolonne med statuskode (. .. : -)"), required=False, max_length=100
    )
    flag_column = forms.CharField(
        label=_("Kolonne med flagg"),
        required=False,
        max_length=100,
        help_text=_("For eksempel FHIs SPVFLAGG."),
    )
    flags = forms.CharField(
        label=_("Flagg og symboler"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ett per linje: flagg = symbol, for eksempel «1 = ..» og «2 = :»."),
    )
    filters = forms.CharField(
        label=_("Filtre"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Ett per linje: kolonne = verdi, for eksempel «Kjønn = Kjønn samlet». Flere "
            "verdier skilles med |."
        ),
    )
    sums = forms.CharField(
        label=_("Summer over kolonnene"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Én kolonne per linje, for eksempel «Gass»: radene legges sammen."),
    )
    value_columns = forms.CharField(
        label=_("Verdikolonner (bred per indikator)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Én per linje: kolonne = indikatorkode."),
    )

    def __init__(self, *args: Any, indicators: list[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = {i.code: i for i in indicators}
        field = self.fields["indicator"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Ingen")), *[(i.code, i.name) for i in indicators]]

    @classmethod
    def initial_for(cls, recipe: ImportRecipe) -> dict[str, Any]:
        def lines(pairs: dict[str, Any]) -> str:
            return "\n".join(f"{k} = {v}" for k, v in pairs.items())

        return {
            "name": recipe.name,
            "source": recipe.source,
            "description": recipe.description,
            "source_url": recipe.source_url,
            "indicator": recipe.indicator.code if recipe.indicator else "",
            "layout": recipe.layout,
            "sheet": recipe.sheet,
            "area_column": recipe.area_column,
            "county_column": recipe.county_column,
            "period_column": recipe.period_column,
            "value_column": recipe.value_column,
            "indicator_column": recipe.indicator_column,
            "status_column": recipe.status_column,
            "flag_column": recipe.flag_column,
            "flags": lines(recipe.flags),
            "filters": lines({k: " | ".join(v) for k, v in recipe.filters.items()}),
            "sums": "\n".join(recipe.sums),
            "value_columns": lines(recipe.value_columns),
        }

    def clean_indicator(self) -> Indicator | None:
        return self.indicators.get(self.cleaned_data.get("indicator") or "")

    def clean_flags(self) -> dict[str, str]:
        return dict(_lines(self.cleaned_data.get("flags", ""), str(_("Flagg og symboler"))))

    def clean_filters(self) -> dict[str, list[str]]:
        pairs = _lines(self.cleaned_data.get("filters", ""), str(_("Filtre")))
        return {k: [v.strip() for v in value.split("|") if v.strip()] for k, value in pairs}

    def clean_sums(self) -> list[str]:
        text = self.cleaned_data.get("sums", "")
        return [line.strip() for line in text.splitlines() if line.strip()]

    def clean_value_columns(self) -> dict[str, str]:
        pairs = _lines(self.cleaned_data.get("value_columns", ""), str(_("Verdikolonner")))
        unknown = [code for _column, code in pairs if code not in self.indicators]
        if unknown:
            raise forms.ValidationError(_("Ukjent indikator «%(code)s».") % {"code": unknown[0]})
        return dict(pairs)


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
