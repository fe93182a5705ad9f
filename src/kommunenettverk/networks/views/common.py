"""What the network views share: the network, gathering or project a URL names, with the
user's access to it checked, and a form's errors as one message."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _

from kommunenettverk.accounts.http import AuthedRequest
from kommunenettverk.core.shortcuts import get_or_404, require_perm
from kommunenettverk.networks import selectors
from kommunenettverk.networks.models import DevelopmentProject, Gathering, Network

EDIT_REFUSED = _("Bare nettverkets rådgiver og nasjonal koordinator kan endre nettverket.")


def form_errors(form: forms.Form) -> str:
    parts = [" ".join(str(e) for e in form.non_field_errors())]
    for name, errors in form.errors.items():
        if name != "__all__":
            parts.append(f"{form[name].label}: {' '.join(str(e) for e in errors)}")
    return " ".join(p for p in parts if p)


def network_for(request: AuthedRequest, slug: str, *, write: bool = False) -> Network:
    network = get_or_404(selectors.network_get, slug, _("Nettverket finnes ikke."))
    if write:
        require_perm(request, "networks.change_network", network, EDIT_REFUSED)
    return network


def gathering_for(
    request: AuthedRequest, network_slug: str, number: int, perm: str = ""
) -> Gathering:
    gathering = get_or_404(
        lambda n: selectors.gathering_get(network_slug, n), number, _("Samlingen finnes ikke.")
    )
    if perm:
        refused = (
            _("Bare deltakere og koordinatorer fra inviterte kommuner kan melde seg på.")
            if perm == "networks.register_for_gathering"
            else EDIT_REFUSED
        )
        require_perm(request, perm, gathering, refused)
    return gathering


def project_for(
    request: AuthedRequest, network: str, project: str, *, write: bool = False
) -> DevelopmentProject:
    found = get_or_404(
        lambda slug: selectors.project_get(network, slug), project, _("Prosjektet finnes ikke.")
    )
    if write:
        require_perm(request, "networks.change_project", found, EDIT_REFUSED)
    return found
