"""API input and output schemas, declared separately (STYLE.md §5)."""

from __future__ import annotations

import datetime
from typing import Literal

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
    note: str = Field(default="", max_length=2000)


ErrorOut.model_rebuild()
