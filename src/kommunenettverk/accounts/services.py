"""Writes to users and role assignments."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from kommunenettverk.accounts.models import (
    CalendarToken,
    ExternalLogin,
    Invitation,
    Organisation,
    Role,
    RoleAssignment,
    User,
    calendar_token_hash,
)
from kommunenettverk.accounts.rules import forget_roles
from kommunenettverk.core import outbox
from kommunenettverk.core.errors import DomainError

# Roles that are held over one municipality and that an adviser may hand out there.
MUNICIPAL_ROLES = (Role.MUNICIPAL_COORDINATOR, Role.PARTICIPANT)


class RoleError(DomainError):
    """A role change was refused; the message is for the user."""


@transaction.atomic
def user_get_or_create(*, email: str, full_name: str = "") -> tuple[User, bool]:
    """Find a user by email (case-insensitive) or create one without a usable password; the
    person then sets a password through the password reset page."""
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user, False
    user = User(email=email, full_name=full_name)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    return user, True


@transaction.atomic
def role_assign(
    *,
    user: User,
    role: str,
    scope: models.Model | None = None,
    organisation: Organisation | None = None,
) -> RoleAssignment:
    """Give `user` the `role` over `scope` (None = nationally). Refuses a duplicate."""
    if role not in Role.values:
        raise RoleError(f"Ukjent rolle «{role}».")
    scope_type = ContentType.objects.get_for_model(scope) if scope is not None else None
    scope_id = scope.pk if scope is not None else None
    if RoleAssignment.objects.filter(
        user=user, role=role, scope_type=scope_type, scope_id=scope_id
    ).exists():
        raise RoleError(f"{user} har allerede rollen {Role(role).label} her.")
    assignment = RoleAssignment(
        user=user, role=role, scope_type=scope_type, scope_id=scope_id, organisation=organisation
    )
    assignment.full_clean()
    assignment.save()
    forget_roles(user)
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment) -> None:
    user = assignment.user
    assignment.delete()
    forget_roles(user)


class InvitationError(DomainError):
    """An invitation link cannot be used (unknown, spent or expired); the message says why."""


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=int(settings.INVITATION_VALID_DAYS))


def _role_words(assignment: RoleAssignment, scope: models.Model | None = None) -> str:
    """«Kommunekoordinator (1804 Bodø)»; `scope` saves the query when the caller has it."""
    where = str(scope) if scope is not None else assignment.scope_label
    return _("%(role)s (%(scope)s)") % {"role": assignment.get_role_display(), "scope": where}


def _queue_invitation(
    invitation: Invitation, token: str, assignment: RoleAssignment, *, role_words: str = ""
) -> None:
    outbox.queue_message(
        **_invitation_message(invitation, token, assignment, role_words=role_words)
    )


def _invitation_message(
    invitation: Invitation, token: str, assignment: RoleAssignment, *, role_words: str = ""
) -> dict[str, Any]:
    link = settings.SITE_URL.rstrip("/") + reverse("accounts:invitation_accept", args=[token])
    days = int(settings.INVITATION_VALID_DAYS)
    return {
        "to": invitation.user.email,
        "kind": "invitation",
        "key": f"invitation:{invitation.pk}:{invitation.sends}",
        "subject": _("Invitasjon til Kommunenettverk"),
        "body": _(
            "Hei %(name)s,\n\n%(by)s har gitt deg rollen %(role)s i Kommunenettverk.\n\n"
            "Velg et passord her for å ta i bruk kontoen din:\n%(link)s\n\n"
            "Lenken virker én gang og i %(days)s dager. Har den gått ut, be den som inviterte "
            "deg om å sende en ny.\n"
        )
        % {
            "name": invitation.user.get_full_name(),
            "by": invitation.invited_by.get_full_name() if invitation.invited_by else "KS",
            "role": role_words or _role_words(assignment),
            "link": link,
            "days": days,
        },
        "about": invitation,
    }


def _queue_role_notice(
    assignment: RoleAssignment, by: User | None, *, role_words: str = ""
) -> None:
    outbox.queue_message(**_role_notice_message(assignment, by, role_words=role_words))


def _role_notice_message(
    assignment: RoleAssignment, by: User | None, *, role_words: str = ""
) -> dict[str, Any]:
    link = settings.SITE_URL.rstrip("/") + reverse("web:tasks")
    return {
        "to": assignment.user.email,
        "kind": "role-notice",
        "key": f"role-notice:{assignment.pk}",
        "subject": _("Du har fått en ny rolle i Kommunenettverk"),
        "body": _(
            "Hei %(name)s,\n\n%(by)s har gitt deg rollen %(role)s i Kommunenettverk.\n\n"
            "Logg inn som før for å se hva rollen gir deg:\n%(link)s\n"
        )
        % {
            "name": assignment.user.get_full_name(),
            "by": by.get_full_name() if by else "KS",
            "role": role_words or _role_words(assignment),
            "link": link,
        },
        "about": assignment,
    }


def _has_signed_up(user: User) -> bool:
    return user.has_usable_password() or user.last_login is not None


@transaction.atomic
def role_give(
    *,
    email: str,
    role: str,
    scope: models.Model | None,
    by: User | None,
    full_name: str = "",
    organisation: Organisation | None = None,
) -> RoleAssignment:
    """Give the person with `email` the `role` over `scope` and tell them through the outbox:
    a person with no account yet (or one who never set a password) gets an invitation with a
    link to set a password; everyone else a notice of the new role. The caller has checked that
    `by` may give the role."""
    user, _created = user_get_or_create(email=email, full_name=full_name)
    assignment = role_assign(user=user, role=role, scope=scope, organisation=organisation)
    role_tell(assignment=assignment, by=by)
    return assignment


@transaction.atomic
def role_tell(*, assignment: RoleAssignment, by: User | None) -> None:
    """Tell the holder of a new role about it (see `role_give`). A person with an invitation
    still pending gets a notice: the link they already have is the one to use."""
    user = assignment.user
    if _has_signed_up(user) or Invitation.objects.filter(user=user, accepted_at=None).exists():
        _queue_role_notice(assignment, by)
        return
    token = secrets.token_urlsafe(32)
    invitation, created = Invitation.objects.update_or_create(
        user=user,
        defaults={
            "token_hash": _token_hash(token),
            "invited_by": by,
            "sent_at": timezone.now(),
            "expires_at": _expiry(),
            "accepted_at": None,
        },
    )
    if not created:  # an accepted invitation of a user whose password was later removed
        Invitation.objects.filter(pk=invitation.pk).update(sends=models.F("sends") + 1)
        invitation.refresh_from_db()
    _queue_invitation(invitation, token, assignment)


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by: User, sends_seen: int) -> Invitation:
    """Send a pending invitation again with a new link and a new expiry (the old link stops
    working). `sends_seen` is the count the sender's page showed: a second press of the same
    button (or two people at once) finds it changed and sends nothing more."""
    invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise InvitationError(_("Invitasjonen er allerede tatt i bruk."))
    if invitation.sends != sends_seen:
        return invitation
    token = secrets.token_urlsafe(32)
    invitation.token_hash = _token_hash(token)
    invitation.sends += 1
    invitation.sent_at = timezone.now()
    invitation.expires_at = _expiry()
    invitation.invited_by = by
    invitation.save(update_fields=["token_hash", "sends", "sent_at", "expires_at", "invited_by"])
    assignment = (
        RoleAssignment.objects.filter(user=invitation.user).order_by("-created_at", "-pk").first()
    )
    if assignment is None:
        raise InvitationError(_("Personen har ingen rolle lenger; gi en rolle først."))
    _queue_invitation(invitation, token, assignment)
    return invitation


def invitation_get_by_token(token: str) -> Invitation:
    """The invitation a link's token opens; InvitationError (with why) when it cannot be used."""
    invitation = (
        Invitation.objects.select_related("user").filter(token_hash=_token_hash(token)).first()
    )
    if invitation is None:
        raise InvitationError(
            _("Lenken virker ikke. Den kan være erstattet av en nyere invitasjon.")
        )
    if invitation.accepted_at is not None:
        raise InvitationError(
            _("Invitasjonen er allerede brukt. Logg inn med e-postadressen og passordet ditt.")
        )
    if invitation.has_expired:
        raise InvitationError(
            _("Invitasjonen er utløpt. Be den som inviterte deg om å sende en ny.")
        )
    if not invitation.user.is_active:
        raise InvitationError(_("Brukeren er deaktivert. Kontakt den nasjonale koordinatoren."))
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Spend the invitation: set the person's password (validated by the caller's form) and
    mark the invitation accepted, so the link never works again."""
    invitation = invitation_get_by_token(token)
    spent = Invitation.objects.filter(pk=invitation.pk, accepted_at=None).update(
        accepted_at=timezone.now()
    )
    if not spent:  # accepted a moment ago in another request
        raise InvitationError(_("Invitasjonen er allerede brukt."))
    user = invitation.user
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


@dataclass(frozen=True)
class RoleGrant:
    """One role for one person over one scope, for `role_give_many`."""

    email: str
    full_name: str
    role: str
    scope: models.Model


@transaction.atomic
def role_give_many(*, grants: Sequence[RoleGrant], by: User | None) -> int:
    """`role_give` for many people at once (moving a programme in: a thousand contacts), in a
    fixed number of queries plus one outbox message each: users and roles are created in bulk
    (with their history), a role already held is left alone, and each person is told once —
    a new person gets one invitation naming all their new roles, someone with an account (or
    a pending invitation) a notice per role. Returns how many roles were given. The caller has
    checked that `by` may give every one of them."""
    wanted: dict[tuple[str, str, int, int], RoleGrant] = {}
    names: dict[str, str] = {}
    for grant in grants:
        email = User.objects.normalize_email(grant.email).lower()
        try:
            validate_email(email)
        except ValidationError:
            raise RoleError(
                _("«%(email)s» er ikke en gyldig e-postadresse.") % {"email": email}
            ) from None
        if grant.role not in Role.values:
            raise RoleError(f"Ukjent rolle «{grant.role}».")
        scope_type = ContentType.objects.get_for_model(grant.scope)
        wanted.setdefault((email, grant.role, scope_type.pk, grant.scope.pk), grant)
        names.setdefault(email, grant.full_name)
    users = {u.email.lower(): u for u in User.objects.filter(email__in=list(names))}
    new_users = []
    for email in sorted(set(names) - set(users)):
        user = User(email=email, full_name=names[email])
        user.set_unusable_password()
        new_users.append(user)
    for user in bulk_create_with_history(new_users, User):
        users[user.email] = user
    held = {
        (email.lower(), role, scope_type_id, scope_id)
        for email, role, scope_type_id, scope_id in RoleAssignment.objects.filter(
            user__in=list(users.values())
        ).values_list("user__email", "role", "scope_type_id", "scope_id")
    }
    now = timezone.now()
    new_roles = [
        (
            RoleAssignment(
                user=users[email],
                role=role,
                scope_type_id=scope_type_id,
                scope_id=scope_id,
                created_at=now,
            ),
            wanted[(email, role, scope_type_id, scope_id)].scope,
        )
        for (email, role, scope_type_id, scope_id) in wanted
        if (email, role, scope_type_id, scope_id) not in held
    ]
    created = bulk_create_with_history([a for a, _scope in new_roles], RoleAssignment)
    if any(a.pk is None for a in created):  # a backend that returns no keys from bulk inserts
        raise RuntimeError("bulk_create returned no primary keys")
    by_user: dict[int, list[tuple[RoleAssignment, models.Model]]] = {}
    for assignment, scope in new_roles:
        forget_roles(assignment.user)
        by_user.setdefault(assignment.user_id, []).append((assignment, scope))
    pending = set(
        Invitation.objects.filter(user_id__in=list(by_user), accepted_at=None).values_list(
            "user_id", flat=True
        )
    )
    spent = set(
        Invitation.objects.filter(user_id__in=list(by_user)).values_list("user_id", flat=True)
    )
    invite: list[tuple[Invitation, str, list[tuple[RoleAssignment, models.Model]]]] = []
    messages: list[dict[str, Any]] = []
    for user_id, given in by_user.items():
        user = given[0][0].user
        if _has_signed_up(user) or user_id in pending or user_id in spent:
            for assignment, scope in given:
                messages.append(
                    _role_notice_message(assignment, by, role_words=_role_words(assignment, scope))
                )
            continue
        token = secrets.token_urlsafe(32)
        invitation = Invitation(
            user=user,
            token_hash=_token_hash(token),
            invited_by=by,
            sent_at=now,
            expires_at=_expiry(),
        )
        invite.append((invitation, token, given))
    Invitation.objects.bulk_create([invitation for invitation, _t, _g in invite])
    for invitation, token, given in invite:
        words = ", ".join(_role_words(a, scope) for a, scope in given)
        messages.append(_invitation_message(invitation, token, given[0][0], role_words=words))
    outbox.queue_messages(messages)
    return len(created)


@transaction.atomic
def calendar_token_renew(*, user: User) -> str:
    """Give `user` a new secret for their calendar feed address, replacing the old one (whose
    address then stops working). Returns the raw secret, to be shown once; only its hash is
    kept."""
    raw = "kal_" + secrets.token_urlsafe(30)
    CalendarToken.objects.update_or_create(
        user=user,
        defaults={
            "prefix": raw[:8],
            "key_hash": calendar_token_hash(raw),
            "created_at": timezone.now(),
        },
    )
    return raw


class ExternalLoginError(DomainError):
    """A sign-in through an identity provider found no account it may open; the message is
    for the person."""


class StrangerError(ExternalLoginError):
    """The provider vouched for someone who has no account here (or no verified email that
    matches one): no account is made and no role given."""


@transaction.atomic
def external_login_resolve(
    *, provider: str, subject: str, verified_email: str | None, linking: User | None = None
) -> User:
    """The user a provider's checked identity opens (docs/deployment.md, "Sign-in with the
    organisation's account"):

    1. `linking`, the signed-in person who started the sign-in from Min side to link this
       provider (ID-porten gives no email): the subject is linked to them, unless it already
       belongs to someone else;
    2. the user the subject was linked to before;
    3. an active user whose email equals the provider's *verified* email: the subject is
       linked to them and a pending invitation counts as accepted.

    Anyone else is a stranger (StrangerError): no user is made and no role given."""
    now = timezone.now()
    link = (
        ExternalLogin.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(provider=provider, subject=subject)
        .first()
    )
    if linking is not None:
        if link is not None and link.user_id != linking.pk:
            raise ExternalLoginError(
                _("Denne kontoen hos innloggingstjenesten er allerede koblet til en annen bruker.")
            )
        ExternalLogin.objects.update_or_create(
            user=linking, provider=provider, defaults={"subject": subject, "last_used_at": now}
        )
        return linking
    if link is not None:
        if not link.user.is_active:
            raise ExternalLoginError(
                _("Brukeren er deaktivert. Kontakt den nasjonale koordinatoren.")
            )
        ExternalLogin.objects.filter(pk=link.pk).update(last_used_at=now)
        return link.user
    user = (
        User.objects.filter(email__iexact=verified_email, is_active=True).first()
        if verified_email
        else None
    )
    if user is None:
        raise StrangerError(_("Du har ingen brukerkonto her ennå."))
    ExternalLogin.objects.update_or_create(
        user=user, provider=provider, defaults={"subject": subject, "last_used_at": now}
    )
    Invitation.objects.filter(user=user, accepted_at=None).update(accepted_at=now)
    return user
