"""Background tasks of the indicators app, run by `manage.py worker`."""

from __future__ import annotations

from kommunenettverk.core.tasks import task


@task()
def import_job_task(job_id: int) -> str:
    """Import an uploaded file (services.import_job_run); returns the job's final state."""
    from kommunenettverk.indicators.services.jobs import import_job_run

    return str(import_job_run(job_id=job_id).state)


def register_job_kinds() -> None:
    """Let core.jobs recover an import whose worker died (called from AppConfig.ready)."""
    from kommunenettverk.core.jobs import JobKind, register_job_kind
    from kommunenettverk.core.tasks import enqueue
    from kommunenettverk.indicators.models import ImportJob

    register_job_kind(
        JobKind(
            name="import",
            model=ImportJob,
            state_field="state",
            queued=ImportJob.State.QUEUED,
            running=ImportJob.State.RUNNING,
            fail=lambda reason: {
                "state": ImportJob.State.FAILED,
                "progress": 100,
                "message": reason[:300],
            },
            enqueue=lambda pk: enqueue(import_job_task, pk),
        )
    )
