from django.urls import path

from . import views

urlpatterns = [
    path("cohorts/<int:pk>/privacy/access-log/", views.access_log, name="access_log"),
    path("cohorts/<int:pk>/privacy/access-log.csv", views.access_log_csv, name="access_log_csv"),
    path("privacy/access-log/", views.access_log_all, name="access_log_all"),
    path("privacy/access-log.csv", views.access_log_all_csv, name="access_log_all_csv"),
    path("cohorts/<int:pk>/privacy/retention/", views.retention_settings, name="retention_settings"),
    path("me/data/", views.my_data, name="my_data"),
    path("me/data/download/", views.my_data_download, name="my_data_download"),
]
