"""Sign-in, own page and the roles of a municipality."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kommunenettverk.accounts import oidc, selectors, services
from kommunenettverk.accounts.forms import (
    LoginForm,
    MunicipalRoleForm,
    PasswordResetForm,
    SetPasswordForm,
)
from kommunenettverk.accounts.http import AuthedRequest
from kommunenettverk.core.client import client_ip
from kommunenettverk.core.confirm import confirmation_page, needs_confirmation
from kommunenettverk.core.ratelimit import rate_limit_hit
from kommunenettverk.core.shortcuts import get_or_404, reported, require_perm
from kommunenettverk.registry.models import Municipality
from kommunenettverk.registry.selectors import municipality_get_or_404


class _LoginView(auth_views.LoginView):
    """Django's sign-in page, with a button per identity provider (settings.OIDC_PROVIDERS)."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["oidc_providers"] = oidc.provider_list()
        return context


login = _LoginView.as_view(
    template_name="accounts/login.html",
    authentication_form=LoginForm,
    redirect_authenticated_user=True,
)
logout = auth_views.LogoutView.as_view()


class _PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page with limits per email address and per client address
    (`core.ratelimit`): nobody can flood an inbox or probe addresses in bulk. The answer to an
    address is the same whether it has a user or not (the mail goes to the outbox), and the
    limit counts the address either way, so a refusal says nothing about who has a user."""

    def form_valid(self, form: auth_forms.PasswordResetForm) -> HttpResponse:
        email = form.cleaned_data["email"]
        within = rate_limit_hit(
            "password-reset-ip",
            client_ip(self.request),
            limit=settings.PASSWORD_RESET_PER_IP_PER_HOUR,
            window_seconds=3600,
        ) and rate_limit_hit(
            "password-reset-address",
            email,
            limit=settings.PASSWORD_RESET_PER_ADDRESS_PER_HOUR,
            window_seconds=3600,
        )
        if not within:
            form.add_error(
                "email",
                _(
                    "Det er bedt om for mange nye passord herfra eller til denne adressen "
                    "den siste timen. Bruk lenken i e-posten du har fått, eller prøv igjen "
                    "om en time."
                ),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


password_reset = _PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    form_class=PasswordResetForm,
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    form_class=SetPasswordForm,
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


@require_safe
def me(request: AuthedRequest) -> HttpResponse:
    """Name, email, roles and the private calendar address (made on the first visit)."""
    new_token = ""
    if selectors.calendar_token_get(request.user) is None:
        new_token = services.calendar_token_renew(user=request.user)
    return _me_page(request, new_token)


def _me_page(request: AuthedRequest, new_token: str) -> HttpResponse:
    """Min side; a calendar address just made is shown this once (only its hash is kept)."""
    feed_url = (
        request.build_absolute_uri(reverse("networks:user_calendar", args=[new_token]))
        if new_token
        else ""
    )
    return render(
        request,
        "accounts/me.html",
        {
            "roles": selectors.role_list_for_user(request.user),
            "calendar": selectors.calendar_token_get(request.user),
            "feed_url": feed_url,
            "oidc_providers": selectors.external_login_providers(
                request.user, oidc.provider_list()
            ),
        },
    )


@require_POST
def calendar_renew(request: AuthedRequest) -> HttpResponse:
    """A new private calendar address for the signed-in user; the old one stops working."""
    if needs_confirmation(request):
        return confirmation_page(
            request,
            question=_("Lage en ny kalenderlenke?"),
            detail=_(
                "Den gamle lenken slutter å virke med en gang. Kalendere som abonnerer på den, "
                "må få den nye lenken."
            ),
            button=_("Lag ny lenke"),
            back_url=reverse("accounts:me"),
        )
    return _me_page(request, services.calendar_token_renew(user=request.user))


def _municipality_for_roles(request: AuthedRequest, number: str, perm: str) -> Municipality:
    """The municipality whose roles the user may see or change; 404/403 otherwise."""
    municipality = municipality_get_or_404(number)
    require_perm(
        request,
        perm,
        municipality,
        _("Bare nasjonal koordinator og regionens rådgiver kan gi roller i kommunen."),
    )
    return municipality


@require_http_methods(["GET", "HEAD", "POST"])
def municipality_roles(request: AuthedRequest, number: str) -> HttpResponse:
    perm = (
        "accounts.assign_municipality_role"
        if request.method == "POST"
        else "registry.view_municipality_roles"
    )
    municipality = _municipality_for_roles(request, number, perm)
    form = MunicipalRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with reported(request, form=form, field="email") as outcome:
            assignment = services.role_give(
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                role=form.cleaned_data["role"],
                scope=municipality,
                by=request.user,
            )
        if outcome.ok:
            messages.success(
                request,
                _("%(user)s er nå %(role)s i %(municipality)s, og har fått beskjed på e-post.")
                % {
                    "user": assignment.user,
                    "role": form.cleaned_data["role"].label.lower(),
                    "municipality": municipality.name_nb,
                },
            )
            return redirect("accounts:municipality_roles", number=number)
    return render(
        request,
        "accounts/municipality_roles.html",
        {
            "municipality": municipality,
            "assignments": selectors.role_list_for_scope_with_invitations(municipality),
            "form": form,
        },
    )


@require_POST
def municipality_invitation_resend(request: AuthedRequest, number: str, pk: int) -> HttpResponse:
    """Send a pending invitation again (new link, new expiry), after a confirmation."""
    municipality = _municipality_for_roles(request, number, "accounts.assign_municipality_role")
    invitation = get_or_404(
        lambda key: selectors.invitation_get_for_scope(municipality, key),
        pk,
        _("Invitasjonen finnes ikke (den kan allerede være tatt i bruk)."),
    )
    back = reverse("accounts:municipality_roles", args=[number])
    if needs_confirmation(request):
        return confirmation_page(
            request,
            question=_("Sende invitasjonen til %(who)s på nytt? Den gamle lenken slutter å virke.")
            % {"who": invitation.user.get_full_name()},
            button=_("Send på nytt"),
            back_url=back,
        )
    try:
        sends_seen = int(request.POST.get("sends", ""))
    except ValueError:
        sends_seen = invitation.sends
    with reported(request) as outcome:
        services.invitation_resend(invitation=invitation, by=request.user, sends_seen=sends_seen)
    if outcome.ok:
        messages.success(
            request,
            _("Invitasjonen til %(who)s er sendt på nytt.")
            % {"who": invitation.user.get_full_name()},
        )
    return redirect(back)


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation: choose a password, and be signed in."""
    try:
        invitation = services.invitation_get_by_token(token)
    except services.InvitationError as exc:
        return render(request, "accounts/invitation_accept.html", {"refusal": str(exc)})
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with reported(request, form=form, field="new_password1") as outcome:
            user = services.invitation_accept(
                token=token, password=form.cleaned_data["new_password1"]
            )
        if outcome.ok:
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Velkommen! Passordet er lagret, og du er logget inn."))
            return redirect(settings.LOGIN_REDIRECT_URL)
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invitee": invitation.user}
    )


@require_POST
def municipality_role_revoke(request: AuthedRequest, number: str, pk: int) -> HttpResponse:
    municipality = _municipality_for_roles(request, number, "accounts.revoke_municipality_role")
    assignment = get_or_404(
        lambda key: selectors.role_assignment_get_for_scope(municipality, key),
        pk,
        _("Rollen finnes ikke (den kan allerede være fjernet)."),
    )
    if needs_confirmation(request):
        return confirmation_page(
            request,
            question=_("Fjerne rollen til %(who)s?") % {"who": assignment.user.get_full_name()},
            button=_("Fjern rollen"),
            back_url=reverse("accounts:municipality_roles", args=[number]),
        )
    services.role_revoke(assignment=assignment)
    messages.success(request, _("Rollen er fjernet."))
    return redirect("accounts:municipality_roles", number=number)


def _oidc_refusal(
    request: HttpRequest, provider: oidc.Provider, message: str, status: int
) -> HttpResponse:
    return render(
        request,
        "accounts/oidc_refused.html",
        {"provider": provider, "message": message},
        status=status,
    )


@login_not_required
@require_POST
def oidc_start(request: HttpRequest, provider: str) -> HttpResponse:
    """Sign in with an identity provider (OpenID Connect): off to the provider, which sends the
    browser back to `oidc_callback`. With `link` from Min side, a signed-in person links the
    provider to their user instead. Starts are limited per client address."""
    config = oidc.provider_get_or_404(provider)
    if not rate_limit_hit(
        "oidc-signin-ip",
        client_ip(request),
        limit=settings.OIDC_SIGNINS_PER_IP_PER_HOUR,
        window_seconds=3600,
    ):
        return _oidc_refusal(
            request,
            config,
            _("Det er startet for mange innlogginger herfra den siste timen. Prøv igjen senere."),
            429,
        )
    next_url = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    request.session["oidc_next"] = next_url if safe else ""
    if request.POST.get("link") and request.user.is_authenticated:
        request.session["oidc_link"] = f"{config.name}:{request.user.pk}"
    else:
        request.session.pop("oidc_link", None)
    redirect_uri = settings.SITE_URL.rstrip("/") + reverse(
        "accounts:oidc_callback", args=[config.name]
    )
    try:
        return oidc.authorize_redirect(request, config, redirect_uri)
    except oidc.SignInFailed as exc:
        return _oidc_refusal(request, config, str(exc), 503)


@login_not_required
@require_safe
def oidc_callback(request: HttpRequest, provider: str) -> HttpResponse:
    """The provider's answer: check it (oidc.callback_identity), find the person's user
    (services.external_login_resolve) and sign them in, or link the provider to the signed-in
    person who asked from Min side. A stranger gets a page saying how to be invited."""
    config = oidc.provider_get_or_404(provider)
    linking = None
    link_key = request.session.pop("oidc_link", "")
    if request.user.is_authenticated and link_key == f"{config.name}:{request.user.pk}":
        linking = request.user
    next_url = request.session.pop("oidc_next", "")
    try:
        identity = oidc.callback_identity(request, config)
    except oidc.SignInFailed as exc:
        return _oidc_refusal(request, config, str(exc), 400)
    try:
        user = services.external_login_resolve(
            provider=identity.provider,
            subject=identity.subject,
            verified_email=identity.verified_email,
            linking=linking,
        )
    except services.StrangerError:
        return render(
            request,
            "accounts/oidc_stranger.html",
            {"provider": config, "email": identity.verified_email},
            status=403,
        )
    except services.ExternalLoginError as exc:
        return _oidc_refusal(request, config, str(exc), 403)
    if linking is not None:
        messages.success(
            request,
            _("Kontoen din hos %(label)s er koblet til. Neste gang kan du logge inn med den.")
            % {"label": config.label},
        )
        return redirect("accounts:me")
    auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect(next_url or settings.LOGIN_REDIRECT_URL)
