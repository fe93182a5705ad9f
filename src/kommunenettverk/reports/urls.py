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
]
