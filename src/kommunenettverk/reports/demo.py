"""The reports' part of the demo: one finished national report file (XLSX), ordered by the
demo's national coordinator, so the job page has an example. Idempotent."""

from __future__ import annotations

from kommunenettverk.accounts.demo import DEMO_DOMAIN
from kommunenettverk.accounts.models import User
from kommunenettverk.programmes.models import Programme
from kommunenettverk.reports.models import ReportJob
from kommunenettverk.reports.services import report_job_create, report_job_run

DEMO_PROGRAMME = "livskraftige-kommuner"


def demo_reports_load() -> None:
    if ReportJob.objects.exists():
        return
    user = User.objects.filter(email=f"nasjonal@{DEMO_DOMAIN}").first()
    programme = Programme.objects.filter(slug=DEMO_PROGRAMME).first()
    if user is None or programme is None:
        return
    job = report_job_create(
        user=user,
        kind=ReportJob.Kind.NATIONAL,
        fmt=ReportJob.Format.XLSX,
        params={"programme": programme.slug},
        title=f"Nasjonal rapport: {programme.name} (demo)",
        start=False,
    )
    report_job_run(job_id=job.pk)
