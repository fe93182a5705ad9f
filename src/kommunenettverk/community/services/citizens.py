"""Citizens: sign-in by single-use email link, the display name, and deleting a citizen's data."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kommunenettverk.community.models import (
    Citizen,
    CitizenLoginToken,
    Proposal,
    SignUp,
)
from kommunenettverk.community.services.common import (
    ANONYMOUS_NAME,
    LOGIN_LINK_MINUTES,
    MAX_LOGIN_LINKS_PER_EMAIL_PER_HOUR,
    CommunityError,
    RateLimited,
    _absolute,
    _hash,
    _mail,
    _public_pages_changed,
)
from kommunenettverk.community.services.volunteering import _anonymise, _sign_up_remove
from kommunenettverk.core.ratelimit import rate_limit_hit


# --- citizens and sign-in by email link ------------------------------------------------------
@transaction.atomic
def citizen_login_request(
    *, email: str, display_name: str = "", next_url: str = "", ip: str = ""
) -> None:
    """Email a single-use sign-in link that expires after LOGIN_LINK_MINUTES.

    Only a hash of the token is stored, so a copy of the database cannot be used to sign in.
    Limits: MAX_LOGIN_LINKS_PER_EMAIL_PER_HOUR per address, and CITIZEN_LOGIN_LINKS_PER_IP_PER_HOUR
    per client address `ip` (`core.client.client_ip`, counted in the shared cache), so nobody
    can mail many addresses, or use up a citizen's links, from one place.
    """
    email = email.strip().lower()
    if ip and not rate_limit_hit(
        "citizen-login-ip",
        ip,
        limit=settings.CITIZEN_LOGIN_LINKS_PER_IP_PER_HOUR,
        window_seconds=3600,
    ):
        raise RateLimited(
            _(
                "Det er bedt om for mange innloggingslenker herfra den siste timen. "
                "Prøv igjen om en time."
            )
        )
    since = timezone.now() - datetime.timedelta(hours=1)
    if (
        CitizenLoginToken.objects.filter(email=email, created_at__gte=since).count()
        >= MAX_LOGIN_LINKS_PER_EMAIL_PER_HOUR
    ):
        raise RateLimited(
            _(
                "Vi har allerede sendt %(n)s innloggingslenker til denne adressen den siste "
                "timen. Bruk en av dem, eller vent en time."
            )
            % {"n": MAX_LOGIN_LINKS_PER_EMAIL_PER_HOUR}
        )
    token = secrets.token_urlsafe(32)
    login_token = CitizenLoginToken.objects.create(
        email=email,
        display_name=display_name.strip(),
        token_hash=_hash(token),
        next_url=next_url if next_url.startswith("/") and not next_url.startswith("//") else "",
    )
    link = _absolute(reverse("community:citizen_login_confirm", args=[token]))
    _mail(
        _("Logg inn på Kommunenettverk"),
        _(
            "Hei!\n\nNoen (forhåpentligvis du) ba om å logge inn for å sende forslag til "
            "kommunen. Åpne lenken for å logge inn:\n\n%(link)s\n\nLenken virker én gang og i "
            "%(minutes)s minutter. Har du ikke bedt om dette, kan du se bort fra e-posten.\n"
        )
        % {"link": link, "minutes": LOGIN_LINK_MINUTES},
        email,
        key=f"citizen-login:{login_token.pk}",
        about=login_token,
    )


@transaction.atomic
def citizen_login_consume(*, token: str) -> tuple[Citizen, str]:
    """Use a sign-in link: return the citizen (created on first sign-in) and where to go next."""
    login = CitizenLoginToken.objects.select_for_update().filter(token_hash=_hash(token)).first()
    expired_before = timezone.now() - datetime.timedelta(minutes=LOGIN_LINK_MINUTES)
    if login is None or login.used_at is not None or login.created_at < expired_before:
        raise CommunityError(
            _(
                "Innloggingslenken er ugyldig, allerede brukt eller utløpt (den virker i "
                "%(minutes)s minutter). Be om en ny lenke."
            )
            % {"minutes": LOGIN_LINK_MINUTES}
        )
    login.used_at = timezone.now()
    login.save(update_fields=["used_at"])
    citizen, _created = Citizen.objects.get_or_create(
        email=login.email,
        defaults={"display_name": login.display_name or login.email.split("@")[0][:60]},
    )
    citizen.last_login_at = timezone.now()
    citizen.save(update_fields=["last_login_at"])
    return citizen, login.next_url


@transaction.atomic
def citizen_update(*, citizen: Citizen, display_name: str) -> Citizen:
    """Change the public display name; already published proposals keep the name they had."""
    citizen.display_name = display_name.strip()
    citizen.full_clean()
    citizen.save(update_fields=["display_name"])
    return citizen


@transaction.atomic
def citizen_delete(*, citizen: Citizen) -> None:
    """Delete a citizen's personal data (the right to erasure).

    Published proposals stay, because the municipality's public answers refer to them, but
    lose every link to the person: the name shown becomes "Anonym innbygger". Proposals not
    published (waiting or rejected) are deleted. Sign-ups for coming activities are cancelled
    (the waiting list moves up); sign-ups for past activities lose name, email and phone but
    are kept as anonymous rows, so the counts of volunteer effort stay right. Sign-in links
    sent to the address are deleted.
    """
    proposals = Proposal.objects.filter(citizen=citizen)
    proposals.exclude(status=Proposal.Status.APPROVED).delete()
    proposals.update(citizen=None, author_name=ANONYMOUS_NAME)
    now = timezone.now()
    for sign_up in SignUp.objects.filter(email=citizen.email, anonymised=False).select_related(
        "activity"
    ):
        if sign_up.activity.starts_at > now:
            _sign_up_remove(sign_up)
        else:
            _anonymise(sign_up)
    CitizenLoginToken.objects.filter(email=citizen.email).delete()
    citizen.delete()
    _public_pages_changed()
