"""The web upload's background import job, in two steps: the uploaded file and how to read it
(a column mapping or an import recipe, copied into the job) wait in an `ImportJob` row; a task
on the queue (indicators.tasks, run by `manage.py worker`) previews it with
`indicator_file_import(dry_run=True)`: nothing is written, the report says what would be. When
the national coordinator presses "Importer", the same task imports exactly what was previewed
(the preview's fingerprint is checked) and keeps what it replaced, so the import can be undone
(`import_job_undo`). The row carries the progress, the report, a heartbeat and the cancel flag,
so any web worker can show the job page and a dead worker's job is recovered (core.jobs). See
docs/architecture.md (Background work, Indicators).
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kommunenettverk.core.errors import DomainError
from kommunenettverk.core.jobs import JobCancelled, job_claim, job_heartbeat
from kommunenettverk.core.tasks import enqueue_on_commit
from kommunenettverk.indicators import tasks
from kommunenettverk.indicators.models import ImportJob, ImportRecipe
from kommunenettverk.indicators.services.imports import (
    FileKind,
    FileOptions,
    ImportRefused,
    indicator_file_import,
    indicator_values_restore,
)


class ImportJobRefused(DomainError):
    """The job cannot take this step (not previewed, already undone, a later import)."""


@transaction.atomic
def import_job_create(
    *,
    user: Any,
    filename: str,
    data: bytes,
    options: dict[str, Any],
    recipe: ImportRecipe | None = None,
    start: bool = True,
) -> ImportJob:
    """Queue an uploaded file for its preview; the task is enqueued when the transaction
    commits. Nothing is written until the preview is confirmed (`import_job_confirm`).

    `options` holds the FileOptions for the file's kind (by its name) and `strict` (all or
    nothing; default on). A recipe's columns, filters and sums are copied into the job, so
    the import reads the file exactly as the preview did even if the recipe changes.
    """
    options = {"strict": True, **options}
    if recipe is not None:
        options = {**options, **recipe.file_options(), "recipe": recipe.name}
    job = ImportJob(created_by=user, filename=filename[:200], data=data, options=options)
    job.full_clean(exclude=["data", "previous"])
    job.save()
    if start:
        enqueue_on_commit(tasks.import_job_task, job.pk)
    return job


@transaction.atomic
def import_job_confirm(*, job: ImportJob) -> ImportJob:
    """ "Importer": queue the import of what the preview showed. Only a previewed job."""
    if not ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.PREVIEWED).update(
        step=ImportJob.Step.IMPORT,
        state=ImportJob.State.QUEUED,
        progress=0,
        attempts=0,
        message=_("Venter på å importere …"),
    ):
        raise ImportJobRefused(_("Bare en ferdig forhåndsvisning kan importeres."))
    enqueue_on_commit(tasks.import_job_task, job.pk)
    job.refresh_from_db()
    return job


@transaction.atomic
def import_job_cancel(*, job: ImportJob) -> ImportJob:
    """Stop a job: a queued or previewed one is cancelled at once; a running one is asked to
    stop and does so at its next chunk, rolling back whatever it had begun to write. A
    finished job stays as it is. The caller has checked the permission
    (indicators.import_values)."""
    if ImportJob.objects.filter(
        pk=job.pk, state__in=[ImportJob.State.QUEUED, ImportJob.State.PREVIEWED]
    ).update(
        state=ImportJob.State.CANCELLED,
        progress=100,
        message=_("Avbrutt; ingenting er lagret."),
    ):
        pass
    else:
        ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.RUNNING).update(
            cancel_requested=True, message=_("Avbryter …")
        )
    job.refresh_from_db()
    return job


@transaction.atomic
def import_job_undo(*, job: ImportJob, user: Any) -> ImportJob:
    """Undo an import: the values it replaced come back, the values it added go, and the
    touched indicators' analytics are refreshed, in one transaction. Refused when the job was
    not imported, is already undone, or a later import (not undone) touched one of its
    indicators — undoing this one would then overwrite that one's values. The caller has
    checked the permission (indicators.undo_import: the importer or the national
    coordinator)."""
    job = ImportJob.objects.select_for_update(of=("self",)).get(pk=job.pk)
    if job.state != ImportJob.State.DONE or job.previous is None:
        raise ImportJobRefused(_("Bare en fullført import kan angres."))
    mine = set(job.report.get("indicators", []))
    later = ImportJob.objects.filter(
        state=ImportJob.State.DONE, imported_at__gt=job.imported_at
    ).exclude(pk=job.pk)
    for other in later:
        shared = sorted(mine & set(other.report.get("indicators", [])))
        if shared:
            raise ImportJobRefused(
                _("En senere import (%(file)s) endret også %(codes)s. Angre den først, så denne.")
                % {"file": other.filename, "codes": ", ".join(shared)}
            )
    indicator_values_restore(previous=bytes(job.previous))
    job.state = ImportJob.State.UNDONE
    job.undone_at = timezone.now()
    job.undone_by = user
    job.message = _("Angret: verdiene fra før importen er tilbake.")
    job.save(update_fields=["state", "undone_at", "undone_by", "message"])
    return job


def _job_update(job_id: int, **fields: Any) -> None:
    ImportJob.objects.filter(pk=job_id).update(**fields)


def import_job_run(*, job_id: int) -> ImportJob:
    """Run a queued import job's step: the preview (read, check, compare with the stored
    values; write nothing) or the confirmed import of exactly what was previewed.

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
    preview = job.step == ImportJob.Step.PREVIEW

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
            options=FileOptions.from_dict(job.options),
            strict=bool(job.options.get("strict", True)),
            dry_run=preview,
            expect_digest="" if preview else job.digest,
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
        if preview:
            _job_update(
                job_id,
                state=ImportJob.State.PREVIEWED,
                progress=100,
                message=report.summary()[:300],
                report=report.as_dict(),
                digest=report.digest,
            )
        else:
            _job_update(
                job_id,
                state=ImportJob.State.DONE,
                progress=100,
                message=report.summary()[:300],
                report=report.as_dict(),
                previous=report.previous,
                imported_at=timezone.now(),
            )
    job.refresh_from_db()
    return job
