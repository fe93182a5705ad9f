"""The national programme report: participants and networks over time, by KS region and
theme, the national indications and the policy input to the state."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kommunenettverk.indicators.models import IndicatorResult
from kommunenettverk.indicators.selectors import indicator_list, trend_counts
from kommunenettverk.networks.dashboards import GroupRow, ProgrammeDashboard, programme_dashboard
from kommunenettverk.policy.models import PolicyInput
from kommunenettverk.policy.selectors import policy_input_register, policy_input_summary
from kommunenettverk.programmes.models import Participation, ParticipationStatus, Programme
from kommunenettverk.programmes.selectors import participation_statuses_on
from kommunenettverk.registry.models import KsRegion
from kommunenettverk.reports import charts
from kommunenettverk.reports.builders.types import (
    Cell,
    Chart,
    Progress,
    Section,
    SectionedReport,
    Table,
)


def _no_progress(fraction: float, message: str) -> None:
    return None


@dataclass
class _NationalData:
    programme: Programme
    region: KsRegion | None
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


def _grouped(data_rows: list[GroupRow], caption: str, label: str, sheet: str, what: str) -> Section:
    participants, networks = str(_("Aktive deltakere")), str(_("Nettverk"))
    table = Table(
        caption=caption,
        header=[label, participants, networks],
        rows=[[r.name, r.participants, r.networks] for r in data_rows],
        numeric=frozenset({1, 2}),
        sheet=sheet,
    )
    rows = [
        {"x": r.name, "group": group, "value": value}
        for r in data_rows
        for group, value in ((participants, r.participants), (networks, r.networks))
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
    if data.region is None:
        senders = Q(programme=programme) | Q(network__programme=programme)
    else:  # the region's part: its networks and participants (the programme's own is national)
        senders = Q(network__programme=programme, network__ks_region=data.region)
    inputs = policy_input_register().filter(senders | Q(municipality__number__in=data.participants))
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
    programme: Programme,
    *,
    on: datetime.date | None = None,
    region: KsRegion | None = None,
    progress: Progress = _no_progress,
) -> SectionedReport:
    """The national report for a programme: participants and networks over time, by KS
    region and theme, and the national indications. With `region`, only the participants and
    networks of that KS region count (the trend counts compare them with every municipality).
    `progress(fraction, message)` is called as the sections are gathered (the background job
    shows it)."""
    on = on or timezone.localdate()
    progress(0.05, _("Teller deltakere og nettverk …"))
    dashboard = programme_dashboard(programme, on, region=region)
    statuses = participation_statuses_on(programme, on)
    active = [pid for pid, s in statuses.items() if s == ParticipationStatus.ACTIVE]
    participations = Participation.objects.filter(pk__in=active, municipality__isnull=False)
    if region is not None:
        participations = participations.filter(municipality__county__ks_region=region)
    participants = set(participations.values_list("municipality__number", flat=True))
    data = _NationalData(
        programme=programme, region=region, dashboard=dashboard, participants=participants
    )
    sections = []
    for index, make in enumerate(NATIONAL_SECTIONS):
        sections.append(make(data))
        progress(0.1 + 0.4 * (index + 1) / len(NATIONAL_SECTIONS), sections[-1].title)
    return SectionedReport(
        title=_("Nasjonal rapport: %(name)s") % {"name": programme.name},
        subtitle=(_("Status per %(date)s") % {"date": date_format(on, "j.n.Y")})
        + (f" – {region.name}" if region else ""),
        generated_at=timezone.now(),
        sections=sections,
    )
