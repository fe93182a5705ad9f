from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kommunenettverk.ideabank import services
from kommunenettverk.ideabank.models import Example, ExampleAttachment
from kommunenettverk.ideabank.tests.factories import make_example

pytestmark = pytest.mark.django_db

INJECTION = (
    '<script>alert("x")</script>\n\n<img src=x onerror="alert(1)">\n\n'
    "[klikk](javascript:alert(1))\n\n**Trygt** innhold"
)


def test_markdown_is_rendered_and_html_injection_is_neutralised(registry: None) -> None:
    example = make_example(body=INJECTION, title="<b onmouseover=x>Tittel</b>", status="draft")
    assert "<strong>Trygt</strong>" in example.body_html
    assert "<script" not in example.body_html
    assert "<img" not in example.body_html
    assert 'href="javascript' not in example.body_html  # left as harmless text
    assert example.title == "Tittel"
    assert "onmouseover" not in example.title


def test_full_review_flow_keeps_history(registry: None) -> None:
    example = make_example(status="draft")
    services.example_submit(example=example, user=None, comment="Klar")
    services.example_publish(example=example, user=None)
    assert example.status == Example.Status.PUBLISHED
    assert example.published_at is not None
    services.example_return(example=example, user=None, comment="Mangler resultater")
    example.refresh_from_db()
    assert example.status == Example.Status.DRAFT and example.published_at is None
    steps = list(example.status_changes.values_list("from_status", "to_status", "comment"))
    assert steps == [
        ("", "draft", ""),
        ("draft", "in_review", "Klar"),
        ("in_review", "published", ""),
        ("published", "draft", "Mangler resultater"),
    ]


def test_draft_cannot_be_published_without_review(registry: None) -> None:
    example = make_example(status="draft")
    with pytest.raises(services.ExampleError, match="kan ikke få status «Publisert»"):
        services.example_publish(example=example, user=None)
    example.refresh_from_db()
    assert example.status == Example.Status.DRAFT


def test_returning_needs_a_comment(registry: None) -> None:
    example = make_example(status="in_review")
    with pytest.raises(services.ExampleError, match="Kommentar"):
        services.example_return(example=example, user=None, comment=" ")


def test_only_drafts_are_edited(registry: None) -> None:
    example = make_example(status="in_review")
    data = services.ExampleData(title="Ny", summary="S", body="B", themes=["land_use"])
    with pytest.raises(services.ExampleError, match="Bare utkast"):
        services.example_update(example=example, data=data, user=None)


def test_unknown_theme_and_bad_link_are_refused_and_nothing_is_written(registry: None) -> None:
    with pytest.raises(services.ExampleError, match="Ukjent tema: sport"):
        make_example(themes=["sport"])
    with pytest.raises(services.ExampleError, match="Lenke 1"):
        make_example(links=[("Plan", "javascript:alert(1)")])
    assert not Example.objects.exists()


def test_public_contact_shows_only_what_the_author_chose(registry: None) -> None:
    example = make_example(
        contact_name="Kari",
        contact_email="kari@bodo.kommune.no",
        contact_phone="75 55 50 00",
        show_contact_name=True,
        show_contact_email=False,
        show_contact_phone=True,
    )
    assert example.public_contact == {"name": "Kari", "phone": "75 55 50 00"}


@pytest.fixture
def media(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]


def test_attachment_pdf_is_accepted(registry: None, media: None) -> None:
    example = make_example(status="draft")
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.7\n...", content_type="application/pdf")
    attachment = services.attachment_add(example=example, title="Planen", upload=upload)
    assert attachment.content_type == "application/pdf"
    assert attachment.size == 12


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "ikke en tillatt filtype"),
        ("plan.pdf", b"MZ\x90\x00 not a pdf", "stemmer ikke med filtypen .pdf"),
        ("bilde.png", b"GIF89a....", "stemmer ikke med filtypen .png"),
        ("tom.pdf", b"", "tom"),
    ],
)
def test_attachment_wrong_type_is_refused(
    registry: None, media: None, name: str, content: bytes, message: str
) -> None:
    example = make_example(status="draft")
    with pytest.raises(services.ExampleError, match=message):
        services.attachment_add(example=example, title="", upload=SimpleUploadedFile(name, content))
    assert not ExampleAttachment.objects.exists()


def test_attachment_too_large_is_refused(registry: None, media: None) -> None:
    example = make_example(status="draft")
    big = SimpleUploadedFile("stor.pdf", b"%PDF-" + b"0" * services.MAX_ATTACHMENT_BYTES)
    with pytest.raises(services.ExampleError, match="større enn 10 MB"):
        services.attachment_add(example=example, title="", upload=big)
