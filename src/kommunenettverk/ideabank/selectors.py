"""Reads for the idea bank's pages, feeds and digests; `example_search` is the one search entry
point and hides whether PostgreSQL full-text search or the SQLite FTS5 twin answers."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.exceptions import PermissionDenied
from django.db import connection, models
from django.db.models import Count, F, Q, QuerySet, Value, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Concat

from kommunenettverk.accounts.models import User
from kommunenettverk.ideabank import text
from kommunenettverk.ideabank.models import (
    SIZE_BAND_LIMITS,
    Example,
    ExampleQuerySet,
    size_band_of,
)
from kommunenettverk.ideabank.services import FTS_TABLE
from kommunenettverk.networks.models import DevelopmentProject, Network
from kommunenettverk.registry.models import KostraGroup, Municipality
from kommunenettverk.registry.selectors import kostra_group_members, kostra_group_of

NEIGHBOURS_CSV = Path(__file__).parent / "data" / "neighbours.csv"


def _base() -> ExampleQuerySet:
    return Example.objects.select_related(
        "municipality__county__ks_region", "network__ks_region", "development_project__network"
    )


def example_get_for_user(user: Any, pk: int) -> Example:
    """An example the user may read: published ones for anyone, others only for those who may
    see unpublished examples of that municipality. Raises Example.DoesNotExist otherwise, so a
    draft is indistinguishable from a missing example."""
    example = _base().get(pk=pk)
    if example.status != Example.Status.PUBLISHED and not user.has_perm(
        "ideabank.view_unpublished_example", example
    ):
        raise Example.DoesNotExist
    return example


def example_get_for_change(user: Any, pk: int, *, perm: str) -> Example:
    """An example the user holds `perm` on; PermissionDenied for one they may only read."""
    example = example_get_for_user(user, pk)
    if not user.has_perm(perm, example):
        raise PermissionDenied
    return example


def example_detail_related(example: Example) -> dict[str, Any]:
    return {
        "attachments": list(example.attachments.all()),
        "links": list(example.links.all()),
        "status_changes": list(example.status_changes.select_related("changed_by")),
    }


def example_worklist(user: User) -> list[Example]:
    """Unpublished examples the user can work on: their municipalities' drafts, and what waits
    for their review. Read in one query and filtered by the permission rules."""
    candidates = _base().exclude(status=Example.Status.PUBLISHED).order_by("-updated_at")[:500]
    return [
        example
        for example in candidates
        if user.has_perm("ideabank.view_unpublished_example", example)
    ]


def example_published_list(*, limit: int = 10) -> QuerySet[Example]:
    return _base().published().order_by("-published_at")[:limit]


# --- search -----------------------------------------------------------------------------------


@dataclass
class SearchHit:
    example: Example
    snippet: str  # escaped HTML with <mark> around matching words


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[SearchHit] = field(default_factory=list)


def _filtered(*, theme: str, county: str, size: str) -> QuerySet[Example]:
    examples = _base().published()
    if theme and connection.vendor == "postgresql":
        examples = examples.filter(themes__contains=[theme])  # jsonb @>
    elif theme:
        # SQLite has no JSON containment: the JSON list as text holds the quoted code.
        examples = examples.annotate(themes_text=Cast("themes", models.TextField())).filter(
            themes_text__contains=f'"{theme}"'
        )
    if county:
        examples = examples.filter(municipality__county__number=county)
    if size in SIZE_BAND_LIMITS:
        low, high = SIZE_BAND_LIMITS[size]
        examples = examples.filter(municipality__population__gte=low)
        if high is not None:
            examples = examples.filter(municipality__population__lt=high)
    return examples


def example_search(
    *, query: str = "", theme: str = "", county: str = "", size: str = "", offset: int = 0,
    limit: int = 20,
) -> SearchResult:  # fmt: skip
    """Published examples that match a Norwegian full-text query and the filters, best first,
    each with a highlighted snippet. Without a query: the newest examples that match the filters.

    Stemming is Norwegian Snowball on both databases ("klimaplanen" finds "klimaplan"); all
    words must match. Ranking weighs title over summary and tags over body and results.
    """
    examples = _filtered(theme=theme, county=county, size=size)
    stems = text.query_stems(query)
    if not stems:
        # Newest first walks the (status, published_at) index and stops at the page's end;
        # the count is a separate, narrow query.
        page_ids = list(
            examples.select_related(None)
            .order_by("-published_at")
            .values_list("pk", flat=True)[offset : offset + limit]
        )
        total = examples.count()
        rows = _base().in_bulk(page_ids)
        return SearchResult(
            query="", total=total, hits=[SearchHit(rows[pk], "") for pk in page_ids]
        )
    if connection.vendor == "postgresql":
        return _search_postgresql(examples, query, offset, limit)
    return _search_sqlite(examples, query, stems, offset, limit)


def _search_postgresql(
    examples: QuerySet[Example], query: str, offset: int, limit: int
) -> SearchResult:
    search_query = SearchQuery(query, config="norwegian", search_type="websearch")
    matched = examples.filter(search_vector=search_query)
    # Rank on the examples table alone (no select_related joins for the planner to reorder),
    # counting in the same pass with a window; then read the page's rows and headlines by id:
    # ts_headline re-parses the text, so only the shown page gets one.
    ranked = list(
        matched.select_related(None)
        .annotate(
            rank=SearchRank(F("search_vector"), search_query),
            total=Window(Count("pk")),
        )
        .order_by("-rank", "-published_at")
        .values_list("pk", "total")[offset : offset + limit]
    )
    page_ids = [pk for pk, _total in ranked]
    total = ranked[0][1] if ranked else matched.count()
    rows = _base().in_bulk(page_ids)
    headlines = dict(
        Example.objects.filter(pk__in=page_ids)
        .annotate(
            headline=SearchHeadline(
                Concat("summary", Value(" "), "body_text", output_field=models.TextField()),
                search_query,
                config="norwegian",
                start_sel=text.MARK_START,
                stop_sel=text.MARK_END,
                max_words=35,
                min_words=15,
            )
        )
        .values_list("pk", "headline")
    )
    return SearchResult(
        query=query,
        total=total,
        hits=[SearchHit(rows[pk], text.marked_to_html(headlines.get(pk, ""))) for pk in page_ids],
    )


def _highlight(example: Example, stems: list[str]) -> str:
    return text.highlight(f"{example.summary} {example.body_text}", stems)


def _search_sqlite(
    examples: QuerySet[Example], query: str, stems: list[str], offset: int, limit: int
) -> SearchResult:
    """Rank in FTS5 first (a materialised CTE), keep the ids the ORM's filters allow, and
    count with a window, all in one statement. A plain join lets SQLite's planner start from
    the examples and run the MATCH once per row (0.5 s at 20,000 examples)."""
    match = " ".join(f'"{stem}"' for stem in stems)  # stems are \w+: no quotes inside
    # The filters, limited to the ranked ids so SQLite probes examples by primary key.
    in_ranked = RawSQL("SELECT id FROM ranked", [])
    allowed_sql, allowed_params = (
        examples.select_related(None)
        .order_by()
        .filter(id__in=in_ranked)
        .values("id")
        .query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH ranked AS MATERIALIZED ("  # noqa: S608 - constant SQL and the ORM's own SQL
            f"SELECT rowid AS id, bm25({FTS_TABLE}, 10.0, 5.0, 1.0, 5.0) AS score "
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) "
            f"SELECT id, COUNT(*) OVER () FROM ranked WHERE id IN ({allowed_sql}) "
            "ORDER BY score, id DESC LIMIT %s OFFSET %s",
            [match, *allowed_params, limit, offset],
        )
        rows = cursor.fetchall()
    page_ids = [row[0] for row in rows]
    total = rows[0][1] if rows else 0
    if not rows and offset:  # past the last page: count without a page
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH ranked AS MATERIALIZED (SELECT rowid AS id FROM {FTS_TABLE} "  # noqa: S608
                f"WHERE {FTS_TABLE} MATCH %s) SELECT COUNT(*) FROM ({allowed_sql})",
                [match, *allowed_params],
            )
            total = cursor.fetchone()[0]
    by_id = _base().in_bulk(page_ids)
    return SearchResult(
        query=query,
        total=total,
        hits=[SearchHit(by_id[pk], _highlight(by_id[pk], stems)) for pk in page_ids],
    )


MAX_SIMILAR_WORDS = 30


def example_similar(
    *, title: str, summary: str, exclude: int | None = None, limit: int = 5
) -> list[Example]:
    """Published examples that look like a text being written: any of the words of its title
    and summary (stop words left out, Norwegian stems), ranked as the search ranks (title and
    summary weigh most), best first. Nothing for fewer than two words."""
    stems = text.query_stems(f"{title} {summary}")[:MAX_SIMILAR_WORDS]
    if len(stems) < 2:
        return []
    published = Example.objects.published()
    if exclude is not None:
        published = published.exclude(pk=exclude)
    if connection.vendor == "postgresql":
        words = [w for w in text.words(f"{title} {summary}") if w.lower() not in text.STOPWORDS]
        query = SearchQuery(words[0], config="norwegian")
        for word in words[1:MAX_SIMILAR_WORDS]:
            query |= SearchQuery(word, config="norwegian")
        ids = list(
            published.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "-published_at")
            .values_list("pk", flat=True)[:limit]
        )
    else:
        match = " OR ".join(f'"{stem}"' for stem in stems)  # stems are \w+: no quotes inside
        allowed_sql, allowed_params = published.order_by().values("id").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "  # noqa: S608
                f"AND rowid IN ({allowed_sql}) "
                f"ORDER BY bm25({FTS_TABLE}, 10.0, 5.0, 1.0, 5.0), rowid DESC LIMIT %s",
                [match, *allowed_params, limit],
            )
            ids = [row[0] for row in cursor.fetchall()]
    rows = _base().in_bulk(ids)
    return [rows[pk] for pk in ids]


# --- dissemination ----------------------------------------------------------------------------


@cache
def neighbour_table() -> dict[str, list[str]]:
    """Municipality number → numbers of municipalities sharing a border (bundled CSV, built from
    Kartverket's boundaries by scripts/build_neighbours.py)."""
    table: dict[str, list[str]] = {}
    with NEIGHBOURS_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            table.setdefault(row["kommunenummer"], []).append(row["nabo"])
            table.setdefault(row["nabo"], []).append(row["kommunenummer"])
    return {number: sorted(set(numbers)) for number, numbers in table.items()}


def peer_municipalities(municipality: Municipality) -> list[Municipality]:
    """The municipalities this one is compared with for "municipalities like yours did this":
    the others in its KOSTRA group (SSB's grouping by size and economy, today's grouping) and
    its neighbours (the bundled border table). Three queries."""
    numbers = set(neighbour_table().get(municipality.number, []))
    group = kostra_group_of(municipality.number)
    if group is not None:
        numbers |= set(kostra_group_members(group)) - {municipality.number}
    return list(Municipality.objects.current().filter(number__in=numbers).order_by("name_nb"))


@dataclass
class Dissemination:
    municipality: Municipality
    neighbours: list[Municipality]
    from_neighbours: list[Example]
    from_county: list[Example]
    same_themes: list[Example]
    same_kostra_group: list[Example]
    kostra_group: KostraGroup | None
    similar_size: list[Example]
    size_band: str
    themes: list[str]


def municipality_dissemination(
    municipality: Municipality, *, per_section: int = 6
) -> Dissemination:
    """What neighbours and similar municipalities do: published examples from municipalities
    sharing a border, from the same county, on the themes this municipality works with, from
    municipalities in the same KOSTRA group (SSB's grouping by size and economy) and from
    municipalities of the same size band. An example appears in the first section it fits."""
    numbers = neighbour_table().get(municipality.number, [])
    neighbours = list(Municipality.objects.current().filter(number__in=numbers))
    published = _base().published().exclude(municipality=municipality).order_by("-published_at")
    shown: set[int] = set()

    def take(queryset: QuerySet[Example]) -> list[Example]:
        picked = list(queryset.exclude(pk__in=shown)[:per_section])
        shown.update(e.pk for e in picked)
        return picked

    from_neighbours = take(published.filter(municipality__number__in=numbers))
    from_county = take(published.filter(municipality__county_id=municipality.county_id))
    own_themes: list[str] = []
    for themes in (
        Example.objects.published()
        .filter(municipality=municipality)
        .values_list("themes", flat=True)
    ):
        own_themes += [code for code in themes if code not in own_themes]
    theme_filter = Q()
    for code in own_themes:
        theme_filter |= Q(themes_text__contains=f'"{code}"')
    same_themes = (
        take(
            published.annotate(themes_text=Cast("themes", models.TextField())).filter(theme_filter)
        )
        if own_themes
        else []
    )
    kostra_group = kostra_group_of(municipality.number)
    same_kostra_group = (
        take(published.filter(municipality__number__in=kostra_group_members(kostra_group)))
        if kostra_group is not None
        else []
    )
    band = size_band_of(municipality.population)
    similar: list[Example] = []
    if band:
        low, high = SIZE_BAND_LIMITS[band]
        peers = published.filter(municipality__population__gte=low)
        if high is not None:
            peers = peers.filter(municipality__population__lt=high)
        similar = take(peers)
    return Dissemination(
        municipality=municipality,
        neighbours=neighbours,
        from_neighbours=from_neighbours,
        from_county=from_county,
        same_themes=same_themes,
        same_kostra_group=same_kostra_group,
        kostra_group=kostra_group,
        similar_size=similar,
        size_band=band,
        themes=own_themes,
    )


def network_examples(
    network: Network, project: DevelopmentProject | None = None, *, limit: int = 20
) -> list[Example]:
    """Published examples that came out of a network (or one of its projects), newest first.
    One query."""
    examples = Example.objects.published().select_related("municipality")
    if project is not None:
        examples = examples.filter(development_project=project)
    else:
        examples = examples.filter(network=network)
    return list(examples.order_by("-published_at", "pk")[:limit])
