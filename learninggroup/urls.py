from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("privacy-policy/", views.privacy_policy, name="privacy_policy"),
    path("language/", views.set_language, name="set_language"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("cohorts/", views.cohort_list, name="cohort_list"),
    path("cohorts/new/", views.cohort_create, name="cohort_create"),
    path("cohorts/<int:pk>/", views.cohort_home, name="cohort_home"),
    path("cohorts/<int:pk>/dashboard/", views.cohort_dashboard, name="cohort_dashboard"),
    path("cohorts/<int:pk>/settings/", views.cohort_settings, name="cohort_settings"),
    path("cohorts/<int:pk>/settings/emblem/", views.emblem_settings, name="emblem_settings"),
    path("cohorts/<int:pk>/emblem/", views.cohort_emblem, name="cohort_emblem"),
    path("cohorts/<int:pk>/roster/", views.roster, name="cohort_roster"),
    path("cohorts/<int:pk>/roster/import/", views.roster_import, name="cohort_roster_import"),
    path("cohorts/<int:pk>/roster/template.xlsx", views.roster_template, name="cohort_roster_template"),
    path(
        "cohorts/<int:pk>/invitations/<int:invitation_pk>/resend/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "cohorts/<int:pk>/members/<int:membership_pk>/active/",
        views.membership_active,
        name="membership_active",
    ),
    path("cohorts/<int:pk>/privacy/", views.privacy_accept, name="privacy_accept"),
    path("cohorts/<int:pk>/privacy/new/", views.privacy_notice_new, name="privacy_notice_new"),
    path("", include("notifications.urls")),
    path("", include("sessions.urls")),
    path("", include("teams.urls")),
    path("", include("submissions.urls")),
    path("", include("contests.urls")),
    path("", include("exports.urls")),
    path("", include("privacy.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
