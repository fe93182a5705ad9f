"""Forms of the discussions. Text fields are checked by `text.text_check` (the same check the
services make), so a refusal names the field in Norwegian."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kommunenettverk.accounts.models import Organisation
from kommunenettverk.core.forms import DsFormMixin, PickerCheckboxSelectMultiple
from kommunenettverk.core.uploads import UploadValidator
from kommunenettverk.discussions import services, text
from kommunenettverk.discussions.models import Thread
from kommunenettverk.ideabank.models import Example
from kommunenettverk.indicators.models import Indicator
from kommunenettverk.networks.models import DevelopmentProject, Network
from kommunenettverk.plans.models import Measure

ATTACHMENT_HELP = _("PDF, bilde (PNG, JPEG), Word, Excel, PowerPoint, CSV eller tekst.")


def _text_field(form: forms.Form, name: str, max_length: int, required: bool = True) -> str:
    return text.text_check(
        form.cleaned_data.get(name) or "",
        label=str(form.fields[name].label),
        max_length=max_length,
        required=required,
    )


class _Named(DsFormMixin):
    """A missing value is refused with the field's name, as `text.text_check` does."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = gettext("«%(field)s» kan ikke være tomt.") % {
                "field": field.label
            }


class _Labelled(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]  # mixed models
    def label_from_instance(self, obj: Any) -> str:
        if isinstance(obj, Measure):
            return f"{obj.title} ({obj.goal.municipality.name})"
        if isinstance(obj, Example):
            return f"{obj.title} ({obj.municipality.name})"
        return str(obj)


class ThreadForm(_Named, forms.Form):
    kind = forms.ChoiceField(
        label=_("Hva gjelder det?"), choices=Thread.Kind.choices, widget=forms.RadioSelect,
        initial=Thread.Kind.QUESTION,
    )  # fmt: skip
    title = forms.CharField(label=_("Tittel"), max_length=services.TITLE_MAX + 50)
    body = forms.CharField(
        label=_("Tekst"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Vanlig tekst. Skriv @ og et navn for å varsle en person i nettverket."),
    )
    audience = forms.ChoiceField(
        label=_("Hvem spør du?"), choices=Thread.Audience.choices, initial=Thread.Audience.NETWORK
    )
    partner = forms.ModelChoiceField(
        label=_("Spør også et ressursmiljø"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Ingen"),
        help_text=_("Folk i ressursmiljøet får se tråden og kan svare."),
    )
    measures = _Labelled(
        label=_("Tiltak det gjelder"), queryset=Measure.objects.none(), required=False,
        widget=PickerCheckboxSelectMultiple,
    )  # fmt: skip
    projects = _Labelled(
        label=_("Utviklingsprosjekter det gjelder"), queryset=DevelopmentProject.objects.none(),
        required=False, widget=PickerCheckboxSelectMultiple,
    )  # fmt: skip
    examples = _Labelled(
        label=_("Eksempler i idébanken det gjelder"), queryset=Example.objects.none(),
        required=False, widget=PickerCheckboxSelectMultiple,
    )  # fmt: skip
    indicators = _Labelled(
        label=_("Indikatorer det gjelder"), queryset=Indicator.objects.none(), required=False,
        widget=PickerCheckboxSelectMultiple,
    )  # fmt: skip
    attachment = forms.FileField(
        label=_("Vedlegg"),
        required=False,
        help_text=ATTACHMENT_HELP,
        validators=[UploadValidator(kinds=services.ATTACHMENT_KINDS)],
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = network.memberships.filter(left_on__isnull=True).values(
            "participation__municipality_id"
        )
        fields = self.fields
        fields["partner"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            Q(kind=Organisation.Kind.PARTNER) | Q(partner__isnull=False)
        ).distinct()
        fields["measures"].queryset = (  # type: ignore[attr-defined]
            Measure.objects.published()
            .filter(goal__municipality_id__in=members)
            .select_related("goal__municipality")
            .order_by("goal__municipality__name_nb", "title")
        )
        fields["projects"].queryset = DevelopmentProject.objects.filter(  # type: ignore[attr-defined]
            network=network
        ).order_by("title")
        fields["examples"].queryset = (  # type: ignore[attr-defined]
            Example.objects.published()
            .filter(Q(network=network) | Q(municipality_id__in=members))
            .select_related("municipality")
            .order_by("title")
        )
        fields["indicators"].queryset = Indicator.objects.order_by("name")  # type: ignore[attr-defined]

    def clean_title(self) -> str:
        return _text_field(self, "title", services.TITLE_MAX)

    def clean_body(self) -> str:
        return _text_field(self, "body", services.BODY_MAX)


class PostForm(_Named, forms.Form):
    body = forms.CharField(
        label=_("Ditt svar"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Vanlig tekst. Skriv @ og et navn for å varsle en person."),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    attachment = forms.FileField(
        label=_("Vedlegg"),
        required=False,
        help_text=ATTACHMENT_HELP,
        validators=[UploadValidator(kinds=services.ATTACHMENT_KINDS)],
    )

    def clean_body(self) -> str:
        return _text_field(self, "body", services.BODY_MAX)


class CommentForm(_Named, forms.Form):
    body = forms.CharField(label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 4}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_body(self) -> str:
        return _text_field(self, "body", services.BODY_MAX)


class HideForm(_Named, forms.Form):
    reason = forms.CharField(
        label=_("Grunn til å skjule innlegget"),
        max_length=services.REASON_MAX + 50,
        help_text=_("Vises i stedet for innlegget."),
    )

    def clean_reason(self) -> str:
        return _text_field(self, "reason", services.REASON_MAX)


class ModerateForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ("pin", "unpin", "close", "reopen")])


class MoveForm(DsFormMixin, forms.Form):
    network = forms.ModelChoiceField(
        label=_("Flytt til nettverket"), queryset=Network.objects.none()
    )

    def __init__(self, *args: Any, targets: list[Network], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = Network.objects.filter(  # type: ignore[attr-defined]
            pk__in=[n.pk for n in targets]
        )


class SummaryForm(DsFormMixin, forms.Form):
    summary = forms.CharField(
        label=_("Sammendrag"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Det viktigste fra tråden, uten navn eller personopplysninger. Publisert er "
            "sammendraget det eneste fra tråden som alle kan lese."
        ),
    )
    publish = forms.BooleanField(label=_("Publiser sammendraget offentlig"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "summary" in data:
            try:
                data["summary"] = _text_field(
                    self, "summary", services.SUMMARY_MAX, required=bool(data.get("publish"))
                )
            except forms.ValidationError as error:
                self.add_error("summary", error)
        return data


class SearchForm(DsFormMixin, forms.Form):
    q = forms.CharField(label=_("Søk i diskusjonene"), required=False, max_length=200)
