"""Every write of the discussions: threads, answers, comments, moderation, the summary, the
conversion to an idea-bank draft, and the search index. Each checks the permission on the
object itself (the email-reply handler calls `post_answer` directly)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import IO, Any

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kommunenettverk.accounts.models import Organisation, Role, RoleAssignment, User
from kommunenettverk.accounts.rules import user_has_role
from kommunenettverk.core.errors import DomainError
from kommunenettverk.core.uploads import upload_check
from kommunenettverk.discussions import text
from kommunenettverk.discussions.models import Attachment, Post, Thread
from kommunenettverk.discussions.rules import member_network_ids, networks_of
from kommunenettverk.discussions.selectors import FTS_TABLE, network_people, partner_people
from kommunenettverk.ideabank import text as stems
from kommunenettverk.ideabank.models import Example
from kommunenettverk.ideabank.services import ExampleData, example_create
from kommunenettverk.indicators.models import Indicator
from kommunenettverk.networks.models import DevelopmentProject, Network
from kommunenettverk.networks.rules import is_network_adviser
from kommunenettverk.notifications.services import notify
from kommunenettverk.plans.models import Goal, Measure
from kommunenettverk.registry.models import Municipality

ATTACHMENT_KINDS = ("pdf", "png", "jpeg", "docx", "xlsx", "pptx", "csv", "txt")
MAX_ATTACHMENTS = 5
TITLE_MAX = 200
BODY_MAX = 10_000
REASON_MAX = 300
SUMMARY_MAX = 5_000


class ThreadError(DomainError):
    """A write to the discussions was refused; the message is for the user."""


def _require(user: User, perm: str, obj: models.Model) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("Rollen din gir ikke tilgang til dette."))


def _checked(value: str, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    try:
        return text.text_check(value, label=label, max_length=max_length, required=required)
    except ValidationError as error:
        raise ThreadError(error.messages[0], field=field) from None


def _attachments_check(files: Sequence[IO[bytes]]) -> list[tuple[IO[bytes], str, str]]:
    if len(files) > MAX_ATTACHMENTS:
        raise ThreadError(
            _("Legg ved høyst %(n)s filer.") % {"n": MAX_ATTACHMENTS}, field="attachment"
        )
    checked = []
    for upload in files:
        name = str(getattr(upload, "name", "") or "fil").rsplit("/", 1)[-1]
        try:
            kind = upload_check(upload, name=name, kinds=ATTACHMENT_KINDS)
        except ValidationError as error:
            raise ThreadError(
                _("Vedlegg: %(message)s") % {"message": error.messages[0]}, field="attachment"
            ) from None
        checked.append((upload, name, kind.key))
    return checked


def _attachments_save(
    thread: Thread, post: Post | None, checked: list[tuple[IO[bytes], str, str]]
) -> None:
    for upload, name, kind in checked:
        size = getattr(upload, "size", None)
        upload.seek(0)
        attachment = Attachment(
            thread=thread, post=post, name=name[:200], kind=kind, size=size or 0
        )
        attachment.file.save(name, File(upload, name=name), save=False)
        if not attachment.size:
            attachment.size = attachment.file.size
        attachment.save()


def _speaks_for(user: User, network: Network) -> int | None:
    return member_network_ids(user).get(network.pk)


def _names(people: Iterable[User]) -> dict[int, list[str]]:
    return {u.pk: [u.full_name, u.email.split("@", 1)[0]] for u in people}


def _notify_mentions(
    body: str, people: Iterable[User], about: models.Model, link: str, author: User, perm: str
) -> set[int]:
    by_pk = {u.pk: u for u in people}
    named = text.mentions(body, _names(by_pk.values()))
    if named:
        notify(
            [by_pk[pk] for pk in named],
            "discussion_mention",
            about,
            _("%(name)s nevnte deg: %(text)s") % {"name": author, "text": body[:160]},
            link,
            actor=author,
            perm=perm,
        )
    return named


def _thread_people(thread: Thread) -> list[User]:
    return [*network_people(thread.network), *partner_people(thread.partner_id)]


def _links_check(
    *,
    thread: Thread,
    measures: Sequence[Measure],
    projects: Sequence[DevelopmentProject],
    examples: Sequence[Example],
) -> None:
    """Only what every reader may see is linked: published measures (or the asker's own),
    projects of the programme's networks, published examples."""
    for measure in measures:
        own = thread.municipality_id and measure.goal.municipality_id == thread.municipality_id
        if not own and not (measure.published and measure.goal.published):
            raise ThreadError(
                _("Tiltaket «%(title)s» er ikke publisert og kan ikke lenkes til.")
                % {"title": measure.title},
                field="measures",
            )
    for project in projects:
        if project.network.programme_id != thread.network.programme_id:
            raise ThreadError(
                _("Prosjektet «%(title)s» hører til et annet program.") % {"title": project.title},
                field="projects",
            )
    for example in examples:
        if example.status != Example.Status.PUBLISHED:
            raise ThreadError(
                _("Eksempelet «%(title)s» er ikke publisert.") % {"title": example.title},
                field="examples",
            )


@transaction.atomic
def thread_start(
    *,
    network: Network,
    author: User,
    kind: str,
    title: str,
    body: str,
    audience: str = Thread.Audience.NETWORK,
    partner: Organisation | None = None,
    measures: Sequence[Measure] = (),
    projects: Sequence[DevelopmentProject] = (),
    examples: Sequence[Example] = (),
    indicators: Sequence[Indicator] = (),
    attachments: Sequence[IO[bytes]] = (),
) -> Thread:
    """Start a thread in `network` and tell its members (and a partner asked) about it."""
    _require(author, "discussions.start_thread", network)
    if kind not in Thread.Kind.values:
        raise ThreadError(_("Velg hva slags tråd det er."), field="kind")
    if audience not in Thread.Audience.values:
        raise ThreadError(_("Velg hvem du spør."), field="audience")
    if (
        partner is not None
        and partner.kind != Organisation.Kind.PARTNER
        and not hasattr(partner, "partner")
    ):
        raise ThreadError(_("Velg et ressursmiljø fra listen."), field="partner")
    thread = Thread(
        network=network,
        kind=kind,
        title=_checked(title, field="title", label=_("Tittel"), max_length=TITLE_MAX),
        body=_checked(body, field="body", label=_("Tekst"), max_length=BODY_MAX),
        author=author,
        municipality_id=_speaks_for(author, network),
        audience=audience,
        partner=partner,
    )
    _links_check(thread=thread, measures=measures, projects=projects, examples=examples)
    checked = _attachments_check(attachments)
    thread.save()
    thread.measures.set(measures)
    thread.projects.set(projects)
    thread.examples.set(examples)
    thread.indicators.set(indicators)
    _attachments_save(thread, None, checked)
    search_index_update(ids=[thread.pk])
    link = thread.get_absolute_url()
    people = _thread_people(thread)
    named = _notify_mentions(thread.body, people, thread, link, author, "discussions.view_thread")
    where = str(network) if partner is None else f"{network} ({partner})"
    notify(
        [u for u in people if u.pk not in named],
        "discussion_thread",
        thread,
        _("Ny tråd i %(network)s: %(title)s") % {"network": where, "title": thread.title},
        link,
        actor=author,
    )
    return thread


def _parent_check(parent: Post | None, **about: Any) -> None:
    if parent is None:
        return
    key, value = next(iter(about.items()))
    if getattr(parent, f"{key}_id") != value.pk:
        raise ThreadError(_("Innlegget du svarer på hører ikke hit."), field="body")


@transaction.atomic
def post_answer(
    thread: Thread,
    author: User,
    body: str,
    *,
    attachments: Sequence[IO[bytes]] = (),
    parent: Post | None = None,
) -> Post:
    """Answer `thread` (or a post in it, `parent`) as `author`: checks the permission and
    that the thread is open, tells the asker (and the author of `parent`) and anyone named."""
    _require(author, "discussions.answer_thread", thread)
    thread = (
        Thread.objects.select_for_update(of=("self",))
        .select_related("network", "author", "partner")
        .get(pk=thread.pk)
    )
    if thread.is_closed:
        raise ThreadError(_("Tråden er lukket og tar ikke imot flere svar."), field="body")
    _parent_check(parent, thread=thread)
    organisation = None
    municipality_id = _speaks_for(author, thread.network)
    if municipality_id is None:
        mine = member_network_ids(author)
        municipality_id = next((m for m in mine.values() if m), None)
    if (
        municipality_id is None
        and thread.partner_id
        and RoleAssignment.objects.filter(
            user=author, role=Role.PARTNER, organisation_id=thread.partner_id
        ).exists()
    ):
        organisation = thread.partner
    post = Post(
        network=thread.network,
        thread=thread,
        parent=parent,
        author=author,
        municipality_id=municipality_id,
        organisation=organisation,
        body=_checked(body, field="body", label=_("Svar"), max_length=BODY_MAX),
    )
    checked = _attachments_check(attachments)
    post.save()
    _attachments_save(thread, post, checked)
    thread.last_post_at = post.created_at
    thread.save(update_fields=["last_post_at"])
    search_index_update(ids=[thread.pk])
    link = f"{thread.get_absolute_url()}#innlegg-{post.pk}"
    named = _notify_mentions(
        post.body, _thread_people(thread), thread, link, author, "discussions.view_thread"
    )
    told = [
        u
        for u in {thread.author, parent.author if parent else None}
        if u is not None and u.pk not in named
    ]
    notify(
        told,
        "discussion_answer",
        thread,
        _("%(name)s svarte på «%(title)s»") % {"name": author, "title": thread.title},
        link,
        actor=author,
        perm="discussions.view_thread",
    )
    return post


@transaction.atomic
def post_mark_helpful(*, post: Post, user: User, helpful: bool) -> Post:
    """The asker marks (or unmarks) an answer that helped."""
    if post.thread is None:
        raise ThreadError(_("Bare svar i en tråd kan merkes som nyttige."))
    _require(user, "discussions.mark_helpful", post.thread)
    if post.is_hidden and helpful:
        raise ThreadError(_("Et skjult innlegg kan ikke merkes som nyttig."))
    post.helpful = helpful
    post.save(update_fields=["helpful"])
    return post


@transaction.atomic
def post_hide(*, post: Post, user: User, reason: str) -> Post:
    """The adviser hides a post, with a reason shown in its place."""
    _require(user, "discussions.moderate", post)
    post.hidden_reason = _checked(reason, field="reason", label=_("Grunn"), max_length=REASON_MAX)
    post.hidden_at = timezone.now()
    post.hidden_by = user
    post.helpful = False
    post.save(update_fields=["hidden_reason", "hidden_at", "hidden_by", "helpful"])
    if post.thread_id:
        search_index_update(ids=[post.thread_id])
    return post


@transaction.atomic
def thread_pin(*, thread: Thread, user: User, pinned: bool) -> Thread:
    _require(user, "discussions.moderate", thread)
    thread.pinned = pinned
    thread.save(update_fields=["pinned"])
    return thread


@transaction.atomic
def thread_close(*, thread: Thread, user: User, closed: bool) -> Thread:
    _require(user, "discussions.moderate", thread)
    thread.closed_at = timezone.now() if closed else None
    thread.save(update_fields=["closed_at"])
    return thread


def move_targets(*, thread: Thread, user: User) -> list[Network]:
    """The networks a thread may be moved to: others of the programme that the user leads
    (the national coordinator: every other network of the programme)."""
    candidates = Network.objects.filter(programme_id=thread.network.programme_id).exclude(
        pk=thread.network_id
    )
    if user_has_role(user, (Role.NATIONAL_COORDINATOR,)):
        return list(candidates)
    return [n for n in candidates.select_related("ks_region") if is_network_adviser(user, n)]


@transaction.atomic
def thread_move(*, thread: Thread, user: User, network: Network) -> Thread:
    """Move a thread (with its posts) to another network the user leads."""
    _require(user, "discussions.moderate", thread)
    if network.pk not in {n.pk for n in move_targets(thread=thread, user=user)}:
        raise ThreadError(
            _("Du kan bare flytte tråden til et annet nettverk du leder."), field="network"
        )
    thread.network = network
    thread.save(update_fields=["network"])
    Post.objects.filter(thread=thread).update(network=network)
    return thread


@transaction.atomic
def thread_summary_set(*, thread: Thread, user: User, summary: str, publish: bool) -> Thread:
    """Write the summary; published, it is the only part of the thread the public sees."""
    _require(user, "discussions.moderate", thread)
    thread.summary = _checked(
        summary, field="summary", label=_("Sammendrag"), max_length=SUMMARY_MAX, required=publish
    )
    thread.summary_published_at = (
        (thread.summary_published_at or timezone.now()) if publish else None
    )
    thread.save(update_fields=["summary", "summary_published_at"])
    return thread


def draft_data(thread: Thread) -> ExampleData:
    """The idea-bank draft a thread becomes: its title, its text as the summary, the answers
    that helped as the description (quoted, with credit to those who answered)."""
    helpful = list(
        thread.posts.filter(helpful=True, hidden_at=None).select_related(
            "author", "municipality", "organisation"
        )
    )
    summary = " ".join(thread.body.split())
    if len(summary) > 600:
        summary = summary[:599].rsplit(" ", 1)[0] + "…"
    lines = [_("## Spørsmålet"), "", thread.body, "", _("## Svar som hjalp"), ""]
    credits: list[str] = []
    for post in helpful:
        who = str(post.author) if post.author else _("(slettet bruker)")
        where = post.speaks_for
        credit = f"{who}, {where}" if where else who
        lines += [*(f"> {line}" for line in post.body.splitlines()), ">", f"> — {credit}", ""]
        if credit not in credits:
            credits.append(credit)
    lines += [_("Takk til %(names)s, som svarte i nettverket %(network)s.")
              % {"names": ", ".join(credits), "network": thread.network.name}]  # fmt: skip
    return ExampleData(
        title=thread.title,
        summary=summary,
        body="\n".join(lines),
        network=thread.network,
        contact_name=str(thread.author) if thread.author else "",
    )


@transaction.atomic
def thread_convert(*, thread: Thread, user: User) -> Example:
    """Turn a thread with helpful answers into an idea-bank draft of the asker's municipality;
    it then goes through the idea bank's usual review."""
    _require(user, "discussions.convert_thread", thread)
    thread = (
        Thread.objects.select_for_update(of=("self",))
        .select_related("network", "municipality", "author")
        .get(pk=thread.pk)
    )
    if thread.example_id:
        raise ThreadError(_("Tråden er allerede gjort om til et utkast i idébanken."))
    if thread.municipality is None:
        raise ThreadError(_("Tråden ble ikke startet for en kommune og kan ikke bli et eksempel."))
    if not thread.posts.filter(helpful=True, hidden_at=None).exists():
        raise ThreadError(_("Merk minst ett svar som nyttig før tråden gjøres om til et eksempel."))
    example = example_create(
        municipality=thread.municipality, data=draft_data(thread), created_by=user
    )
    thread.example = example
    thread.save(update_fields=["example"])
    coordinators = User.objects.filter(
        role_assignments__role=Role.MUNICIPAL_COORDINATOR,
        role_assignments__scope_type=ContentType.objects.get_for_model(Municipality),
        role_assignments__scope_id=thread.municipality_id,
    ).distinct()
    notify(
        coordinators,
        "discussion_draft",
        example,
        _("Et utkast i idébanken er laget fra tråden «%(title)s»") % {"title": thread.title},
        example.get_absolute_url(),
        actor=user,
    )
    return example


COMMENT_FIELDS = {Goal: "goal", Measure: "measure", DevelopmentProject: "project"}


def _published(obj: models.Model) -> bool:
    if isinstance(obj, Goal):
        return obj.published
    if isinstance(obj, Measure):
        return obj.published and obj.goal.published
    return True


@transaction.atomic
def comment_post(
    *,
    about: Goal | Measure | DevelopmentProject,
    author: User,
    body: str,
    parent: Post | None = None,
) -> Post:
    """Comment on a colleague's published goal, measure or development project, in a network
    that both the author and the object belong to; tells the author of `parent`, and the
    people named."""
    _require(author, "discussions.comment", about)
    if not _published(about):
        raise ThreadError(_("Du kan bare kommentere det som er publisert."))
    field_name = COMMENT_FIELDS[type(about)]
    _parent_check(parent, **{field_name: about})
    mine = member_network_ids(author)
    shared = networks_of(about)
    network = next((n for n in shared if n.pk in mine), None) or next(
        n for n in shared if is_network_adviser(author, n)
    )
    post = Post(
        network=network,
        parent=parent,
        author=author,
        municipality_id=mine.get(network.pk),
        body=_checked(body, field="body", label=_("Kommentar"), max_length=BODY_MAX),
        **{field_name: about},
    )
    post.save()
    link = f"{about.get_absolute_url()}#innlegg-{post.pk}"
    named = _notify_mentions(
        post.body, network_people(network), about, link, author, "discussions.view_comments"
    )
    if parent is not None and parent.author and parent.author.pk not in named:
        notify(
            [parent.author],
            "discussion_answer",
            about,
            _("%(name)s svarte på kommentaren din om «%(title)s»")
            % {"name": author, "title": str(about)},
            link,
            actor=author,
            perm="discussions.view_comments",
        )
    return post


def search_index_update(*, ids: Sequence[int] | None = None) -> None:
    """Refresh the threads' search index (all when `ids` is None): the visible answers as
    text, then PostgreSQL's weighted 'norwegian' tsvector or SQLite's FTS5 table of
    Norwegian stems (the idea bank's `search_index_update`, for threads)."""
    threads = Thread.objects.all() if ids is None else Thread.objects.filter(pk__in=ids)
    for thread in threads.only("pk"):
        answers = Post.objects.filter(thread=thread, hidden_at=None).values_list("body", flat=True)
        Thread.objects.filter(pk=thread.pk).update(answers_text="\n".join(answers))
    if connection.vendor == "postgresql":
        threads.update(
            search_vector=SearchVector("title", weight="A", config="norwegian")
            + SearchVector("body", weight="B", config="norwegian")
            + SearchVector("answers_text", weight="C", config="norwegian")
        )
        return
    rows = [
        (pk, stems.stem_text(title), stems.stem_text(body), stems.stem_text(answers))
        for pk, title, body, answers in threads.values_list("pk", "title", "body", "answers_text")
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
            f"INSERT INTO {FTS_TABLE} (rowid, title, body, answers) "  # noqa: S608
            "VALUES (%s, %s, %s, %s)",
            rows,
        )
