"""Reading SSB's KLASS format (classification 131, municipalities): pure functions, no database.

Both the bundled snapshot (`load_registry`) and the live sync (`sync_registry`) go through these
parsers, so the snapshot is built exactly as a live response would be.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from typing import Any

from kommunenettverk.core.errors import DomainError

CODE_RE = re.compile(r"^[0-9]{4}$")
NAME_MAX = 200  # the registry's name columns
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
UNKNOWN_CODE = "9999"  # "Uoppgitt": a statistical placeholder, not a municipality


class KlassFormatError(DomainError, ValueError):
    """The file is not a KLASS response we can read; the message names where and why."""


@dataclass(frozen=True)
class KlassCode:
    code: str
    name: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None


@dataclass(frozen=True)
class KlassChange:
    old_code: str
    old_name: str
    new_code: str
    new_name: str
    changed_on: datetime.date


def _load(raw: bytes | str | dict[str, Any]) -> dict[str, Any]:
    if isinstance(raw, dict):
        return raw
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise KlassFormatError(f"Filen er ikke gyldig JSON: {exc}") from exc
    except RecursionError:
        raise KlassFormatError("Filen er ikke gyldig JSON: den er nøstet for dypt.") from None
    if not isinstance(data, dict):
        raise KlassFormatError("Filen skal inneholde et JSON-objekt, ikke en liste eller verdi.")
    return data


def _date(value: Any, where: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise KlassFormatError(f"{where}: «{value}» er ikke en dato (ÅÅÅÅ-MM-DD).") from None


def _name(value: Any, where: str, field: str) -> str:
    name = str(value or "").strip()
    if len(name) > NAME_MAX:
        raise KlassFormatError(f"{where}: «{field}» er lengre enn {NAME_MAX} tegn.")
    if _CONTROL_RE.search(name):
        raise KlassFormatError(f"{where}: «{field}» inneholder kontrolltegn.")
    return name


def _code(value: Any, where: str) -> str:
    code = str(value or "").strip()
    if not CODE_RE.match(code):
        raise KlassFormatError(f"{where}: «{value}» er ikke et firesifret kommunenummer.")
    return code


def parse_codes_at(raw: bytes | str | dict[str, Any]) -> list[KlassCode]:
    """Parse a `codesAt` response (`{"codes": [{"code", "name", "validFrom", "validTo"}, …]}`).

    The `9999 Uoppgitt` placeholder is left out. Raises KlassFormatError naming the entry.
    """
    data = _load(raw)
    entries = data.get("codes")
    if not isinstance(entries, list):
        raise KlassFormatError("Fant ikke listen «codes» i KLASS-svaret.")
    codes: list[KlassCode] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        where = f"Kode nr. {index}"
        if not isinstance(entry, dict):
            raise KlassFormatError(f"{where}: forventet et objekt.")
        code = _code(entry.get("code"), where)
        if code == UNKNOWN_CODE:
            continue
        name = _name(entry.get("name"), f"{where} ({code})", "name")
        if not name:
            raise KlassFormatError(f"{where} ({code}): mangler navn.")
        if code in seen:
            raise KlassFormatError(f"{where}: kommunenummer {code} står to ganger.")
        seen.add(code)
        valid_from = _date(entry.get("validFrom"), where)
        valid_to = _date(entry.get("validTo"), where)
        if valid_from and valid_to and valid_to <= valid_from:
            raise KlassFormatError(f"{where} ({code}): «validTo» må være etter «validFrom».")
        codes.append(KlassCode(code=code, name=name, valid_from=valid_from, valid_to=valid_to))
    if not codes:
        raise KlassFormatError("KLASS-svaret inneholder ingen kommuner.")
    return codes


def parse_changes(raw: bytes | str | dict[str, Any]) -> list[KlassChange]:
    """Parse a `changes` response (`{"codeChanges": [{"oldCode", "newCode", …}]}`).

    Rows without `oldCode` (a code began) or `newCode` (a code ceased) say nothing about where a
    code went, so they are left out of the old → new table.
    """
    data = _load(raw)
    entries = data.get("codeChanges")
    if not isinstance(entries, list):
        raise KlassFormatError("Fant ikke listen «codeChanges» i KLASS-svaret.")
    changes: list[KlassChange] = []
    for index, entry in enumerate(entries, start=1):
        where = f"Endring nr. {index}"
        if not isinstance(entry, dict):
            raise KlassFormatError(f"{where}: forventet et objekt.")
        if not entry.get("oldCode") or not entry.get("newCode"):
            continue
        changed_on = _date(entry.get("changeOccurred"), where)
        if changed_on is None:
            raise KlassFormatError(f"{where}: mangler «changeOccurred».")
        changes.append(
            KlassChange(
                old_code=_code(entry["oldCode"], where),
                old_name=_name(entry.get("oldName"), where, "oldName"),
                new_code=_code(entry["newCode"], where),
                new_name=_name(entry.get("newName"), where, "newName"),
                changed_on=changed_on,
            )
        )
    return changes


def split_name(official: str) -> list[str]:
    """Split an official name into its parallel forms: "Lyngen - Ivgu - Yykeä" → three names.

    A county suffix that tells apart equal names ("Herøy (Nordland)") is kept as it is.
    """
    return [part.strip() for part in official.split(" - ") if part.strip()]
