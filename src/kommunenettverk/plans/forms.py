from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kommunenettverk.accounts.models import Organisation
from kommunenettverk.core.forms import DsFormMixin, PickerCheckboxSelectMultiple
from kommunenettverk.networks.models import DevelopmentProject, Network
from kommunenettverk.plans.models import (
    AnnualReport,
    AnnualReportEntry,
    Goal,
    Measure,
    PlanDocument,
)
from kommunenettverk.programmes.models import Participation, Programme
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


class ProjectChoiceField(forms.ModelChoiceField[DevelopmentProject]):
    def label_from_instance(self, obj: DevelopmentProject) -> str:
        return f"{obj.title} ({obj.network.name})"


class ProgrammeChoiceField(forms.ModelChoiceField[Participation]):
    def label_from_instance(self, obj: Participation) -> str:
        return obj.programme.name


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
        fields = [
            "statement",
            "rationale",
            "themes",
            "plan_document",
            "plan_section",
            "network",
            "published",
        ]
        widgets = {"rationale": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_plans(municipality)
        # The networks the municipality is in now (and the one the goal is shared with).
        network_field = self.fields["network"]
        assert isinstance(network_field, forms.ModelChoiceField)
        current = Network.objects.filter(
            memberships__participation__municipality=municipality,
            memberships__left_on__isnull=True,
        )
        if self.instance.network_id is not None:
            current = current | Network.objects.filter(pk=self.instance.network_id)
        network_field.queryset = current.distinct().order_by("name")


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
            "development_project",
            "budget_amount",
            "budget_year",
            "start",
            "end",
            "status",
            "progress",
            "published",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "start": DATE_WIDGET,
            "end": DATE_WIDGET,
            "partners": PickerCheckboxSelectMultiple,
        }
        field_classes = {"development_project": ProjectChoiceField}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_plans(municipality)
        if self.instance.pk:
            # A saved measure's status changes with a dated status update (its history).
            del self.fields["status"], self.fields["progress"]
        else:  # left out, a new measure is planned and 0 % done (as before the fields came)
            self.fields["status"].required = self.fields["progress"].required = False
        partner_field = self.fields["partners"]
        assert isinstance(partner_field, forms.ModelMultipleChoiceField)
        partner_field.queryset = Organisation.objects.exclude(kind=Organisation.Kind.MUNICIPALITY)
        project_field = self.fields["development_project"]
        assert isinstance(project_field, forms.ModelChoiceField)
        project_field.queryset = (
            DevelopmentProject.objects.filter(participations__municipality=municipality)
            .select_related("network")
            .distinct()
            .order_by("network__name", "title")
        )

    def clean_status(self) -> str:
        return str(self.cleaned_data.get("status") or Measure.Status.PLANNED)

    def clean_progress(self) -> int:
        progress = self.cleaned_data.get("progress")
        return 0 if progress is None else int(progress)


class MeasureStatusForm(DsFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Measure.Status.choices)
    progress = forms.IntegerField(label=_("Framdrift (%)"), min_value=0, max_value=100)
    note = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReportStartForm(DsFormMixin, forms.Form):
    participation = ProgrammeChoiceField(
        label=_("Program"),
        queryset=Participation.objects.none(),
        help_text=_("Kommunen rapporterer for hvert program den deltar i, ett år om gangen."),
    )
    year = forms.IntegerField(label=_("År"), min_value=2006, max_value=2100)

    def __init__(self, *args: Any, participations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["participation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = participations
        # A municipality in no programme reports without one (as before programmes).
        field.required = participations.exists()
        if not field.required:
            del self.fields["participation"]


class ReportCommentForm(DsFormMixin, forms.Form):
    """A comment on the whole report, or on one measure's line (`entry`)."""

    entry = forms.ModelChoiceField(
        label=_("Gjelder"),
        queryset=AnnualReportEntry.objects.none(),
        required=False,
        empty_label=_("Hele rapporten"),
    )
    text = forms.CharField(label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, report: AnnualReport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["entry"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = report.entries.all()


class ReportSendBackForm(DsFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor sendes rapporten tilbake?"),
        help_text=_("Koordinatoren ser begrunnelsen og får en ny versjon å rette i."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv hvorfor rapporten sendes tilbake.")},
    )


class ReportingRoundForm(DsFormMixin, forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Program"), queryset=Programme.objects.order_by("name"), empty_label=_("Velg …")
    )
    year = forms.IntegerField(label=_("Rapporteringsår"), min_value=2006, max_value=2100)
    deadline = forms.DateField(label=_("Frist"), widget=DATE_WIDGET)


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
