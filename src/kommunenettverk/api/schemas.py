"""API input and output schemas, declared separately (STYLE.md §5)."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field


class ErrorOut(Schema):
    """Every error has this shape: a Norwegian sentence and a stable code."""

    detail: str
    code: str
    errors: list[FieldErrorOut] = Field(default_factory=list)


class FieldErrorOut(Schema):
    field: str
    message: str


class CountyOut(Schema):
    number: str
    name: str
    official_name: str
    ks_region: str | None


class KostraGroupOut(Schema):
    code: str = Field(description="SSB's code (KLASS 112), e.g. EKG13")
    number: int
    name: str
    population_band: str
    bound_costs: str
    free_income: str


class MunicipalityOut(Schema):
    number: str
    name: str
    name_nb: str
    parallel_names: list[str]
    county_number: str
    county_name: str
    admin_centre: str
    population: int | None
    area_km2: float | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    url: str
    kostra_group: KostraGroupOut | None = Field(
        description="SSB's KOSTRA group today (the grouping of 2020 with 2024 numbers)"
    )


class CodeChangeOut(Schema):
    old_code: str
    old_name: str
    new_code: str
    new_name: str
    changed_on: datetime.date


class CurrentCodesOut(Schema):
    code: str
    current: list[str]


class MeasureOut(Schema):
    id: int
    goal_id: int
    title: str
    description: str
    dimension: str
    status: str
    progress: int
    responsible_unit: str
    start: datetime.date | None
    end: datetime.date | None
    budget_amount: int | None
    budget_year: int | None
    plan_document: str | None
    url: str


class GoalOut(Schema):
    id: int
    municipality: str
    statement: str
    rationale: str
    themes: list[str]
    plan_document: str | None
    plan_section: str
    measures: list[MeasureOut]
    url: str


class MeasureStatusIn(Schema):
    model_config = ConfigDict(extra="forbid")

    status: Literal["planned", "in_progress", "done", "delayed", "stopped"]
    progress: int = Field(ge=0, le=100, description="Framdrift i prosent, 0–100")
    note: str = Field(default="", max_length=2000, pattern=r"^[^\x00]*$")


class ThemeOut(Schema):
    slug: str
    name: str


class ProgrammeOut(Schema):
    slug: str
    name: str
    description: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    period: str = Field(description="Periode som tekst, for eksempel «2024–2027»")
    capacity: int | None = Field(description="Høyeste antall deltakere; null: ingen grense")
    occupied: int = Field(description="Deltakelser som tar plass (søkt, aktiv, pause)")
    active: int
    agreement_parties: list[str]
    themes: list[ThemeOut]
    network_size_min: int
    network_size_max: int
    url: str


class NetworkMemberOut(Schema):
    number: str = Field(description="Kommunenummer (4 sifre) eller fylkesnummer (2 sifre)")
    name: str
    joined_on: datetime.date


class NetworkOut(Schema):
    slug: str
    name: str
    description: str
    programme: str
    programme_slug: str
    region: str
    adviser: str | None = Field(description="Rådgiverens navn")
    themes: list[ThemeOut]
    established_on: datetime.date
    members: list[NetworkMemberOut]


class AgendaItemOut(Schema):
    title: str
    kind: str
    partner: str | None


class GatheringOut(Schema):
    network: str
    number: int
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    agenda: list[AgendaItemOut]


class IndicatorOut(Schema):
    code: str
    name: str
    description: str
    unit: str
    decimals: int
    themes: list[str]
    better: str
    source: str
    ssb_table: str
    licence: str
    attribution: str
    aggregation: str


class IndicatorValueOut(Schema):
    indicator: str = Field(validation_alias="indicator_code")
    area_kind: Literal["K", "F", "L"] = Field(description="K: kommune, F: fylke, L: hele landet")
    area_code: str
    period: str
    year: int
    value: float | None = Field(description="null når status har et SSB-symbol")
    status: Literal["", ".", "..", ":", "-"]


class ExampleOut(Schema):
    id: int
    title: str
    summary: str
    results: str
    municipality: str
    municipality_name: str
    county: str
    themes: list[str]
    tags: list[str]
    published_at: datetime.datetime | None
    url: str


class IndicatorValueIn(Schema):
    model_config = ConfigDict(extra="forbid")

    indicator: str = Field(min_length=1, max_length=60, description="Indikatorkode i katalogen")
    area: str = Field(
        min_length=1, max_length=10, description="Kommunenummer, fylkesnummer eller 0 (landet)"
    )
    period: str = Field(min_length=1, max_length=9, description="År (2024) eller periode")
    value: float | None = None
    status: Literal["", ".", "..", ":", "-"] = ""


class IndicatorValuesIn(Schema):
    model_config = ConfigDict(extra="forbid")

    rows: list[IndicatorValueIn] = Field(min_length=1, max_length=50_000)
    dry_run: bool = Field(default=False, description="Kontroller uten å lagre")


class RejectedRowOut(Schema):
    line: int
    reason: str


class ImportReportOut(Schema):
    rows_read: int
    written: int = Field(description="nye og endrede verdier (uendrede skrives ikke om)")
    replaced: int = Field(description="lagrede verdier som ble endret")
    unchanged: int = Field(description="verdier som sto lagret med samme innhold")
    rejected_count: int
    rejected: list[RejectedRowOut]
    dry_run: bool
    indicators: list[str]
    summary: str


JsonStatIn = dict[str, Any]


ErrorOut.model_rebuild()
