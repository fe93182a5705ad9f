from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kommunenettverk.accounts.models import Organisation
from kommunenettverk.core.forms import DsFormMixin
from kommunenettverk.plans.models import Goal, Measure, PlanDocument
from kommunenettverk.programmes.models import ThemeCode as Theme
from kommunenettverk.registry.models import Municipality

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanDocumentForm(DsFormMixin, forms.ModelForm[PlanDocument]):
    class Meta:
        model = PlanDocument
        fields = [
            "kind",
            "title",
            "status",
            "adopted_on",
            "adopting_body",
            "case_reference",
            "period_start",
            "period_end",
            "url",
        ]
        widgets = {"adopted_on": DATE_WIDGET}


class _MunicipalityPlanFormMixin:
    """Offer only the municipality's own plans (the service refuses others, too)."""

    fields: dict[str, forms.Field]

    def limit_plans(self, municipality: Municipality) -> None:
        plan_field = self.fields["plan_document"]
        assert isinstance(plan_field, forms.ModelChoiceField)
        plan_field.queryset = PlanDocument.objects.filter(municipality=municipality)


class GoalForm(DsFormMixin, _MunicipalityPlanFormMixin, forms.ModelForm[Goal]):
    themes = forms.MultipleChoiceField(
        label=_("Temaer"), choices=Theme.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Goal
        fields = ["statement", "rationale", "themes", "plan_document", "plan_section", "published"]
        widgets = {"rationale": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_plans(municipality)


class MeasureForm(DsFormMixin, _MunicipalityPlanFormMixin, forms.ModelForm[Measure]):
    class Meta:
        model = Measure
        fields = [
            "title",
            "description",
            "dimension",
            "responsible_unit",
            "partners",
            "plan_document",
            "budget_amount",
            "budget_year",
            "start",
            "end",
            "published",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "start": DATE_WIDGET,
            "end": DATE_WIDGET,
            "partners": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_plans(municipality)
        partner_field = self.fields["partners"]
        assert isinstance(partner_field, forms.ModelMultipleChoiceField)
        partner_field.queryset = Organisation.objects.exclude(kind=Organisation.Kind.MUNICIPALITY)


class MeasureStatusForm(DsFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Measure.Status.choices)
    progress = forms.IntegerField(label=_("Framdrift (%)"), min_value=0, max_value=100)
    note = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReportStartForm(DsFormMixin, forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2006, max_value=2100)


class ReportCommentForm(DsFormMixin, forms.Form):
    text = forms.CharField(label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 4}))


class ReportEntryForm(DsFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Measure.Status.choices)
    results = forms.CharField(
        label=_("Resultater"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    obstacles = forms.CharField(
        label=_("Hindringer"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReportSummaryForm(DsFormMixin, forms.Form):
    summary = forms.CharField(
        label=_("Oppsummering av året"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
