from django.urls import path

from . import views

C = "cohorts/<int:pk>/contests/"
ONE = C + "<int:contest_pk>/"
SHEET = C + "sheets/<int:assignment_pk>/"

urlpatterns = [
    path(C, views.contest_list, name="contest_list"),
    path(C + "new/", views.contest_create, name="contest_create"),
    path(ONE, views.contest_detail, name="contest_detail"),
    path(ONE + "settings/", views.contest_settings, name="contest_settings"),
    path(ONE + "status/", views.contest_status, name="contest_status"),
    path(ONE + "rounds/<int:round_pk>/", views.round_edit, name="round_edit"),
    path(ONE + "rounds/<int:round_pk>/panel/", views.round_panel, name="round_panel"),
    path(ONE + "rounds/<int:round_pk>/assign/", views.round_assign, name="round_assign"),
    path(ONE + "nominate/", views.entry_nominate, name="entry_nominate"),
    path(ONE + "entries/<int:entry_pk>/withdraw/", views.entry_withdraw, name="entry_withdraw"),
    path(ONE + "entries/<int:entry_pk>/calibration/", views.entry_calibration, name="entry_calibration"),
    path(ONE + "entries/<int:entry_pk>/form/", views.entry_form, name="entry_form"),
    path(ONE + "entries/<int:entry_pk>/feedback/", views.entry_feedback, name="entry_feedback"),
    path(ONE + "conflicts/", views.conflict_list, name="conflict_list"),
    path(ONE + "conflicts/<int:conflict_pk>/", views.conflict_override, name="conflict_override"),
    path(ONE + "judging/", views.judge_desk, name="judge_desk"),
    path(ONE + "results/", views.contest_results, name="contest_results"),
    path(ONE + "awards/", views.award_assign, name="award_assign"),
    path(ONE + "award-levels/", views.award_level_add, name="award_level_add"),
    path(ONE + "vote/", views.peer_vote, name="peer_vote"),
    path(SHEET, views.sheet, name="sheet"),
    path(SHEET + "confirm/", views.sheet_confirm, name="sheet_confirm"),
    path(SHEET + "recuse/", views.sheet_recuse, name="sheet_recuse"),
    path(SHEET + "autosave/", views.sheet_autosave, name="sheet_autosave"),
    path(SHEET + "submit/", views.sheet_submit, name="sheet_submit"),
    path(SHEET + "reopen/", views.sheet_reopen, name="sheet_reopen"),
    path(SHEET + "files/<int:attachment_pk>/", views.sheet_attachment, name="sheet_attachment"),
]
