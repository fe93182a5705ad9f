"""Reads from the registry for pages, other apps and the API."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet

from kommunenettverk.registry.models import (
    CodeChange,
    County,
    KostraGroup,
    KostraMembership,
    KsRegion,
    Municipality,
)


def municipality_list(*, query: str = "", county: str = "") -> QuerySet[Municipality]:
    """Today's municipalities, filtered by a name/number search and a county number."""
    municipalities = Municipality.objects.current().select_related("county")
    query = query.strip()
    if query:
        if query.isdigit():
            municipalities = municipalities.filter(number__startswith=query)
        else:
            municipalities = municipalities.filter(
                Q(name__icontains=query)
                | Q(name_nb__icontains=query)
                | Q(parallel_names__icontains=query)
                | Q(admin_centre__icontains=query)
            )
    if county:
        municipalities = municipalities.filter(county__number=county)
    return municipalities


def municipality_get(number: str) -> Municipality:
    """One municipality (current or ended) by number; raises Municipality.DoesNotExist."""
    return Municipality.objects.select_related("county__ks_region").get(number=number)


def county_list() -> QuerySet[County]:
    return County.objects.select_related("ks_region").annotate(
        municipality_count=Count("municipalities", filter=Q(municipalities__valid_to__isnull=True))
    )


def county_get(number: str) -> County:
    return County.objects.select_related("ks_region").get(number=number)


def region_list() -> QuerySet[KsRegion]:
    return KsRegion.objects.prefetch_related("counties")


def region_get(code: str) -> KsRegion:
    return KsRegion.objects.get(code=code)


def code_changes_from(number: str) -> QuerySet[CodeChange]:
    return CodeChange.objects.filter(old_code=number)


def code_changes_into(number: str) -> QuerySet[CodeChange]:
    return CodeChange.objects.filter(new_code=number)


def municipality_current_codes(number: str, *, on: datetime.date | None = None) -> list[str]:
    """Today's code(s) for a municipality number valid at some time since 2020.

    Follows the old → new table through every later change (a renumbering after a merger is
    followed to the end). A split gives several codes; a number that never changed gives itself.
    Changes after `on` (default: all known) are not followed.
    """
    changes = CodeChange.objects.all()
    if on is not None:
        changes = changes.filter(changed_on__lte=on)
    successors: dict[str, list[tuple[datetime.date, str]]] = {}
    for old, new, changed_on in changes.values_list("old_code", "new_code", "changed_on"):
        successors.setdefault(old, []).append((changed_on, new))

    result: list[str] = []
    frontier = [(number, datetime.date.min)]
    seen: set[tuple[str, datetime.date]] = set()
    while frontier:
        code, since = frontier.pop()
        nexts = [(d, new) for d, new in successors.get(code, []) if d >= since and new != code]
        if not nexts:
            if code not in result:
                result.append(code)
            continue
        for changed_on, new in nexts:
            if (new, changed_on) not in seen:
                seen.add((new, changed_on))
                frontier.append((new, changed_on))
    return sorted(result)


def code_change_list(*, old_code: str = "", new_code: str = "") -> QuerySet[CodeChange]:
    changes = CodeChange.objects.all()
    if old_code:
        changes = changes.filter(old_code=old_code)
    if new_code:
        changes = changes.filter(new_code=new_code)
    return changes


def municipality_get_or_404(number: str) -> Municipality:
    """`municipality_get` for views: an unknown number is a 404 with a Norwegian sentence."""
    from django.utils.translation import gettext as _

    from kommunenettverk.core.shortcuts import get_or_404

    return get_or_404(
        municipality_get,
        number,
        _("Det finnes ingen kommune med nummer «%(number)s».") % {"number": number},
    )


# --- SSB's KOSTRA groups -----------------------------------------------------------------------


def _kostra_memberships(year: int | None) -> QuerySet[KostraMembership]:
    memberships = KostraMembership.objects.select_related("group")
    if year is None:  # today's grouping: the open-ended memberships
        return memberships.filter(valid_to__isnull=True)
    return memberships.valid_in(year)


def kostra_group_of(number: str, *, year: int | None = None) -> KostraGroup | None:
    """The KOSTRA group of a municipality number in `year` (today's grouping when None), or
    None when SSB's grouping has no such number. One query."""
    membership = _kostra_memberships(year).filter(municipality_number=number).first()
    return membership.group if membership else None


def kostra_group_map(*, year: int | None = None) -> dict[str, KostraGroup]:
    """Municipality number → KOSTRA group in `year` (today's grouping when None). One
    query."""
    return {m.municipality_number: m.group for m in _kostra_memberships(year)}


def kostra_group_members(group: KostraGroup, *, year: int | None = None) -> list[str]:
    """The municipality numbers of a KOSTRA group in `year` (today's when None). One query."""
    return sorted(
        _kostra_memberships(year).filter(group=group).values_list("municipality_number", flat=True)
    )
