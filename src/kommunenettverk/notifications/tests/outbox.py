"""For tests of the apps that send email: deliver what is in the outbox, as a worker would."""

from __future__ import annotations

from django.core import mail

from kommunenettverk.notifications.models import Message
from kommunenettverk.notifications.services import message_send


def delivered() -> list[mail.EmailMessage]:
    """Run the outbox's send task for every queued message (in the order queued), then return
    Django's test mailbox. A service queues in its transaction and the test's transaction never
    commits, so no task was enqueued: this is the worker's step, done explicitly."""
    for pk in (
        Message.objects.filter(status=Message.Status.QUEUED)
        .order_by("pk")
        .values_list("pk", flat=True)
    ):
        message_send(message_id=pk)
    return mail.outbox
