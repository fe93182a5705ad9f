from __future__ import annotations

from django.urls import path

from kommunenettverk.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("nasjonalt/", views.national, name="national"),
    path("import/", views.upload, name="upload"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    path("import/<int:pk>/avbryt/", views.import_job_cancel, name="import_job_cancel"),
    path("import/<int:pk>/importer/", views.import_job_confirm, name="import_job_confirm"),
    path("import/<int:pk>/angre/", views.import_job_undo, name="import_job_undo"),
    path(
        "import/mal/<slug:code>.<str:fmt>",
        views.import_template,
        name="import_template",
    ),
    path("import/oppskrifter/", views.recipe_list, name="recipe_list"),
    path("import/oppskrifter/ny/", views.recipe_edit, name="recipe_create"),
    path("import/oppskrifter/<int:pk>/", views.recipe_edit, name="recipe_edit"),
    path("kommuner/<str:number>/", views.municipality_overview, name="municipality"),
    path(
        "kommuner/<str:number>/<slug:code>/",
        views.municipality_indicator,
        name="municipality_indicator",
    ),
    path("mal/<int:goal_pk>/", views.goal_targets, name="goal_targets"),
    path("mal/<int:goal_pk>/<int:pk>/", views.goal_target_edit, name="goal_target_edit"),
    path("mal/<int:goal_pk>/<int:pk>/slett/", views.goal_target_delete, name="goal_target_delete"),
]
