"""The port through which apps above `notifications` (only `accounts`: the password reset
mail) put email in the outbox without importing it. `notifications` plugs its
`message_queue` in when it starts (`AppConfig.ready`); every app below it calls
`notifications.services.message_queue` directly."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

QueueMessage = Callable[..., Any]

_queue: list[QueueMessage] = []
_queue_many: list[QueueMessage] = []


def set_queue(queue: QueueMessage, queue_many: QueueMessage | None = None) -> None:
    _queue[:] = [queue]
    _queue_many[:] = [queue_many] if queue_many is not None else []


def queue_message(**kwargs: Any) -> Any:
    """`notifications.services.message_queue(**kwargs)`; the same keyword arguments."""
    if not _queue:
        raise RuntimeError("No email outbox is installed (kommunenettverk.notifications).")
    return _queue[0](**kwargs)


def queue_messages(messages: Iterable[dict[str, Any]]) -> Any:
    """`notifications.services.message_queue_many(messages)`: many messages (each a dict of
    `queue_message`'s keyword arguments) in a fixed number of statements."""
    if not _queue:
        raise RuntimeError("No email outbox is installed (kommunenettverk.notifications).")
    if not _queue_many:
        return [_queue[0](**kwargs) for kwargs in messages]
    return _queue_many[0](messages)
