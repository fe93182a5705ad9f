"""XLSX imports are bounded: a small file that unpacks to hundreds of megabytes, too many rows or
columns, or an archive that lies about its sizes is refused with a Norwegian message before
(or without) unpacking it."""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile
from collections.abc import Callable
from typing import IO

import pytest
from conftest import MakeUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook
from pytest_django import Settings as SettingsWrapper

from kommunenettverk.accounts.models import Role
from kommunenettverk.core.spreadsheets import XlsxLimits
from kommunenettverk.indicators.models import ImportJob
from kommunenettverk.indicators.tabular import (
    ColumnMapping,
    TabularError,
    read_xlsx,
    xlsx_check,
)

MAPPING = ColumnMapping(area="kommune", period="år", value="verdi", indicator_code="utslipp")
SHEET = "xl/worksheets/sheet1.xml"
ROW = b'<row><c t="inlineStr"><is><t>' + b"A" * 200 + b"</t></is></c></row>"


def _workbook(rows: int, columns: int = 3) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["kommune", "år", "verdi", *[f"ekstra {n}" for n in range(columns - 3)]])
    for n in range(rows):
        sheet.append(["1804", 2000 + n % 20, n, *([None] * (columns - 3))])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _with_sheet(workbook: bytes, write_sheet: Callable[[IO[bytes]], None]) -> bytes:
    """The same workbook with sheet1.xml replaced by what `write_sheet(stream)` writes."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            if item.filename == SHEET:
                with target.open(SHEET, "w", force_zip64=True) as stream:
                    write_sheet(stream)
            else:
                target.writestr(item, source.read(item.filename))
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """A real workbook whose sheet is 300 MB of XML, packed into about 1 MB."""
    block = ROW * (1024 * 1024 // len(ROW))

    def write(stream: IO[bytes]) -> None:
        stream.write(
            b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><sheetData>'
        )
        for _ in range(300):
            stream.write(block)
        stream.write(b"</sheetData></worksheet>")

    return _with_sheet(_workbook(1), write)


def test_a_small_file_that_unpacks_to_300_mb_is_refused_without_unpacking(bomb: bytes) -> None:
    declared = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(bomb)).infolist())
    assert len(bomb) < 2 * 1024 * 1024
    assert declared > 290 * 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(TabularError, match=r"blir 300 MB når den pakkes ut.*grensen er 60 MB"):
            read_xlsx(bomb, MAPPING)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024  # the 300 MB were never unpacked


def test_too_many_rows_are_refused_before_the_sheet_is_parsed(settings: SettingsWrapper) -> None:
    settings.XLSX_MAX_ROWS = 20
    assert read_xlsx(_workbook(19), MAPPING).height == 19  # 20 rows with the header: allowed
    with pytest.raises(TabularError, match="flere enn 20 rader"):
        read_xlsx(_workbook(20), MAPPING)


@pytest.mark.parametrize(("rows", "refused"), [(5_000, False), (5_001, True)])
def test_rows_are_counted_exactly_even_when_a_chunk_cuts_a_tag(rows: int, refused: bool) -> None:
    limits = XlsxLimits(max_unpacked_bytes=1 << 30, max_rows=5_000, max_columns=10)

    def write(stream: IO[bytes]) -> None:
        # Odd-sized rows with a namespace prefix, so tags fall across the 1 MB scan chunks.
        stream.write(b'<x:worksheet xmlns:x="urn:x"><x:sheetData>')
        for n in range(1, rows + 1):
            stream.write(f'<x:row r="{n}">'.encode() + b" " * 331 + b"</x:row>")
        stream.write(b"</x:sheetData></x:worksheet>")

    workbook = _with_sheet(_workbook(1), write)
    if refused:
        with pytest.raises(TabularError, match="flere enn 5 000 rader"):
            xlsx_check(workbook, limits)
    else:
        xlsx_check(workbook, limits)


def test_too_many_columns_are_refused(settings: SettingsWrapper) -> None:
    settings.XLSX_MAX_COLUMNS = 10
    assert read_xlsx(_workbook(2, columns=10), MAPPING).height == 2
    with pytest.raises(TabularError, match="11 kolonner i overskriftsraden, og grensen er 10"):
        read_xlsx(_workbook(2, columns=11), MAPPING)


def _declare_smaller(archive: bytes, member: str, size: int) -> bytes:
    """The archive with `member`'s declared unpacked size rewritten to `size` (a lie)."""
    data = bytearray(archive)
    name = member.encode()
    local = data.find(b"PK\x03\x04")
    while local != -1:
        name_length = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30 : local + 30 + name_length] == name:
            struct.pack_into("<I", data, local + 22, size)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_length] == name:
            struct.pack_into("<I", data, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def test_an_archive_that_understates_its_size_is_never_unpacked_past_it() -> None:
    honest = _workbook(2_000)
    real = zipfile.ZipFile(io.BytesIO(honest)).getinfo(SHEET).file_size
    lying = _declare_smaller(honest, SHEET, 1_000)
    assert zipfile.ZipFile(io.BytesIO(lying)).getinfo(SHEET).file_size == 1_000 < real
    with pytest.raises(TabularError, match="kunne ikke leses"):
        read_xlsx(lying, MAPPING)


@pytest.mark.django_db
def test_the_upload_form_refuses_the_bomb_at_once(
    client: Client, make_user: MakeUser, bomb: bytes
) -> None:
    client.force_login(make_user(Role.NATIONAL_COORDINATOR))
    response = client.post(
        reverse("indicators:upload"),
        {
            "file": SimpleUploadedFile("verdier.xlsx", bomb),
            "indicator_code": "",
            "indicator": "indikator",
            "area": "kommune",
            "period": "år",
            "value": "verdi",
        },
    )
    assert response.status_code == 200
    assert "blir 300 MB når den pakkes ut" in response.content.decode()
    assert not ImportJob.objects.exists()
