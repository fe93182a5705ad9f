"""Writes for policy input to the state: drafts, and one service per move between statuses
(submit, forward, send back, answer, close). Each is one transaction with a
`PolicyInputStatusChange` row per move. Each takes the acting user and refuses with
`PermissionDenied` when the rules (policy.rules) do not let them make it, and with
`PolicyInputError` when the input's status does not allow the move."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kommunenettverk.accounts.models import Organisation, Role, User
from kommunenettverk.accounts.selectors import user_list_with_role
from kommunenettverk.community import content
from kommunenettverk.core.cache import public_pages_changed
from kommunenettverk.core.errors import DomainError
from kommunenettverk.ideabank.models import Example
from kommunenettverk.indicators.models import Indicator
from kommunenettverk.networks.models import Network
from kommunenettverk.notifications.services import notify
from kommunenettverk.policy.models import PolicyInput, PolicyInputStatusChange, addressee_kinds
from kommunenettverk.programmes.models import Programme, ThemeCode
from kommunenettverk.registry.models import Municipality

Status = PolicyInput.Status
# The moves that exist: draft → submitted → forwarded → (under review →) answered → closed,
# and the national coordinator may send submitted input back to its sender as a draft.
POLICY_INPUT_MOVES: dict[str, tuple[str, ...]] = {
    Status.DRAFT: (Status.SUBMITTED,),
    Status.SUBMITTED: (Status.FORWARDED, Status.DRAFT),
    Status.FORWARDED: (Status.REVIEWING, Status.ANSWERED),
    Status.REVIEWING: (Status.ANSWERED,),
    Status.ANSWERED: (Status.CLOSED,),
    Status.CLOSED: (),
}
TEXT_FIELDS = ("title", "problem", "proposal")

# The rules (policy.rules) and what a refused user is told.
CHANGE = "policy.change_input"
HANDLE = "policy.handle_input"
ANSWER = "policy.answer_input"
SEND = {
    "municipality": "policy.send_municipal_input",
    "network": "policy.send_network_input",
    "programme": "policy.send_programme_input",
}
REFUSALS = {
    CHANGE: gettext_lazy("Bare avsenderen kan endre og sende inn innspillet."),
    HANDLE: gettext_lazy("Bare nasjonal koordinator kan behandle innspill."),
    ANSWER: gettext_lazy(
        "Bare en statlig representant for departementet eller direktoratet kan svare."
    ),
    SEND["municipality"]: gettext_lazy(
        "Bare kommunens koordinator kan sende innspill for kommunen."
    ),
    SEND["network"]: gettext_lazy(
        "Bare nettverkets rådgiver og koordinatorene i medlemskommunene kan sende innspill for "
        "nettverket."
    ),
    SEND["programme"]: gettext_lazy("Bare nasjonal koordinator kan sende innspill for programmet."),
}


class PolicyInputError(DomainError):
    """A move was refused; the message is for the person (in Norwegian)."""


Sender = Municipality | Network | Programme


def require(user: User, perm: str, obj: PolicyInput | Sender | None = None) -> None:
    """Refuse with 403 and the rule's Norwegian message unless `user` has `perm` on `obj`."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(str(REFUSALS[perm]))


def sender_kind(sender: Sender) -> str:
    if isinstance(sender, Municipality):
        return "municipality"
    return "network" if isinstance(sender, Network) else "programme"


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
    """Create a draft for `sender`, or change a draft. Refused: a user who does not write for
    the sender (PermissionDenied), input addressed to nobody (or to something that is not a
    ministry or directorate), HTML in the texts, unpublished examples, unknown themes, and
    changes after the input was submitted."""
    if policy_input is not None:
        require(by, CHANGE, policy_input)
    elif sender is not None:
        require(by, SEND[sender_kind(sender)], sender)
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
            **{sender_kind(sender): sender},
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


def _move(
    *,
    policy_input: PolicyInput,
    to_status: str,
    at: datetime.datetime | None,
    comment: str = "",
    texts: dict[str, str] | None = None,
) -> tuple[PolicyInput, datetime.datetime, list[str]]:
    """Lock the input and check that it may move to `to_status` from where it is; returns the
    locked row, the time of the move and the fields to save. `_record` finishes the move."""
    locked = PolicyInput.objects.select_for_update().get(pk=policy_input.pk)
    if to_status not in POLICY_INPUT_MOVES[locked.status]:
        raise PolicyInputError(
            _("Et innspill med status «%(from)s» kan ikke få status «%(to)s».")
            % {"from": locked.get_status_display(), "to": Status(to_status).label}
        )
    _check_text({"comment": comment, **(texts or {})})
    return locked, at or timezone.now(), ["status"]


def _record(
    locked: PolicyInput,
    *,
    to_status: str,
    by: User,
    at: datetime.datetime,
    update: list[str],
    comment: str = "",
) -> PolicyInput:
    from_status = locked.status
    locked.status = to_status
    locked.save(update_fields=update)
    PolicyInputStatusChange.objects.create(
        policy_input=locked,
        from_status=from_status,
        to_status=to_status,
        by=by,
        at=at,
        comment=comment.strip(),
    )
    transaction.on_commit(public_pages_changed)
    return locked


def _set_outcome(locked: PolicyInput, outcome: str, outcome_text: str, update: list[str]) -> None:
    if outcome not in PolicyInput.Outcome.values:
        raise ValidationError({"outcome": _("Velg hva som endret seg.")})
    locked.outcome, locked.outcome_text = outcome, outcome_text.strip()
    update += ["outcome", "outcome_text"]


@transaction.atomic
def policy_input_submit(
    *, policy_input: PolicyInput, by: User, at: datetime.datetime | None = None
) -> PolicyInput:
    """The sender submits a draft to the national coordinator. `at` (for the demo) backdates."""
    require(by, CHANGE, policy_input)
    locked, now, update = _move(policy_input=policy_input, to_status=Status.SUBMITTED, at=at)
    locked.submitted_at = now
    update.append("submitted_at")
    return _record(locked, to_status=Status.SUBMITTED, by=by, at=now, update=update)


@transaction.atomic
def policy_input_forward(
    *,
    policy_input: PolicyInput,
    by: User,
    comment: str = "",
    at: datetime.datetime | None = None,
) -> PolicyInput:
    """The national coordinator forwards submitted input to the state, with an optional
    comment."""
    require(by, HANDLE, policy_input)
    to = Status.FORWARDED
    locked, now, update = _move(policy_input=policy_input, to_status=to, at=at, comment=comment)
    forwarded = _record(locked, to_status=to, by=by, at=now, update=update, comment=comment)
    policy_input_notify_forwarded(policy_input=forwarded, actor=by)
    return forwarded


def policy_input_notify_forwarded(*, policy_input: PolicyInput, actor: User | None) -> None:
    """The state representatives of the addressed body hear of input to answer."""
    notify(
        user_list_with_role(roles=[Role.STATE_REPRESENTATIVE], over=[policy_input.addressee]),
        "input_forwarded",
        policy_input,
        _("Innspill til %(addressee)s venter på svar: «%(title)s».")
        % {"addressee": policy_input.addressee, "title": policy_input.title},
        policy_input.get_absolute_url(),
        actor=actor,
    )


@transaction.atomic
def policy_input_send_back(
    *,
    policy_input: PolicyInput,
    by: User,
    comment: str,
    at: datetime.datetime | None = None,
) -> PolicyInput:
    """The national coordinator sends submitted input back to its sender as a draft; the
    comment says why and is required."""
    require(by, HANDLE, policy_input)
    to = Status.DRAFT
    locked, now, update = _move(policy_input=policy_input, to_status=to, at=at, comment=comment)
    if not comment.strip():
        raise ValidationError({"comment": _("Skriv hvorfor innspillet sendes tilbake.")})
    return _record(locked, to_status=to, by=by, at=now, update=update, comment=comment)


@transaction.atomic
def policy_input_review(
    *,
    policy_input: PolicyInput,
    by: User,
    comment: str = "",
    at: datetime.datetime | None = None,
) -> PolicyInput:
    """A state representative for the addressee marks forwarded input as under review (the
    body has taken it up; the answer comes later), with an optional comment."""
    require(by, ANSWER, policy_input)
    to = Status.REVIEWING
    locked, now, update = _move(policy_input=policy_input, to_status=to, at=at, comment=comment)
    return _record(locked, to_status=to, by=by, at=now, update=update, comment=comment)


@transaction.atomic
def policy_input_answer(
    *,
    policy_input: PolicyInput,
    by: User,
    answer: str,
    outcome: str = "",
    outcome_text: str = "",
    at: datetime.datetime | None = None,
) -> PolicyInput:
    """A state representative for the addressee answers forwarded (or reviewed) input. The
    answer is credited to the body they answer for, the addressee (`answered_for`); what
    changed may be said now or when the input is closed."""
    require(by, ANSWER, policy_input)
    to = Status.ANSWERED
    texts = {"answer": answer, "outcome_text": outcome_text}
    locked, now, update = _move(policy_input=policy_input, to_status=to, at=at, texts=texts)
    if not answer.strip():
        raise ValidationError({"answer": _("Skriv svaret.")})
    locked.answer, locked.answered_by, locked.answered_at = answer.strip(), by, now
    locked.answered_for_id = locked.addressee_id
    update += ["answer", "answered_by", "answered_at", "answered_for"]
    if outcome:
        _set_outcome(locked, outcome, outcome_text, update)
    answered = _record(locked, to_status=to, by=by, at=now, update=update)
    policy_input_notify_answered(policy_input=answered, actor=by)
    return answered


def policy_input_notify_answered(*, policy_input: PolicyInput, actor: User | None) -> None:
    """The sender hears the answer; the national coordinators, who close the input, too."""
    text = _("%(addressee)s har svart på innspillet «%(title)s».") % {
        "addressee": policy_input.addressee,
        "title": policy_input.title,
    }
    sender = policy_input.sender
    speakers = user_list_with_role(
        roles=[Role.MUNICIPAL_COORDINATOR, Role.REGIONAL_ADVISER, Role.NATIONAL_COORDINATOR],
        over=[sender],
        national=False,
    )
    adviser = getattr(sender, "adviser", None)
    senders = [*speakers, *([adviser] if adviser is not None else [])]
    link = policy_input.get_absolute_url()
    notify(senders, "input_answered", policy_input, text, link, actor=actor)
    handlers = user_list_with_role(roles=[Role.NATIONAL_COORDINATOR]).exclude(
        pk__in=[u.pk for u in senders]
    )
    notify(handlers, "input_answered", policy_input, text, link, actor=actor, perm=HANDLE)


@transaction.atomic
def policy_input_close(
    *,
    policy_input: PolicyInput,
    by: User,
    outcome: str = "",
    outcome_text: str = "",
    comment: str = "",
    at: datetime.datetime | None = None,
) -> PolicyInput:
    """The national coordinator closes answered input and says what changed (required now,
    unless the answer already said it; then it may be updated)."""
    require(by, HANDLE, policy_input)
    to = Status.CLOSED
    texts = {"outcome_text": outcome_text}
    locked, now, update = _move(
        policy_input=policy_input, to_status=to, at=at, comment=comment, texts=texts
    )
    if outcome or not locked.outcome:
        _set_outcome(locked, outcome, outcome_text, update)
    return _record(locked, to_status=to, by=by, at=now, update=update, comment=comment)


def policy_input_allowed_moves(policy_input: PolicyInput) -> tuple[str, ...]:
    return POLICY_INPUT_MOVES[policy_input.status]
