"""Atom feeds of newly published examples per KS region (and optionally one theme), with the
take-ups of examples recorded in the region ("Tromsø har tatt i bruk …")."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from kommunenettverk.ideabank.models import Adoption, Example
from kommunenettverk.ideabank.services import digest_examples
from kommunenettverk.ideabank.spread_selectors import adoption_sentence, digest_adoptions
from kommunenettverk.programmes.models import ThemeCode as Theme
from kommunenettverk.registry.models import KsRegion

FEED_DAYS = 90


Item = Example | Adoption


class RegionFeed(Feed[Item, tuple[KsRegion, str]]):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> tuple[KsRegion, str]:
        theme = kwargs.get("theme", "")
        if theme and theme not in Theme.values:
            raise Http404(_("Ukjent tema."))
        try:
            return KsRegion.objects.get(code=kwargs["region"]), theme
        except KsRegion.DoesNotExist:
            raise Http404(_("Ukjent KS-region.")) from None

    def title(self, obj: tuple[KsRegion, str]) -> str:
        region, theme = obj
        label = f" – {Theme(theme).label}" if theme else ""
        return _("Idébanken: nye eksempler i %(region)s") % {"region": region.name} + label

    def link(self, obj: tuple[KsRegion, str]) -> str:
        return "/idebank/"

    def subtitle(self, obj: tuple[KsRegion, str]) -> str:
        return _("Gode eksempler fra kommunene, publisert etter vurdering av rådgiveren.")

    def items(self, obj: tuple[KsRegion, str]) -> list[Item]:
        region, theme = obj
        since = timezone.now() - datetime.timedelta(days=FEED_DAYS)
        items: list[Item] = [
            *digest_examples(region=region, theme=theme, since=since)[:50],
            *digest_adoptions(region=region, theme=theme, since=since)[:50],
        ]
        return sorted(items, key=self._date, reverse=True)[:50]

    @staticmethod
    def _date(item: Item) -> datetime.datetime:
        if isinstance(item, Adoption):
            return item.created_at
        return item.published_at or item.created_at

    def item_title(self, item: Item) -> str:
        if isinstance(item, Adoption):
            return adoption_sentence(item)
        return f"{item.title} ({item.municipality.name_nb})"

    def item_description(self, item: Item) -> str:
        if isinstance(item, Adoption):
            return item.what_changed or item.origin.summary
        return item.summary

    def item_link(self, item: Item) -> str:
        # Two take-ups can point at the same page: the anchor keeps each entry's id its own.
        if isinstance(item, Adoption):
            return f"{item.get_absolute_url()}#tatt-fra-{item.pk}"
        return item.get_absolute_url()

    def item_pubdate(self, item: Item) -> datetime.datetime | None:
        return self._date(item)
