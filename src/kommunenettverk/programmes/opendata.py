"""The programme pages' public tables as open data (core.opendata)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from kommunenettverk.core.opendata import Column, OpenTable
from kommunenettverk.programmes.models import Participation, Programme


def programme_table(programmes: Iterable[Programme]) -> OpenTable:
    return OpenTable(
        slug="program",
        title=_("Program"),
        columns=[
            Column("program", _("kortnavn"), key=True),
            Column("navn", _("program")),
            Column("start", _("starter")),
            Column("slutt", _("slutter")),
            Column("avtaleparter", _("avtaleparter")),
            Column("deltakere", _("deltakere"), decimals=0),
            Column("kapasitet", _("kapasitet"), decimals=0),
        ],
        rows=(
            (
                p.slug,
                p.name,
                p.starts_on,
                p.ends_on,
                [o.name for o in p.agreement_parties.all()],
                p.occupied,  # type: ignore[attr-defined]  # selectors.programme_list
                p.capacity,
            )
            for p in programmes
        ),
    )


def participation_table(programme: Programme, participations: Iterable[Participation]) -> OpenTable:
    """The public columns of the participant list: no contact persons."""
    return OpenTable(
        slug="deltakere",
        filename=f"{programme.slug}-deltakere",
        title=_("Deltakere i %(p)s") % {"p": programme.name},
        columns=[
            Column("deltaker", _("kommune- eller fylkesnummer"), key=True, role="geo"),
            Column("navn", _("deltaker")),
            Column("status", _("status")),
            Column("sokt", _("søkt")),
            Column("vedtaksorgan", _("vedtaksorgan")),
            Column("vedtaksdato", _("vedtaksdato")),
        ],
        rows=(
            (
                (p.municipality or p.county).number,  # type: ignore[union-attr]  # one is set
                p.participant_name,
                str(p.get_status_display()),
                p.applied_on,
                p.decision_body,
                p.decision_date,
            )
            for p in participations
        ),
    )
