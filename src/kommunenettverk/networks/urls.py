from __future__ import annotations

from django.urls import path

from kommunenettverk.networks import views

app_name = "networks"
# Words used here next to <network> are reserved for network slugs (services.RESERVED).
urlpatterns = [
    path("", views.network_list, name="network_list"),
    path("ny/", views.network_create, name="network_create"),
    path("mitt/", views.my_overview, name="my_overview"),
    path("flytt-inn/", views.onboarding_upload, name="onboarding_upload"),
    path("flytt-inn/<int:pk>/", views.onboarding_job, name="onboarding_job"),
    path("flytt-inn/<int:pk>/importer/", views.onboarding_job_import, name="onboarding_job_import"),
    path(
        "flytt-inn/mal/<str:which>.<str:fmt>", views.onboarding_template, name="onboarding_template"
    ),
    path(
        "flytt-inn/eksport/<str:which>.<str:fmt>",
        views.onboarding_export,
        name="onboarding_export",
    ),
    path("program/<slug:slug>/oversikt/", views.programme_dashboard, name="programme_dashboard"),
    path("kalender/<str:token>.ics", views.user_calendar, name="user_calendar"),
    path("kommuner/<str:number>/", views.municipality_networks, name="municipality_networks"),
    path("<slug:network_slug>/", views.network_detail, name="network_detail"),
    path("<slug:network_slug>/kalender.ics", views.network_calendar, name="network_calendar"),
    path("<slug:network_slug>/rediger/", views.network_edit, name="network_edit"),
    path("<slug:network_slug>/medlemmer/", views.network_member_add, name="network_member_add"),
    path(
        "<slug:network_slug>/medlemmer/<int:membership>/ut/",
        views.network_member_remove,
        name="network_member_remove",
    ),
    path(
        "<slug:network_slug>/medlemmer/<int:membership>/angre/",
        views.network_member_restore,
        name="network_member_restore",
    ),
    path("<slug:network_slug>/samlinger/ny/", views.gathering_create, name="gathering_create"),
    path(
        "<slug:network_slug>/samlinger/<int:number>/",
        views.gathering_detail,
        name="gathering_detail",
    ),
    path(
        "<slug:network_slug>/samlinger/<int:number>/dokumenter/<int:pk>/",
        views.gathering_document,
        name="gathering_document",
    ),
    path(
        "<slug:network_slug>/samlinger/<int:number>/rediger/",
        views.gathering_edit,
        name="gathering_edit",
    ),
    path(
        "<slug:network_slug>/samlinger/<int:number>/rediger/program/",
        views.gathering_agenda,
        name="gathering_agenda",
    ),
    path(
        "<slug:network_slug>/samlinger/<int:number>/rediger/invitasjoner/",
        views.gathering_invitations,
        name="gathering_invitations",
    ),
    path(
        "<slug:network_slug>/samlinger/<int:number>/rediger/etter/",
        views.gathering_close_out,
        name="gathering_close_out",
    ),
    path(
        "<slug:network_slug>/samlinger/<int:number>/rediger/etter/resultater/",
        views.gathering_outcomes,
        name="gathering_outcomes",
    ),
    path(
        "<slug:network_slug>/samlinger/<int:number>/referat/",
        views.gathering_minutes,
        name="gathering_minutes",
    ),
    path(
        "<slug:network_slug>/samlinger/<int:number>/innsjekk/",
        views.gathering_check_in,
        name="gathering_check_in",
    ),
    path(
        "<slug:network_slug>/samlinger/<int:number>/oppmote/uten-pamelding/",
        views.walk_in_add,
        name="walk_in_add",
    ),
    path(
        "<slug:network_slug>/samlinger/<int:number>/invitasjoner/",
        views.gathering_invite,
        name="gathering_invite",
    ),
    path(
        "<slug:network_slug>/samlinger/<int:number>/program/",
        views.agenda_item_add,
        name="agenda_item_add",
    ),
    path(
        "<slug:network_slug>/samlinger/<int:number>/program/<int:pk>/flytt/",
        views.agenda_item_move,
        name="agenda_item_move",
    ),
    path(
        "<slug:network_slug>/samlinger/<int:number>/dokumenter/",
        views.document_add,
        name="document_add",
    ),
    path(
        "<slug:network_slug>/samlinger/<int:number>/dialog/",
        views.gathering_dialogue,
        name="gathering_dialogue",
    ),
    path(
        "<slug:network_slug>/samlinger/<int:number>/oppfolging/",
        views.follow_up_add,
        name="follow_up_add",
    ),
    path(
        "<slug:network_slug>/samlinger/<int:number>/oppfolging/<int:pk>/status/",
        views.follow_up_status,
        name="follow_up_status",
    ),
    path(
        "<slug:network_slug>/samlinger/<int:number>/pamelding/",
        views.gathering_register,
        name="gathering_register",
    ),
    path(
        "<slug:network_slug>/samlinger/<int:number>/pamelding/<int:pk>/endre/",
        views.registration_edit,
        name="registration_edit",
    ),
    path(
        "<slug:network_slug>/samlinger/<int:number>/pamelding/<int:pk>/trekk/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "<slug:network_slug>/samlinger/<int:number>/avmelding/",
        views.gathering_unregister,
        name="gathering_unregister",
    ),
    path(
        "<slug:network_slug>/samlinger/<int:number>/oppmote/",
        views.gathering_attendance,
        name="gathering_attendance",
    ),
    path(
        "<slug:network_slug>/samlinger/<int:number>/evaluering/",
        views.gathering_evaluate,
        name="gathering_evaluate",
    ),
    path("<slug:network_slug>/prosjekter/ny/", views.project_create, name="project_create"),
    path(
        "<slug:network_slug>/prosjekter/<slug:project_slug>/",
        views.project_detail,
        name="project_detail",
    ),
    path(
        "<slug:network_slug>/prosjekter/<slug:project_slug>/rediger/",
        views.project_edit,
        name="project_edit",
    ),
    path(
        "<slug:network_slug>/prosjekter/<slug:project_slug>/milepaeler/",
        views.milestone_add,
        name="milestone_add",
    ),
    path(
        "<slug:network_slug>/prosjekter/<slug:project_slug>/milepaeler/<int:milestone>/nadd/",
        views.milestone_done,
        name="milestone_done",
    ),
]
