"""Who may do what with notices (docs/permissions.md): only the recipient reads and marks one."""

from __future__ import annotations

from typing import Any

from rules.permissions import add_perm
from rules.predicates import predicate


@predicate  # type: ignore[untyped-decorator]  # django-rules ships no annotations
def is_recipient(user: Any, notice: Any = None) -> bool:
    return notice is not None and getattr(user, "pk", None) == notice.recipient_id


add_perm("notifications.change_notice", is_recipient)
