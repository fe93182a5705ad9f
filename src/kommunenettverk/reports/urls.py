from __future__ import annotations

from django.urls import path

from kommunenettverk.reports import views

app_name = "reports"
urlpatterns = [
    path("kommuner/<str:number>/", views.municipality_latest, name="municipality_latest"),
    path("kommuner/<str:number>/<int:year>/", views.municipality, name="municipality"),
    path(
        "kommuner/<str:number>/<int:year>.pdf",
        views.municipality,
        {"fmt": "pdf"},
        name="municipality_pdf",
    ),
    path(
        "kommuner/<str:number>/<int:year>.xlsx",
        views.municipality,
        {"fmt": "xlsx"},
        name="municipality_xlsx",
    ),
    path("nettverk/<slug:slug>/", views.network, name="network"),
    path("nettverk/<slug:slug>.pdf", views.network, {"fmt": "pdf"}, name="network_pdf"),
    path("nettverk/<slug:slug>.xlsx", views.network, {"fmt": "xlsx"}, name="network_xlsx"),
    path("program/<slug:slug>/", views.national, name="national"),
    path("program/<slug:slug>/bestill/", views.national_job_create, name="national_job_create"),
    path("jobber/<int:pk>/", views.job, name="job"),
    path("jobber/<int:pk>/fil/", views.job_download, name="job_download"),
    path("jobber/<int:pk>/avbryt/", views.job_cancel, name="job_cancel"),
]
