"""Writes in the idea bank: examples and their review, files, links, the search index, and
digest subscriptions."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, models, transaction
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from kommunenettverk.accounts.models import Role, User
from kommunenettverk.accounts.selectors import user_list_with_role
from kommunenettverk.core.cache import public_pages_changed
from kommunenettverk.core.errors import DomainError
from kommunenettverk.ideabank import text
from kommunenettverk.ideabank.adoption_services import adoption_record
from kommunenettverk.ideabank.models import (
    Example,
    ExampleAttachment,
    ExampleLink,
    ExampleStatusChange,
    Subscription,
)
from kommunenettverk.networks.models import DevelopmentProject, Network, NetworkMembership
from kommunenettverk.notifications.services import message_queue, notify
from kommunenettverk.programmes.models import ThemeCode as Theme
from kommunenettverk.registry.models import KsRegion, Municipality

FTS_TABLE = "ideabank_example_fts"
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_TAGS = 15

# Extension → (content type, accepted leading bytes). Office files are zip (OOXML, ODF) or OLE.
_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
ATTACHMENT_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ZIP,
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _ZIP,
    ),
    "odt": ("application/vnd.oasis.opendocument.text", _ZIP),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", _ZIP),
    "odp": ("application/vnd.oasis.opendocument.presentation", _ZIP),
    "doc": ("application/msword", _OLE),
    "xls": ("application/vnd.ms-excel", _OLE),
    "ppt": ("application/vnd.ms-powerpoint", _OLE),
}


class ExampleError(DomainError):
    """A write to the idea bank was refused; the message is for the user."""


@dataclass
class ExampleData:
    """What an author writes: every field of an example except status and owner."""

    title: str
    summary: str
    body: str
    results: str = ""
    themes: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    show_contact_name: bool = True
    show_contact_email: bool = False
    show_contact_phone: bool = False
    links: list[tuple[str, str]] = field(default_factory=list)
    network: Network | None = None
    development_project: DevelopmentProject | None = None
    # The published example of another municipality this one builds on, and what differs.
    origin: Example | None = None
    what_changed: str = ""


def _check_network(example: Example, data: ExampleData) -> None:
    """The project must belong to the network (the network follows from the project when only
    the project is given) and the example's municipality must take or have taken part in
    both."""
    network, project = data.network, data.development_project
    if project is not None and network is None:
        network = project.network
    if project is not None and network is not None and project.network_id != network.pk:
        raise ExampleError(
            _("Utviklingsprosjektet «%(project)s» hører ikke til nettverket «%(network)s».")
            % {"project": project.title, "network": network.name}
        )
    municipality = example.municipality
    if (
        network is not None
        and not NetworkMembership.objects.filter(
            network=network, participation__municipality=municipality
        ).exists()
    ):
        raise ExampleError(
            _("%(municipality)s er ikke med i nettverket «%(network)s».")
            % {"municipality": municipality.name, "network": network.name}
        )
    if (
        project is not None
        and not project.participations.filter(municipality=municipality).exists()
    ):
        raise ExampleError(
            _("%(municipality)s er ikke med i utviklingsprosjektet «%(project)s».")
            % {"municipality": municipality.name, "project": project.title}
        )
    example.network = network
    example.development_project = project


def _apply(example: Example, data: ExampleData) -> None:
    unknown = [code for code in data.themes if code not in Theme.values]
    if unknown:
        raise ExampleError(_("Ukjent tema: %(codes)s.") % {"codes": ", ".join(unknown)})
    tags: list[str] = []
    for tag in data.tags:
        clean = text.strip_html(tag)[:50]
        if clean and clean.lower() not in {t.lower() for t in tags}:
            tags.append(clean)
    if len(tags) > MAX_TAGS:
        raise ExampleError(_("Bruk høyst %(n)s stikkord.") % {"n": MAX_TAGS})
    example.title = text.strip_html(data.title)
    example.summary = text.strip_html(data.summary)
    example.body = data.body.strip()
    example.results = data.results.strip()
    example.themes = [code for code in Theme.values if code in data.themes]
    example.tags = tags
    example.contact_name = text.strip_html(data.contact_name)
    example.contact_email = data.contact_email.strip()
    example.contact_phone = text.strip_html(data.contact_phone)
    example.show_contact_name = data.show_contact_name
    example.show_contact_email = data.show_contact_email
    example.show_contact_phone = data.show_contact_phone
    _check_network(example, data)
    example.body_html = text.markdown_to_safe_html(example.body)
    example.body_text = text.html_to_text(example.body_html)
    example.updated_at = timezone.now()


def _set_links(example: Example, links: Sequence[tuple[str, str]]) -> None:
    example.links.all().delete()
    for number, (title, url) in enumerate(links, start=1):
        link = ExampleLink(example=example, title=text.strip_html(title) or url, url=url.strip())
        try:
            link.full_clean()
        except ValidationError:
            raise ExampleError(
                _("Lenke %(n)s: «%(url)s» er ikke en gyldig nettadresse (https://…).")
                % {"n": number, "url": url}
            ) from None
        if not link.url.lower().startswith(("http://", "https://")):
            raise ExampleError(
                _("Lenke %(n)s: bare adresser som begynner med https:// eller http://.")
                % {"n": number}
            )
        link.save()


def _validate(example: Example) -> None:
    try:
        example.full_clean(exclude=["search_vector"])
    except ValidationError as error:
        labels = {f.name: str(f.verbose_name) for f in Example._meta.fields}
        messages = [
            f"{labels.get(name, name)}: {' '.join(errors)}"
            if name != "__all__"
            else " ".join(errors)
            for name, errors in error.message_dict.items()
        ]
        raise ExampleError(" ".join(messages)) from None


def _record(example: Example, from_status: str, user: User | None, comment: str = "") -> None:
    ExampleStatusChange.objects.create(
        example=example,
        from_status=from_status,
        to_status=example.status,
        changed_by=user,
        comment=comment.strip(),
    )


@transaction.atomic
def example_create(
    *, municipality: Municipality, data: ExampleData, created_by: User | None, is_demo: bool = False
) -> Example:
    """Start a draft example for `municipality` with the author's text, links and contact."""
    example = Example(municipality=municipality, created_by=created_by, is_demo=is_demo)
    _apply(example, data)
    _validate(example)
    example.save()
    _set_links(example, data.links)
    _set_origin(example, data, created_by)
    _record(example, "", created_by)
    search_index_update(ids=[example.pk])
    return example


@transaction.atomic
def example_update(*, example: Example, data: ExampleData, user: User | None) -> Example:
    """Change a draft's text, links and contact. Only drafts are edited: a reviewer sends an
    example back to draft first."""
    if example.status != Example.Status.DRAFT:
        raise ExampleError(_("Bare utkast kan endres. Be rådgiveren sende eksempelet tilbake."))
    _apply(example, data)
    _validate(example)
    example.save()
    _set_links(example, data.links)
    _set_origin(example, data, user)
    search_index_update(ids=[example.pk])
    return example


def _set_origin(example: Example, data: ExampleData, user: User | None) -> None:
    """Keep the example's one "taken from" link in step with the form: replaced, changed or
    removed."""
    current = example.adopted_from.first()
    if data.origin is None:
        if current is not None:
            current.delete()
        return
    if current is not None and current.origin_id == data.origin.pk:
        current.what_changed = data.what_changed.strip()
        current.save(update_fields=["what_changed"])
        return
    if current is not None:
        current.delete()
    adoption_record(
        origin=data.origin,
        adopting_example=example,
        year=timezone.localdate().year,
        what_changed=data.what_changed,
        user=user,
    )


def _transition(
    example: Example, *, allowed_from: Iterable[str], to: str, user: User | None, comment: str
) -> Example:
    if example.status not in allowed_from:
        raise ExampleError(
            _("Eksempelet har status «%(status)s» og kan ikke få status «%(to)s» nå.")
            % {"status": example.get_status_display(), "to": Example.Status(to).label}
        )
    from_status = example.status
    example.status = to
    fields = ["status", "updated_at"]
    if to == Example.Status.PUBLISHED:
        example.published_at = timezone.now()
        fields.append("published_at")
    elif from_status == Example.Status.PUBLISHED:
        example.published_at = None
        fields.append("published_at")
    example.updated_at = timezone.now()
    example.save(update_fields=fields)
    _record(example, from_status, user, comment)
    if Example.Status.PUBLISHED in (from_status, to):
        transaction.on_commit(public_pages_changed)  # portals list published examples
    return example


@transaction.atomic
def example_submit(*, example: Example, user: User | None, comment: str = "") -> Example:
    """The author sends a draft to the regional adviser for review."""
    example = _transition(
        example,
        allowed_from=[Example.Status.DRAFT],
        to=Example.Status.IN_REVIEW,
        user=user,
        comment=comment,
    )
    example_notify_submitted(example=example, actor=user)
    return example


def example_notify_submitted(*, example: Example, actor: User | None) -> None:
    """The advisers over the municipality or the example's network hear of an example to
    review (the national coordinator where there is none)."""
    reviewers = user_list_with_role(roles=[Role.REGIONAL_ADVISER], over=[example], national=False)
    if not reviewers.exists():
        reviewers = user_list_with_role(roles=[Role.NATIONAL_COORDINATOR])
    notify(
        reviewers,
        "example_submitted",
        example,
        _("%(municipality)s har sendt «%(title)s» til vurdering i idébanken.")
        % {"municipality": example.municipality.name_nb, "title": example.title},
        example.get_absolute_url(),
        actor=actor,
    )


def _notify_author(example: Example, kind: str, text: str, user: User | None) -> None:
    """The coordinators of the example's municipality hear what the reviewer decided."""
    notify(
        user_list_with_role(roles=[Role.MUNICIPAL_COORDINATOR], over=[example.municipality]),
        kind,
        example,
        text % {"title": example.title},
        example.get_absolute_url(),
        actor=user,
    )


@transaction.atomic
def example_publish(*, example: Example, user: User | None, comment: str = "") -> Example:
    """The reviewer publishes an example in review: from now on anyone can read it."""
    transaction.on_commit(public_pages_changed)  # public pages show this (core/cache.py)
    example = _transition(
        example,
        allowed_from=[Example.Status.IN_REVIEW],
        to=Example.Status.PUBLISHED,
        user=user,
        comment=comment,
    )
    _notify_author(example, "example_published", _("«%(title)s» er publisert i idébanken."), user)
    return example


@transaction.atomic
def example_return(*, example: Example, user: User | None, comment: str) -> Example:
    """The reviewer sends an example in review (or a published one) back to draft, saying why."""
    transaction.on_commit(public_pages_changed)  # public pages show this (core/cache.py)
    if not comment.strip():
        raise ExampleError(_("Kommentar: skriv hva forfatteren bør endre."))
    example = _transition(
        example,
        allowed_from=[Example.Status.IN_REVIEW, Example.Status.PUBLISHED],
        to=Example.Status.DRAFT,
        user=user,
        comment=comment,
    )
    _notify_author(
        example,
        "example_returned",
        _("«%(title)s» er sendt tilbake fra idébanken med en kommentar."),
        user,
    )
    return example


@transaction.atomic
def attachment_add(
    *, example: Example, title: str, upload: UploadedFile[bytes]
) -> ExampleAttachment:
    """Attach a file after checking its size, extension and first bytes (the content must be
    what the name says: a renamed .exe is refused)."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ATTACHMENT_TYPES:
        raise ExampleError(
            _("Vedlegg: «%(name)s» er ikke en tillatt filtype (PDF, bilde eller kontordokument).")
            % {"name": name}
        )
    if upload.size is None or upload.size > MAX_ATTACHMENT_BYTES:
        raise ExampleError(_("Vedlegg: filen er større enn 10 MB."))
    if upload.size == 0:
        raise ExampleError(_("Vedlegg: filen er tom."))
    content_type, signatures = ATTACHMENT_TYPES[extension]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise ExampleError(
            _("Vedlegg: innholdet i «%(name)s» stemmer ikke med filtypen .%(ext)s.")
            % {"name": name, "ext": extension}
        )
    attachment = ExampleAttachment(
        example=example,
        title=text.strip_html(title) or name,
        content_type=content_type,
        size=upload.size,
    )
    attachment.file.save(name, upload, save=False)
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: ExampleAttachment) -> None:
    if attachment.example.status != Example.Status.DRAFT:
        raise ExampleError(_("Bare utkast kan endres."))
    attachment.file.delete(save=False)
    attachment.delete()


def search_index_update(*, ids: Sequence[int] | None = None) -> None:
    """Refresh the search index for the given examples (all when `ids` is None).

    PostgreSQL: the weighted 'norwegian' tsvector column. SQLite: the FTS5 table, which holds
    each field as Norwegian stems (made here, in Python, with the same Snowball algorithm that
    PostgreSQL's 'norwegian' configuration uses) so "klimaplanen" finds "klimaplan" on both.
    """
    examples = Example.objects.all() if ids is None else Example.objects.filter(pk__in=ids)
    if connection.vendor == "postgresql":
        examples.update(
            search_vector=SearchVector("title", weight="A", config="norwegian")
            + SearchVector("summary", weight="B", config="norwegian")
            + SearchVector(Cast("tags", models.TextField()), weight="B", config="norwegian")
            + SearchVector("body_text", weight="C", config="norwegian")
            + SearchVector("results", weight="C", config="norwegian")
        )
        return
    rows = [
        (
            pk,
            text.stem_text(title),
            text.stem_text(summary),
            text.stem_text(body_text + " " + results),
            text.stem_text(" ".join(tags)),
        )
        for pk, title, summary, body_text, results, tags in examples.values_list(
            "pk", "title", "summary", "body_text", "results", "tags"
        ).iterator(chunk_size=2000)
    ]
    with connection.cursor() as cursor:
        if ids is None:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608 - constant table name
        else:
            cursor.executemany(
                f"DELETE FROM {FTS_TABLE} WHERE rowid = %s",  # noqa: S608 - constant table name
                [(row[0],) for row in rows],
            )
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, title, summary, body, tags) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s)",
            rows,
        )


# --- digests ----------------------------------------------------------------------------------


@transaction.atomic
def subscription_create(*, email: str, region: KsRegion, theme: str) -> Subscription:
    """Register a digest subscription and email the confirmation link. Asking again for the
    same region and theme sends the link again rather than failing."""
    email = email.strip().lower()
    subscription, _created = Subscription.objects.get_or_create(
        email=email, region=region, theme=theme
    )
    subscription.full_clean()
    _send(
        subject=_("Bekreft abonnementet på nye eksempler fra idébanken"),
        template="ideabank/email/confirm.txt",
        context={"subscription": subscription},
        to=email,
        # Asking again sends the link again: each request is its own message.
        key=f"ideabank-confirm:{subscription.pk}:{timezone.now().isoformat()}",
        about=subscription,
    )
    return subscription


@transaction.atomic
def subscription_confirm(*, token: str) -> Subscription:
    subscription = Subscription.objects.select_for_update().get(token=token)
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.last_sent_at = subscription.confirmed_at
        subscription.save(update_fields=["confirmed_at", "last_sent_at"])
    return subscription


@transaction.atomic
def subscription_cancel(*, token: str) -> None:
    Subscription.objects.filter(token=token).delete()


def _send(
    *,
    subject: str,
    template: str,
    context: dict[str, object],
    to: str,
    key: str,
    about: Subscription,
) -> None:
    from django.conf import settings

    body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
    message_queue(
        to=to, kind=key.split(":", 1)[0], key=key, subject=subject, body=body, about=about
    )


def digest_examples(*, region: KsRegion, theme: str, since: datetime.datetime) -> list[Example]:
    """Examples published in `region` (and `theme`, if given) after `since`, newest first."""
    examples = (
        Example.objects.published()
        .filter(municipality__county__ks_region=region, published_at__gt=since)
        .select_related("municipality")
        .order_by("-published_at")
    )
    return [e for e in examples if not theme or theme in e.themes]


def digests_send(*, now: datetime.datetime | None = None) -> int:
    """Queue for every confirmed subscriber an email with the examples published since their
    last digest; one email per subscription, none when nothing is new. The message's key holds
    the period's start, and the period moves on in the same transaction, so a run that stops
    half way and runs again queues no digest twice. Returns the number of emails queued."""
    # Imported here: the reads about take-ups build on the selectors, which import this module.
    from kommunenettverk.ideabank.spread_selectors import adoption_sentence, digest_adoptions

    now = now or timezone.now()
    sent = 0
    for subscription in Subscription.objects.filter(confirmed_at__isnull=False).select_related(
        "region"
    ):
        since = subscription.last_sent_at or subscription.confirmed_at or now
        examples = digest_examples(
            region=subscription.region, theme=subscription.theme, since=since
        )
        adoptions = [
            (adoption_sentence(a), a.get_absolute_url())
            for a in digest_adoptions(
                region=subscription.region, theme=subscription.theme, since=since
            )
        ]
        with transaction.atomic():
            if examples or adoptions:
                _send(
                    subject=_("Nye eksempler i idébanken: %(region)s")
                    % {"region": subscription.region.name},
                    template="ideabank/email/digest.txt",
                    context={
                        "subscription": subscription,
                        "examples": examples,
                        "adoptions": adoptions,
                    },
                    to=subscription.email,
                    key=f"ideabank-digest:{subscription.pk}:{since.isoformat()}",
                    about=subscription,
                )
                sent += 1
            Subscription.objects.filter(pk=subscription.pk).update(last_sent_at=now)
    return sent
