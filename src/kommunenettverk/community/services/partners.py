"""Partners in the directory (local, regional, national) and partnerships."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kommunenettverk.accounts.models import Organisation
from kommunenettverk.community.models import (
    Partner,
    Partnership,
)
from kommunenettverk.community.services.common import _apply, _public_pages_changed
from kommunenettverk.community.validators import validate_org_number
from kommunenettverk.registry.models import KsRegion, Municipality


# --- partners and partnerships ---------------------------------------------------------------
@transaction.atomic
def partner_save(
    *,
    name: str,
    kind: str,
    level: str,
    description: str,
    org_number: str = "",
    website: str = "",
    municipality: Municipality | None = None,
    region: KsRegion | None = None,
    partner: Partner | None = None,
) -> Partner:
    """Create or update a partner in the directory, with its organisation.

    The organisation number, when given, must pass Brønnøysundregistrene's mod-11 check.
    `municipality` is a local partner's municipality, `region` a regional partner's KS region.
    """
    org_number = org_number.replace(" ", "")
    try:
        validate_org_number(org_number)
    except ValidationError as error:
        raise ValidationError({"org_number": error.messages}) from None
    organisation = (
        partner.organisation
        if partner is not None
        else Organisation.objects.filter(name=name).first() or Organisation()
    )
    _apply(
        organisation,
        {
            "name": name.strip(),
            "kind": kind,
            "org_number": org_number,
            "website": website,
            "municipality": municipality,
        },
    )
    organisation.full_clean()
    organisation.save()
    partner = partner or Partner.objects.filter(organisation=organisation).first() or Partner()
    partner.organisation = organisation
    partner.level = level
    partner.region = region
    partner.description = description
    partner.full_clean()
    partner.save()
    _public_pages_changed()
    return partner


@transaction.atomic
def partnership_save(
    *,
    municipality: Municipality,
    fields: dict[str, Any],
    partnership: Partnership | None = None,
) -> Partnership:
    """Create or update a partnership agreement between the municipality and a partner."""
    ends_on, starts_on = fields.get("ends_on"), fields.get("starts_on")
    if ends_on and starts_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("Sluttdatoen kan ikke være før startdatoen.")})
    partnership = partnership or Partnership(municipality=municipality)
    _apply(partnership, fields)
    partnership.full_clean()
    partnership.save()
    _public_pages_changed()
    return partnership
