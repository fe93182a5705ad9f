from __future__ import annotations

from django.urls import path

from kommunenettverk.programmes import views

app_name = "programmes"
# A participation is addressed by its programme and its participant's number (four digits
# for a municipality, two for a county municipality).
urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("temaer/", views.theme_list, name="theme_list"),
    path("temaer/<slug:theme>/", views.theme_edit, name="theme_edit"),
    path("<slug:slug>/", views.programme_detail, name="programme_detail"),
    path("<slug:slug>/sok/", views.participation_apply, name="participation_apply"),
    path(
        "<slug:slug>/deltakere/<str:key>/", views.participation_detail, name="participation_detail"
    ),
    path(
        "<slug:slug>/deltakere/<str:key>/vedtak/",
        views.participation_decision_document,
        name="participation_decision_document",
    ),
    path(
        "<slug:slug>/deltakere/<str:key>/rediger/",
        views.participation_edit,
        name="participation_edit",
    ),
    path(
        "<slug:slug>/deltakere/<str:key>/godkjenn/",
        views.participation_approve,
        name="participation_approve",
    ),
    path(
        "<slug:slug>/deltakere/<str:key>/avsla/",
        views.participation_refuse,
        name="participation_refuse",
    ),
    path(
        "<slug:slug>/deltakere/<str:key>/status/",
        views.participation_status,
        name="participation_status",
    ),
]
