"""The one registry of notice kinds: what a hand-off is called, and who may see what it is about.

Each app registers the kinds of notice it sends in its own `extensions.py` (called from its
`AppConfig.ready()`), like `core.extensions`; `notifications` registers the generic kind. A kind
names the permission a recipient must hold on the object the notice is about (`perm`); `None`
means any signed-in user may see it (e.g. a gathering's page). "Min side" → "Varslingsinnstillinger"
lists every registered kind, so each person chooses per kind: now, daily digest, or never.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class NoticeKind:
    key: str
    label: str | Promise
    perm: str | None = None
    order: int = 100


_KINDS: dict[str, NoticeKind] = {}

GENERAL = "general"


def register_notice_kind(
    key: str, label: str | Promise, *, perm: str | None = None, order: int = 100
) -> None:
    """Register the kind `key`; registering a key twice keeps the first."""
    _KINDS.setdefault(key, NoticeKind(key=key, label=label, perm=perm, order=order))


def notice_kind(key: str) -> NoticeKind:
    """The registered kind; a `KeyError` for a kind nobody registered (a programming error)."""
    return _KINDS[key]


def notice_kinds() -> list[NoticeKind]:
    """Every registered kind, by order (equal orders keep the order of registration)."""
    return sorted(_KINDS.values(), key=lambda kind: kind.order)
