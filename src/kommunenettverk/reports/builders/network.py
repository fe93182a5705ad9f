"""The network report: the network, its gatherings with attendance by role, its projects and
its members' published progress."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kommunenettverk.indicators.models import IndicatorResult
from kommunenettverk.networks.models import (
    AgendaItem,
    AttendeeRole,
    Gathering,
    Network,
    NetworkMembership,
)
from kommunenettverk.networks.selectors import (
    attendance_summary,
    gathering_list,
    invitations_prefetch,
    membership_list,
    network_attendance_summary,
    outcome_links,
    project_list,
)
from kommunenettverk.plans.models import Goal, Measure
from kommunenettverk.plans.selectors import goal_list
from kommunenettverk.registry.models import Municipality
from kommunenettverk.reports import charts
from kommunenettverk.reports.builders.types import Chart, Section, SectionedReport, Table


def _yes_no(value: bool | None) -> str:
    if value is None:
        return "–"
    return _("ja") if value else _("nei")


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


def _network_closed_gatherings(data: _NetworkData) -> Section:
    """What the closed gatherings gave: summary, who came by role, outcomes, and the
    published measures and examples the adviser linked at close-out."""
    closed = [g for g in data.gatherings if g.closed_at is not None]
    section = Section(
        title=_("Resultater fra avsluttede samlinger"),
        paragraphs=[
            _(
                "Samlinger prosessveilederen har avsluttet, med oppsummering, oppmøte etter "
                "rolle (de som møtte, også de uten påmelding), resultater og publiserte tiltak "
                "og eksempler som kom ut av samlingen."
            )
        ],
    )
    if not closed:
        section.paragraphs.append(_("Ingen samlinger er avsluttet ennå."))
        return section
    links = outcome_links(closed, AnonymousUser())
    role_labels = [str(label) for _value, label in AttendeeRole.choices]
    summary = Table(
        caption=_("Avsluttede samlinger"),
        header=[_("Nr."), _("Dato"), _("Oppsummering"), *role_labels, _("Resultater")],
        rows=[],
        numeric=frozenset({0, *range(3, 3 + len(role_labels))}),
        sheet=_("Avsluttede samlinger"),
    )
    linked = Table(
        caption=_("Tiltak og eksempler fra samlingene"),
        header=[_("Samling"), _("Type"), _("Tittel"), _("Kommune"), _("Lenke")],
        rows=[],
        sheet=_("Fra samlingene"),
    )
    for g in closed:
        came = Counter(
            r.role for r in g.registrations.all() if r.attended and r.status != "cancelled"
        )
        summary.rows.append(
            [
                g.number,
                timezone.localtime(g.starts_at).date(),
                g.summary or "–",
                *(came[value] for value, _label in AttendeeRole.choices),
                g.outcomes or "–",
            ]
        )
        for link in links.get(g.pk, []):
            municipality = link.municipality.name_nb if link.municipality else "–"
            linked.rows.append([g.number, link.kind_label, link.title, municipality, link.url])
    section.tables.append(summary)
    if linked.rows:
        section.tables.append(linked)
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
    _network_closed_gatherings,
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
