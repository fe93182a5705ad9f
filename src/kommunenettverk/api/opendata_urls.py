"""The open data page (mounted at /apne-data/)."""

from __future__ import annotations

from django.urls import path

from kommunenettverk.api import views

app_name = "opendata"
urlpatterns = [path("", views.open_data, name="index")]
