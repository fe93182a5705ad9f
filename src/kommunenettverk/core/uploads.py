"""Uploaded files: checked by content (magic bytes), name and size, and served only as downloads.

One size limit holds for every upload, `UPLOAD_MAX_MB`: `LimitedUploadHandler` (the first of
settings.FILE_UPLOAD_HANDLERS) counts each file's bytes as they arrive and keeps none past the
limit, so an oversized file costs neither memory nor disk; the form then sees an
`OversizedUpload` of the true size and refuses it with the usual message.

Every app that accepts a file validates it here, in its form:

    file = forms.FileField(validators=[UploadValidator(kinds=("pdf", "docx"))])

and serves a stored file with `attachment_response`, never from MEDIA_URL as a page of our
origin: a file that pretends to be a PDF but holds HTML must not run as our site. See
docs/security.md.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

SNIFF_BYTES = 8192
_HTML_MARKERS = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml", b"<body", b"<iframe")


def _zip_has(head: bytes, whole: IO[bytes], member: str) -> bool:
    if not head.startswith(b"PK\x03\x04"):
        return False
    whole.seek(0)
    try:
        with zipfile.ZipFile(whole) as archive:
            return any(name.startswith(member) for name in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _is_text(head: bytes, whole: IO[bytes]) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The sniffed block may end inside a multi-byte character; only that is forgiven.
        if exc.start < len(head) - 3:
            return False
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return not lowered.startswith(_HTML_MARKERS)


@dataclass(frozen=True)
class FileKind:
    """One kind of file we accept: its extensions, the type we serve it as and its signature."""

    key: str
    label: str
    extensions: tuple[str, ...]
    content_type: str
    matches: Callable[[bytes, IO[bytes]], bool]


KINDS: dict[str, FileKind] = {
    kind.key: kind
    for kind in [
        FileKind("pdf", "PDF", (".pdf",), "application/pdf", lambda h, _f: h.startswith(b"%PDF-")),
        FileKind(
            "png", "PNG", (".png",), "image/png", lambda h, _f: h.startswith(b"\x89PNG\r\n\x1a\n")
        ),
        FileKind(
            "jpeg",
            "JPEG",
            (".jpg", ".jpeg"),
            "image/jpeg",
            lambda h, _f: h.startswith(b"\xff\xd8\xff"),
        ),
        FileKind(
            "docx",
            "Word (DOCX)",
            (".docx",),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            lambda h, f: _zip_has(h, f, "word/"),
        ),
        FileKind(
            "xlsx",
            "Excel (XLSX)",
            (".xlsx",),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            lambda h, f: _zip_has(h, f, "xl/"),
        ),
        FileKind(
            "pptx",
            "PowerPoint (PPTX)",
            (".pptx",),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            lambda h, f: _zip_has(h, f, "ppt/"),
        ),
        FileKind("csv", "CSV", (".csv",), "text/csv", _is_text),
        FileKind("json", "JSON", (".json",), "application/json", _is_text),
        FileKind("txt", "tekst", (".txt",), "text/plain", _is_text),
    ]
}


def upload_max_bytes() -> int:
    return int(settings.UPLOAD_MAX_MB) * 1024 * 1024


class OversizedUpload(UploadedFile[bytes]):
    """A file that passed the upload limit while it arrived: its name and true size, no bytes."""

    def __init__(self, name: str, content_type: str | None, size: int) -> None:
        super().__init__(io.BytesIO(b""), name, content_type, size)


class LimitedUploadHandler(FileUploadHandler):
    """Passes each file on to Django's own handlers up to `UPLOAD_MAX_MB`; past it, the bytes
    are only counted and the file becomes an `OversizedUpload` (module docstring)."""

    received = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        return None if self.received > upload_max_bytes() else raw_data

    def file_complete(self, file_size: int) -> UploadedFile[bytes] | None:
        if self.received > upload_max_bytes():
            return OversizedUpload(str(self.file_name or "fil"), self.content_type, self.received)
        return None  # Django's handlers give the file


def _size(upload: IO[bytes]) -> int:
    size = getattr(upload, "size", None)
    if isinstance(size, int):
        return size
    position = upload.tell()
    upload.seek(0, io.SEEK_END)
    end = upload.tell()
    upload.seek(position)
    return end


def upload_size_check(upload: IO[bytes], *, name: str, max_bytes: int | None = None) -> None:
    """ValidationError (Norwegian, naming the file) for an empty file or one past the limit:
    `UPLOAD_MAX_MB`, or a smaller `max_bytes` when given. Reads nothing."""
    limit = upload_max_bytes() if max_bytes is None else min(max_bytes, upload_max_bytes())
    size = _size(upload)
    if size == 0:
        raise ValidationError(_("Filen «%(name)s» er tom.") % {"name": name}, code="empty")
    if size > limit:
        raise ValidationError(
            _(
                "Filen «%(name)s» er for stor (%(size)s MB). "
                "Største tillatte størrelse er %(max)s MB."
            )
            % {
                "name": name,
                "size": f"{size / 1024 / 1024:.1f}",
                "max": f"{limit / 1024 / 1024:g}",
            },
            code="too_large",
        )


def upload_check(
    upload: IO[bytes], *, name: str, kinds: Iterable[str], max_bytes: int | None = None
) -> FileKind:
    """The kind of an uploaded file, or ValidationError with a Norwegian message naming it.

    The extension must be one of the allowed kinds' and the first bytes must match that kind:
    a renamed file (HTML called .pdf) is refused. Size is checked before anything is read.
    """
    allowed = [KINDS[key] for key in kinds]
    upload_size_check(upload, name=name, max_bytes=max_bytes)
    extension = PurePath(name).suffix.lower()
    kind = next((k for k in allowed if extension in k.extensions), None)
    types = ", ".join(k.label for k in allowed)
    if kind is None:
        raise ValidationError(
            _("Filen «%(name)s» har en filtype vi ikke tar imot. Tillatt: %(types)s.")
            % {"name": name, "types": types},
            code="extension",
        )
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    matched = kind.matches(head, upload)
    upload.seek(0)
    if not matched:
        raise ValidationError(
            _(
                "Innholdet i «%(name)s» er ikke en %(label)s-fil, selv om navnet sier det. "
                "Lagre filen på nytt som %(label)s og prøv igjen."
            )
            % {"name": name, "label": kind.label},
            code="content",
        )
    return kind


@deconstructible
class UploadValidator:
    """Form/model field validator: `FileField(validators=[UploadValidator(kinds=("pdf",))])`."""

    def __init__(self, *, kinds: Iterable[str], max_bytes: int | None = None) -> None:
        self.kinds = tuple(kinds)
        unknown = set(self.kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"Unknown upload kinds: {sorted(unknown)}")
        self.max_bytes = max_bytes

    def __call__(self, upload: IO[bytes]) -> None:
        name = str(getattr(upload, "name", "") or "")
        upload_check(upload, name=PurePath(name).name, kinds=self.kinds, max_bytes=self.max_bytes)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, UploadValidator)
            and self.kinds == other.kinds
            and self.max_bytes == other.max_bytes
        )

    def __hash__(self) -> int:
        return hash((self.kinds, self.max_bytes))


def attachment_response(handle: IO[bytes], *, filename: str, kind: FileKind) -> FileResponse:
    """Serve a stored upload as a download that browsers never render as a page of our site."""
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=kind.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser ignored the attachment, the file runs in a sandbox with no scripts.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def stored_file_response(stored: FieldFile) -> FileResponse:
    """Serve a file kept in a FileField as a download (type from its extension; unknown types
    as application/octet-stream), with the same protections as `attachment_response`."""
    name = (stored.name or "fil").rsplit("/", 1)[-1]
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = next(
        (k for k in KINDS.values() if suffix in k.extensions),
        FileKind("bin", "fil", (), "application/octet-stream", lambda _h, _f: True),
    )
    return attachment_response(stored.open("rb"), filename=name, kind=kind)


# --- a file chosen in a form that failed validation is kept ---------------------------------
# The form stores the checked upload as a pending file and carries a signed reference to it in
# a hidden field, so the person does not choose the file again; the reference is valid for a
# day and names only files stored here.
PENDING_SALT = "kommunenettverk.core.uploads.pending"
PENDING_MAX_AGE = 24 * 3600


def pending_upload_store(upload: IO[bytes], *, name: str) -> str:
    """Store a checked upload as a pending file; returns the signed reference for the form."""
    upload.seek(0)
    stored = default_storage.save(f"ventende/{uuid.uuid4().hex}/{PurePath(name).name}", upload)
    upload.seek(0)
    return signing.dumps(stored, salt=PENDING_SALT)


def pending_upload_open(reference: str) -> File[bytes] | None:
    """The pending file a signed reference names, or None (no reference, forged, expired or
    gone)."""
    if not reference:
        return None
    try:
        stored = signing.loads(reference, salt=PENDING_SALT, max_age=PENDING_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(stored, str) or not default_storage.exists(stored):
        return None
    return File(default_storage.open(stored), name=PurePath(stored).name)
