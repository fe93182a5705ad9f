"""Forms for policy input to the state (Norwegian messages)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kommunenettverk.community import content
from kommunenettverk.core.forms import DsFormMixin, PickerCheckboxSelectMultiple
from kommunenettverk.ideabank.models import Example
from kommunenettverk.indicators.models import Indicator
from kommunenettverk.policy.models import PolicyInput
from kommunenettverk.policy.selectors import addressee_list
from kommunenettverk.programmes.models import ThemeCode

NO_HTML = _("Skriv ren tekst uten HTML-koder.")


class PolicyInputForm(DsFormMixin, forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=200)
    problem = forms.CharField(
        label=_("Problem"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Hva i nasjonale rammer eller virkemidler hindrer kommunene?"),
    )
    proposal = forms.CharField(
        label=_("Forslag"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Hva foreslår dere at staten endrer?"),
    )
    addressee = forms.ModelChoiceField(
        label=_("Til (departement eller direktorat)"),
        queryset=addressee_list(),
        empty_label=_("Velg …"),
        error_messages={
            "required": _("Velg departementet eller direktoratet innspillet er til."),
            "invalid_choice": _("Velg et departement eller et direktorat fra listen."),
        },
    )
    themes = forms.MultipleChoiceField(
        label=_("Temaer"),
        choices=ThemeCode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    examples = forms.ModelMultipleChoiceField(
        label=_("Eksempler fra idébanken som underbygger innspillet"),
        queryset=Example.objects.published().order_by("title"),
        required=False,
        widget=PickerCheckboxSelectMultiple,
        help_text=_("Bare publiserte eksempler."),
        error_messages={"invalid_choice": _("Bare publiserte eksempler kan legges ved.")},
    )
    indicators = forms.ModelMultipleChoiceField(
        label=_("Indikatorer som underbygger innspillet"),
        queryset=Indicator.objects.order_by("name"),
        required=False,
        widget=PickerCheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].widget.attrs.pop("class", None)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("title", "problem", "proposal"):
            if content.has_html(data.get(name) or ""):
                self.add_error(name, NO_HTML)
        return data


class SubmitForm(forms.Form):
    """Submitting a draft asks for nothing but the button (and the CSRF token)."""


class SendBackForm(DsFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("Hvorfor sendes innspillet tilbake?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv hvorfor innspillet sendes tilbake.")},
    )


class ForwardForm(DsFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("Kommentar til staten"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReviewForm(DsFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("Kommentar (for eksempel når svaret kommer)"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(DsFormMixin, forms.Form):
    answer = forms.CharField(
        label=_("Svar"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Skriv svaret.")},
    )
    outcome = forms.ChoiceField(
        label=_("Hva endret seg?"),
        choices=[("", _("Ikke avklart ennå")), *PolicyInput.Outcome.choices],
        required=False,
        help_text=_(
            "Kan stå åpent: nasjonal koordinator spør om hva som endret seg når innspillet "
            "avsluttes."
        ),
    )
    outcome_text = forms.CharField(
        label=_("Om endringen"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For eksempel hvilken forskrift, veileder eller ordning som endres, og når."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("answer", "outcome_text"):
            if content.has_html(data.get(name) or ""):
                self.add_error(name, NO_HTML)
        return data


class CloseForm(DsFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Hva endret seg?"),
        choices=[("", _("Velg …")), *PolicyInput.Outcome.choices],
        error_messages={"required": _("Velg hva som endret seg (eller «Ingen endring»).")},
    )
    outcome_text = forms.CharField(
        label=_("Om endringen"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    comment = forms.CharField(
        label=_("Kommentar"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("outcome_text", "comment"):
            if content.has_html(data.get(name) or ""):
                self.add_error(name, NO_HTML)
        return data


class RegisterFilterForm(forms.Form):
    """The public register's filters (GET)."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Alle")),
            *[(v, label) for v, label in PolicyInput.Status.choices if v != "draft"],
        ],
    )
    tema = forms.ChoiceField(
        label=_("Tema"), required=False, choices=[("", _("Alle")), *ThemeCode.choices]
    )
    til = forms.ModelChoiceField(
        label=_("Til"), required=False, queryset=addressee_list(), empty_label=_("Alle")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "ds-input"
