"""Writes to the registry: the bundled snapshot, the KLASS sync and the municipality profile."""

from __future__ import annotations

import csv
import datetime
import json
import urllib.parse
import urllib.request
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from kommunenettverk.core.cache import public_pages_changed
from kommunenettverk.core.errors import DomainError
from kommunenettverk.registry.klass import (
    KlassChange,
    KlassCode,
    KlassFormatError,
    parse_changes,
    parse_codes_at,
    split_name,
)
from kommunenettverk.registry.models import (
    CodeChange,
    County,
    KostraGroup,
    KostraMembership,
    KsRegion,
    Municipality,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
SNAPSHOT_DATE = datetime.date(2026, 1, 1)
REFORM_2024 = datetime.date(2024, 1, 1)
_WRITTEN_STANDARD = {
    "Bokmål": Municipality.WrittenStandard.BOKMAL,
    "Nynorsk": Municipality.WrittenStandard.NYNORSK,
    "Nøytral": Municipality.WrittenStandard.NEUTRAL,
}


class RegistryError(DomainError):
    """A registry write was refused; the message is for the user and names what is wrong."""


@dataclass
class SyncReport:
    created: list[str]
    updated: list[str]
    ended: list[str]
    changes_added: int
    kostra_memberships: int = 0

    def summary(self) -> str:
        return (
            f"{len(self.created)} nye, {len(self.updated)} endrede og {len(self.ended)} "
            f"avsluttede kommuner; {self.changes_added} nye nummerendringer; "
            f"{self.kostra_memberships} nye medlemskap i KOSTRA-grupper."
        )


def _supplement() -> dict[str, dict[str, str]]:
    with (DATA_DIR / "kommuner_2024_2026.csv").open(encoding="utf-8") as handle:
        return {row["kommunenummer"]: row for row in csv.DictReader(handle)}


def _regions_and_counties(supplement: dict[str, dict[str, str]]) -> None:
    county_region: dict[str, KsRegion] = {}
    with (DATA_DIR / "ks_regions.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            region, _ = KsRegion.objects.update_or_create(
                code=row["code"], defaults={"name": row["name"]}
            )
            for number in row["county_numbers"].split():
                county_region[number] = region
    official = {
        row["fylkesnummer"]: row["fylkesnavn_offisielt_kartverket_2024"]
        for row in supplement.values()
    }
    counties = json.loads((DATA_DIR / "counties_2025.json").read_text(encoding="utf-8"))
    for item in counties:
        number = item["id"]
        County.objects.update_or_create(
            number=number,
            defaults={
                "name": item["name"],
                "official_name": official.get(number, item["name"]),
                "ks_region": county_region.get(number),
                "website": item.get("url", ""),
                "valid_from": REFORM_2024,
            },
        )


def _municipality_fields(
    code: KlassCode, extra: dict[str, str] | None, existing: Municipality | None
) -> dict[str, object]:
    parts = split_name(code.name)
    if extra:
        name_nb = extra["navn_norsk_aprestmo"]
    elif existing:
        name_nb = existing.name_nb
    else:
        name_nb = parts[0].split(" (")[0]
    fields: dict[str, object] = {
        "name": code.name,
        "name_nb": name_nb,
        "parallel_names": ", ".join(p for p in parts if p.split(" (")[0] != name_nb),
        "valid_from": code.valid_from or (existing.valid_from if existing else REFORM_2024),
        "valid_to": code.valid_to,
    }
    if extra:
        fields.update(
            admin_centre=extra["administrasjonssenter"],
            population=int(extra["innbyggere_aprestmo"]) if extra["innbyggere_aprestmo"] else None,
            area_km2=Decimal(extra["areal_km2_aprestmo"]) if extra["areal_km2_aprestmo"] else None,
            written_standard=_WRITTEN_STANDARD.get(extra["malform"], ""),
            website=extra["nettside"],
        )
    return fields


def _validate(municipality: Municipality, code: KlassCode) -> None:
    try:
        municipality.full_clean(validate_unique=False)
    except ValidationError as exc:
        problems = "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items()
        )
        raise RegistryError(
            f"Kommunenummer {code.code} ({code.name}) kan ikke lagres: {problems}. "
            "Ingenting er endret."
        ) from exc


def _apply_codes(
    codes: list[KlassCode],
    *,
    on: datetime.date,
    supplement: dict[str, dict[str, str]],
    end_missing: bool,
) -> SyncReport:
    counties = {county.number: county for county in County.objects.all()}
    existing = {m.number: m for m in Municipality.objects.select_related("county")}
    report = SyncReport(created=[], updated=[], ended=[], changes_added=0)
    for code in codes:
        county = counties.get(code.code[:2])
        if county is None:
            raise RegistryError(
                f"Kommunenummer {code.code} ({code.name}) hører til fylke {code.code[:2]}, "
                "som ikke finnes i registeret. Ingenting er endret."
            )
        current = existing.get(code.code)
        fields = _municipality_fields(code, supplement.get(code.code), current)
        if current is None:
            municipality = Municipality(number=code.code, county=county, **fields)
            _validate(municipality, code)
            municipality.save()
            report.created.append(code.code)
            continue
        changed = [name for name, value in fields.items() if getattr(current, name) != value]
        if current.county_id != county.pk:
            current.county = county
            changed.append("county")
        if changed:
            for name in changed:
                if name != "county":
                    setattr(current, name, fields[name])
            _validate(current, code)
            current.save(update_fields=changed)
            report.updated.append(code.code)
    if end_missing:
        present = {code.code for code in codes}
        for number, municipality in existing.items():
            if number not in present and municipality.valid_to is None:
                municipality.valid_to = on
                municipality.save(update_fields=["valid_to"])
                report.ended.append(number)
    return report


def _apply_changes(changes: list[KlassChange], *, source: str) -> int:
    added = 0
    for change in changes:
        _, created = CodeChange.objects.update_or_create(
            old_code=change.old_code,
            new_code=change.new_code,
            changed_on=change.changed_on,
            defaults={"old_name": change.old_name, "new_name": change.new_name, "source": source},
        )
        added += int(created)
    return added


def _bundled_changes() -> list[KlassChange]:
    """The 2024 changes, each old number with its name of 2020–2023 (from SSB's KOSTRA
    grouping of 2020, which lists those numbers with their names, e.g. "Våler (Viken)")."""
    with (DATA_DIR / "kostragrupper_2020.csv").open(encoding="utf-8") as handle:
        old_names = {row["komnr"]: row["komnavn"] for row in csv.DictReader(handle)}
    with (DATA_DIR / "kommunenummer_endringer_2024.csv").open(encoding="utf-8") as handle:
        return [
            KlassChange(
                old_code=row["gammelt_nummer"],
                old_name=old_names.get(row["gammelt_nummer"], row["navn_2026"]),
                new_code=row["nytt_nummer"],
                new_name=row["navn_2026"],
                changed_on=datetime.date.fromisoformat(row["gyldig_fra"]),
            )
            for row in csv.DictReader(handle)
        ]


@transaction.atomic
def registry_load_snapshot() -> SyncReport:
    """Load (or refresh) the bundled registry: KS regions, 15 counties, 357 municipalities,
    the 2024 code changes and SSB's KOSTRA groups. Idempotent: a second run changes nothing."""
    supplement = _supplement()
    _regions_and_counties(supplement)
    codes = parse_codes_at((DATA_DIR / "klass_131_codesAt_2026-01-01.json").read_bytes())
    report = _apply_codes(codes, on=SNAPSHOT_DATE, supplement=supplement, end_missing=False)
    report.changes_added = _apply_changes(
        _bundled_changes(), source="SSB KLASS 131 (endringer 2024, medfølgende fil)"
    )
    report.kostra_memberships = kostra_groups_load()
    transaction.on_commit(public_pages_changed)
    return report


# SSB's KOSTRA groups (grouping of 2020): the 2020–2023 numbers as SSB published them, and the
# same grouping with the 2024 numbers (SSB: "det er fremdeles grupperingene per 2020 som
# gjelder"). See data/README.md for sources and checks.
KOSTRA_SOURCE = "SSB KOSTRA-grupper 2020 (KLASS 112), CC BY 4.0"
KOSTRA_FILES = (
    # file, number column, group column, first year, last year (None = still valid)
    ("kostragrupper_2020.csv", "komnr", "kostragr", 2020, 2023),
    ("kostragrupper_2024.csv", "kommunenummer", "kostragruppe_nr", 2024, None),
)


@transaction.atomic
def kostra_groups_load() -> int:
    """Load the 17 KOSTRA groups with SSB's criteria and every municipality's membership with
    its validity years from the bundled files. Idempotent (update or create on group number
    and on municipality number + first year). Returns how many memberships were created.
    An unknown group number refuses the whole load."""
    groups: dict[int, KostraGroup] = {}
    with (DATA_DIR / "kostragrupper_kriterier.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            number = int(row["kostragruppe_nr"])
            groups[number], _ = KostraGroup.objects.update_or_create(
                number=number,
                defaults={
                    "code": row["kostragruppe_kode"],
                    "name": f"KOSTRA-gruppe {number}",
                    "population_band": row["folkemengde"],
                    "bound_costs": row["bundne_kostnader"],
                    "free_income": row["frie_disponible_inntekter"],
                },
            )
    created = 0
    for filename, number_column, group_column, first, last in KOSTRA_FILES:
        with (DATA_DIR / filename).open(encoding="utf-8") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                group = groups.get(int(row[group_column] or 0))
                if group is None:
                    raise RegistryError(
                        f"{filename}, linje {line}: ukjent KOSTRA-gruppe «{row[group_column]}». "
                        "Ingenting er endret."
                    )
                _, new = KostraMembership.objects.update_or_create(
                    municipality_number=row[number_column],
                    valid_from=first,
                    defaults={"group": group, "valid_to": last, "source": KOSTRA_SOURCE},
                )
                created += int(new)
    return created


@transaction.atomic
def registry_sync(*, codes_raw: bytes, changes_raw: bytes | None, on: datetime.date) -> SyncReport:
    """Bring the registry in line with a KLASS `codesAt` response (and optionally `changes`).

    Municipalities missing from the response get `valid_to = on`. All or nothing: a bad file
    or an unknown county raises and leaves the registry as it was.
    """
    try:
        codes = parse_codes_at(codes_raw)
        changes = parse_changes(changes_raw) if changes_raw is not None else []
    except KlassFormatError as exc:
        raise RegistryError(f"KLASS-filen kunne ikke leses: {exc} Ingenting er endret.") from exc
    report = _apply_codes(codes, on=on, supplement={}, end_missing=True)
    report.changes_added = _apply_changes(changes, source="SSB KLASS 131 /changes")
    transaction.on_commit(public_pages_changed)
    return report


def klass_fetch(path: str, params: dict[str, str]) -> bytes:
    """GET a KLASS API resource for classification 131 (municipalities) as JSON bytes."""
    url = f"{settings.KLASS_API_URL}/classifications/131/{path}?{urllib.parse.urlencode(params)}"
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            body: bytes = response.read()
    except OSError as exc:
        raise RegistryError(f"Fikk ikke kontakt med KLASS ({url}): {exc}") from exc
    return body


@transaction.atomic
def municipality_update_profile(
    *, municipality: Municipality, website: str, description: str
) -> Municipality:
    """Save the parts of a municipality's page that the municipality itself keeps."""
    municipality.website = website
    municipality.description = description
    municipality.full_clean()
    municipality.save(update_fields=["website", "description"])
    transaction.on_commit(public_pages_changed)
    return municipality
