"""Writes to users and role assignments."""

from __future__ import annotations

import secrets

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from kommunenettverk.accounts.models import (
    CalendarToken,
    Organisation,
    Role,
    RoleAssignment,
    User,
    calendar_token_hash,
)
from kommunenettverk.accounts.rules import forget_roles
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
