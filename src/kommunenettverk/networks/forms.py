from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kommunenettverk.accounts.models import Organisation, Role, User
from kommunenettverk.core.forms import DsFormMixin, PickerCheckboxSelectMultiple
from kommunenettverk.core.uploads import UploadValidator
from kommunenettverk.networks.models import (
    AgendaItem,
    AttendeeRole,
    DevelopmentProject,
    Gathering,
    Network,
)
from kommunenettverk.networks.outcomes import OutcomeKind
from kommunenettverk.programmes.models import Participation, Programme, Theme
from kommunenettverk.registry.models import KsRegion

DATE = forms.DateInput(attrs={"type": "date"})


class ParticipationChoiceField(forms.ModelChoiceField[Participation]):
    def label_from_instance(self, obj: Participation) -> str:
        return obj.participant_name


class ParticipationMultipleChoiceField(forms.ModelMultipleChoiceField[Participation]):
    def label_from_instance(self, obj: Participation) -> str:
        return obj.participant_name


TIME = forms.TimeInput(attrs={"type": "time"})


class NetworkForm(DsFormMixin, forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    programme = forms.ModelChoiceField(label=_("Program"), queryset=Programme.objects.all())
    ks_region = forms.ModelChoiceField(label=_("KS-region"), queryset=KsRegion.objects.all())
    adviser = forms.ModelChoiceField(
        label=_("Rådgiver"),
        queryset=User.objects.filter(role_assignments__role=Role.REGIONAL_ADVISER).distinct(),
        required=False,
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Temaer"),
        queryset=Theme.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Velg temaene nettverket skal arbeide med.")},
    )
    established_on = forms.DateField(label=_("Etablert"), widget=DATE)
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].widget.attrs.pop("class", None)


class MemberAddForm(DsFormMixin, forms.Form):
    participation = ParticipationChoiceField(
        label=_("Kommune"), queryset=Participation.objects.none(), empty_label=_("Velg …")
    )
    joined_on = forms.DateField(label=_("Med fra"), widget=DATE)

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["participation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = candidates


class GatheringForm(DsFormMixin, forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=200, required=False)
    date = forms.DateField(label=_("Dato"), widget=DATE)
    start = forms.TimeField(label=_("Fra klokken"), widget=TIME)
    end = forms.TimeField(label=_("Til klokken"), widget=TIME)
    end_date = forms.DateField(
        label=_("Sluttdato"),
        required=False,
        widget=DATE,
        help_text=_("Bare hvis samlingen varer over flere dager."),
    )
    place = forms.CharField(label=_("Sted"), max_length=200)
    deadline = forms.DateField(
        label=_("Påmeldingsfrist (valgfritt)"),
        required=False,
        widget=DATE,
        help_text=_(
            "Siste dag kommunene kan melde på, endre og trekke deltakere. Uten frist: til "
            "samlingen starter."
        ),
    )
    capacity = forms.IntegerField(
        label=_("Antall plasser (valgfritt)"),
        required=False,
        min_value=1,
        help_text=_("De som melder seg på når plassene er fylt, står på venteliste."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        tz = timezone.get_current_timezone()
        starts = datetime.datetime.combine(data["date"], data["start"], tz)
        ends = datetime.datetime.combine(data.get("end_date") or data["date"], data["end"], tz)
        if ends <= starts:
            self.add_error("end", _("Sluttidspunktet må være etter starttidspunktet."))
        data["starts_at"], data["ends_at"] = starts, ends
        deadline = data.get("deadline")
        data["registration_deadline"] = None
        if deadline is not None:
            if deadline > data["date"]:
                self.add_error(
                    "deadline", _("Påmeldingsfristen kan ikke være etter at samlingen starter.")
                )
            # The whole last day counts; it never runs past the start of the gathering.
            day_after = datetime.datetime.combine(
                deadline + datetime.timedelta(days=1), datetime.time(0), tz
            )
            data["registration_deadline"] = min(day_after, starts)
        return data


class CloseOutForm(DsFormMixin, forms.Form):
    """What the adviser writes after a gathering."""

    summary = forms.CharField(
        label=_("Oppsummering"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kort om hva samlingen handlet om og hvem som kom."),
    )
    minutes = forms.CharField(
        label=_("Referat"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    minutes_public = forms.BooleanField(
        label=_("Referatet er offentlig"),
        required=False,
        help_text=_(
            "Oppsummering, referat og resultater vises da på nettverkets offentlige sider. "
            "Skriv ikke personopplysninger i et offentlig referat."
        ),
    )
    outcomes = forms.CharField(
        label=_("Resultater"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Hva dere kom fram til. Oppfølgingspunkter legges inn nedenfor."),
    )
    adviser_evaluation = forms.CharField(
        label=_("Rådgiverens evaluering"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hva fungerte, og hva gjør dere annerledes neste gang? Vises ikke offentlig."),
    )


class OutcomesForm(DsFormMixin, forms.Form):
    """The measures and examples that came out of a gathering: one list of checkboxes per
    kind registered in networks.outcomes, offering what the adviser may link."""

    def __init__(
        self, *args: Any, offers: list[tuple[OutcomeKind, list[Any]]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for kind, objects in offers:
            self.fields[kind.key] = forms.TypedMultipleChoiceField(
                label=str(kind.label),
                coerce=int,
                required=False,
                choices=[(obj.pk, kind.describe(obj)) for obj in objects],
                widget=PickerCheckboxSelectMultiple,
            )


class WalkInForm(DsFormMixin, forms.Form):
    """Someone who came without registering."""

    participation = forms.ChoiceField(label=_("Kommune"))
    name = forms.CharField(label=_("Navn"), max_length=200)
    role = forms.ChoiceField(label=_("Rolle"), choices=[("", _("Velg …")), *AttendeeRole.choices])

    def __init__(self, *args: Any, participations: list[Participation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._participations = {str(p.pk): p for p in participations}
        field = self.fields["participation"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Velg …"))] + [
            (str(p.pk), p.participant_name) for p in participations
        ]

    def clean_participation(self) -> Participation:
        value = self.cleaned_data["participation"]
        if value not in self._participations:
            raise ValidationError(_("Velg en kommune som er invitert."))
        return self._participations[value]


class CheckInForm(DsFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Innsjekkingskode"),
        max_length=20,
        help_text=_("Seks tegn, fra deltakerens påmelding."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class AgendaItemForm(DsFormMixin, forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=200)
    start_time = forms.TimeField(label=_("Starter (valgfritt)"), required=False, widget=TIME)
    duration_minutes = forms.IntegerField(
        label=_("Varighet i minutter (valgfritt)"), required=False, min_value=1, max_value=1440
    )
    kind = forms.ChoiceField(label=_("Type"), choices=AgendaItem.Kind.choices)
    presenter = forms.CharField(label=_("Innleder"), max_length=200, required=False)
    partner = forms.ModelChoiceField(
        label=_("Ressursmiljø"), queryset=Organisation.objects.all(), required=False
    )


class GatheringDialogueForm(DsFormMixin, forms.Form):
    """Kind of meeting, the state bodies invited and present, and the outcomes."""

    kind = forms.ChoiceField(label=_("Type møte"), choices=Gathering.Kind.choices)
    state_bodies_invited = forms.ModelMultipleChoiceField(
        label=_("Statlige organer invitert"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=PickerCheckboxSelectMultiple,
    )
    state_bodies_present = forms.ModelMultipleChoiceField(
        label=_("Statlige organer til stede"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=PickerCheckboxSelectMultiple,
        help_text=_("Et organ som var til stede, regnes også som invitert."),
    )

    def __init__(self, *args: Any, state_bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("state_bodies_invited", "state_bodies_present"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = state_bodies
            field.widget.attrs.pop("class", None)


class FollowUpForm(DsFormMixin, forms.Form):
    text = forms.CharField(label=_("Oppfølgingspunkt"), max_length=300)
    owner_user = forms.ModelChoiceField(
        label=_("Ansvarlig deltaker"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Ingen valgt"),
        help_text=_("Punktet vises under «Mine oppgaver» for den du velger."),
    )
    owner_name = forms.CharField(label=_("Ansvarlig person"), max_length=200, required=False)
    owner_organisation = forms.ModelChoiceField(
        label=_("Ansvarlig organisasjon"), queryset=Organisation.objects.all(), required=False
    )
    deadline = forms.DateField(label=_("Frist"), widget=DATE)

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner_user"]
        assert isinstance(field, forms.ModelChoiceField)
        if people is None:
            del self.fields["owner_user"]
        else:
            field.queryset = people

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not data.get("owner_name", "").strip()
            and data.get("owner_organisation") is None
            and data.get("owner_user") is None
        ):
            raise ValidationError(
                _("Oppgi hvem som er ansvarlig: en person, en organisasjon eller begge.")
            )
        return data


class DelegateForm(DsFormMixin, forms.Form):
    """One member of a municipality's delegation: name, role, email and needs."""

    name = forms.CharField(label=_("Navn"), max_length=200)
    role = forms.ChoiceField(label=_("Rolle"), choices=[("", _("Velg …")), *AttendeeRole.choices])
    email = forms.EmailField(label=_("E-post (valgfritt)"), required=False)
    dietary_needs = forms.CharField(
        label=_("Behov for spesialkost (valgfritt)"), max_length=200, required=False
    )
    accessibility_needs = forms.CharField(
        label=_("Behov for tilrettelegging (valgfritt)"), max_length=200, required=False
    )


class RegistrationForm(DelegateForm):
    participation = forms.ChoiceField(label=_("Kommune du representerer"))
    myself = forms.BooleanField(label=_("Jeg melder på meg selv"), required=False)
    field_order = ["participation", "myself", "name", "role"]

    def __init__(
        self,
        *args: Any,
        participations: list[Participation],
        may_register_others: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not may_register_others:
            del self.fields["myself"]  # a participant registers only themselves
        self._participations = {str(p.pk): p for p in participations}
        field = self.fields["participation"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(p.pk), p.participant_name) for p in participations]
        self.fields["role"].error_messages["required"] = _("Velg rollen din.")

    def clean_participation(self) -> Participation:
        value = self.cleaned_data["participation"]
        if value not in self._participations:
            raise ValidationError(_("Velg en kommune som er invitert."))
        return self._participations[value]


class DocumentForm(DsFormMixin, forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=200)
    url = forms.URLField(label=_("Lenke"), required=False, assume_scheme="https")
    file = forms.FileField(
        label=_("Fil"),
        required=False,
        validators=[
            UploadValidator(kinds=("pdf", "docx", "xlsx", "pptx", "png", "jpeg", "csv", "txt"))
        ],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("url") and not data.get("file") and not self.errors:
            self.add_error("url", _("Legg ved en fil eller oppgi en lenke."))
        return data


SCORE = [(str(i), str(i)) for i in range(1, 6)]


class EvaluationForm(DsFormMixin, forms.Form):
    usefulness = forms.TypedChoiceField(
        label=_("Hvor nyttig var samlingen for kommunen din? (1 = lite, 5 = svært)"),
        choices=SCORE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    organisation = forms.TypedChoiceField(
        label=_("Hvordan var opplegget og gjennomføringen? (1–5)"),
        choices=SCORE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    exchange = forms.TypedChoiceField(
        label=_("Hvor godt fungerte erfaringsutvekslingen? (1–5)"),
        choices=SCORE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("usefulness", "organisation", "exchange"):
            self.fields[name].widget.attrs.pop("class", None)
            self.fields[name].error_messages["required"] = _("Velg et tall fra 1 til 5.")


class ProjectForm(DsFormMixin, forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=200)
    scope = forms.ChoiceField(label=_("Omfang"), choices=DevelopmentProject.Scope.choices)
    participations = ParticipationMultipleChoiceField(
        label=_("Kommuner (for noen av kommunene eller én kommune)"),
        queryset=Participation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Temaer"),
        queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    goals = forms.CharField(label=_("Mål"), widget=forms.Textarea(attrs={"rows": 4}))
    status = forms.ChoiceField(label=_("Status"), choices=DevelopmentProject.Status.choices)
    results = forms.CharField(
        label=_("Resultater"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    starts_on = forms.DateField(label=_("Start"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Slutt"), required=False, widget=DATE)

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        participations = self.fields["participations"]
        themes = self.fields["themes"]
        assert isinstance(participations, forms.ModelMultipleChoiceField)
        assert isinstance(themes, forms.ModelMultipleChoiceField)
        participations.queryset = Participation.objects.filter(
            memberships__network=network, memberships__left_on__isnull=True
        ).select_related("municipality", "county")
        themes.queryset = network.programme.themes.all()
        for name in ("participations", "themes"):
            self.fields[name].widget.attrs.pop("class", None)


class MilestoneForm(DsFormMixin, forms.Form):
    title = forms.CharField(label=_("Milepæl"), max_length=200)
    due_on = forms.DateField(label=_("Frist"), widget=DATE)


class OnboardingUploadForm(DsFormMixin, forms.Form):
    """The two spreadsheets of "Flytte inn et program"; either may be left out."""

    participations = forms.FileField(
        label=_("Deltakelser (CSV eller XLSX)"),
        required=False,
        validators=[UploadValidator(kinds=("csv", "xlsx"))],
        help_text=_("Kommuner og fylkeskommuner med vedtak, status, temaer og kontaktpersoner."),
    )
    networks = forms.FileField(
        label=_("Nettverk (CSV eller XLSX)"),
        required=False,
        validators=[UploadValidator(kinds=("csv", "xlsx"))],
        help_text=_("Nettverk med program, rådgiver, medlemmer, temaer og periode."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("participations") and not data.get("networks"):
            raise ValidationError(_("Last opp minst én fil: deltakelser, nettverk eller begge."))
        return data


class OnboardingExportForm(DsFormMixin, forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Program"), queryset=Programme.objects.order_by("name"), to_field_name="slug"
    )
