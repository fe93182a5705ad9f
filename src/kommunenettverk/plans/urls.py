from __future__ import annotations

from django.urls import path

from kommunenettverk.plans import views

app_name = "plans"
urlpatterns = [
    path("kommuner/<str:number>/", views.strategy_overview, name="strategy_overview"),
    path("kommuner/<str:number>/planer/", views.plan_list, name="plan_list"),
    path("kommuner/<str:number>/planer/ny/", views.plan_edit, name="plan_create"),
    path("kommuner/<str:number>/planer/<int:pk>/", views.plan_edit, name="plan_edit"),
    path("kommuner/<str:number>/mal/ny/", views.goal_edit, name="goal_create"),
    path("kommuner/<str:number>/mal/<int:pk>/rediger/", views.goal_edit, name="goal_edit"),
    path("kommuner/<str:number>/rapporter/", views.report_list, name="report_list"),
    path("nettverk/<slug:network_slug>/", views.network_strategy, name="network_strategy"),
    path("mal/<int:pk>/", views.goal_detail, name="goal_detail"),
    path("mal/<int:goal_pk>/tiltak/nytt/", views.measure_edit, name="measure_create"),
    path("mal/<int:goal_pk>/tiltak/<int:pk>/rediger/", views.measure_edit, name="measure_edit"),
    path("tiltak/<int:pk>/", views.measure_detail, name="measure_detail"),
    path("tiltak/<int:pk>/status/", views.measure_status, name="measure_status"),
    path("rapporter/<int:pk>/", views.report_detail, name="report_detail"),
    path("rapporter/<int:pk>/ny-versjon/", views.report_new_version, name="report_new_version"),
    path("rapporter/<int:pk>/kommentar/", views.report_comment, name="report_comment"),
    path("rapporter/<int:pk>/send-tilbake/", views.report_send_back, name="report_send_back"),
    path("rapporteringsrunder/", views.round_list, name="round_list"),
    path("rapporteringsrunder/<int:pk>/", views.round_detail, name="round_detail"),
    path(
        "rapporteringsrunder/<int:pk>/nettverk/<slug:network_slug>/paminn/",
        views.round_remind,
        name="round_remind",
    ),
]
