"""What goes into each report: plain data gathered through the other apps' selectors, so the
HTML, PDF and XLSX versions show the same numbers."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kommunenettverk.accounts.models import Role
from kommunenettverk.accounts.rules import user_has_role
from kommunenettverk.indicators.models import IndicatorResult
from kommunenettverk.indicators.selectors import indicator_list, trend_counts
from kommunenettverk.networks.models import (
    AgendaItem,
    AttendeeRole,
    Gathering,
    Network,
    NetworkMembership,
)
from kommunenettverk.networks.selectors import (
    ProgrammeDashboard,
    attendance_summary,
    gathering_list,
    invitations_prefetch,
    membership_list,
    network_attendance_summary,
    programme_dashboard,
    project_list,
)
from kommunenettverk.plans.cycle import CycleState
from kommunenettverk.plans.models import AnnualReport, Goal, Measure
from kommunenettverk.plans.selectors import (
    CycleRow,
    StrategyOverview,
    goal_list,
    plan_cycle_for,
    strategy_overview,
)
from kommunenettverk.policy.models import PolicyInput
from kommunenettverk.policy.selectors import policy_input_register, policy_input_summary
from kommunenettverk.programmes.models import Participation, ParticipationStatus, Programme
from kommunenettverk.programmes.selectors import participation_statuses_on
from kommunenettverk.registry.models import Municipality
from kommunenettverk.reports import charts
from kommunenettverk.reports.models import ReportJob


@dataclass
class MunicipalityReport:
    """A municipality's annual report for `year`: published data only (it is public)."""

    municipality: Municipality
    year: int
    generated_at: datetime.datetime
    goals: list[Goal]
    overview: StrategyOverview
    cycle: list[CycleRow]
    overdue_plans: int
    status_report: AnnualReport | None


def municipality_report(municipality: Municipality, year: int) -> MunicipalityReport:
    goals_qs = goal_list(Municipality.objects.filter(pk=municipality.pk), public=True)
    goals = list(goals_qs)
    today = min(timezone.localdate(), datetime.date(year, 12, 31))
    cycle = [row for row in plan_cycle_for(municipality, today=today) if row.item.due.year <= year]
    status_report = (
        AnnualReport.objects.filter(
            municipality=municipality, year=year, status=AnnualReport.Status.SUBMITTED
        )
        .order_by("-version")
        .first()
    )
    return MunicipalityReport(
        municipality=municipality,
        year=year,
        generated_at=timezone.now(),
        goals=goals,
        overview=strategy_overview(goals_qs),
        cycle=cycle[:8],
        overdue_plans=sum(1 for row in cycle if row.item.state == CycleState.OVERDUE),
        status_report=status_report,
    )


# --- network and national reports: sections of tables and charts ------------------------
#
# Both reports are a list of `Section`s, each with paragraphs, tables and charts built from
# the tables' rows. One template renders them for the page and the PDF, and the workbook has
# a sheet per table, so the three formats cannot disagree. A new section is one function.

Cell = str | int | float | datetime.date | None


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[Cell]]
    numeric: frozenset[int] = frozenset()  # column indexes shown right-aligned
    sheet: str = ""  # the workbook sheet's name (the caption when empty)


@dataclass
class Chart:
    """A Vega-Lite spec drawn from `table`'s numbers; `svg` is filled in for the PDF."""

    caption: str
    spec: dict[str, Any]
    table: Table
    svg: str = ""
    key: str = ""  # unique on the page (set by SectionedReport)

    @property
    def spec_id(self) -> str:
        return f"{self.key}-spec"

    @property
    def description(self) -> str:
        return str(self.spec.get("description", self.caption))


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    # Charts are drawn above the table with their numbers; tables without a chart follow.

    def blocks(self) -> list[tuple[Chart | None, Table]]:
        charted = {id(c.table): c for c in self.charts}
        return [(charted.get(id(t)), t) for t in self.tables]


@dataclass
class SectionedReport:
    title: str
    subtitle: str
    generated_at: datetime.datetime
    sections: list[Section]

    def __post_init__(self) -> None:
        for index, chart in enumerate(self.charts, start=1):
            chart.key = f"chart-{index}"

    @property
    def charts(self) -> list[Chart]:
        return [c for s in self.sections for c in s.charts]


Progress = Callable[[float, str], object]


def _no_progress(fraction: float, message: str) -> None:
    return None


def _yes_no(value: bool | None) -> str:
    if value is None:
        return "–"
    return _("ja") if value else _("nei")


# --- the network report ---------------------------------------------------------------------


@dataclass
class _NetworkData:
    network: Network
    memberships: list[NetworkMembership]
    gatherings: list[Gathering]


def _network_about(data: _NetworkData) -> Section:
    n = data.network
    adviser = n.adviser.get_full_name() or n.adviser.email if n.adviser else _("ingen")
    return Section(
        title=_("Om nettverket"),
        paragraphs=[
            _(
                "Nettverket i %(programme)s, %(region)s, etablert %(date)s. Prosessveileder: "
                "%(adviser)s. %(count)s medlemmer nå."
            )
            % {
                "programme": n.programme.name,
                "region": n.ks_region.name,
                "date": date_format(n.established_on, "j.n.Y"),
                "adviser": adviser,
                "count": len(data.memberships),
            }
        ],
        tables=[
            Table(
                caption=_("Medlemmer"),
                header=[_("Kommune"), _("Med fra")],
                rows=[[m.participation.participant_name, m.joined_on] for m in data.memberships],
                sheet=_("Medlemmer"),
            )
        ],
    )


def _network_gatherings(data: _NetworkData) -> Section:
    section = Section(
        title=_("Samlinger"),
        paragraphs=[
            _(
                "Oppmøte teller de som møtte når oppmøtet er registrert, ellers de påmeldte. "
                "Hver kommune bør stille med folkevalgt, toppleder og fagperson."
            )
        ],
    )
    overview = Table(
        caption=_("Samlingene"),
        header=[
            _("Nr."),
            _("Tittel"),
            _("Dato"),
            _("Sted"),
            _("Innhold"),
            _("Inviterte kommuner"),
            _("Med alle tre roller"),
        ],
        rows=[],
        numeric=frozenset({0, 5, 6}),
        sheet=_("Samlinger"),
    )
    section.tables.append(overview)
    chart_rows: list[dict[str, Any]] = []
    role_labels = [str(label) for _value, label in AttendeeRole.choices]
    per_gathering: list[Table] = []
    for g in data.gatherings:
        kinds = sorted({str(item.get_kind_display()) for item in g.agenda_items.all()})
        attendance = attendance_summary(g)
        complete = sum(1 for row in attendance if row.has_all_roles)
        overview.rows.append(
            [
                g.number,
                g.title or "–",
                timezone.localtime(g.starts_at).date(),
                g.place,
                ", ".join(kinds) or "–",
                len(attendance),
                complete,
            ]
        )
        label = _("Samling %(n)s") % {"n": g.number}
        chart_rows += [
            {"x": label, "group": str(_("Med alle tre roller")), "value": complete},
            {"x": label, "group": str(_("Uten alle tre")), "value": len(attendance) - complete},
        ]
        per_gathering.append(
            Table(
                caption=_("Oppmøte etter rolle, samling %(n)s") % {"n": g.number},
                header=[_("Kommune"), *role_labels, _("Alle tre roller")],
                rows=[
                    [
                        row.participation.participant_name,
                        *(row.count(value) for value, _label in AttendeeRole.choices),
                        _yes_no(row.has_all_roles),
                    ]
                    for row in attendance
                ],
                numeric=frozenset(range(1, len(role_labels) + 1)),
                sheet=_("Oppmøte samling %(n)s") % {"n": g.number},
            )
        )
    if chart_rows:
        section.charts.append(
            Chart(
                caption=_("Kommuner med alle tre roller per samling"),
                spec=charts.bar_chart(
                    chart_rows,
                    _(
                        "Stolpediagram: antall inviterte kommuner per samling som stilte med og "
                        "uten alle tre nøkkelroller"
                    ),
                ),
                table=overview,
            )
        )
    section.tables += per_gathering
    return section


def _network_attendance(data: _NetworkData) -> Section:
    gatherings, rows = network_attendance_summary(data.network)
    return Section(
        title=_("Oppmøte per kommune"),
        paragraphs=[
            _(
                "For hver gjennomførte samling: stilte kommunen med alle tre roller? "
                "«–» betyr at kommunen ikke var invitert."
            )
        ],
        tables=[
            Table(
                caption=_("Alle tre roller per kommune og samling"),
                header=[
                    _("Kommune"),
                    *(_("Samling %(n)s") % {"n": g.number} for g in gatherings),
                    _("Samlinger med alle tre"),
                ],
                rows=[
                    [
                        row.participation.participant_name,
                        *(_yes_no(cell) for cell in row.per_gathering),
                        row.complete_count,
                    ]
                    for row in rows
                ],
                numeric=frozenset({len(gatherings) + 1}),
                sheet=_("Oppmøte per kommune"),
            )
        ],
    )


def _network_projects(data: _NetworkData) -> Section:
    projects = list(project_list(network=data.network).prefetch_related("milestones"))
    section = Section(title=_("Utviklingsprosjekter"))
    if not projects:
        section.paragraphs.append(_("Nettverket har ingen utviklingsprosjekter."))
    section.tables.append(
        Table(
            caption=_("Prosjektene"),
            header=[
                _("Prosjekt"),
                _("Omfang"),
                _("Kommuner"),
                _("Status"),
                _("Start"),
                _("Slutt"),
                _("Milepæler nådd"),
            ],
            rows=[
                [
                    p.title,
                    p.get_scope_display(),
                    ", ".join(sorted(x.participant_name for x in p.participations.all()))
                    or _("hele nettverket"),
                    p.get_status_display(),
                    p.starts_on,
                    p.ends_on,
                    _("%(done)s av %(all)s")
                    % {
                        "done": sum(1 for m in p.milestones.all() if m.done_on),
                        "all": len(p.milestones.all()),
                    },
                ]
                for p in projects
            ],
            sheet=_("Prosjekter"),
        )
    )
    section.tables.append(
        Table(
            caption=_("Milepæler"),
            header=[_("Prosjekt"), _("Milepæl"), _("Frist"), _("Nådd")],
            rows=[
                [p.title, m.title, m.due_on, m.done_on]
                for p in projects
                for m in sorted(p.milestones.all(), key=lambda m: m.due_on)
            ],
            sheet=_("Milepæler"),
        )
    )
    return section


def _network_progress(data: _NetworkData) -> Section:
    """Published goals and measures per member municipality, and how many of its indicators
    improve or worsen (the report goes to other members, so unpublished work stays out)."""
    participations = [m.participation for m in data.memberships if m.participation.municipality]
    municipality_ids = [p.municipality_id for p in participations if p.municipality_id]
    goals = goal_list(Municipality.objects.filter(pk__in=municipality_ids), public=True)
    by_municipality: dict[int, list[Goal]] = {}
    for goal in goals:
        by_municipality.setdefault(goal.municipality_id, []).append(goal)
    numbers = [p.municipality.number for p in participations if p.municipality]
    trends: dict[str, dict[str, int]] = {}
    for row in (
        IndicatorResult.objects.filter(area_code__in=numbers)
        .values("area_code", "trend")
        .annotate(n=Count("id"))
        .order_by()
    ):
        trends.setdefault(row["area_code"], {})[row["trend"]] = row["n"]
    statuses = Measure.Status.choices
    table = Table(
        caption=_("Publiserte mål og tiltak per kommune, og indikatorenes trend"),
        header=[
            _("Kommune"),
            _("Mål"),
            _("Tiltak"),
            *(str(label) for _value, label in statuses),
            _("Indikatorer i bedring"),
            _("Indikatorer i forverring"),
        ],
        rows=[],
        numeric=frozenset(range(1, len(statuses) + 5)),
        sheet=_("Framdrift per kommune"),
    )
    chart_rows: list[dict[str, Any]] = []
    for p in participations:
        assert p.municipality is not None
        mine = by_municipality.get(p.municipality.pk, [])
        measures = [m for g in mine for m in g.measures.all()]
        counts = {value: sum(1 for m in measures if m.status == value) for value, _l in statuses}
        trend = trends.get(p.municipality.number, {})
        table.rows.append(
            [
                p.participant_name,
                len(mine),
                len(measures),
                *counts.values(),
                trend.get(IndicatorResult.Trend.IMPROVING, 0),
                trend.get(IndicatorResult.Trend.WORSENING, 0),
            ]
        )
        chart_rows += [
            {"x": p.participant_name, "group": str(label), "value": counts[value]}
            for value, label in statuses
        ]
    section = Section(
        title=_("Medlemmenes framdrift"),
        paragraphs=[
            _(
                "Bare publiserte mål og tiltak telles. Trenden gjelder kommunens indikatorer "
                "med nok data."
            )
        ],
        tables=[table],
    )
    if chart_rows:
        section.charts.append(
            Chart(
                caption=_("Tiltak etter status per kommune"),
                spec=charts.bar_chart(
                    chart_rows,
                    _("Stolpediagram: publiserte tiltak per medlemskommune, delt etter status"),
                ),
                table=table,
            )
        )
    return section


NETWORK_SECTIONS: list[Callable[[_NetworkData], Section]] = [
    _network_about,
    _network_gatherings,
    _network_attendance,
    _network_projects,
    _network_progress,
]


def network_report(network: Network) -> SectionedReport:
    """The network report for its adviser, the national coordinator and the members'
    coordinators: gatherings with attendance by role, projects and members' progress.
    A fixed number of queries, whatever the number of gatherings, goals or members."""
    gatherings = list(
        gathering_list(network=network).prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("order")),
            "registrations",
            invitations_prefetch(),
        )
    )
    data = _NetworkData(
        network=network,
        memberships=list(membership_list(network).select_related("participation__municipality")),
        gatherings=gatherings,
    )
    return SectionedReport(
        title=_("Nettverksrapport: %(name)s") % {"name": network.name},
        subtitle=_("%(programme)s, %(region)s")
        % {
            "programme": network.programme.name,
            "region": network.ks_region.name,
        },
        generated_at=timezone.now(),
        sections=[make(data) for make in NETWORK_SECTIONS],
    )


# --- the national programme report ------------------------------------------------------------


@dataclass
class _NationalData:
    programme: Programme
    dashboard: ProgrammeDashboard
    participants: set[str]  # municipality numbers of the active participations today


def _national_over_time(data: _NationalData) -> Section:
    active, networks = str(_("Aktive deltakere")), str(_("Nettverk"))
    table = Table(
        caption=_("Aktive deltakere og nettverk per 1. januar (og i dag)"),
        header=[_("Dato"), active, networks],
        rows=[[on, a, n] for on, a, n in data.dashboard.over_time],
        numeric=frozenset({1, 2}),
        sheet=_("Over tid"),
    )
    rows = [
        {"x": date_format(on, "j.n.Y"), "group": group, "value": value}
        for on, a, n in data.dashboard.over_time
        for group, value in ((active, a), (networks, n))
    ]
    counts = data.dashboard.status_counts
    return Section(
        title=_("Deltakere og nettverk over tid"),
        paragraphs=[
            _("I dag: %(active)s aktive deltakere og %(networks)s nettverk.")
            % {
                "active": counts.get(ParticipationStatus.ACTIVE, 0),
                "networks": data.dashboard.network_count,
            }
        ],
        tables=[
            table,
            Table(
                caption=_("Deltakelser etter status i dag"),
                header=[_("Status"), _("Antall")],
                rows=[[str(ParticipationStatus(s).label), n] for s, n in counts.items()],
                numeric=frozenset({1}),
                sheet=_("Status"),
            ),
        ],
        charts=[
            Chart(
                caption=_("Aktive deltakere og nettverk over tid"),
                spec=charts.line_chart(
                    rows,
                    _("Linjediagram: antall aktive deltakere og nettverk i %(p)s over tid")
                    % {"p": data.programme.name},
                ),
                table=table,
            )
        ],
    )


def _grouped(
    data_rows: list[tuple[str, int, int]], caption: str, label: str, sheet: str, what: str
) -> Section:
    participants, networks = str(_("Aktive deltakere")), str(_("Nettverk"))
    table = Table(
        caption=caption,
        header=[label, participants, networks],
        rows=[[name, p, n] for name, p, n in data_rows],
        numeric=frozenset({1, 2}),
        sheet=sheet,
    )
    rows = [
        {"x": name, "group": group, "value": value}
        for name, p, n in data_rows
        for group, value in ((participants, p), (networks, n))
    ]
    section = Section(title=caption, tables=[table])
    if rows:
        section.charts.append(
            Chart(
                caption=caption,
                spec=charts.bar_chart(
                    rows, _("Stolpediagram: aktive deltakere og nettverk %(what)s") % {"what": what}
                ),
                table=table,
            )
        )
    return section


def _national_by_region(data: _NationalData) -> Section:
    return _grouped(
        data.dashboard.by_region,
        _("Etter KS-region"),
        _("KS-region"),
        _("KS-region"),
        _("per KS-region"),
    )


def _national_by_theme(data: _NationalData) -> Section:
    return _grouped(data.dashboard.by_theme, _("Etter tema"), _("Tema"), _("Tema"), _("per tema"))


def _national_indications(data: _NationalData) -> Section:
    counts = trend_counts(indicator_list(), participants=data.participants)
    trends = IndicatorResult.Trend
    improving, worsening = str(trends.IMPROVING.label), str(trends.WORSENING.label)
    table = Table(
        caption=_("Antall kommuner per trend og indikator"),
        header=[
            _("Indikator"),
            _("Kommuner i alt"),
            *(str(label) for _value, label in trends.choices),
            _("Deltakere i bedring"),
            _("Deltakere i forverring"),
        ],
        rows=[
            [
                c.indicator.name,
                c.total,
                *(c.counts.get(value, 0) for value, _label in trends.choices),
                c.participating.get(trends.IMPROVING, 0),
                c.participating.get(trends.WORSENING, 0),
            ]
            for c in counts
        ],
        numeric=frozenset(range(1, len(trends.choices) + 4)),
        sheet=_("Nasjonale indikasjoner"),
    )
    rows = [
        {"x": c.indicator.name, "group": group, "value": c.participating.get(value, 0)}
        for c in counts
        for group, value in ((improving, trends.IMPROVING), (worsening, trends.WORSENING))
    ]
    section = Section(
        title=_("Nasjonale indikasjoner"),
        paragraphs=[
            _(
                "Trend per indikator i alle kommuner, og blant programmets %(n)s aktive "
                "deltakerkommuner."
            )
            % {"n": len(data.participants)}
        ],
        tables=[table],
    )
    if counts:
        section.charts.append(
            Chart(
                caption=_("Deltakerkommuner i bedring og forverring"),
                spec=charts.bar_chart(
                    rows,
                    _(
                        "Stolpediagram: antall deltakerkommuner med bedring og forverring "
                        "per indikator"
                    ),
                ),
                table=table,
            )
        )
    return section


def _national_policy_input(data: _NationalData) -> Section:
    """Input to the state from the programme, its networks and its participating
    municipalities (never drafts), with the state's answers and what changed."""
    programme = data.programme
    inputs = policy_input_register().filter(
        Q(programme=programme)
        | Q(network__programme=programme)
        | Q(municipality__number__in=data.participants)
    )
    summary = policy_input_summary(inputs)
    labels = dict(PolicyInput.Status.choices)
    rate = summary.answer_rate
    status_rows: list[list[Cell]] = [
        [str(labels.get(code, code)), n] for code, n in summary.counts.items()
    ]
    totals = Table(
        caption=_("Innspill per status"),
        header=[_("Status"), _("Antall")],
        rows=[*status_rows, [_("I alt"), summary.total]],
        numeric=frozenset({1}),
        sheet=_("Innspill per status"),
    )
    outcomes = Table(
        caption=_("Hva svarene førte til"),
        header=[_("Resultat"), _("Antall")],
        rows=[[label, n] for label, n in summary.outcomes],
        numeric=frozenset({1}),
        sheet=_("Resultat av innspill"),
    )
    register = Table(
        caption=_("Innspillene og svarene"),
        header=[_("Sendt"), _("Tittel"), _("Fra"), _("Til"), _("Status"), _("Resultat")],
        rows=[
            [
                date_format(i.submitted_at, "j.n.Y") if i.submitted_at else "",
                i.title,
                i.sender_label,
                i.addressee.name,
                i.get_status_display(),
                i.get_outcome_display() if i.outcome else "",
            ]
            for i in inputs
        ],
        sheet=_("Innspill"),
    )
    paragraphs = [
        _(
            "%(n)s innspill fra programmet, nettverkene og deltakerkommunene er sendt til "
            "staten; %(a)s er besvart."
        )
        % {"n": summary.total, "a": summary.answered}
    ]
    if rate is not None:
        paragraphs.append(
            _("Svarandel: %(rate)s %%. Median tid til svar: %(days)s dager.")
            % {
                "rate": round(rate * 100),
                "days": "–"
                if summary.median_days_to_answer is None
                else round(summary.median_days_to_answer),
            }
        )
    return Section(
        title=_("Innspill til staten og svar"),
        paragraphs=paragraphs,
        tables=[totals, outcomes, register],
    )


NATIONAL_SECTIONS: list[Callable[[_NationalData], Section]] = [
    _national_over_time,
    _national_by_region,
    _national_by_theme,
    _national_indications,
    _national_policy_input,
]


def national_report(
    programme: Programme, *, on: datetime.date | None = None, progress: Progress = _no_progress
) -> SectionedReport:
    """The national report for a programme: participants and networks over time, by KS
    region and theme, and the national indications. `progress(fraction, message)` is called
    as the sections are gathered (the background job shows it)."""
    on = on or timezone.localdate()
    progress(0.05, _("Teller deltakere og nettverk …"))
    dashboard = programme_dashboard(programme, on)
    statuses = participation_statuses_on(programme, on)
    active = [pid for pid, s in statuses.items() if s == ParticipationStatus.ACTIVE]
    participants = set(
        Participation.objects.filter(pk__in=active, municipality__isnull=False).values_list(
            "municipality__number", flat=True
        )
    )
    data = _NationalData(programme=programme, dashboard=dashboard, participants=participants)
    sections = []
    for index, make in enumerate(NATIONAL_SECTIONS):
        sections.append(make(data))
        progress(0.1 + 0.4 * (index + 1) / len(NATIONAL_SECTIONS), sections[-1].title)
    return SectionedReport(
        title=_("Nasjonal rapport: %(name)s") % {"name": programme.name},
        subtitle=_("Status per %(date)s") % {"date": date_format(on, "j.n.Y")},
        generated_at=timezone.now(),
        sections=sections,
    )


# --- report jobs --------------------------------------------------------------------------------


def report_job_get_for_user(user: Any, pk: int) -> ReportJob:
    """The job, for its creator or a national coordinator; others get PermissionDenied
    (a job's file may hold what only its creator was allowed to see)."""
    job = ReportJob.objects.defer("content").select_related("created_by").get(pk=pk)
    if job.created_by_id != user.pk and not user_has_role(user, (Role.NATIONAL_COORDINATOR,)):
        raise PermissionDenied
    return job


def report_job_list(user: Any, limit: int = 10) -> QuerySet[ReportJob]:
    return ReportJob.objects.defer("content").filter(created_by=user)[:limit]
