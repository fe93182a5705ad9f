"""Object-level permission rules. docs/permissions.md is the table these implement, and
accounts/tests/test_permissions.py checks each row of that table against this module.

A role reaches an object when it is held nationally (no scope) or over one of the object's
`permission_scopes()` (a municipality's scopes are itself, its county and its KS region).
Apps below accounts add their permissions in their own rules.py with these predicates.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from rules.permissions import add_perm
from rules.predicates import Predicate

from kommunenettverk.accounts.models import Role, RoleAssignment, User

_CACHE_ATTR = "_role_scope_cache"


def _assignments(user: User) -> set[tuple[str, int | None, int | None]]:
    """The user's (role, scope type id, scope id) triples, read once per user object."""
    cached: set[tuple[str, int | None, int | None]] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = set(
            RoleAssignment.objects.filter(user=user).values_list(
                "role", "scope_type_id", "scope_id"
            )
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user: User) -> None:
    """Drop the cached role set, after the user's roles changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def scopes_of(obj: Any) -> list[tuple[int, int]]:
    if obj is None:
        return []
    scopes = obj.permission_scopes() if hasattr(obj, "permission_scopes") else [obj]
    return [
        (ContentType.objects.get_for_model(scope).pk, scope.pk)
        for scope in scopes
        if scope is not None
    ]


def user_has_role(user: Any, roles: tuple[str, ...], obj: Any = None) -> bool:
    """True when the user holds one of `roles` nationally or over a scope covering `obj`.

    With `obj=None`, any holding of the role counts (e.g. "is a regional adviser somewhere").
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    held = _assignments(user)
    if obj is None:
        return any(role in roles for role, _, _ in held)
    wanted = {(None, None), *scopes_of(obj)}
    return any(role in roles and (ct, pk) in wanted for role, ct, pk in held)


def has_role(*roles: str) -> Predicate:
    def predicate(user: Any, obj: Any = None) -> bool:
        return user_has_role(user, roles, obj)

    return Predicate(predicate, name=f"has_role({', '.join(roles)})")


def has_role_anywhere(*roles: str) -> Predicate:
    """The role held over any scope, whatever the object: for national things (a programme)
    that every holder works in through their own scope (a regional adviser's region)."""

    def predicate(user: Any, obj: Any = None) -> bool:
        return user_has_role(user, roles)

    return Predicate(predicate, name=f"has_role_anywhere({', '.join(roles)})")


is_national_coordinator = has_role(Role.NATIONAL_COORDINATOR)
is_regional_adviser = has_role(Role.REGIONAL_ADVISER)
is_municipal_coordinator = has_role(Role.MUNICIPAL_COORDINATOR)
is_participant = has_role(Role.PARTICIPANT)
is_state_representative = has_role(Role.STATE_REPRESENTATIVE)
is_partner = has_role(Role.PARTNER)
is_adviser_anywhere = has_role_anywhere(Role.REGIONAL_ADVISER)

# --- registry (defined here: registry sits above accounts and knows no roles) ---------------
add_perm("registry.change_municipality_profile", is_national_coordinator | is_municipal_coordinator)
add_perm("registry.view_municipality_roles", is_national_coordinator | is_regional_adviser)
add_perm("accounts.assign_municipality_role", is_national_coordinator | is_regional_adviser)
add_perm("accounts.revoke_municipality_role", is_national_coordinator | is_regional_adviser)
