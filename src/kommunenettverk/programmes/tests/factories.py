"""Small builders for programme test data (plain functions over the services)."""

from __future__ import annotations

import datetime
from typing import Any

from kommunenettverk.programmes.models import Participation, Programme, Theme
from kommunenettverk.programmes.services import participation_apply, participation_approve
from kommunenettverk.registry.models import County, Municipality

APPLICATION: dict[str, Any] = {
    "local_challenges": "Lite samordnet klimaarbeid.",
    "decision_body": "Kommunestyret",
    "decision_date": datetime.date(2007, 3, 1),
    "decision_case_ref": "07/123",
    "decision_url": "https://innsyn.example.no/sak/07-123",
    "anchored_by": "Rådmannen",
    "anchored_on": datetime.date(2007, 2, 1),
    "contact_elected": "Ordfører Olsen",
    "contact_manager": "Rådmann Hansen",
    "contact_professional": "Miljørådgiver Berg",
    "accepts_expectations": True,
}


def make_programme(**overrides: Any) -> Programme:
    n = Programme.objects.count() + 1
    fields: dict[str, Any] = {
        "name": f"Testprogram {n}",
        "slug": f"testprogram-{n}",
        "starts_on": datetime.date(2006, 1, 1),
        "ends_on": datetime.date(2030, 12, 31),
    }
    fields.update(overrides)
    programme = Programme.objects.create(**fields)
    themes = [
        Theme.objects.get_or_create(name=f"Tema {i}", defaults={"slug": f"tema-{i}"})[0]
        for i in (1, 2, 3)
    ]
    programme.themes.set(themes)
    return programme


def make_participation(
    programme: Programme,
    municipality: Municipality | None = None,
    *,
    county: County | None = None,
    active: bool = True,
    applied_on: datetime.date = datetime.date(2007, 3, 1),
    **overrides: Any,
) -> Participation:
    fields = {**APPLICATION, **overrides}
    participation = participation_apply(
        programme=programme,
        municipality=municipality,
        county=county,
        themes=list(programme.themes.all()[:2]),
        applied_on=applied_on,
        **fields,
    )
    if active:
        from kommunenettverk.accounts.models import User

        approver, _ = User.objects.get_or_create(email="godkjenner@example.org")
        participation = participation_approve(
            participation=participation, user=approver, on=applied_on
        )
    return participation


def municipalities(county: str, count: int) -> list[Municipality]:
    return list(Municipality.objects.current().filter(county__number=county)[:count])
