from __future__ import annotations

import io
import zipfile

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.test import RequestFactory, override_settings
from django.utils.datastructures import MultiValueDict
from pytest_django import Settings as SettingsWrapper

from kommunenettverk.core.uploads import (
    KINDS,
    OversizedUpload,
    UploadValidator,
    attachment_response,
    upload_check,
)

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _zip(member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<x/>")
    return buffer.getvalue()


def _check(data: bytes, name: str, *kinds: str, max_bytes: int | None = None) -> str:
    return upload_check(io.BytesIO(data), name=name, kinds=kinds, max_bytes=max_bytes).key


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (PDF, "plan.pdf", "pdf"),
        (PNG, "Kart.PNG", "png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 16, "bilde.jpeg", "jpeg"),
        (_zip("word/document.xml"), "referat.docx", "docx"),
        (_zip("xl/workbook.xml"), "tall.xlsx", "xlsx"),
        ("kommune;verdi\nBodø;1\n".encode(), "tall.csv", "csv"),
        (b'{"a": 1}', "data.json", "json"),
    ],
)
def test_accepts_files_whose_content_matches_the_name(data: bytes, name: str, kind: str) -> None:
    assert _check(data, name, *KINDS) == kind


def test_refuses_html_renamed_to_pdf() -> None:
    with pytest.raises(ValidationError, match=r"Innholdet i «plan\.pdf» er ikke en PDF-fil"):
        _check(b"<!DOCTYPE html><script>alert(1)</script>", "plan.pdf", "pdf")


@pytest.mark.parametrize(
    "data", [b"<html><body>x</body></html>", b"\xef\xbb\xbf  <svg onload=alert(1)>", b"<?xml ?>"]
)
def test_refuses_markup_posing_as_text(data: bytes) -> None:
    with pytest.raises(ValidationError, match="er ikke en CSV-fil"):
        _check(data, "tall.csv", "csv")


def test_refuses_binary_posing_as_csv() -> None:
    with pytest.raises(ValidationError, match="er ikke en CSV-fil"):
        _check(PNG, "tall.csv", "csv")


def test_refuses_a_zip_that_is_not_the_office_format_named() -> None:
    with pytest.raises(ValidationError, match=r"er ikke en Excel"):
        _check(_zip("word/document.xml"), "tall.xlsx", "xlsx")


def test_refuses_an_extension_that_is_not_allowed_and_names_the_allowed_ones() -> None:
    with pytest.raises(ValidationError) as info:
        _check(PDF, "plan.html", "pdf", "docx")
    assert info.value.messages == [
        "Filen «plan.html» har en filtype vi ikke tar imot. Tillatt: PDF, Word (DOCX)."
    ]


def test_refuses_empty_and_too_large_files() -> None:
    with pytest.raises(ValidationError, match=r"«tom\.pdf» er tom"):
        _check(b"", "tom.pdf", "pdf")
    with pytest.raises(ValidationError) as info:
        _check(PDF + b"x" * 2_000_000, "stor.pdf", "pdf", max_bytes=1024 * 1024)
    assert info.value.messages == [
        "Filen «stor.pdf» er for stor (1.9 MB). Største tillatte størrelse er 1 MB."
    ]


@override_settings(UPLOAD_MAX_MB=1)
def test_size_limit_comes_from_the_setting() -> None:
    _check(PDF + b"x" * (1024 * 1024 - len(PDF)), "akkurat.pdf", "pdf")  # exactly the limit
    with pytest.raises(ValidationError, match="Største tillatte størrelse er 1 MB"):
        _check(PDF + b"x" * (1024 * 1024), "over.pdf", "pdf")


class _Form(forms.Form):
    file = forms.FileField(validators=[UploadValidator(kinds=("pdf",))])


def test_validator_in_a_form_names_the_file() -> None:
    good = _Form(files=MultiValueDict({"file": [SimpleUploadedFile("plan.pdf", PDF)]}))
    assert good.is_valid()
    bad = _Form(files=MultiValueDict({"file": [SimpleUploadedFile("plan.pdf", b"<html></html>")]}))
    assert not bad.is_valid()
    assert "Innholdet i «plan.pdf» er ikke en PDF-fil" in bad.errors["file"][0]


def test_validator_rejects_unknown_kinds() -> None:
    with pytest.raises(ValueError, match="exe"):
        UploadValidator(kinds=("exe",))


def test_attachment_response_is_a_download_that_cannot_run() -> None:
    response = attachment_response(io.BytesIO(PDF), filename="plan 2026.pdf", kind=KINDS["pdf"])
    assert response["Content-Disposition"].startswith("attachment;")
    assert "plan 2026.pdf" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF  # type: ignore[arg-type]


def test_a_file_past_the_limit_is_counted_but_never_kept(settings: SettingsWrapper) -> None:
    settings.UPLOAD_MAX_MB = 1
    big = PDF + b"x" * (1536 * 1024)
    request = RequestFactory().post("/", {"file": SimpleUploadedFile("stor.pdf", big)})
    upload = request.FILES["file"]
    assert isinstance(upload, OversizedUpload)
    assert upload.size == len(big)
    assert upload.read() == b""  # nothing past the limit was kept in memory or on disk
    with pytest.raises(ValidationError, match=r"for stor \(1\.5 MB\)\. Største .* er 1 MB"):
        UploadValidator(kinds=("pdf",))(upload)
    small = RequestFactory().post("/", {"file": SimpleUploadedFile("liten.pdf", PDF)})
    kept = small.FILES["file"]
    assert isinstance(kept, UploadedFile) and not isinstance(kept, OversizedUpload)
    assert kept.read() == PDF


def test_every_upload_form_checks_size_and_content(settings: SettingsWrapper) -> None:
    from kommunenettverk.networks.forms import DocumentForm

    settings.UPLOAD_MAX_MB = 1
    html = SimpleUploadedFile("agenda.pdf", b"<!doctype html><script>x</script>")
    form = DocumentForm({"doc-title": "Agenda"}, {"doc-file": html}, prefix="doc")
    assert not form.is_valid()
    assert "ikke en PDF-fil" in str(form.errors["file"])
    slides = SimpleUploadedFile("lysark.pptx", _zip("ppt/presentation.xml"))
    assert DocumentForm({"doc-title": "Lysark"}, {"doc-file": slides}, prefix="doc").is_valid()
    big = RequestFactory().post("/", {"doc-file": SimpleUploadedFile("s.pdf", PDF * 40_000)})
    form = DocumentForm({"doc-title": "Stor"}, big.FILES, prefix="doc")
    assert not form.is_valid()
    assert "er for stor" in str(form.errors["file"])
