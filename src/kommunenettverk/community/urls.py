from __future__ import annotations

from django.urls import path

from kommunenettverk.community import views

app_name = "community"
urlpatterns = [
    path("kommuner/<str:number>/", views.portal, name="portal"),
    path("kommuner/<str:number>/forslag/", views.proposal_list, name="proposal_list"),
    path("kommuner/<str:number>/moderering/", views.moderation, name="moderation"),
    path("kommuner/<str:number>/horinger/ny/", views.consultation_edit, name="consultation_create"),
    path("kommuner/<str:number>/arenaer/ny/", views.arena_edit, name="arena_create"),
    path(
        "kommuner/<str:number>/partnerskap/ny/", views.partnership_edit, name="partnership_create"
    ),
    path("kommuner/<str:number>/ressursmiljoer/ny/", views.partner_create, name="partner_create"),
    path("forslag/ny/<str:target>/<int:pk>/", views.proposal_create, name="proposal_create"),
    path("forslag/<int:pk>/godkjenn/", views.proposal_approve, name="proposal_approve"),
    path("forslag/<int:pk>/avvis/", views.proposal_reject, name="proposal_reject"),
    path("forslag/<int:pk>/svar/", views.proposal_answer, name="proposal_answer"),
    path("horinger/<int:pk>/", views.consultation_detail, name="consultation_detail"),
    path("horinger/<int:pk>/rediger/", views.consultation_edit, name="consultation_edit"),
    path("arenaer/<int:pk>/", views.arena_detail, name="arena_detail"),
    path("arenaer/<int:pk>/rediger/", views.arena_edit, name="arena_edit"),
    path("arenaer/<int:arena_pk>/aktiviteter/ny/", views.activity_edit, name="activity_create"),
    path("aktiviteter/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("aktiviteter/<int:pk>/rediger/", views.activity_edit, name="activity_edit"),
    path("aktiviteter/<int:pk>/pameldte/", views.activity_sign_ups, name="activity_sign_ups"),
    path("avmelding/<str:token>/", views.sign_up_cancel, name="sign_up_cancel"),
    path("ressursmiljoer/", views.partner_list, name="partner_list"),
    path("ressursmiljoer/ny/", views.partner_directory_create, name="partner_directory_create"),
    path("ressursmiljoer/<int:pk>/", views.partner_detail, name="partner_detail"),
    path("ressursmiljoer/<int:pk>/rediger/", views.partner_edit, name="partner_edit"),
    path("partnerskap/<int:pk>/rediger/", views.partnership_edit, name="partnership_edit"),
    path("logg-inn/", views.citizen_login, name="citizen_login"),
    path("logg-inn/sendt/", views.citizen_login_sent, name="citizen_login_sent"),
    path("logg-inn/<str:token>/", views.citizen_login_confirm, name="citizen_login_confirm"),
    path("logg-ut/", views.citizen_logout, name="citizen_logout"),
    path("mine-data/", views.citizen_data, name="citizen_data"),
    path("mine-data/eksport/", views.citizen_export, name="citizen_export"),
    path("mine-data/slett/", views.citizen_delete, name="citizen_delete"),
    path("personvern/", views.privacy, name="privacy"),
]
