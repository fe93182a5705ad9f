"""The port through which apps above `notifications` (only `accounts`: the password reset
mail) put email in the outbox without importing it. `notifications` plugs its
`message_queue` in when it starts (`AppConfig.ready`); every app below it calls
`notifications.services.message_queue` directly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

QueueMessage = Callable[..., Any]

_queue: list[QueueMessage] = []


def set_queue(queue: QueueMessage) -> None:
    _queue[:] = [queue]


def queue_message(**kwargs: Any) -> Any:
    """`notifications.services.message_queue(**kwargs)`; the same keyword arguments."""
    if not _queue:
        raise RuntimeError("No email outbox is installed (kommunenettverk.notifications).")
    return _queue[0](**kwargs)
