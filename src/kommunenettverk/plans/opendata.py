"""Public goals and measures as open data (core.opendata): published ones only, whoever asks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.utils.translation import gettext as _

from kommunenettverk.core.opendata import Column, OpenTable
from kommunenettverk.networks.models import Network
from kommunenettverk.plans import selectors
from kommunenettverk.plans.models import Goal, Measure, MeasureStatusUpdate, PlanDocument
from kommunenettverk.plans.selectors import NetworkStrategy
from kommunenettverk.registry.models import Municipality


def goal_measure_table(municipality: Municipality) -> OpenTable:
    """One row per published measure of each published goal (a goal without measures gets one
    row of its own). Read only when the file is asked for."""

    def rows() -> Iterator[Sequence[Any]]:
        goals = selectors.goal_list(Municipality.objects.filter(pk=municipality.pk), public=True)
        for goal in goals:
            measures: list[Measure | None] = list(goal.measures.all())
            for m in measures or [None]:
                yield (
                    goal.pk,
                    m.pk if m else "",
                    goal.statement,
                    goal.themes,
                    goal.plan_document.title if goal.plan_document else "",
                    m.title if m else "",
                    str(m.get_dimension_display()) if m else "",
                    str(m.get_status_display()) if m else "",
                    m.progress if m else None,
                )

    return OpenTable(
        slug="mal-og-tiltak",
        filename=f"mal-og-tiltak-{municipality.number}",
        title=_("Publiserte mål og tiltak i %(m)s") % {"m": municipality.name_nb},
        columns=[
            Column("mal", _("mål-id"), key=True),
            Column("tiltak", _("tiltak-id"), key=True),
            Column("maal_tekst", _("mål")),
            Column("temaer", _("temaer")),
            Column("plan", _("plan")),
            Column("tiltak_tittel", _("tiltak")),
            Column("dimensjon", _("dimensjon")),
            Column("status", _("status")),
            Column("framdrift", _("framdrift (%)"), unit="%", decimals=0),
        ],
        rows=rows(),
        attribution=_("%(m)s kommune og Kommunenettverk") % {"m": municipality.name_nb},
        notes=[_("Bare publiserte mål og tiltak.")],
    )


def measure_history_table(measure: Measure, history: Iterable[MeasureStatusUpdate]) -> OpenTable:
    """A published measure's status history as on its page (no author: the page shows none)."""
    municipality = measure.goal.municipality
    return OpenTable(
        slug="statushistorikk",
        filename=f"statushistorikk-tiltak-{measure.pk}",
        title=_("Statushistorikk for tiltaket «%(t)s»") % {"t": measure.title},
        columns=[
            Column("oppdatering", _("id"), key=True),
            Column("dato", _("dato"), role="time"),
            Column("status", _("status")),
            Column("framdrift", _("framdrift (%)"), unit="%", decimals=0),
            Column("kommentar", _("kommentar")),
        ],
        rows=((u.pk, u.date, str(u.get_status_display()), u.progress, u.note) for u in history),
        attribution=_("%(m)s kommune og Kommunenettverk") % {"m": municipality.name_nb},
    )


def goal_measures_table(goal: Goal) -> OpenTable:
    """A published goal's published measures (the table "Tiltak for målet"), whoever asks."""
    municipality = goal.municipality

    def rows() -> Iterator[Sequence[Any]]:
        measures = goal.measures.filter(published=True).select_related("plan_document")
        for m in measures:
            yield (
                m.pk,
                m.title,
                str(m.get_dimension_display()),
                str(m.get_status_display()),
                m.progress,
                m.plan_document.title if m.plan_document else "",
                m.get_absolute_url(),
            )

    return OpenTable(
        slug="tiltak",
        filename=f"tiltak-mal-{goal.pk}",
        title=_("Tiltak for målet «%(g)s»") % {"g": goal.statement},
        columns=[
            Column("tiltak", _("id"), key=True),
            Column("tittel", _("tiltak")),
            Column("dimensjon", _("dimensjon")),
            Column("status", _("status")),
            Column("framdrift", _("framdrift (%)"), unit="%", decimals=0),
            Column("forankring", _("forankring")),
            Column("lenke", _("lenke")),
        ],
        rows=rows(),
        attribution=_("%(m)s kommune og Kommunenettverk") % {"m": municipality.name_nb},
        notes=[_("Bare publiserte tiltak.")],
    )


def plan_table(municipality: Municipality, plans: Iterable[PlanDocument]) -> OpenTable:
    """The municipality's plan documents as shown on the public plan list."""
    return OpenTable(
        slug="planer",
        filename=f"planer-{municipality.number}",
        title=_("Planene til %(m)s") % {"m": municipality.name_nb},
        columns=[
            Column("plan", _("id"), key=True),
            Column("tittel", _("tittel")),
            Column("type", _("type")),
            Column("status", _("status")),
            Column("vedtatt", _("vedtatt")),
            Column("vedtaksorgan", _("vedtaksorgan")),
            Column("saksnummer", _("saksnummer")),
            Column("fra_ar", _("gjelder fra år")),
            Column("til_ar", _("gjelder til år")),
            Column("lenke", _("lenke")),
        ],
        rows=(
            (
                p.pk,
                p.title,
                str(p.get_kind_display()),
                str(p.get_status_display()),
                p.adopted_on,
                p.adopting_body,
                p.case_reference,
                p.period_start,
                p.period_end,
                p.url,
            )
            for p in plans
        ),
        attribution=_("%(m)s kommune og Kommunenettverk") % {"m": municipality.name_nb},
    )


def network_strategy_table(network: Network, strategy: NetworkStrategy | None = None) -> OpenTable:
    """The network strategy page's per-member table, counting published goals and measures
    only, whoever asks: `strategy` when the page already holds the public version, otherwise
    read only when the file is asked for."""

    def rows() -> Iterator[Sequence[Any]]:
        public = strategy or selectors.network_strategy(network, public=True)
        for municipality, o in public.members:
            yield (
                municipality.number,
                municipality.name,
                o.goal_count,
                o.measure_count,
                o.adopted_plan_share,
                o.budget_share,
                len(o.goals_without_measures),
                len(o.measures_without_anchoring),
            )

    return OpenTable(
        slug="medlemmer",
        filename=f"mal-og-tiltak-{network.slug}",
        title=_("Publiserte mål og tiltak per kommune i nettverket %(n)s") % {"n": network.name},
        columns=[
            Column("kommune", _("kommunenummer"), key=True, role="geo"),
            Column("navn", _("kommune")),
            Column("mal", _("mål"), unit=_("antall"), decimals=0),
            Column("tiltak", _("tiltak"), unit=_("antall"), decimals=0),
            Column("i_vedtatt_plan", _("tiltak i vedtatt plan (%)"), unit="%", decimals=0),
            Column("med_budsjett", _("tiltak med budsjett (%)"), unit="%", decimals=0),
            Column("mal_uten_tiltak", _("mål uten tiltak"), unit=_("antall"), decimals=0),
            Column(
                "tiltak_uten_forankring", _("tiltak uten forankring"), unit=_("antall"), decimals=0
            ),
        ],
        rows=rows(),
        attribution=_("Medlemskommunene i %(n)s og Kommunenettverk") % {"n": network.name},
        notes=[_("Bare publiserte mål og tiltak; kommunene som er med i nettverket nå.")],
    )
