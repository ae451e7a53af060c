"""Sessions of a cohort, attendance, facilitator notes, reminders and calendar feeds.

Times are stored in UTC and shown in the cohort's zone (Cohort.zone, Asia/Seoul).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from learninggroup.models import Cohort, Membership


class SessionKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    LECTURE = "lecture", _("Special lecture")
    CONTEST_DAY = "contest_day", _("Contest day")


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    MOVED = "moved", _("Moved")
    CANCELLED = "cancelled", _("Cancelled")


class SessionQuerySet(models.QuerySet):
    def held(self):
        """Sessions that take (or took) place: everything but the cancelled ones."""
        return self.exclude(status=SessionStatus.CANCELLED)


class Session(models.Model):
    """One meeting of the cohort (a workshop evening, the special lecture, the contest day)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("cohort"))
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices, default=SessionKind.WORKSHOP)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("Markdown: lists, links, **bold**."))
    facilitators = models.ManyToManyField(
        Membership, blank=True, related_name="facilitated_sessions", verbose_name=_("facilitators")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    status_note = models.CharField(_("reason for the change"), max_length=300, blank=True)
    previous_starts_at = models.DateTimeField(_("previously at"), null=True, blank=True)
    sequence = models.PositiveIntegerField(default=0, editable=False)  # iCalendar SEQUENCE: raised on every change
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["cohort", "starts_at", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "number"], name="session_number_unique_in_cohort"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"),
        ]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED


def default_reminder_offsets() -> list[int]:
    return [24, 2]


class SessionSettings(models.Model):
    """A cohort's settings for sessions; created with the defaults the first time they are needed."""

    cohort = models.OneToOneField(
        Cohort, on_delete=models.CASCADE, related_name="session_settings", verbose_name=_("cohort")
    )
    reminder_offsets = models.JSONField(
        _("reminders (hours before a session)"), default=default_reminder_offsets, help_text=_("For example 24, 2.")
    )
    late_after_minutes = models.PositiveSmallIntegerField(
        _("late after (minutes)"), default=10, validators=[MaxValueValidator(180)]
    )
    completion_threshold = models.PositiveSmallIntegerField(
        _("completion threshold (%)"), default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    qr_rotation_seconds = models.PositiveSmallIntegerField(
        _("QR code changes every (seconds)"), default=60, validators=[MinValueValidator(15), MaxValueValidator(600)]
    )

    MAX_OFFSET_HOURS = 168

    class Meta:
        verbose_name = _("session settings")
        verbose_name_plural = _("session settings")

    def __str__(self) -> str:
        return str(self.cohort)

    def clean(self):
        super().clean()
        offsets = self.reminder_offsets
        if not isinstance(offsets, list) or not all(isinstance(h, int) and not isinstance(h, bool) for h in offsets):
            raise ValidationError({"reminder_offsets": _("Give whole hours, for example 24, 2.")})
        if len(offsets) > 5:
            raise ValidationError({"reminder_offsets": _("At most five reminders per session.")})
        if any(h < 1 or h > self.MAX_OFFSET_HOURS for h in offsets):
            raise ValidationError(
                {"reminder_offsets": _("Each reminder must be between 1 and %(max)d hours before the session.")},
                params={"max": self.MAX_OFFSET_HOURS},
            )
        if len(set(offsets)) != len(offsets):
            raise ValidationError({"reminder_offsets": _("The same reminder is listed twice.")})


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.EXCUSED)


class AttendanceMethod(models.TextChoices):
    QR = "qr", _("QR code")
    MANUAL = "manual", _("By the facilitator")


class Attendance(models.Model):
    """One participant at one session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    method = models.CharField(_("method"), max_length=10, choices=AttendanceMethod.choices)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["session", "membership"], name="attendance_once_per_session")]

    def __str__(self) -> str:
        return f"{self.session} · {self.membership_id} · {self.status}"


class NoteVisibility(models.TextChoices):
    FACILITATORS = "facilitators", _("Facilitators only")
    TEAM = "team", _("The team")
    COHORT = "cohort", _("The whole cohort")


class FacilitatorNote(models.Model):
    """A facilitator's note on a session, optionally about one team. The body is Markdown;
    `body_html` is its sanitized rendering (nh3), made when the note is saved."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="notes", verbose_name=_("session"))
    team = models.ForeignKey(
        "teams.Team", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("team")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("note"))
    body_html = models.TextField(editable=False, blank=True)
    visibility = models.CharField(
        _("visible to"), max_length=20, choices=NoteVisibility.choices, default=NoteVisibility.FACILITATORS
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("facilitator note")
        verbose_name_plural = _("facilitator notes")
        ordering = ["session", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(visibility=NoteVisibility.TEAM) | Q(team__isnull=False), name="note_team_visibility_team"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.body[:30]}"

    def clean(self):
        super().clean()
        if self.visibility == NoteVisibility.TEAM and self.team_id is None:
            raise ValidationError({"team": _("Choose the team that may read this note.")})
        if self.team_id is not None and self.session_id is not None and self.team.cohort_id != self.session.cohort_id:
            raise ValidationError({"team": _("The team is not in this cohort.")})


class ReminderPreference(models.Model):
    """A person's choice to receive session reminders in one cohort (on unless switched off)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="+")
    reminders = models.BooleanField(_("e-mail reminders before sessions"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")
        constraints = [models.UniqueConstraint(fields=["user", "cohort"], name="reminder_preference_once")]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.cohort_id} · {self.reminders}"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """The secret in a calendar feed's address: one for the cohort's feed (user empty), one per person."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="calendar_token_per_person"),
            models.UniqueConstraint(
                fields=["cohort"], condition=Q(user__isnull=True), name="calendar_token_per_cohort"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort_id} · {self.user_id or 'cohort'}"


class AttendanceWarning(models.Model):
    """That a participant can no longer reach the completion threshold, and the one warning about it."""

    membership = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="attendance_warning")
    attended = models.PositiveSmallIntegerField()
    sessions = models.PositiveSmallIntegerField()
    best_possible_rate = models.FloatField()
    threshold = models.PositiveSmallIntegerField()
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("attendance warning")
        verbose_name_plural = _("attendance warnings")

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.best_possible_rate:.0f} % < {self.threshold} %"
