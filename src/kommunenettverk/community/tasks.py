"""Daily background tasks of the citizen portal; the management commands of the same names
queue them (or run them with --now). Run by `manage.py worker`."""

from __future__ import annotations

from kommunenettverk.core.tasks import task


@task()
def activity_reminders_send_task() -> int:
    """Queue tomorrow's activity reminders in the outbox (services.activity_reminders_send)."""
    from kommunenettverk.community.services import activity_reminders_send

    return activity_reminders_send()


@task()
def sign_ups_anonymise_task(days: int) -> int:
    from kommunenettverk.community.services import sign_ups_anonymise_past

    return sign_ups_anonymise_past(days=days)


@task()
def volunteer_effort_publish_task(years: list[int]) -> int:
    from kommunenettverk.community.services import volunteer_effort_publish

    return volunteer_effort_publish(years=years)
