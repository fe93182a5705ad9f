"""Shared by the citizen portal's views: the rules and their refusals, the signed-in citizen
and the sender's address."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from kommunenettverk.community.models import (
    Citizen,
)

MODERATE = "community.moderate_proposals"
CONSULTATIONS = "community.manage_consultations"
VOLUNTEERING = "community.manage_volunteering"
PARTNERSHIPS = "community.manage_partnerships"
PARTNERS = "community.manage_partners"
# Named before the app was split (issue 13); renaming it would sign every citizen out.
CITIZEN_SESSION_KEY = "dialogue_citizen_id"
REFUSALS = {
    MODERATE: gettext_lazy("Bare kommunens koordinator kan moderere innbyggerforslag."),
    CONSULTATIONS: gettext_lazy("Bare kommunens koordinator kan åpne og endre høringer."),
    VOLUNTEERING: gettext_lazy("Bare kommunens koordinator kan endre arenaer og aktiviteter."),
    PARTNERSHIPS: gettext_lazy("Bare kommunens koordinator kan endre kommunens partnerskap."),
    PARTNERS: gettext_lazy(
        "Bare nasjonal koordinator kan endre nasjonale ressursmiljøer, og regionale rådgivere "
        "regionale ressursmiljøer i sin region."
    ),
}


def citizen_from(request: HttpRequest) -> Citizen | None:
    """The citizen signed in by email link in this session, if any."""
    pk = request.session.get(CITIZEN_SESSION_KEY)
    return Citizen.objects.filter(pk=pk).first() if pk else None
