from django.urls import path

from . import views

urlpatterns = [
    path("cohorts/<int:pk>/teams/", views.team_list, name="team_list"),
    path("cohorts/<int:pk>/teams/wishes/", views.team_preferences, name="team_preferences"),
    path("cohorts/<int:pk>/teams/topics/", views.topic_list, name="topic_list"),
    path("cohorts/<int:pk>/teams/topics/<int:topic_pk>/delete/", views.topic_delete, name="topic_delete"),
    path("cohorts/<int:pk>/teams/formation/", views.team_formation, name="team_formation"),
    path("cohorts/<int:pk>/teams/formation/auto/", views.team_auto_form, name="team_auto_form"),
    path("cohorts/<int:pk>/teams/formation/move/", views.team_move, name="team_move"),
    path("cohorts/<int:pk>/teams/formation/finalize/", views.team_finalize, name="team_finalize"),
    path("cohorts/<int:pk>/teams/new/", views.team_create, name="team_create"),
    path("cohorts/<int:pk>/teams/<int:team_pk>/", views.team_detail, name="team_detail"),
    path("cohorts/<int:pk>/teams/<int:team_pk>/edit/", views.team_edit, name="team_edit"),
    path("cohorts/<int:pk>/teams/<int:team_pk>/delete/", views.team_delete, name="team_delete"),
]
