"""The two spreadsheet layouts of "Flytte inn et program" (participations and networks), read
from and written to CSV and XLSX. Pure: no database. services/onboarding.py resolves the cells
(municipalities, programmes, themes, people) and writes them, all or nothing.

A list in a cell is separated by semicolons; a person is written `Navn <epost>`. Dates are
`2008-03-14` or `14.03.2008` (an XLSX date cell works too). The export writes the same layout,
so a file can go out and come back.
"""

from __future__ import annotations

import csv
import datetime
import io
import logging
import re
from dataclasses import dataclass

from kommunenettverk.core.errors import DomainError
from kommunenettverk.core.spreadsheets import (
    FORMULA_STARTS,
    SpreadsheetTooLarge,
    XlsxLimits,
    neutralise,
    xlsx_append,
    xlsx_check,
)

logger = logging.getLogger(__name__)

# Column headings, in the order of the template and the export. A heading with a star in
# REQUIRED must be present in the header row (its cells may still be empty where allowed).
PARTICIPANT = "Deltaker"
PROGRAMME = "Program"
STATUS = "Status"
APPLIED_ON = "Søkt dato"
APPROVED_ON = "Godkjent dato"
STATUS_ON = "Statusdato"
DECISION_BODY = "Vedtaksorgan"
DECISION_DATE = "Vedtaksdato"
DECISION_CASE = "Saksnummer"
DECISION_URL = "Lenke til saken"
THEMES = "Temaer"
COORDINATORS = "Kommunekoordinatorer"
PARTICIPANTS = "Deltakere"

PARTICIPATION_COLUMNS = (
    PARTICIPANT,
    PROGRAMME,
    STATUS,
    APPLIED_ON,
    APPROVED_ON,
    STATUS_ON,
    DECISION_BODY,
    DECISION_DATE,
    DECISION_CASE,
    DECISION_URL,
    THEMES,
    COORDINATORS,
    PARTICIPANTS,
)

NAME = "Navn"
REGION = "KS-region"
ADVISER = "Rådgiver"
MEMBERS = "Medlemmer"
FROM = "Fra"
TO = "Til"

NETWORK_COLUMNS = (NAME, PROGRAMME, REGION, ADVISER, MEMBERS, THEMES, FROM, TO)

REQUIRED = {
    "participations": (PARTICIPANT, PROGRAMME, STATUS),
    "networks": (NAME, PROGRAMME, MEMBERS, THEMES, FROM),
}

# What each column holds, for the template's "Veiledning" sheet.
GUIDE = {
    PARTICIPANT: "Kommunenummer (fire siffer), fylkesnummer (to siffer) eller navn, "
    "f.eks. «1804», «Bodø» eller «Nordland fylkeskommune».",
    PROGRAMME: "Programmets navn, f.eks. «Livskraftige kommuner».",
    STATUS: "Søkt, Aktiv, Pause, Trukket eller Fullført.",
    APPLIED_ON: "Datoen søknaden kom (dd.mm.åååå eller åååå-mm-dd). Tom: i dag.",
    APPROVED_ON: "Datoen deltakelsen ble godkjent. Må fylles ut for Aktiv, Pause og Fullført.",
    STATUS_ON: "Datoen statusen Pause, Trukket eller Fullført begynte.",
    DECISION_BODY: "Organet som vedtok deltakelsen, f.eks. «Kommunestyret».",
    DECISION_DATE: "Datoen for det politiske vedtaket.",
    DECISION_CASE: "Saksnummeret i kommunens arkiv, f.eks. «2024/1187».",
    DECISION_URL: "Lenke til saken i kommunens innsynsløsning (postjournal eller møteplan). "
    "Uten lenke kan deltakelsen ikke godkjennes.",
    THEMES: "Temaene, skilt med semikolon, f.eks. «Klima og energi; Arealpolitiske hensyn».",
    COORDINATORS: "Kontaktpersoner som får rollen kommunekoordinator: «Navn <epost>», skilt "
    "med semikolon. Nye personer får en invitasjon på e-post.",
    PARTICIPANTS: "Kontaktpersoner som får rollen deltaker, skrevet på samme måte.",
    NAME: "Nettverkets navn.",
    REGION: "KS-regionen. Tom: regionen til det første medlemmet.",
    ADVISER: "Rådgiveren som leder nettverket: «Navn <epost>» eller bare e-postadressen.",
    MEMBERS: "Deltakende kommuner (nummer eller navn), skilt med semikolon.",
    FROM: "Datoen nettverket ble etablert og medlemmene ble med.",
    TO: "Datoen medlemmene gikk ut (tidligere programår). Tom: fortsatt med.",
}


class OnboardingFileError(DomainError):
    """A file cannot be read as this layout; the message names the file, column or line."""


@dataclass(frozen=True)
class Row:
    """One data row: its line in the file (the header is line 1) and its cells by heading."""

    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


# --- reading ---------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _unneutralise(text: str) -> str:
    """Undo the export's guard against formulas ("'=..." back to "=..."), so a file comes back
    as it went out."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS:
        return text[1:]
    return text


def _cell_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat() if cell.time() == datetime.time() else cell.isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return _unneutralise(str(cell).strip())


def _rows(label: str, header: list[str], body: list[list[str]], kind: str) -> list[Row]:
    header = [h.strip() for h in header]
    while header and not header[-1]:
        header.pop()
    if not header:
        raise OnboardingFileError(f"{label}: filen er tom eller mangler overskriftsrad.")
    missing = [column for column in REQUIRED[kind] if column not in header]
    if missing:
        raise OnboardingFileError(
            f"{label}: fant ikke kolonnen «{missing[0]}» i overskriftsraden. "
            f"Last ned malen for å se kolonnene."
        )
    rows = []
    for index, values in enumerate(body, start=2):
        cells = {name: (values[i] if i < len(values) else "") for i, name in enumerate(header)}
        if any(cells.values()):  # blank lines are skipped, but keep their numbers
            rows.append(Row(line=index, cells=cells))
    return rows


def read_table(
    data: bytes,
    filename: str,
    kind: str,
    *,
    max_rows: int = 200_000,
    max_unpacked_bytes: int = 60 * 1024 * 1024,
) -> list[Row]:
    """The rows of an uploaded participations or networks file (`kind`), CSV or XLSX by the
    file name's ending. Refuses a file without the layout's required headings, and an XLSX
    file past the limits (the service passes the settings XLSX_MAX_ROWS and
    XLSX_MAX_UNPACKED_MB)."""
    label = "Deltakelser" if kind == "participations" else "Nettverk"
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            # Refused before anything is unpacked (a zip bomb stops here); the rows are
            # counted below as they are read, so only the size is checked here.
            xlsx_check(
                data,
                XlsxLimits(max_unpacked_bytes=max_unpacked_bytes, max_rows=1 << 62, max_columns=0),
            )
        except SpreadsheetTooLarge as exc:
            raise OnboardingFileError(f"{label}: {exc.message}") from None
        try:
            workbook = load_workbook(
                io.BytesIO(data), read_only=True, data_only=True, keep_links=False
            )
        except Exception:  # openpyxl raises many kinds for a file that is not a workbook
            logger.warning("Onboarding: %s is not a readable workbook", label, exc_info=True)
            raise OnboardingFileError(
                f"{label}: filen kunne ikke leses som et XLSX-regneark. Lagre den på nytt som "
                "XLSX (Excel-arbeidsbok) eller CSV, og last den opp igjen."
            ) from None
        try:
            sheet = workbook.worksheets[0]
            table: list[list[str]] = []
            for values in sheet.iter_rows(values_only=True):
                table.append([_cell_text(v) for v in values])
                if len(table) > max_rows:
                    raise OnboardingFileError(
                        f"{label}: arket har flere enn {max_rows} rader; del filen i flere."
                    )
        finally:
            workbook.close()
    else:
        text = _decode(data)
        first = text.split("\n", 1)[0]
        separator = max((";", ",", "\t"), key=first.count)
        table = [
            [_unneutralise(cell.strip()) for cell in line]
            for line in csv.reader(io.StringIO(text), delimiter=separator)
        ]
    if not table:
        raise OnboardingFileError(f"{label}: filen er tom eller mangler overskriftsrad.")
    return _rows(label, table[0], table[1:], kind)


_DATE_NO = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def parse_date(text: str) -> datetime.date:
    """`2008-03-14`, `2008-03-14T00:00:00` or `14.03.2008`; ValueError with a Norwegian text."""
    text = text.strip()
    match = _DATE_NO.match(text)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"«{text}» er ikke en dato (skriv dd.mm.åååå).") from None


def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


_PERSON = re.compile(r"^(?P<name>[^<>]*?)\s*<(?P<email>[^<>\s]+)>$")


def parse_people(text: str) -> list[tuple[str, str]]:
    """`Kari Nordmann <kari@bodo.kommune.no>; per@bodo.kommune.no` → [(name, email), …]."""
    people = []
    for part in split_list(text):
        match = _PERSON.match(part)
        name, email = (match["name"].strip(), match["email"]) if match else ("", part)
        if "@" not in email or " " in email:
            raise ValueError(f"«{part}» er ikke en e-postadresse (skriv «Navn <epost>»).")
        people.append((name, email.lower()))
    return people


def format_person(name: str, email: str) -> str:
    return f"{name} <{email}>" if name and name != email else email


# --- writing ---------------------------------------------------------------------------------


def write_csv(columns: tuple[str, ...], rows: list[dict[str, str]]) -> bytes:
    """Semicolon-separated UTF-8 with BOM (what Excel in Norway opens without asking)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise(row.get(column, "")) for column in columns])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def write_xlsx(
    columns: tuple[str, ...], rows: list[dict[str, str]], *, title: str, guide: bool = False
) -> bytes:
    """One sheet with the header and the rows, every cell as text; with `guide`, a second
    sheet "Veiledning" saying what each column holds (the template)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        xlsx_append(sheet, [row.get(column, "") for column in columns])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(column) + 4)
    if guide:
        help_sheet = workbook.create_sheet("Veiledning")
        help_sheet.append(["Kolonne", "Hva den skal inneholde"])
        for column in columns:
            help_sheet.append([column, GUIDE[column]])
        help_sheet.column_dimensions["A"].width = 24
        help_sheet.column_dimensions["B"].width = 100
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
