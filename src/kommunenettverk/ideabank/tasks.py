"""Background tasks of the idea bank; `manage.py send_digests` queues (or runs) the digest
task. Run by `manage.py worker`."""

from __future__ import annotations

from kommunenettverk.core.tasks import task


@task()
def digests_send_task() -> int:
    """Queue each subscriber's digest in the outbox (services.digests_send)."""
    from kommunenettverk.ideabank.services import digests_send

    return digests_send()
