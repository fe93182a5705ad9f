"""Reads of the reports app: report jobs. The reports themselves are built in
`reports/builders/`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from kommunenettverk.accounts.models import Role
from kommunenettverk.accounts.rules import user_has_role
from kommunenettverk.reports.models import ReportJob


def report_job_get(pk: int) -> ReportJob:
    """The job without its file, whoever asks (the caller checks the permission)."""
    return ReportJob.objects.defer("content").get(pk=pk)


def report_job_get_for_user(user: Any, pk: int) -> ReportJob:
    """The job, for its creator or a national coordinator; others get PermissionDenied
    (a job's file may hold what only its creator was allowed to see)."""
    job = ReportJob.objects.defer("content").select_related("created_by").get(pk=pk)
    if job.created_by_id != user.pk and not user_has_role(user, (Role.NATIONAL_COORDINATOR,)):
        raise PermissionDenied
    return job


def report_job_list(user: Any, limit: int = 10) -> QuerySet[ReportJob]:
    return ReportJob.objects.defer("content").filter(created_by=user)[:limit]
