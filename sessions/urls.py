from django.urls import path

from .views import attendance, calendar, notes, schedule

S = "cohorts/<int:pk>/sessions/<int:session_pk>/"

urlpatterns = [
    path("cohorts/<int:pk>/sessions/", schedule.session_list, name="session_list"),
    path("cohorts/<int:pk>/sessions/new/", schedule.session_create, name="session_create"),
    path("cohorts/<int:pk>/sessions/plan/", schedule.session_planner, name="session_planner"),
    path("cohorts/<int:pk>/sessions/settings/", schedule.session_settings, name="session_settings"),
    path("cohorts/<int:pk>/sessions/attendance/", attendance.attendance_matrix, name="attendance_matrix"),
    path("cohorts/<int:pk>/sessions/attendance.xlsx", attendance.attendance_matrix_xlsx, name="attendance_matrix_xlsx"),
    path(S, schedule.session_detail, name="session_detail"),
    path(S + "edit/", schedule.session_edit, name="session_edit"),
    path(S + "move/", schedule.session_move, name="session_move"),
    path(S + "cancel/", schedule.session_cancel, name="session_cancel"),
    path(S + "attendance/", attendance.attendance_sheet, name="attendance_sheet"),
    path(S + "attendance/mark/", attendance.attendance_mark, name="attendance_mark"),
    path(S + "attendance/mark-rest/", attendance.attendance_mark_rest, name="attendance_mark_rest"),
    path(S + "qr/", attendance.session_qr, name="session_qr"),
    path(S + "check-in/", attendance.session_check_in, name="session_check_in"),
    path(S + "notes/new/", notes.note_create, name="note_create"),
    path(S + "notes/<int:note_pk>/", notes.note_detail, name="note_detail"),
    path(S + "notes/<int:note_pk>/edit/", notes.note_edit, name="note_edit"),
    path(S + "notes/<int:note_pk>/delete/", notes.note_delete, name="note_delete"),
    path("cohorts/<int:pk>/calendar/", calendar.calendar_links, name="calendar_links"),
    path("cohorts/<int:pk>/calendar/reset/", calendar.calendar_reset, name="calendar_reset"),
    path("cohorts/<int:pk>/calendar/reminders/", calendar.reminder_preference, name="reminder_preference"),
    path("cohorts/<int:pk>/calendar/<str:token>.ics", calendar.calendar_cohort_feed, name="calendar_cohort_feed"),
    path(
        "cohorts/<int:pk>/calendar/me/<str:token>.ics", calendar.calendar_personal_feed, name="calendar_personal_feed"
    ),
]
