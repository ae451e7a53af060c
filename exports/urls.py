from django.urls import path

from . import views

urlpatterns = [
    path("cohorts/<int:pk>/exports/", views.export_list, name="export_list"),
    path("cohorts/<int:pk>/exports/start/", views.export_start, name="export_start"),
    path("cohorts/<int:pk>/exports/<int:job_pk>/", views.export_job, name="export_job"),
    path("cohorts/<int:pk>/exports/<int:job_pk>/retry/", views.export_retry, name="export_retry"),
    path("cohorts/<int:pk>/exports/<int:job_pk>/download/", views.export_download, name="export_download"),
    path("cohorts/<int:pk>/certificates/", views.certificate_ledger, name="certificate_ledger"),
    path(
        "cohorts/<int:pk>/certificates/<int:certificate_pk>/revoke/",
        views.certificate_revoke,
        name="certificate_revoke",
    ),
    path(
        "cohorts/<int:pk>/certificates/<int:certificate_pk>/reissue/",
        views.certificate_reissue,
        name="certificate_reissue",
    ),
    path("certificates/verify/<str:token>/", views.certificate_verify, name="certificate_verify"),
    path("cohorts/<int:pk>/exports/contests/<int:contest_pk>/form/", views.form_template, name="form_template"),
]
