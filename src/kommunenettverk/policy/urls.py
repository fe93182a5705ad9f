"""Policy input to the state, under /innspill/ (namespace policy_input)."""

from __future__ import annotations

from django.urls import path

from kommunenettverk.policy import views

app_name = "policy_input"
urlpatterns = [
    path("", views.register, name="register"),
    path("mine/", views.mine, name="mine"),
    path("behandling/", views.queue, name="queue"),
    path("til-svar/", views.answer_queue, name="answer_queue"),
    path(
        "ny/kommune/<str:key>/",
        views.create,
        {"kind": "municipality"},
        name="create_municipal",
    ),
    path("ny/nettverk/<slug:key>/", views.create, {"kind": "network"}, name="create_network"),
    path("ny/program/<slug:key>/", views.create, {"kind": "programme"}, name="create_programme"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/rediger/", views.edit, name="edit"),
    path("<int:pk>/send-inn/", views.submit, name="submit"),
    path("<int:pk>/videresend/", views.forward, name="forward"),
    path("<int:pk>/send-tilbake/", views.send_back, name="send_back"),
    path("<int:pk>/under-vurdering/", views.review, name="review"),
    path("<int:pk>/svar/", views.answer, name="answer"),
    path("<int:pk>/avslutt/", views.close, name="close"),
]
