from __future__ import annotations

from django.urls import path

from kommunenettverk.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.municipality_list, name="municipality_list"),
    path("fylker/", views.county_list, name="county_list"),
    path("fylker/<str:number>/", views.county_detail, name="county_detail"),
    path("regioner/<slug:code>/", views.region_detail, name="region_detail"),
    path("<str:number>/", views.municipality_detail, name="municipality_detail"),
    path("<str:number>/rediger/", views.municipality_edit, name="municipality_edit"),
]
