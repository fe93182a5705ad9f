"""Reads from the registry for pages, other apps and the API."""

from __future__ import annotations

import datetime
import itertools
import re
import unicodedata
from dataclasses import dataclass

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


# --- names as files give them ------------------------------------------------------------------


@dataclass(frozen=True)
class AreaName:
    """What a name may stand for: a municipality or county number (today's, or one that ended
    in a reform) with its official name and county, for listing candidates."""

    level: str  # "municipality" or "county"
    number: str
    label: str
    county: str = ""
    current: bool = True


def area_name_key(name: str) -> str:
    """A name as compared: Unicode NFC, case-folded, spaces collapsed, any dash between words
    written " - ", a trailing "kommune"/"fylke"/"fylkeskommune" dropped."""
    text = unicodedata.normalize("NFC", name).casefold().strip()
    text = re.sub(r"\s*[\u2010-\u2015-]\s*", " - ", text)
    text = re.sub(r"\s+", " ", text)
    return re.sub(r" (kommune|fylkeskommune|fylke)$", "", text)


def _name_forms(official: str, norwegian: str, parallel: list[str]) -> set[str]:
    forms = {official, norwegian, *parallel}
    # A combined name ("Guovdageaidnu - Kautokeino") also in each language alone; SSB's
    # suffix for names that occur twice ("Våler (Innlandet)") dropped too.
    for name in list(forms):
        parts = [part for part in re.split(r" [\u2010-\u2015-] ", name) if part]
        forms.update(parts)
        if 1 < len(parts) <= 3:  # Kartverket writes "Rosse - Røros" where KLASS has "Røros - Rosse"
            forms.update(" - ".join(order) for order in itertools.permutations(parts))
    forms.update(re.sub(r" \([^)]*\)$", "", name) for name in list(forms))
    return {name.strip() for name in forms if name.strip()}


def area_name_index() -> dict[str, list[AreaName]]:
    """Every official form of every municipality's and county's name (area_name_key) → the
    areas it may stand for. Today's names: the official one, the Norwegian, Sami and Kven
    forms, each part of a combined name, and each with SSB's county suffix ("Herøy
    (Nordland)"); county names and each part of a combined county name. Names of ended
    municipalities (the registry's ended rows and the old names in its code changes) are
    added only where no current area has the name, pointing at the old number, which the
    caller follows to today's (municipality_current_codes). Three queries."""
    index: dict[str, list[AreaName]] = {}

    def add(key: str, area: AreaName) -> None:
        found = index.setdefault(area_name_key(key), [])
        if area not in found:
            found.append(area)

    counties = list(County.objects.all())
    for county in counties:
        area = AreaName("county", county.number, county.name)
        for form in _name_forms(county.official_name or county.name, county.name, []):
            add(form, area)
    municipalities = list(Municipality.objects.select_related("county"))
    for m in municipalities:
        if m.valid_to is not None:
            continue
        area = AreaName("municipality", m.number, m.name, m.county.name)
        for form in _name_forms(m.name, m.name_nb, m.parallel_name_list):
            add(form, area)
            add(f"{form} ({m.county.name})", area)
    current = set(index)
    old: list[tuple[str, AreaName]] = []
    for m in municipalities:
        if m.valid_to is not None:
            area = AreaName("municipality", m.number, m.name, m.county.name, current=False)
            old += [(form, area) for form in _name_forms(m.name, m.name_nb, m.parallel_name_list)]
    for change in CodeChange.objects.exclude(old_name=""):
        area = AreaName("municipality", change.old_code, change.old_name, current=False)
        old += [(form, area) for form in _name_forms(change.old_name, change.old_name, [])]
    for form, area in old:
        if area_name_key(form) not in current:
            found = index.setdefault(area_name_key(form), [])
            if all(a.number != area.number for a in found):
                found.append(area)
    return index


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


def kostra_group_codes(*, year: int | None = None) -> dict[str, str]:
    """Municipality number → KOSTRA group code in `year` (today's grouping when None), as
    kostra_group_map without building model objects (the analytics refresh). One query."""
    return dict(_kostra_memberships(year).values_list("municipality_number", "group__code"))


def kostra_group_members(group: KostraGroup, *, year: int | None = None) -> list[str]:
    """The municipality numbers of a KOSTRA group in `year` (today's when None). One query."""
    return sorted(
        _kostra_memberships(year).filter(group=group).values_list("municipality_number", flat=True)
    )
