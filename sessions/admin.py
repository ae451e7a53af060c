from django.contrib import admin

from .models import (
    Attendance,
    AttendanceWarning,
    CalendarToken,
    FacilitatorNote,
    ReminderPreference,
    Session,
    SessionSettings,
)


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("cohort", "number", "title", "kind", "starts_at", "status")
    list_filter = ("status", "kind")
    search_fields = ("title", "cohort__name")
    raw_id_fields = ("cohort", "facilitators")


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("session", "membership", "status", "method", "recorded_at")
    list_filter = ("status", "method")
    raw_id_fields = ("session", "membership", "recorded_by")


@admin.register(FacilitatorNote)
class FacilitatorNoteAdmin(admin.ModelAdmin):
    list_display = ("session", "team", "visibility", "author", "created_at")
    list_filter = ("visibility",)
    raw_id_fields = ("session", "team", "author")


@admin.register(AttendanceWarning)
class AttendanceWarningAdmin(admin.ModelAdmin):
    list_display = ("membership", "attended", "sessions", "best_possible_rate", "threshold", "sent_at")
    raw_id_fields = ("membership",)


admin.site.register(SessionSettings)
admin.site.register(ReminderPreference)
admin.site.register(CalendarToken)
