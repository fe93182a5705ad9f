"""The web upload's background import job: the uploaded file and its column mapping wait in
an `ImportJob` row, a worker thread started on commit imports it with
`indicator_file_import`, and the row carries the progress and the report, so any web worker
can show the job page.

The thread is a stop-gap: the task queue that replaces it (django-tasks, DESIGN.md) changes
only this module. See docs/architecture.md (Indicators).
"""

from __future__ import annotations

import threading
from typing import Any

from django.db import connection, transaction

from kommunenettverk.core.errors import DomainError
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
    """Queue an uploaded file for import; a worker thread starts after the commit.

    `options` holds the FileOptions for the file's kind (by its name) and `strict`.
    """
    job = ImportJob(created_by=user, filename=filename[:200], data=data, options=options)
    job.full_clean(exclude=["data"])
    job.save()
    if start:
        transaction.on_commit(lambda: import_job_start_thread(job.pk))
    return job


def import_job_start_thread(job_id: int) -> threading.Thread:
    thread = threading.Thread(target=_import_job_thread, args=(job_id,), daemon=True)
    thread.start()
    return thread


def _import_job_thread(job_id: int) -> None:
    try:
        import_job_run(job_id=job_id)
    finally:
        connection.close()  # the thread's own connection


def _job_update(job_id: int, **fields: Any) -> None:
    ImportJob.objects.filter(pk=job_id).update(**fields)


def _file_options(options: dict[str, Any]) -> FileOptions:
    names = ("indicator_code", "area", "period", "value", "status", "indicator")
    return FileOptions(**{name: options.get(name, "") for name in names})


def import_job_run(*, job_id: int) -> ImportJob:
    """Run a queued import job: read the file with its mapping, import it, store the report.

    Progress is written to the job row while the import validates; during the write (one
    transaction) the row cannot be updated from inside it and shows "Skriver verdiene".
    """
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.RUNNING, progress=1, message="Leser filen …"
    )
    job = ImportJob.objects.get(pk=job_id)
    if not claimed:
        return job

    def progress(fraction: float, message: str) -> None:
        if not connection.in_atomic_block:
            _job_update(job_id, progress=round(fraction * 100), message=message[:300])

    try:
        report = indicator_file_import(
            data=bytes(job.data),
            kind=FileKind.for_filename(job.filename),
            options=_file_options(job.options),
            strict=bool(job.options.get("strict")),
            progress=progress,
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
    except Exception as exc:  # a worker must always leave the job in a final state
        _job_update(
            job_id, state=ImportJob.State.FAILED, progress=100, message=f"Uventet feil: {exc}"[:300]
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
