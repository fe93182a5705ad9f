from __future__ import annotations

from django.urls import path

from kommunenettverk.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("oppgaver/", views.tasks, name="tasks"),
    path("om/", views.about, name="about"),
    path("tilgjengelighet/", views.accessibility, name="accessibility"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("helse/", views.health, name="health"),
    path("helse/database/", views.health_database, name="health_database"),
]
