from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from kommunenettverk.core.forms import DsFormMixin
from kommunenettverk.registry.models import Municipality
from kommunenettverk.registry.selectors import county_list


class DirectoryFilterForm(DsFormMixin, forms.Form):
    q = forms.CharField(label=_("Søk på navn eller nummer"), required=False, max_length=100)
    fylke = forms.ChoiceField(label=_("Fylke"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        county_field = self.fields["fylke"]
        assert isinstance(county_field, forms.ChoiceField)
        county_field.choices = [("", _("Alle fylker"))] + [
            (county.number, county.name) for county in county_list()
        ]


class MunicipalityProfileForm(DsFormMixin, forms.ModelForm[Municipality]):
    class Meta:
        model = Municipality
        fields = ["website", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def clean_website(self) -> str:
        """Accept "www.kommune.no" as well as a full https:// address."""
        value: str = self.cleaned_data["website"].strip()
        if not value:
            return value
        full = value if "://" in value else f"https://{value}"
        try:
            URLValidator(schemes=["http", "https"])(full)
        except ValidationError:
            raise ValidationError(
                _("Skriv nettadressen som www.kommune.no eller https://www.kommune.no.")
            ) from None
        return value
