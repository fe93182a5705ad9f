"""Reads of users and their roles."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet

from kommunenettverk.accounts.models import (
    CalendarToken,
    ExternalLogin,
    Invitation,
    RoleAssignment,
    User,
    calendar_token_hash,
)
from kommunenettverk.registry.models import Municipality

if TYPE_CHECKING:
    from kommunenettverk.accounts.oidc import Provider


def role_list_for_user(user: User) -> list[RoleAssignment]:
    """The user's roles with their scope objects loaded (one query per scope type)."""
    assignments = list(
        RoleAssignment.objects.filter(user=user)
        .select_related("scope_type", "organisation")
        .prefetch_related("scope")
    )
    return assignments


def role_list_for_scope(scope: models.Model) -> QuerySet[RoleAssignment]:
    """Who holds a role directly over `scope` (e.g. a municipality's coordinators)."""
    return (
        RoleAssignment.objects.filter(
            scope_type=ContentType.objects.get_for_model(scope), scope_id=scope.pk
        )
        .select_related("user", "organisation")
        .order_by("role", "user__email")
    )


def user_list_with_role(
    *, roles: Iterable[str], over: Iterable[Any] = (), national: bool = True
) -> QuerySet[User]:
    """The active users who hold one of `roles` over one of the scopes `over` (each object's
    `permission_scopes()`, or the object itself), and with `national` also those who hold it
    nationally: the reverse of `accounts.rules.user_has_role`, e.g. who must hear that a
    municipality applied. One query."""
    wanted = Q(scope_type__isnull=True) if national else Q(pk__in=[])
    for obj in over:
        if obj is None:
            continue
        scopes = obj.permission_scopes() if hasattr(obj, "permission_scopes") else [obj]
        for scope in scopes:
            if scope is not None:
                wanted |= Q(scope_type=ContentType.objects.get_for_model(scope), scope_id=scope.pk)
    holders = RoleAssignment.objects.filter(wanted, role__in=list(roles)).values("user_id")
    return User.objects.filter(pk__in=holders, is_active=True).order_by("pk")


def role_assignment_get_for_scope(scope: models.Model, pk: int) -> RoleAssignment:
    return role_list_for_scope(scope).get(pk=pk)


def home_municipality_get(user: User) -> Municipality | None:
    """The municipality the user holds a role in (coordinator, participant), for the menu's
    links to its plans and indicators; the first by name if several, None if none. One query."""
    scoped = RoleAssignment.objects.filter(
        user=user, scope_type=ContentType.objects.get_for_model(Municipality)
    ).values("scope_id")
    return Municipality.objects.filter(pk__in=scoped).order_by("name_nb").first()


def role_list_for_scope_with_invitations(
    scope: models.Model,
) -> list[tuple[RoleAssignment, Invitation | None]]:
    """The roles over `scope`, each with its holder's invitation if not yet accepted (for the
    roles page's "Ikke tatt i bruk ennå"); two queries."""
    assignments = list(role_list_for_scope(scope))
    pending = {
        invitation.user_id: invitation
        for invitation in Invitation.objects.filter(
            user_id__in={a.user_id for a in assignments}, accepted_at=None
        )
    }
    return [(a, pending.get(a.user_id)) for a in assignments]


def invitation_get_for_scope(scope: models.Model, pk: int) -> Invitation:
    """A pending invitation of someone holding a role over `scope`; DoesNotExist otherwise."""
    holders = role_list_for_scope(scope).values("user_id")
    return Invitation.objects.select_related("user").get(
        pk=pk, user_id__in=holders, accepted_at=None
    )


def calendar_token_get(user: User) -> CalendarToken | None:
    """The user's calendar feed secret (its prefix and when it was made), if they have one."""
    return CalendarToken.objects.filter(user=user).first()


def calendar_token_user(raw: str) -> User | None:
    """The active user whose calendar feed secret is `raw`, or None."""
    token = (
        CalendarToken.objects.select_related("user")
        .filter(key_hash=calendar_token_hash(raw), user__is_active=True)
        .first()
    )
    return token.user if token else None


def external_login_providers(
    user: User, providers: list[Provider]
) -> list[tuple[Provider, ExternalLogin | None]]:
    """Each configured identity provider with the user's link to it (None: not linked)."""
    links = {link.provider: link for link in ExternalLogin.objects.filter(user=user)}
    return [(provider, links.get(provider.name)) for provider in providers]
