"""Sessions' personal data: attendance, notes, reminders and calendar addresses (see privacy/registry.py)."""

from __future__ import annotations

from django.db.models import Q

from learninggroup.dates import iso

from .models import (
    Attendance,
    AttendanceWarning,
    CalendarToken,
    FacilitatorNote,
    NoteVisibility,
    ReminderPreference,
)


def export_person(*, user) -> dict[str, list[dict]]:
    attendance = (
        Attendance.objects.filter(membership__user=user)
        .select_related("session", "session__cohort")
        .order_by("session__starts_at", "pk")
    )
    notes = FacilitatorNote.objects.filter(author=user).select_related("session", "session__cohort")
    return {
        "attendance": [
            {
                "cohort": a.session.cohort.name,
                "session": a.session.number,
                "title": a.session.title,
                "starts_at": iso(a.session.starts_at),
                "status": a.status,
                "method": a.method,
                "recorded_at": iso(a.recorded_at),
            }
            for a in attendance
        ],
        "notes_written": [
            {
                "cohort": n.session.cohort.name,
                "session": n.session.number,
                "visibility": n.visibility,
                "note": n.body,
                "written_at": iso(n.created_at),
            }
            for n in notes.order_by("created_at", "pk")
        ],
        "reminder_choices": [
            {"cohort": p.cohort.name, "reminders": p.reminders}
            for p in ReminderPreference.objects.filter(user=user).select_related("cohort").order_by("pk")
        ],
    }


def purge_cohort(*, cohort, anonymize_user_ids: frozenset[int], dry_run: bool) -> dict[str, int]:
    """Attendance rows and warnings, private notes (facilitators' and teams'), reminder choices and personal
    calendar addresses go; notes for the whole cohort stay without their author. (The record of which mail went
    to whom belongs to the notifications, which destroy their own part.)"""
    attendance = Attendance.objects.filter(session__cohort=cohort)
    private_notes = FacilitatorNote.objects.filter(session__cohort=cohort).filter(
        Q(visibility=NoteVisibility.FACILITATORS) | Q(visibility=NoteVisibility.TEAM)
    )
    public_notes = FacilitatorNote.objects.filter(session__cohort=cohort, visibility=NoteVisibility.COHORT)
    warnings = AttendanceWarning.objects.filter(membership__cohort=cohort)
    preferences = ReminderPreference.objects.filter(cohort=cohort)
    tokens = CalendarToken.objects.filter(cohort=cohort, user__isnull=False)
    report = {
        "attendance": attendance.count(),
        "private_notes": private_notes.count(),
        "cohort_notes_unsigned": public_notes.exclude(author=None).count(),
        "attendance_warnings": warnings.count(),
        "reminder_choices": preferences.count(),
        "calendar_addresses": tokens.count(),
    }
    if dry_run:
        return report
    attendance.delete()
    private_notes.delete()
    public_notes.update(author=None)
    warnings.delete()
    preferences.delete()
    tokens.delete()
    return report
