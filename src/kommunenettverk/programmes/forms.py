from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kommunenettverk.core.forms import DsFormMixin
from kommunenettverk.core.uploads import (
    UploadValidator,
    pending_upload_open,
    pending_upload_store,
)
from kommunenettverk.programmes.models import Participation, ParticipationStatus, Programme, Theme
from kommunenettverk.registry.models import County, KsRegion, Municipality

EXPECTATIONS = [
    _("kommunen dekker egne reise- og oppholdsutgifter"),
    _("folkevalgte, toppledelse og fagfolk deltar aktivt"),
    _("arbeidet knyttes til kommunens helhetlige planlegging"),
    _("kommunen driver eget utviklingsarbeid mellom samlingene"),
]


class ApplicationForm(DsFormMixin, forms.ModelForm[Participation]):
    """The application (and its later corrections): decision, anchoring, contacts, themes."""

    themes = forms.ModelMultipleChoiceField(
        label=_("Temaer kommunen vil arbeide med"),
        queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Velg minst ett tema.")},
    )
    decision_url = forms.URLField(
        label=_("Lenke til saken i kommunens arkiv"), required=False, assume_scheme="https"
    )
    # A decision document chosen before a validation error, kept (core.uploads).
    pending_document = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Participation
        fields = [
            "themes",
            "local_challenges",
            "decision_body",
            "decision_date",
            "decision_case_ref",
            "decision_url",
            "decision_document",
            "decision_pending",
            "anchored_by",
            "anchored_on",
            "contact_elected",
            "contact_manager",
            "contact_professional",
            "accepts_expectations",
        ]
        widgets = {
            "local_challenges": forms.Textarea(attrs={"rows": 5}),
            "decision_date": forms.DateInput(attrs={"type": "date"}),
            "anchored_on": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "decision_body": _("For eksempel kommunestyret eller formannskapet."),
            "decision_document": _("PDF av vedtaket, hvis dere ikke har en lenke."),
            "decision_case_ref": _("Saksnummeret i kommunens arkiv, for eksempel 2026/1234."),
        }

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pending_name = ""
        themes = self.fields["themes"]
        assert isinstance(themes, forms.ModelMultipleChoiceField)
        themes.queryset = programme.themes.filter(active=True)
        themes.widget.attrs.pop("class", None)
        self.fields["decision_document"].validators.append(UploadValidator(kinds=("pdf", "docx")))
        self.fields["accepts_expectations"].label = _(
            "Kommunen godtar forventningene: %(list)s."
        ) % {"list": "; ".join(str(e) for e in EXPECTATIONS)}
        self.fields["accepts_expectations"].required = True
        self.fields["accepts_expectations"].error_messages["required"] = _(
            "Kommunen må godta forventningene til deltakerne."
        )
        self.fields["local_challenges"].required = True
        self.fields["local_challenges"].error_messages["required"] = _(
            "Beskriv de lokale utfordringene bak temaene."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision_date") and not data.get("decision_body"):
            self.add_error("decision_body", _("Oppgi hvilket organ som fattet vedtaket."))
        if not self.files.get(self.add_prefix("decision_document")):
            pending = pending_upload_open(data.get("pending_document") or "")
            if pending is not None:
                data["decision_document"] = pending
                self.pending_name = str(pending.name)
        return data

    def keep_upload(self) -> None:
        """After a refusal (the form's or the service's): keep a decision document that passed
        its checks as a pending file, so the page shows it chosen and it is sent again."""
        upload = self.files.get(self.add_prefix("decision_document"))
        if upload is None or "decision_document" in self.errors:
            return
        name = str(getattr(upload, "name", "") or "vedtak")
        data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict when bound to a POST
        data[self.add_prefix("pending_document")] = pending_upload_store(upload, name=name)
        self.data = data
        self.pending_name = name


class ApplyForm(ApplicationForm):
    """A new application also names the municipality or county municipality that applies."""

    participant = forms.ChoiceField(label=_("Kommune eller fylkeskommune som søker"))

    field_order = ["participant"]

    def __init__(
        self,
        *args: Any,
        programme: Programme,
        municipalities: list[Municipality],
        counties: list[County],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, programme=programme, **kwargs)
        field = self.fields["participant"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = (
            [("", _("Velg …"))]
            + [(f"m{m.number}", f"{m.name_nb} ({m.number})") for m in municipalities]
            + [(f"c{c.number}", _("%(name)s fylkeskommune") % {"name": c.name}) for c in counties]
        )
        self.order_fields(["participant"])
        self._municipalities = {f"m{m.number}": m for m in municipalities}
        self._counties = {f"c{c.number}": c for c in counties}

    def clean_participant(self) -> str:
        value: str = self.cleaned_data["participant"]
        if value not in self._municipalities and value not in self._counties:
            raise ValidationError(_("Velg en kommune du kan søke for."))
        return value

    def participant_objects(self) -> tuple[Municipality | None, County | None]:
        key = self.cleaned_data["participant"]
        return self._municipalities.get(key), self._counties.get(key)


class StatusForm(DsFormMixin, forms.Form):
    # Refusing an application has its own form with the reason (the applicant is told).
    status = forms.ChoiceField(
        label=_("Ny status"),
        choices=[c for c in ParticipationStatus.choices if c[0] != ParticipationStatus.REFUSED],
    )
    on = forms.DateField(label=_("Fra dato"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Merknad"), required=False, max_length=300)


class RefuseForm(DsFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor avslås søknaden?"),
        help_text=_("Søkeren får begrunnelsen på e-post."),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv hvorfor søknaden avslås.")},
    )


class ThemeForm(DsFormMixin, forms.ModelForm[Theme]):
    class Meta:
        model = Theme
        fields = ["name", "description", "order", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class DateForm(DsFormMixin, forms.Form):
    """The programme dashboard's and national report's filter: a date and a KS region."""

    dato = forms.DateField(
        label=_("Status per dato"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    region = forms.ModelChoiceField(
        label=_("KS-region"),
        queryset=KsRegion.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_("Hele programmet"),
    )


class ParticipantFilterForm(DsFormMixin, forms.Form):
    """The programme page's participant filter (the dashboard's counts link here)."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Alle statuser")), *ParticipationStatus.choices],
        required=False,
    )
    region = forms.ModelChoiceField(
        label=_("KS-region"),
        queryset=KsRegion.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_("Alle regioner"),
    )
    tema = forms.ModelChoiceField(
        label=_("Tema"),
        queryset=Theme.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle temaer"),
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        theme_field = self.fields["tema"]
        assert isinstance(theme_field, forms.ModelChoiceField)
        theme_field.queryset = programme.themes.order_by("name")
