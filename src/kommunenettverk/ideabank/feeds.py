"""Atom feeds of newly published examples per KS region (and optionally one theme)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from kommunenettverk.ideabank.models import Example
from kommunenettverk.ideabank.services import digest_examples
from kommunenettverk.programmes.models import ThemeCode as Theme
from kommunenettverk.registry.models import KsRegion

FEED_DAYS = 90


class RegionFeed(Feed[Example, tuple[KsRegion, str]]):
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

    def items(self, obj: tuple[KsRegion, str]) -> list[Example]:
        region, theme = obj
        since = timezone.now() - datetime.timedelta(days=FEED_DAYS)
        return digest_examples(region=region, theme=theme, since=since)[:50]

    def item_title(self, item: Example) -> str:
        return f"{item.title} ({item.municipality.name_nb})"

    def item_description(self, item: Example) -> str:
        return item.summary

    def item_pubdate(self, item: Example) -> datetime.datetime | None:
        return item.published_at
