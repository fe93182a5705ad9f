from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.template import loader
from django.utils.translation import gettext_lazy as _

from kommunenettverk.accounts.models import Role
from kommunenettverk.accounts.services import MUNICIPAL_ROLES
from kommunenettverk.core import outbox
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
    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Put the reset link in the email outbox instead of talking to the mail server in
        the request: the page answers the same, as fast, for a known and an unknown address,
        and a mail server that is down fails nothing (the outbox tries again)."""
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        outbox.queue_message(
            to=to_email,
            kind="password-reset",
            key=f"password-reset:{context['uid']}:{context['token']}",
            subject=subject,
            body=body,
            about=context["user"],
        )


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
