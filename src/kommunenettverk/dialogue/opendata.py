"""The dialogue app's public tables as open data (core.opendata)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from kommunenettverk.core.opendata import Column, OpenTable
from kommunenettverk.dialogue.models import Partner


def partner_table(partners: Iterable[Partner]) -> OpenTable:
    """The partner directory: organisations only, no contact persons."""
    return OpenTable(
        slug="ressursmiljoer",
        title=_("Ressursmiljøer og partnere"),
        columns=[
            Column("ressursmiljo", _("id"), key=True),
            Column("navn", _("navn")),
            Column("type", _("type")),
            Column("niva", _("nivå")),
            Column("orgnr", _("organisasjonsnummer")),
            Column("partnerskap", _("partnerskap"), decimals=0),
        ],
        rows=(
            (
                p.pk,
                p.organisation.name,
                str(p.organisation.get_kind_display()),
                str(p.get_level_display()),
                p.organisation.org_number,
                p.partnership_count,  # type: ignore[attr-defined]  # selectors.partner_list
            )
            for p in partners
        ),
    )
