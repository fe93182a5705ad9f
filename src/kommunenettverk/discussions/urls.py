from __future__ import annotations

from django.urls import path

from kommunenettverk.discussions import views

app_name = "discussions"
urlpatterns = [
    path("sok/", views.search, name="search"),
    path("nettverk/<slug:network_slug>/", views.network_threads, name="network_threads"),
    path("nettverk/<slug:network_slug>/ny/", views.thread_create, name="thread_create"),
    path("<int:pk>/", views.thread_detail, name="thread_detail"),
    path("<int:pk>/svar/", views.post_create, name="post_create"),
    path("<int:pk>/moderer/", views.thread_moderate, name="thread_moderate"),
    path("<int:pk>/flytt/", views.thread_move, name="thread_move"),
    path("<int:pk>/sammendrag/", views.thread_summary, name="thread_summary"),
    path("<int:pk>/til-idebanken/", views.thread_convert, name="thread_convert"),
    path("sammendrag/<int:pk>/", views.summary_public, name="summary_public"),
    path("innlegg/<int:pk>/nyttig/", views.post_helpful, name="post_helpful"),
    path("innlegg/<int:pk>/skjul/", views.post_hide, name="post_hide"),
    path("vedlegg/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("kommentarer/<str:kind>/<int:pk>/", views.comment_create, name="comment_create"),
]
