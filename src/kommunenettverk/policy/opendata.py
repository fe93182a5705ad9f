"""The public register of policy input as open data (core.opendata): submitted and later
input only (never drafts), with the state's answers and what changed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kommunenettverk.core.opendata import Column, OpenTable
from kommunenettverk.policy.models import PolicyInput, PolicyInputStatusChange


def register_table(inputs: QuerySet[PolicyInput]) -> OpenTable:
    """`inputs` is a register queryset (policy_selectors.policy_input_register); its rows are
    read only when the file is asked for."""

    def rows() -> Iterator[Sequence[Any]]:
        for i in inputs:
            yield (
                i.pk,
                i.title,
                i.sender_label,
                i.addressee.name,
                ", ".join(i.theme_labels),
                i.get_status_display(),
                i.submitted_at.date() if i.submitted_at else None,
                i.answered_at.date() if i.answered_at else None,
                i.answer,
                i.get_outcome_display() if i.outcome else "",
                i.outcome_text,
                i.get_absolute_url(),
            )

    return OpenTable(
        slug="innspill",
        filename="innspill-til-staten",
        title=_("Innspill til nasjonal politikk og svarene fra staten"),
        columns=[
            Column("innspill", _("id"), key=True),
            Column("tittel", _("tittel")),
            Column("fra", _("fra")),
            Column("til", _("til")),
            Column("temaer", _("temaer")),
            Column("status", _("status")),
            Column("sendt", _("sendt inn")),
            Column("besvart", _("besvart")),
            Column("svar", _("svar")),
            Column("resultat", _("resultat")),
            Column("endring", _("hva som ble endret")),
            Column("lenke", _("lenke")),
        ],
        rows=rows(),
        notes=[_("Bare innspill som er sendt inn; utkast er ikke med.")],
    )


def history_table(
    policy_input: PolicyInput, changes: Iterable[PolicyInputStatusChange]
) -> OpenTable:
    """A submitted input's status changes (never a draft's: the view offers none). Who made a
    change is left out: it names a person, and the file is about the case."""
    return OpenTable(
        slug="statusendringer",
        filename=f"innspill-{policy_input.pk}-statusendringer",
        title=_("Statusendringer for innspillet «%(t)s»") % {"t": policy_input.title},
        columns=[
            Column("endring", _("id"), key=True),
            Column("tidspunkt", _("tidspunkt"), role="time"),
            Column("fra_status", _("fra status")),
            Column("til_status", _("til status")),
            Column("kommentar", _("kommentar")),
        ],
        rows=(
            (
                c.pk,
                timezone.localtime(c.at).isoformat(timespec="minutes"),
                c.get_from_status_display() if c.from_status else "",
                c.get_to_status_display(),
                c.comment,
            )
            for c in changes
        ),
    )
