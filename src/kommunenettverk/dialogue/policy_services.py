"""Writes for policy input to the state: drafts, and the moves between statuses. Each is one
transaction with a `PolicyInputStatusChange` row per move. Which role may make which move is
decided by the rules (dialogue.rules) in the views; these functions decide which moves exist."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kommunenettverk.accounts.models import Organisation, User
from kommunenettverk.core.cache import public_pages_changed
from kommunenettverk.core.errors import DomainError
from kommunenettverk.dialogue import content
from kommunenettverk.dialogue.models import PolicyInput, PolicyInputStatusChange, addressee_kinds
from kommunenettverk.ideabank.models import Example
from kommunenettverk.indicators.models import Indicator
from kommunenettverk.networks.models import Network
from kommunenettverk.programmes.models import Programme, ThemeCode
from kommunenettverk.registry.models import Municipality

Status = PolicyInput.Status
# The moves that exist: draft → submitted → forwarded → answered → closed, and the national
# coordinator may send submitted input back to its sender as a draft.
POLICY_INPUT_MOVES: dict[str, tuple[str, ...]] = {
    Status.DRAFT: (Status.SUBMITTED,),
    Status.SUBMITTED: (Status.FORWARDED, Status.DRAFT),
    Status.FORWARDED: (Status.ANSWERED,),
    Status.ANSWERED: (Status.CLOSED,),
    Status.CLOSED: (),
}
TEXT_FIELDS = ("title", "problem", "proposal")


class PolicyInputError(DomainError):
    """A move was refused; the message is for the person (in Norwegian)."""


Sender = Municipality | Network | Programme


def _check_text(values: dict[str, str]) -> None:
    errors = {
        name: _("Skriv ren tekst uten HTML-koder.")
        for name, value in values.items()
        if value and content.has_html(value)
    }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def policy_input_save(
    *,
    by: User,
    fields: dict[str, Any],
    themes: Iterable[str],
    examples: Iterable[Example],
    indicators: Iterable[Indicator],
    sender: Sender | None = None,
    policy_input: PolicyInput | None = None,
    is_demo: bool = False,
) -> PolicyInput:
    """Create a draft for `sender`, or change a draft. Refused: input addressed to nobody
    (or to something that is not a ministry or directorate), HTML in the texts, unpublished
    examples, unknown themes, and changes after the input was submitted."""
    if policy_input is not None and policy_input.status != Status.DRAFT:
        raise PolicyInputError(_("Innspillet er sendt inn og kan ikke endres."))
    addressee: Organisation | None = fields.get("addressee")
    if addressee is None:
        raise ValidationError(
            {"addressee": _("Velg departementet eller direktoratet innspillet er til.")}
        )
    if addressee.kind not in addressee_kinds():
        raise ValidationError(
            {"addressee": _("Innspill kan bare sendes til et departement eller et direktorat.")}
        )
    _check_text({name: str(fields.get(name, "")) for name in TEXT_FIELDS})
    themes = list(themes)
    unknown = [code for code in themes if code not in ThemeCode.values]
    if unknown:
        raise ValidationError(
            {"themes": _("Ukjent tema: %(codes)s") % {"codes": ", ".join(unknown)}}
        )
    examples = list(examples)
    if any(example.status != Example.Status.PUBLISHED for example in examples):
        raise ValidationError({"examples": _("Bare publiserte eksempler kan legges ved.")})
    if policy_input is None:
        if sender is None:
            raise PolicyInputError(_("Innspillet må ha en avsender."))
        policy_input = PolicyInput(
            municipality=sender if isinstance(sender, Municipality) else None,
            network=sender if isinstance(sender, Network) else None,
            programme=sender if isinstance(sender, Programme) else None,
            created_by=by,
            is_demo=is_demo,
        )
        created = True
    else:
        created = False
    for name in (*TEXT_FIELDS, "addressee"):
        setattr(policy_input, name, fields[name])
    policy_input.themes = themes
    policy_input.full_clean()
    policy_input.save()
    policy_input.examples.set(examples)
    policy_input.indicators.set(list(indicators))
    if created:
        PolicyInputStatusChange.objects.create(
            policy_input=policy_input, from_status="", to_status=Status.DRAFT, by=by
        )
    return policy_input


@transaction.atomic
def policy_input_move(
    *,
    policy_input: PolicyInput,
    to_status: str,
    by: User,
    comment: str = "",
    answer: str = "",
    outcome: str = "",
    outcome_text: str = "",
    at: Any = None,
) -> PolicyInput:
    """Move the input to `to_status` if POLICY_INPUT_MOVES allows it from where it is.

    Answering needs the answer and what changed (`outcome`); closing may update what changed.
    Sending back to the sender needs a comment saying why. `at` (for the demo) backdates.
    """
    locked = PolicyInput.objects.select_for_update().get(pk=policy_input.pk)
    if to_status not in POLICY_INPUT_MOVES[locked.status]:
        raise PolicyInputError(
            _("Et innspill med status «%(from)s» kan ikke få status «%(to)s».")
            % {"from": locked.get_status_display(), "to": Status(to_status).label}
        )
    _check_text({"comment": comment, "answer": answer, "outcome_text": outcome_text})
    from_status = locked.status
    now = at or timezone.now()
    update = ["status"]
    if to_status == Status.DRAFT and not comment.strip():
        raise ValidationError({"comment": _("Skriv hvorfor innspillet sendes tilbake.")})
    if to_status == Status.SUBMITTED:
        locked.submitted_at = now
        update.append("submitted_at")
    if to_status == Status.ANSWERED:
        errors = {}
        if not answer.strip():
            errors["answer"] = _("Skriv svaret.")
        if outcome not in PolicyInput.Outcome.values:
            errors["outcome"] = _("Velg hva som endret seg (eller «Ingen endring»).")
        if errors:
            raise ValidationError(errors)
        locked.answer, locked.answered_by, locked.answered_at = answer.strip(), by, now
        update += ["answer", "answered_by", "answered_at"]
    if to_status in (Status.ANSWERED, Status.CLOSED) and outcome:
        if outcome not in PolicyInput.Outcome.values:
            raise ValidationError({"outcome": _("Velg hva som endret seg.")})
        locked.outcome, locked.outcome_text = outcome, outcome_text.strip()
        update += ["outcome", "outcome_text"]
    locked.status = to_status
    locked.save(update_fields=update)
    PolicyInputStatusChange.objects.create(
        policy_input=locked,
        from_status=from_status,
        to_status=to_status,
        by=by,
        at=now,
        comment=comment.strip(),
    )
    transaction.on_commit(public_pages_changed)
    return locked


def policy_input_allowed_moves(policy_input: PolicyInput) -> tuple[str, ...]:
    return POLICY_INPUT_MOVES[policy_input.status]
