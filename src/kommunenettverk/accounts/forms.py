from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from kommunenettverk.accounts.models import Role
from kommunenettverk.accounts.services import MUNICIPAL_ROLES
from kommunenettverk.core.forms import DsFormMixin


class LoginForm(DsFormMixin, auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Feil e-postadresse eller passord. Sjekk at du har skrevet riktig, "
            "eller be om nytt passord."
        ),
        "inactive": _("Denne brukeren er deaktivert. Kontakt den nasjonale koordinatoren."),
    }


class PasswordResetForm(DsFormMixin, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(DsFormMixin, auth_forms.SetPasswordForm):  # type: ignore[type-arg]
    pass


class MunicipalRoleForm(DsFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-postadresse"))
    full_name = forms.CharField(
        label=_("Fullt navn"),
        max_length=200,
        required=False,
        help_text=_("Brukes når personen ikke har bruker fra før."),
    )
    role = forms.ChoiceField(
        label=_("Rolle"), choices=[(role.value, role.label) for role in MUNICIPAL_ROLES]
    )

    def clean_role(self) -> Role:
        return Role(self.cleaned_data["role"])
