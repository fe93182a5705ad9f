"""Proposals and comments (rate-limited, moderated, answered) and consultations."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kommunenettverk.accounts.models import User
from kommunenettverk.community import content
from kommunenettverk.community.models import (
    Citizen,
    Consultation,
    Proposal,
)
from kommunenettverk.community.services.common import (
    MAX_PROPOSALS_PER_CITIZEN_PER_HOUR,
    MAX_PROPOSALS_PER_IP_PER_HOUR,
    CommunityError,
    RateLimited,
    _apply,
    _mail,
    _public_pages_changed,
    ip_hash,
)
from kommunenettverk.plans.models import Goal, Measure
from kommunenettverk.registry.models import Municipality


# --- proposals and comments ------------------------------------------------------------------
def check_text(*, field: str, text: str) -> None:
    """Refuse HTML and spam in text an inhabitant sends (raises ValidationError on `field`)."""
    if content.has_html(text):
        raise ValidationError(
            {field: _("Teksten kan ikke inneholde HTML-koder (tegn som «<b>» eller «<a>»).")}
        )
    if content.link_count(text) > content.MAX_LINKS:
        raise ValidationError(
            {
                field: _("Teksten har for mange lenker (høyst %(n)s er tillatt).")
                % {"n": content.MAX_LINKS}
            }
        )
    if content.spam_words(text):
        raise ValidationError(
            {field: _("Teksten ser ut som reklame eller søppelpost og kan ikke sendes.")}
        )


Target = Goal | Measure | Consultation


def _target_municipality(target: Target) -> Municipality:
    if isinstance(target, Measure):
        return target.goal.municipality
    return target.municipality


def _check_target_open(target: Target) -> None:
    if isinstance(target, Goal) and not target.published:
        raise CommunityError(_("Målet er ikke publisert og kan ikke kommenteres."))
    if isinstance(target, Measure) and not (target.published and target.goal.published):
        raise CommunityError(_("Tiltaket er ikke publisert og kan ikke kommenteres."))
    if isinstance(target, Consultation) and not target.is_open():
        raise CommunityError(
            _("Høringsfristen gikk ut %(date)s; det kan ikke sendes flere innspill.")
            % {"date": target.deadline.strftime("%d.%m.%Y")}
        )


@transaction.atomic
def proposal_submit(
    *,
    citizen: Citizen,
    target: Target,
    kind: str,
    title: str,
    text: str,
    ip: str = "",
) -> Proposal:
    """Receive a citizen's proposal or comment; it waits for moderation before it is shown."""
    _check_target_open(target)
    check_text(field="title", text=title)
    check_text(field="text", text=text)
    since = timezone.now() - datetime.timedelta(hours=1)
    recent = Proposal.objects.filter(created_at__gte=since)
    if recent.filter(citizen=citizen).count() >= MAX_PROPOSALS_PER_CITIZEN_PER_HOUR:
        raise RateLimited(
            _(
                "Du har sendt %(n)s forslag eller kommentarer den siste timen, som er grensen. "
                "Prøv igjen om en time."
            )
            % {"n": MAX_PROPOSALS_PER_CITIZEN_PER_HOUR}
        )
    hashed_ip = ip_hash(ip)
    if hashed_ip and recent.filter(ip_hash=hashed_ip).count() >= MAX_PROPOSALS_PER_IP_PER_HOUR:
        raise RateLimited(
            _(
                "Det er sendt mange forslag fra din nettverksadresse den siste timen. "
                "Prøv igjen om en time."
            )
        )
    proposal = Proposal(
        municipality=_target_municipality(target),
        citizen=citizen,
        author_name=citizen.display_name,
        kind=kind,
        title=title.strip(),
        text=text.strip(),
        ip_hash=hashed_ip,
        goal=target if isinstance(target, Goal) else None,
        measure=target if isinstance(target, Measure) else None,
        consultation=target if isinstance(target, Consultation) else None,
    )
    proposal.full_clean()
    proposal.save()
    return proposal


def _moderated(proposal: Proposal, by: User, status: str) -> None:
    if proposal.status != Proposal.Status.PENDING:
        raise CommunityError(_("Forslaget er allerede moderert."))
    proposal.status = status
    proposal.moderated_by = by
    proposal.moderated_at = timezone.now()


@transaction.atomic
def proposal_approve(*, proposal: Proposal, by: User) -> Proposal:
    """Publish a waiting proposal."""
    _moderated(proposal, by, Proposal.Status.APPROVED)
    proposal.save(update_fields=["status", "moderated_by", "moderated_at"])
    _public_pages_changed()
    return proposal


@transaction.atomic
def proposal_reject(*, proposal: Proposal, by: User, reason: str) -> Proposal:
    """Refuse a waiting proposal; the reason is emailed to the citizen (never shown publicly)."""
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv en begrunnelse for avvisningen.")})
    _moderated(proposal, by, Proposal.Status.REJECTED)
    proposal.rejection_reason = reason.strip()
    proposal.save(update_fields=["status", "moderated_by", "moderated_at", "rejection_reason"])
    if proposal.citizen is not None:
        _mail(
            _("Forslaget ditt ble ikke publisert"),
            _(
                "Hei %(name)s!\n\n%(municipality)s har vurdert forslaget ditt «%(title)s» og "
                "valgt ikke å publisere det.\n\nBegrunnelse: %(reason)s\n\nDu kan sende et nytt "
                "forslag når som helst.\n"
            )
            % {
                "name": proposal.citizen.display_name,
                "municipality": proposal.municipality.name,
                "title": str(proposal),
                "reason": proposal.rejection_reason,
            },
            proposal.citizen.email,
            key=f"proposal-rejected:{proposal.pk}",
            about=proposal,
        )
    return proposal


@transaction.atomic
def proposal_answer(*, proposal: Proposal, by: User, answer: str) -> Proposal:
    """Give (or change) the municipality's public answer to a published proposal."""
    if proposal.status != Proposal.Status.APPROVED:
        raise CommunityError(_("Bare publiserte forslag kan besvares."))
    if not answer.strip():
        raise ValidationError({"answer": _("Skriv kommunens svar.")})
    proposal.answer = answer.strip()
    proposal.answered_at = timezone.now()
    proposal.save(update_fields=["answer", "answered_at"])
    _public_pages_changed()
    return proposal


# --- consultations ---------------------------------------------------------------------------
@transaction.atomic
def consultation_save(
    *,
    municipality: Municipality,
    fields: dict[str, Any],
    consultation: Consultation | None = None,
) -> Consultation:
    """Open (or change) a consultation of the municipality."""
    consultation = consultation or Consultation(municipality=municipality)
    _apply(consultation, fields)
    consultation.full_clean()
    consultation.save()
    _public_pages_changed()
    return consultation
