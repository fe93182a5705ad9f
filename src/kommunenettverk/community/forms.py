from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kommunenettverk.accounts.models import Organisation
from kommunenettverk.community.models import (
    Activity,
    Consultation,
    Partner,
    Partnership,
    Proposal,
    VolunteerArena,
)
from kommunenettverk.community.validators import validate_org_number
from kommunenettverk.core.forms import DsFormMixin, PickerCheckboxSelectMultiple
from kommunenettverk.registry.models import KsRegion

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class HoneypotMixin(forms.Form):
    """A field people never see (the template hides it) but spam robots fill in."""

    website = forms.CharField(
        label=_("Nettsted (la stå tomt)"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self) -> str:
        value: str = self.cleaned_data.get("website", "")
        if value:
            raise forms.ValidationError(
                _("Skjemaet ble avvist som søppelpost. Er du et menneske, prøv igjen.")
            )
        return value


class CitizenLoginForm(DsFormMixin, HoneypotMixin):
    email = forms.EmailField(
        label=_("E-postadresse"),
        help_text=_("Vi sender deg en innloggingslenke. Adressen vises aldri offentlig."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    display_name = forms.CharField(
        label=_("Visningsnavn"),
        max_length=60,
        required=False,
        help_text=_(
            "Navnet som vises sammen med forslagene dine, for eksempel fornavnet ditt. Brukes "
            "første gang du logger inn."
        ),
    )


class DisplayNameForm(DsFormMixin, forms.Form):
    display_name = forms.CharField(label=_("Visningsnavn"), max_length=60)


class ProposalForm(DsFormMixin, HoneypotMixin):
    kind = forms.ChoiceField(
        label=_("Hva vil du sende?"),
        choices=Proposal.Kind.choices,
        initial=Proposal.Kind.PROPOSAL,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("Overskrift"),
        max_length=150,
        required=False,
        help_text=_("Kort om hva forslaget gjelder."),
    )
    text = forms.CharField(
        label=_("Forslaget eller kommentaren din"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Høyst 3000 tegn, uten HTML og med høyst to lenker."),
    )


class RejectForm(DsFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Begrunnelse"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sendes til innbyggeren på e-post. Vises ikke offentlig."),
    )


class AnswerForm(DsFormMixin, forms.Form):
    answer = forms.CharField(
        label=_("Kommunens svar"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vises offentlig under forslaget."),
    )


class ConsultationForm(DsFormMixin, forms.ModelForm[Consultation]):
    class Meta:
        model = Consultation
        fields = ["title", "text", "deadline"]
        widgets = {"deadline": DATE_WIDGET, "text": forms.Textarea(attrs={"rows": 6})}


class ArenaForm(DsFormMixin, forms.ModelForm[VolunteerArena]):
    class Meta:
        model = VolunteerArena
        fields = ["name", "description", "place", "organisations"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "organisations": PickerCheckboxSelectMultiple,
        }


class ActivityForm(DsFormMixin, forms.ModelForm[Activity]):
    class Meta:
        model = Activity
        fields = ["title", "description", "starts_at", "duration_hours", "place", "capacity"]
        widgets = {"starts_at": DATETIME_WIDGET, "description": forms.Textarea(attrs={"rows": 4})}


class SignUpForm(DsFormMixin, HoneypotMixin):
    name = forms.CharField(label=_("Navn"), max_length=120)
    email = forms.EmailField(
        label=_("E-postadresse"),
        help_text=_("For bekreftelse, påminnelse dagen før og lenke for å melde deg av."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Telefon"),
        max_length=20,
        required=False,
        help_text=_("Bare hvis arrangøren må nå deg raskt på dagen."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


class PartnershipForm(DsFormMixin, forms.ModelForm[Partnership]):
    class Meta:
        model = Partnership
        fields = ["partner", "theme", "purpose", "starts_on", "ends_on", "contact"]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "purpose": forms.Textarea(attrs={"rows": 4}),
        }


class LocalPartnerForm(DsFormMixin, forms.Form):
    """A local partner (voluntary organisation or business) a coordinator adds to the directory."""

    name = forms.CharField(label=_("Navn"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=[
            (Organisation.Kind.VOLUNTARY.value, Organisation.Kind.VOLUNTARY.label),
            (Organisation.Kind.BUSINESS.value, Organisation.Kind.BUSINESS.label),
        ],
    )
    org_number = forms.CharField(
        label=_("Organisasjonsnummer"),
        max_length=11,
        required=False,
        validators=[validate_org_number],
        help_text=_("Ni siffer fra Enhetsregisteret, hvis organisasjonen har det."),
    )
    website = forms.URLField(label=_("Nettsted"), required=False)
    description = forms.CharField(
        label=_("Hva de kan bidra med"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_org_number(self) -> str:
        value: str = self.cleaned_data.get("org_number", "")
        return value.replace(" ", "")


class DirectoryPartnerForm(DsFormMixin, forms.Form):
    """A national or regional partner in the directory (ministry, directorate, county governor,
    county municipality, KS, Idébanken, Miljøfyrtårn, …).

    `levels` and `regions` are what the user may choose: the national coordinator any level
    and region, a regional adviser regional partners in their own regions.
    """

    name = forms.CharField(label=_("Navn"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=[
            (kind.value, kind.label)
            for kind in Organisation.Kind
            if kind != Organisation.Kind.MUNICIPALITY
        ],
    )
    level = forms.ChoiceField(label=_("Nivå"))
    region = forms.ModelChoiceField(
        label=_("KS-region"),
        queryset=KsRegion.objects.none(),
        required=False,
        help_text=_("For regionale ressursmiljøer: regionen de arbeider i."),
    )
    org_number = forms.CharField(
        label=_("Organisasjonsnummer"),
        max_length=11,
        required=False,
        validators=[validate_org_number],
        help_text=_("Ni siffer fra Enhetsregisteret, hvis organisasjonen har det."),
    )
    website = forms.URLField(label=_("Nettsted"), required=False)
    description = forms.CharField(
        label=_("Hva de kan bidra med"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, levels: list[str], regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        level_field = self.fields["level"]
        region_field = self.fields["region"]
        assert isinstance(level_field, forms.ChoiceField)
        assert isinstance(region_field, forms.ModelChoiceField)
        level_field.choices = [(v, label) for v, label in Partner.Level.choices if v in levels]
        region_field.queryset = regions

    def clean_org_number(self) -> str:
        value: str = self.cleaned_data.get("org_number", "")
        return value.replace(" ", "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("level") == Partner.Level.REGIONAL and not data.get("region"):
            self.add_error("region", _("Velg regionen et regionalt ressursmiljø arbeider i."))
        if data.get("level") != Partner.Level.REGIONAL:
            data["region"] = None
        return data

    @staticmethod
    def initial_from(partner: Partner) -> dict[str, Any]:
        organisation = partner.organisation
        return {
            "name": organisation.name,
            "kind": organisation.kind,
            "level": partner.level,
            "region": partner.region_id,
            "org_number": organisation.org_number,
            "website": organisation.website,
            "description": partner.description,
        }


def level_choices() -> list[tuple[str, Any]]:
    return [("", _("Alle nivåer")), *Partner.Level.choices]
