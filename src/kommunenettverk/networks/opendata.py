"""The networks' public tables as open data (core.opendata)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from kommunenettverk.core.opendata import Column, OpenTable
from kommunenettverk.networks.models import NetworkMembership
from kommunenettverk.registry.models import Municipality


def membership_table(
    municipality: Municipality, memberships: Iterable[NetworkMembership]
) -> OpenTable:
    """A municipality's networks; the adviser by name only, never an email address."""
    return OpenTable(
        slug="nettverk",
        filename=f"nettverk-{municipality.number}",
        title=_("Nettverk %(m)s er eller har vært med i") % {"m": municipality.name_nb},
        columns=[
            Column("nettverk", _("kortnavn"), key=True),
            Column("navn", _("nettverk")),
            Column("program", _("program")),
            Column("region", _("KS-region")),
            Column("radgiver", _("rådgiver")),
            Column("med_fra", _("med fra")),
            Column("gikk_ut", _("gikk ut")),
        ],
        rows=(
            (
                m.network.slug,
                m.network.name,
                m.network.programme.name,
                m.network.ks_region.name,
                m.network.adviser.full_name if m.network.adviser else "",
                m.joined_on,
                m.left_on,
            )
            for m in memberships
        ),
    )
