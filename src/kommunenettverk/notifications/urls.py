from __future__ import annotations

from django.urls import path

from kommunenettverk.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notice_list, name="notice_list"),
    path("lest/", views.notice_read_all, name="notice_read_all"),
    path("innstillinger/", views.preferences, name="preferences"),
    path("<int:pk>/", views.notice_open, name="notice_open"),
    path("<int:pk>/lest/", views.notice_read, name="notice_read"),
]
