from django.urls import path

from . import views

urlpatterns = [
    path("cohorts/<int:pk>/submissions/", views.submission_gallery, name="submission_gallery"),
    path("cohorts/<int:pk>/submissions/mine/", views.submission_mine, name="submission_mine"),
    path("cohorts/<int:pk>/submissions/settings/", views.submission_settings, name="submission_settings"),
    path("cohorts/<int:pk>/submissions/extensions/", views.deadline_extension_grant, name="deadline_extension_grant"),
    path(
        "cohorts/<int:pk>/submissions/extensions/<int:extension_pk>/revoke/",
        views.deadline_extension_revoke,
        name="deadline_extension_revoke",
    ),
    path("cohorts/<int:pk>/submissions/teams/<int:team_pk>/", views.submission_detail, name="submission_detail"),
    path("cohorts/<int:pk>/submissions/teams/<int:team_pk>/edit/", views.submission_edit, name="submission_edit"),
    path(
        "cohorts/<int:pk>/submissions/teams/<int:team_pk>/autosave/",
        views.submission_autosave,
        name="submission_autosave",
    ),
    path(
        "cohorts/<int:pk>/submissions/teams/<int:team_pk>/revisions/",
        views.submission_revisions,
        name="submission_revisions",
    ),
    path(
        "cohorts/<int:pk>/submissions/teams/<int:team_pk>/attachments/",
        views.attachment_upload,
        name="attachment_upload",
    ),
    path(
        "cohorts/<int:pk>/submissions/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "cohorts/<int:pk>/submissions/attachments/<int:attachment_pk>/remove/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path("cohorts/<int:pk>/submissions/teams/<int:team_pk>/prompts/new/", views.prompt_create, name="prompt_create"),
    path("cohorts/<int:pk>/prompts/", views.prompt_library, name="prompt_library"),
    path("cohorts/<int:pk>/prompts/<int:prompt_pk>/edit/", views.prompt_edit, name="prompt_edit"),
    path("cohorts/<int:pk>/prompts/<int:prompt_pk>/delete/", views.prompt_delete, name="prompt_delete"),
    path("cohorts/<int:pk>/prompts/<int:prompt_pk>/casebook/", views.prompt_casebook, name="prompt_casebook"),
]
