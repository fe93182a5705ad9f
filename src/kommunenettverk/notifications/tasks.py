"""The outbox's tasks: send one message (services.message_send); forget old messages'
personal data (services.messages_prune); and replies by email: hand one to its object's reply
handler (services.inbound_message_process), forget old ones (services.inbound_messages_prune)."""

from __future__ import annotations

from kommunenettverk.core.tasks import task


@task()
def message_send_task(message_id: int) -> str:
    from kommunenettverk.notifications.services import message_send

    message = message_send(message_id=message_id)
    return message.status if message is not None else "skipped"


@task()
def notice_digests_send_task() -> int:
    from kommunenettverk.notifications.services import notice_digests_send

    return notice_digests_send()


@task()
def messages_prune_task() -> int:
    from kommunenettverk.notifications.services import messages_prune

    return messages_prune()


@task()
def inbound_message_process_task(inbound_id: int) -> str:
    from kommunenettverk.notifications.services import inbound_message_process

    row = inbound_message_process(inbound_id=inbound_id)
    return row.status if row is not None else "skipped"


@task()
def inbound_messages_prune_task() -> int:
    from kommunenettverk.notifications.services import inbound_messages_prune

    return inbound_messages_prune()
