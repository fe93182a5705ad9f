"""The web upload's background import job: the uploaded file and its column mapping wait in
an `ImportJob` row, a task on the queue (indicators.tasks, run by `manage.py worker`) imports
it with `indicator_file_import`, and the row carries the progress, the report, a heartbeat and
the cancel flag, so any web worker can show the job page and a dead worker's job is recovered
(core.jobs). See docs/architecture.md (Background work).
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from kommunenettverk.core.errors import DomainError
from kommunenettverk.core.jobs import JobCancelled, job_claim, job_heartbeat
from kommunenettverk.core.tasks import enqueue_on_commit
from kommunenettverk.indicators import tasks
from kommunenettverk.indicators.models import ImportJob
from kommunenettverk.indicators.services.imports import (
    FileKind,
    FileOptions,
    ImportRefused,
    indicator_file_import,
)


@transaction.atomic
def import_job_create(
    *, user: Any, filename: str, data: bytes, options: dict[str, Any], start: bool = True
) -> ImportJob:
    """Queue an uploaded file for import; its task is enqueued when the transaction commits.

    `options` holds the FileOptions for the file's kind (by its name) and `strict`.
    """
    job = ImportJob(created_by=user, filename=filename[:200], data=data, options=options)
    job.full_clean(exclude=["data"])
    job.save()
    if start:
        enqueue_on_commit(tasks.import_job_task, job.pk)
    return job


@transaction.atomic
def import_job_cancel(*, job: ImportJob) -> ImportJob:
    """Stop a job: a queued one is cancelled at once; a running one is asked to stop and does
    so at its next chunk, rolling back whatever it had begun to write. A finished job stays
    as it is. The caller has checked the permission (indicators.import_values)."""
    if ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.CANCELLED,
        progress=100,
        message=_("Avbrutt før importen begynte; ingenting er lagret."),
    ):
        pass
    else:
        ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.RUNNING).update(
            cancel_requested=True, message=_("Avbryter …")
        )
    job.refresh_from_db()
    return job


def _job_update(job_id: int, **fields: Any) -> None:
    ImportJob.objects.filter(pk=job_id).update(**fields)


def _file_options(options: dict[str, Any]) -> FileOptions:
    names = ("indicator_code", "area", "period", "value", "status", "indicator")
    return FileOptions(**{name: options.get(name, "") for name in names})


def import_job_run(*, job_id: int) -> ImportJob:
    """Run a queued import job: read the file with its mapping, import it, store the report.

    Between chunks the job writes its progress and a heartbeat, and stops if "Avbryt" was
    pressed (`cancel_requested`). During the write (one transaction) progress cannot be
    written from inside it, so the row shows "Skriver verdiene"; the cancel flag is still read,
    and stopping then rolls the whole write back. A job that is not queued (taken by another
    worker, cancelled, finished) is left alone.
    """
    claimed = job_claim(ImportJob, job_id, progress=1, message="Leser filen …")
    job = ImportJob.objects.get(pk=job_id)
    if not claimed:
        return job

    def progress(fraction: float, message: str) -> None:
        if connection.in_atomic_block:
            cancel = ImportJob.objects.filter(pk=job_id, cancel_requested=True).exists()
        else:
            cancel = job_heartbeat(
                ImportJob, job_id, progress=round(fraction * 100), message=message[:300]
            )
        if cancel and fraction < 1:
            raise JobCancelled

    try:
        report = indicator_file_import(
            data=bytes(job.data),
            kind=FileKind.for_filename(job.filename),
            options=_file_options(job.options),
            strict=bool(job.options.get("strict")),
            progress=progress,
        )
    except JobCancelled:
        _job_update(
            job_id,
            state=ImportJob.State.CANCELLED,
            progress=100,
            message=_("Avbrutt; ingenting er lagret."),
        )
    except DomainError as exc:
        report_dict = exc.report.as_dict() if isinstance(exc, ImportRefused) and exc.report else {}
        _job_update(
            job_id,
            state=ImportJob.State.FAILED,
            progress=100,
            message=str(exc)[:300],
            report=report_dict,
        )
    except Exception:  # a worker must always leave the job in a final state
        # The user gets what to do; the error itself is re-raised for the worker's log.
        _job_update(
            job_id,
            state=ImportJob.State.FAILED,
            progress=100,
            message=_(
                "Importen stoppet på grunn av en feil hos oss; ingenting er lagret. Prøv igjen "
                "om litt. Skjer det igjen, kontakt brukerstøtte: feilen er logget."
            ),
        )
        raise
    else:
        _job_update(
            job_id,
            state=ImportJob.State.DONE,
            progress=100,
            message=report.summary()[:300],
            report=report.as_dict(),
        )
    job.refresh_from_db()
    return job
