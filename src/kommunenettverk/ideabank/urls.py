from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.decorators.http import require_safe

from kommunenettverk.ideabank import adoption_views, views
from kommunenettverk.ideabank.feeds import RegionFeed

feed = RegionFeed()
app_name = "ideabank"
urlpatterns = [
    path("", views.example_list, name="example_list"),
    path("ny/", views.example_create, name="example_create"),
    path("mine/", views.example_worklist, name="example_worklist"),
    path("eksempler/<int:pk>/", views.example_detail, name="example_detail"),
    path("eksempler/<int:pk>/rediger/", views.example_edit, name="example_edit"),
    path("eksempler/<int:pk>/status/", views.example_transition, name="example_transition"),
    path("eksempler/<int:pk>/vedlegg/", views.attachment_add, name="attachment_add"),
    path("vedlegg/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("vedlegg/<int:pk>/slett/", views.attachment_delete, name="attachment_delete"),
    path("eksempler/<int:pk>/bruk/", adoption_views.example_adopt, name="example_adopt"),
    path("eksempler/<int:pk>/spredning/", adoption_views.example_spread, name="example_spread"),
    path("lignende/", adoption_views.example_similar, name="example_similar"),
    path("tiltak/<int:measure_pk>/tatt-fra/", adoption_views.adoption_add, name="adoption_add"),
    path("tatt-fra/<int:pk>/fjern/", adoption_views.adoption_delete, name="adoption_delete"),
    path("spredning/", adoption_views.spread_overview, name="spread_overview"),
    path(
        "spredning/nettverk/<slug:network_slug>/",
        adoption_views.spread_overview,
        name="spread_network",
    ),
    path("kommuner/", views.municipality_lookup, name="municipality_lookup"),
    path("kommuner/<str:number>/", views.municipality_examples, name="municipality_examples"),
    path("abonner/", views.subscription_create, name="subscription_create"),
    path("abonner/bekreft/<str:token>/", views.subscription_confirm, name="subscription_confirm"),
    path("abonner/avslutt/<str:token>/", views.subscription_cancel, name="subscription_cancel"),
    # Feeds are read-only: a POST answers 405 (the permission matrix finds write URLs so).
    path("feed/<slug:region>/", login_not_required(require_safe(feed)), name="feed_region"),
    path(
        "feed/<slug:region>/<slug:theme>/",
        login_not_required(require_safe(feed)),
        name="feed_region_theme",
    ),
]
