"""Root URL configuration: each app mounts its own urls.py under a namespace."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("kommunenettverk.web.urls")),
    path("kommuner/", include("kommunenettverk.registry.urls")),
    path("konto/", include("kommunenettverk.accounts.urls")),
    path("programmer/", include("kommunenettverk.programmes.urls")),
    path("nettverk/", include("kommunenettverk.networks.urls")),
    path("planer/", include("kommunenettverk.plans.urls")),
    path("rapporter/", include("kommunenettverk.reports.urls")),
    path("api/", include("kommunenettverk.api.urls")),
    path("apne-data/", include("kommunenettverk.api.opendata_urls")),
    path("konto/api-nokler/", include("kommunenettverk.api.token_urls")),
    path("indikatorer/", include("kommunenettverk.indicators.urls")),
    path("innbyggere/", include("kommunenettverk.community.urls")),
    path("idebank/", include("kommunenettverk.ideabank.urls")),
    path("diskusjoner/", include("kommunenettverk.discussions.urls")),
    path("innspill/", include("kommunenettverk.policy.urls")),
    path("varsler/", include("kommunenettverk.notifications.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

handler404 = "kommunenettverk.web.views.page_not_found"
handler500 = "kommunenettverk.web.views.server_error"
