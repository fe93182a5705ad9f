from __future__ import annotations

from django.urls import path

from kommunenettverk.api import views

app_name = "api_tokens"
urlpatterns = [
    path("", views.token_list, name="list"),
    path("<int:pk>/trekk-tilbake/", views.token_revoke, name="revoke"),
]
