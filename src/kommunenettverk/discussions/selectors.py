"""Reads for the discussion pages, the search, the sections on other apps' pages and the task
list. `thread_search` is the one search entry point (PostgreSQL full-text or the SQLite FTS5
twin, with the idea bank's Norwegian stemming)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection, models
from django.db.models import Count, F, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.http import Http404
from django.utils import timezone

from kommunenettverk.accounts.models import Role, RoleAssignment, User
from kommunenettverk.accounts.rules import user_has_role
from kommunenettverk.discussions.models import Attachment, Post, Thread
from kommunenettverk.discussions.rules import member_network_ids
from kommunenettverk.ideabank import text as stems
from kommunenettverk.networks.models import Network, NetworkMembership
from kommunenettverk.registry.models import County, Municipality

FTS_TABLE = "discussions_thread_fts"


def network_people(network: Network) -> list[User]:
    """The network's adviser and the participants and coordinators of its current members."""
    members = NetworkMembership.objects.filter(network=network, left_on__isnull=True)
    municipality_type = ContentType.objects.get_for_model(Municipality)
    county_type = ContentType.objects.get_for_model(County)
    people = list(
        User.objects.filter(is_active=True)
        .filter(
            Q(
                role_assignments__role__in=(Role.PARTICIPANT, Role.MUNICIPAL_COORDINATOR),
                role_assignments__scope_type=municipality_type,
                role_assignments__scope_id__in=members.values("participation__municipality_id"),
            )
            | Q(
                role_assignments__role__in=(Role.PARTICIPANT, Role.MUNICIPAL_COORDINATOR),
                role_assignments__scope_type=county_type,
                role_assignments__scope_id__in=members.filter(
                    participation__county__isnull=False
                ).values("participation__county_id"),
            )
            | Q(pk=network.adviser_id)
        )
        .distinct()
        .order_by("full_name", "email")
    )
    return people


def partner_people(organisation_id: int | None) -> list[User]:
    if organisation_id is None:
        return []
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.PARTNER,
            role_assignments__organisation_id=organisation_id,
        ).distinct()
    )


def _visible_posts() -> Prefetch[str, QuerySet[Post], str]:
    return Prefetch(
        "posts",
        queryset=Post.objects.select_related("author", "municipality", "organisation")
        .prefetch_related("attachments")
        .order_by("created_at", "pk"),
    )


def thread_get(pk: int) -> Thread:
    return Thread.objects.select_related(
        "network__programme", "author", "municipality", "partner", "example"
    ).get(pk=pk)


def thread_get_for_user(user: Any, pk: int, *, perm: str = "discussions.view_thread") -> Thread:
    """The thread, or 404 for those who may not see it (its existence is not told)."""
    try:
        thread = thread_get(pk)
    except Thread.DoesNotExist:
        raise Http404 from None
    if not user.has_perm("discussions.view_thread", thread):
        raise Http404
    return thread


@dataclass
class PostNode:
    post: Post
    replies: list[PostNode] = field(default_factory=list)


def post_tree(posts: list[Post]) -> list[PostNode]:
    """Posts as a tree of replies, oldest first at each level."""
    nodes = {p.pk: PostNode(p) for p in posts}
    roots: list[PostNode] = []
    for post in posts:
        node = nodes[post.pk]
        parent = nodes.get(post.parent_id) if post.parent_id else None
        (parent.replies if parent else roots).append(node)
    return roots


def thread_detail(thread: Thread) -> dict[str, Any]:
    posts = list(
        Post.objects.filter(thread=thread)
        .select_related("author", "municipality", "organisation", "hidden_by")
        .prefetch_related("attachments")
    )
    return {
        "tree": post_tree(posts),
        "helpful": [p for p in posts if p.helpful and not p.is_hidden],
        "answer_count": sum(1 for p in posts if not p.is_hidden),
        "attachments": list(thread.attachments.filter(post=None)),
        "measures": list(thread.measures.select_related("goal__municipality")),
        "projects": list(thread.projects.select_related("network")),
        "examples": list(thread.examples.all()),
        "indicators": list(thread.indicators.all()),
    }


def thread_list(network: Network) -> QuerySet[Thread]:
    """The network's threads, pinned first, then by latest post, with answer counts."""
    return (
        Thread.objects.filter(network=network)
        .select_related("author", "municipality", "partner")
        .annotate(answers=Count("posts", filter=Q(posts__hidden_at=None)))
        .order_by("-pinned", "-last_post_at", "-pk")
    )


def threads_visible(user: Any) -> QuerySet[Thread]:
    """Every thread the user may read (the same rule as `discussions.view_thread`)."""
    if user_has_role(user, (Role.NATIONAL_COORDINATOR,)):
        return Thread.objects.all()
    mine = list(member_network_ids(user))
    led = Network.objects.filter(
        Q(adviser=user)
        | Q(
            pk__in=RoleAssignment.objects.filter(
                user=user,
                role=Role.REGIONAL_ADVISER,
                scope_type=ContentType.objects.get_for_model(Network),
            ).values("scope_id")
        )
    )
    near = Network.objects.filter(Q(pk__in=mine) | Q(pk__in=led.values("pk")))
    partner_orgs = RoleAssignment.objects.filter(
        user=user, role=Role.PARTNER, organisation__isnull=False
    ).values("organisation_id")
    return Thread.objects.filter(
        Q(network__in=near.values("pk"))
        | Q(
            audience=Thread.Audience.PROGRAMME,
            network__programme_id__in=near.values("programme_id"),
        )
        | Q(partner_id__in=partner_orgs)
    )


@dataclass
class ThreadHit:
    thread: Thread
    snippet: str  # escaped HTML with <mark> around matching words


def thread_search(
    user: Any, query: str, *, network: Network | None = None, limit: int = 30
) -> list[ThreadHit]:
    """Threads the user may read that match a Norwegian full-text query, best first."""
    threads = threads_visible(user)
    if network is not None:
        threads = threads.filter(network=network)
    words = stems.query_stems(query)
    if not words:
        return []
    base = Thread.objects.select_related("network", "municipality")
    if connection.vendor == "postgresql":
        search_query = SearchQuery(query, config="norwegian", search_type="websearch")
        ranked = list(
            threads.filter(search_vector=search_query)
            .annotate(
                rank=SearchRank(F("search_vector"), search_query),
                headline=SearchHeadline(
                    Concat("body", Value(" "), "answers_text", output_field=models.TextField()),
                    search_query,
                    config="norwegian",
                    start_sel=stems.MARK_START,
                    stop_sel=stems.MARK_END,
                    max_words=35,
                    min_words=15,
                ),
            )
            .order_by("-rank", "-last_post_at")
            .values_list("pk", "headline")[:limit]
        )
        rows = base.in_bulk([pk for pk, _ in ranked])
        return [ThreadHit(rows[pk], stems.marked_to_html(h)) for pk, h in ranked]
    match = " ".join(f'"{word}"' for word in words)  # stems are \w+: no quotes inside
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "  # noqa: S608 - constant
            f"ORDER BY bm25({FTS_TABLE}, 10.0, 5.0, 1.0)",
            [match],
        )
        ranked_ids = [row[0] for row in cursor.fetchall()]
    allowed = set(threads.filter(pk__in=ranked_ids).values_list("pk", flat=True))
    page = [pk for pk in ranked_ids if pk in allowed][:limit]
    rows = base.in_bulk(page)
    return [
        ThreadHit(rows[pk], stems.highlight(f"{rows[pk].body} {rows[pk].answers_text}", words))
        for pk in page
    ]


def comments_for(obj: models.Model) -> list[PostNode]:
    """The comments on a goal, measure or project as a tree."""
    field_name = {"goal": "goal", "measure": "measure", "developmentproject": "project"}[
        obj._meta.model_name or ""
    ]
    posts = list(
        Post.objects.filter(**{field_name: obj})
        .select_related("author", "municipality", "organisation", "hidden_by")
        .prefetch_related("attachments")
    )
    return post_tree(posts)


def attachment_get(pk: int) -> Attachment:
    return Attachment.objects.select_related("thread__network").get(pk=pk)


def unanswered_questions(user: User, *, days: int = 30) -> list[Thread]:
    """Open questions in the user's networks, asked by someone else in the last `days`, that
    nobody has answered yet. One query after the (cached) membership read."""
    mine = list(member_network_ids(user))
    if not mine:
        return []
    since = timezone.now() - datetime.timedelta(days=days)
    return list(
        Thread.objects.filter(
            network_id__in=mine,
            kind=Thread.Kind.QUESTION,
            closed_at=None,
            created_at__gte=since,
        )
        .exclude(author=user)
        .annotate(answers=Count("posts", filter=Q(posts__hidden_at=None)))
        .filter(answers=0)
        .select_related("network", "municipality")
        .order_by("created_at")
    )
