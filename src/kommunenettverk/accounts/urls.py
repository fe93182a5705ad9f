from __future__ import annotations

from django.urls import path

from kommunenettverk.accounts import views

app_name = "accounts"
urlpatterns = [
    path("logg-inn/", views.login, name="login"),
    path("logg-ut/", views.logout, name="logout"),
    path("logg-inn/med/<slug:provider>/", views.oidc_start, name="oidc_start"),
    path("logg-inn/med/<slug:provider>/svar/", views.oidc_callback, name="oidc_callback"),
    path("glemt-passord/", views.password_reset, name="password_reset"),
    path("glemt-passord/sendt/", views.password_reset_done, name="password_reset_done"),
    path(
        "nytt-passord/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("nytt-passord/ferdig/", views.password_reset_complete, name="password_reset_complete"),
    path("invitasjon/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("min-side/", views.me, name="me"),
    path("min-side/ny-kalenderlenke/", views.calendar_renew, name="calendar_renew"),
    path("kommuner/<str:number>/roller/", views.municipality_roles, name="municipality_roles"),
    path(
        "kommuner/<str:number>/roller/<int:pk>/fjern/",
        views.municipality_role_revoke,
        name="municipality_role_revoke",
    ),
    path(
        "kommuner/<str:number>/roller/invitasjoner/<int:pk>/send-igjen/",
        views.municipality_invitation_resend,
        name="municipality_invitation_resend",
    ),
]
