"""Background tasks of the networks app, run by `manage.py worker`."""

from __future__ import annotations

from kommunenettverk.core.tasks import task


@task()
def onboarding_job_task(job_id: int) -> str:
    """Preview or import a programme's spreadsheets (services.onboarding_job_run); returns the
    job's final state."""
    from kommunenettverk.networks.services.onboarding import onboarding_job_run

    return str(onboarding_job_run(job_id=job_id).state)


def register_job_kinds() -> None:
    """Let core.jobs recover an onboarding job whose worker died (called from AppConfig.ready)."""
    from kommunenettverk.core.jobs import JobKind, register_job_kind
    from kommunenettverk.core.tasks import enqueue
    from kommunenettverk.networks.models import OnboardingJob

    register_job_kind(
        JobKind(
            name="onboarding",
            model=OnboardingJob,
            state_field="state",
            queued=OnboardingJob.State.QUEUED,
            running=OnboardingJob.State.RUNNING,
            fail=lambda reason: {
                "state": OnboardingJob.State.FAILED,
                "progress": 100,
                "message": reason[:300],
            },
            enqueue=lambda pk: enqueue(onboarding_job_task, pk),
        )
    )
