"""Background tasks of the reports app, run by `manage.py worker`."""

from __future__ import annotations

from kommunenettverk.core.tasks import task


@task()
def report_job_task(job_id: int) -> str:
    """Make a report file (services.report_job_run); returns the job's final status."""
    from kommunenettverk.reports.services import report_job_run

    return str(report_job_run(job_id=job_id).status)


def register_job_kinds() -> None:
    """Let core.jobs recover a report whose worker died (called from AppConfig.ready)."""
    from django.utils import timezone

    from kommunenettverk.core.jobs import JobKind, register_job_kind
    from kommunenettverk.core.tasks import enqueue
    from kommunenettverk.reports.models import ReportJob

    register_job_kind(
        JobKind(
            name="report",
            model=ReportJob,
            state_field="status",
            queued=ReportJob.Status.QUEUED,
            running=ReportJob.Status.RUNNING,
            fail=lambda reason: {
                "status": ReportJob.Status.FAILED,
                "progress": 100,
                "message": "Rapporten ble ikke laget.",
                "error": reason,
                "finished_at": timezone.now(),
            },
            enqueue=lambda pk: enqueue(report_job_task, pk),
        )
    )
