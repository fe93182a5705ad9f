from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """The email outbox (one row per message, sent by a task, never twice), notices (the
    one entry point `services.notify`, the kinds registry, each person's choices) and replies
    by email (`inbound`: reply handlers, signed reply addresses; `mail_receive`)."""

    name = "kommunenettverk.notifications"
    label = "notifications"
    verbose_name = _("Varsler og e-post")

    def ready(self) -> None:
        import datetime

        from kommunenettverk.core import outbox
        from kommunenettverk.core.jobs import JobKind, register_job_kind
        from kommunenettverk.core.schedule import register_schedule
        from kommunenettverk.core.tasks import enqueue
        from kommunenettverk.notifications import services, tasks
        from kommunenettverk.notifications.kinds import GENERAL, register_notice_kind
        from kommunenettverk.notifications.models import InboundMessage, Message

        outbox.set_queue(services.message_queue, services.message_queue_many)
        register_job_kind(
            JobKind(
                name="email",
                model=Message,
                state_field="status",
                queued=Message.Status.QUEUED,
                running=Message.Status.SENDING,
                fail=lambda reason: {"status": Message.Status.FAILED, "last_error": reason},
                enqueue=lambda pk: enqueue(tasks.message_send_task, pk),
                max_attempts=lambda: services.max_attempts(),
            )
        )
        register_job_kind(
            JobKind(
                name="inbound_mail",
                model=InboundMessage,
                state_field="status",
                queued=InboundMessage.Status.QUEUED,
                running=InboundMessage.Status.RUNNING,
                fail=lambda reason: {"status": InboundMessage.Status.FAILED, "error": reason},
                enqueue=lambda pk: enqueue(tasks.inbound_message_process_task, pk),
            )
        )
        # Generic notices (later callers that need no kind of their own pass `perm=`).
        register_notice_kind(GENERAL, _("Andre varsler"), order=1000)
        # Daily: yesterday's notices to those who chose a digest (`send_notice_digests`), and
        # old mail's personal data forgotten (`prune_outbox`).
        register_schedule(
            "notifications.notice_digests", tasks.notice_digests_send_task, at=datetime.time(6, 0)
        )
        register_schedule(
            "notifications.prune_outbox", tasks.messages_prune_task, at=datetime.time(3, 30)
        )
        # Daily: replies by email older than their reply addresses are deleted.
        register_schedule(
            "notifications.prune_inbound",
            tasks.inbound_messages_prune_task,
            at=datetime.time(3, 35),
        )
