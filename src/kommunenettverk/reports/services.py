"""Writes of the reports app: report jobs, made by a task on the queue (reports.tasks, run by
`manage.py worker`) with a heartbeat on the row (core.jobs; the same
pattern as indicators' ImportJob; docs/architecture.md, Background work)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kommunenettverk.core.errors import DomainError
from kommunenettverk.core.jobs import job_claim, job_heartbeat
from kommunenettverk.core.tasks import enqueue_on_commit
from kommunenettverk.programmes.models import Programme
from kommunenettverk.registry.models import KsRegion
from kommunenettverk.reports import render, tasks
from kommunenettverk.reports.builders import SectionedReport, national_report
from kommunenettverk.reports.models import ReportJob


class ReportJobRefused(DomainError):
    """The job cannot be made; the message says why, for the job page."""


@transaction.atomic
def report_job_create(
    *, user: Any, kind: str, fmt: str, params: dict[str, Any], title: str, start: bool = True
) -> ReportJob:
    """Queue a report file; its task is enqueued when the transaction commits. The caller has
    checked that `user` may see the report."""
    job = ReportJob(
        created_by=user, kind=kind, fmt=fmt, params=params, title=title[:200], progress=0
    )
    job.full_clean(exclude=["content"])
    job.save()
    if start:
        enqueue_on_commit(tasks.report_job_task, job.pk)
    return job


def _job_update(job_id: int, **fields: Any) -> None:
    ReportJob.objects.filter(pk=job_id).update(**fields)


def _report_for(job: ReportJob, progress: render.Progress) -> tuple[SectionedReport, str]:
    if job.kind == ReportJob.Kind.NATIONAL:
        slug = job.params.get("programme", "")
        try:
            programme = Programme.objects.get(slug=slug)
        except Programme.DoesNotExist:
            raise ReportJobRefused(
                _("Programmet «%(slug)s» finnes ikke lenger. Bestill rapporten på nytt.")
                % {"slug": slug}
            ) from None
        code = job.params.get("region", "")
        region = KsRegion.objects.filter(code=code).first() if code else None
        if code and region is None:
            raise ReportJobRefused(
                _("KS-regionen «%(code)s» finnes ikke lenger. Bestill rapporten på nytt.")
                % {"code": code}
            )
        stem = f"nasjonal-rapport-{slug}" + (f"-{code}" if code else "")
        return national_report(programme, region=region, progress=progress), stem
    raise ReportJobRefused(_("Ukjent rapporttype: %(kind)s") % {"kind": job.kind})


def report_job_run(*, job_id: int) -> ReportJob:
    """Make a queued job's file and store it on the row, writing progress as it goes: the
    report's sections (0–50 %), then the charts and the PDF, or the workbook (50–100 %).
    A failure leaves the job failed with a message saying why; nothing else is written."""
    claimed = job_claim(ReportJob, job_id, progress=1, message=_("Starter …"))
    job = ReportJob.objects.defer("content").get(pk=job_id)
    if not claimed:
        return job

    def progress(fraction: float, message: str) -> None:
        job_heartbeat(
            ReportJob,
            job_id,
            progress=max(1, min(99, round(fraction * 100))),
            message=message[:300],
        )

    def second_half(fraction: float, message: str) -> None:
        progress(0.5 + fraction / 2, message)

    # Thread-local: without this the worker would write in the default language, not the
    # one the report was ordered in (sheet names, headers and values alike).
    language = job.params.get("language") or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            report, stem = _report_for(job, progress)
            if job.fmt == ReportJob.Format.PDF:
                content = render.sectioned_pdf(report, progress=second_half)
            else:
                second_half(0.1, _("Lager regnearket …"))
                content = render.sectioned_xlsx(report)
    except (ReportJobRefused, ValidationError) as exc:
        _job_update(
            job_id,
            status=ReportJob.Status.FAILED,
            progress=100,
            message=_("Rapporten ble ikke laget."),
            error=str(exc.message if isinstance(exc, ValidationError) else exc),
            finished_at=timezone.now(),
        )
    except Exception:  # a worker must always leave the job in a final state
        # The user gets what to do; the error itself is re-raised for the worker's log.
        _job_update(
            job_id,
            status=ReportJob.Status.FAILED,
            progress=100,
            message=_("Rapporten ble ikke laget."),
            error=_(
                "En feil hos oss stoppet rapporten. Prøv igjen om litt. Skjer det igjen, "
                "kontakt brukerstøtte: feilen er logget."
            ),
            finished_at=timezone.now(),
        )
        raise
    else:
        _job_update(
            job_id,
            status=ReportJob.Status.DONE,
            progress=100,
            message=_("Ferdig: %(size)s kB.") % {"size": max(1, len(content) // 1024)},
            content=content,
            filename=f"{stem}.{job.fmt}",
            finished_at=timezone.now(),
        )
    job.refresh_from_db()
    return job
