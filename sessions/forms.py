from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from learninggroup import forms as lg_forms

from .models import (
    AttendanceStatus,
    NoteVisibility,
    SessionKind,
    SessionSettings,
)
from .planner import MAX_COUNT, MAX_WINDOW_DAYS

WEEKDAY_CHOICES = [
    (0, pgettext_lazy("weekday", "Monday")),
    (1, pgettext_lazy("weekday", "Tuesday")),
    (2, pgettext_lazy("weekday", "Wednesday")),
    (3, pgettext_lazy("weekday", "Thursday")),
    (4, pgettext_lazy("weekday", "Friday")),
    (5, pgettext_lazy("weekday", "Saturday")),
    (6, pgettext_lazy("weekday", "Sunday")),
]
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# A text field, not type="time": browsers show that in the viewer's 12-hour locale (오후 07:00); here it is 19:00.
TIME_WIDGET = forms.TimeInput(
    attrs={"inputmode": "numeric", "pattern": "[0-2]?[0-9]:[0-5][0-9]", "placeholder": "19:00", "size": 6},
    format="%H:%M",
)
MAX_EXCLUDED = 100


def parse_dates(text: str) -> list[dt.date]:
    """Dates written one per line or separated by commas, as 2025-05-20."""
    found, wrong = [], []
    for piece in re.split(r"[\s,;]+", text or ""):
        if not piece:
            continue
        try:
            found.append(dt.date.fromisoformat(piece))
        except ValueError:
            wrong.append(piece)
    if wrong:
        raise forms.ValidationError(
            _("These are not dates: %(wrong)s. Write them as 2025-05-20, one per line."),
            params={"wrong": ", ".join(wrong[:5])},
        )
    if len(found) > MAX_EXCLUDED:
        raise forms.ValidationError(_("At most %(n)d dates can be excluded."), params={"n": MAX_EXCLUDED})
    return sorted(set(found))


class PlannerForm(lg_forms.Form):
    first_date = forms.DateField(label=_("First date"), widget=DATE_WIDGET)
    last_date = forms.DateField(label=_("Last date"), widget=DATE_WIDGET)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        initial=[1, 2],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one weekday.")},
    )
    once_a_week = forms.BooleanField(
        label=_("At most one session a week"),
        required=False,
        help_text=_(
            "The first free chosen weekday of each week: if Tuesday is a holiday, that week meets on Wednesday."
        ),
    )
    count = forms.IntegerField(
        label=_("Number of sessions"),
        initial=10,
        min_value=1,
        max_value=MAX_COUNT,
    )
    start_time = forms.TimeField(label=_("Starts at"), initial=dt.time(19, 0), widget=TIME_WIDGET)
    end_time = forms.TimeField(label=_("Ends at"), initial=dt.time(21, 0), widget=TIME_WIDGET)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    excluded = forms.CharField(
        label=_("Dates to skip"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "2025-06-17"}),
        help_text=_("Besides public holidays, which are skipped anyway. One date per line, as 2025-06-17."),
    )
    titles = forms.CharField(
        label=_("Titles"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Optional: one title per line, in order. Sessions without one are called “Session N”."),
    )

    def clean_excluded(self):
        return parse_dates(self.cleaned_data.get("excluded", ""))

    def clean_titles(self):
        lines = [line.strip() for line in (self.cleaned_data.get("titles") or "").splitlines()]
        lines = [line for line in lines if line]
        if any(len(line) > 200 for line in lines):
            raise forms.ValidationError(_("A title may be at most 200 characters long."))
        return lines

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_date"), cleaned.get("last_date")
        if first and last:
            if last < first:
                self.add_error("last_date", _("The last date cannot be before the first date."))
            elif (last - first).days >= MAX_WINDOW_DAYS:
                self.add_error("last_date", _("Plan at most one year at a time."))
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("A session must end after it starts."))
        return cleaned


class SessionTimeMixin(lg_forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    start_time = forms.TimeField(label=_("Starts at"), widget=TIME_WIDGET)
    end_time = forms.TimeField(label=_("Ends at"), widget=TIME_WIDGET)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("A session must end after it starts."))
        return cleaned

    def times(self, zone) -> tuple[dt.datetime, dt.datetime]:
        day = self.cleaned_data["date"]
        return (
            dt.datetime.combine(day, self.cleaned_data["start_time"], tzinfo=zone),
            dt.datetime.combine(day, self.cleaned_data["end_time"], tzinfo=zone),
        )


class FacilitatorsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.user.name


class SessionForm(SessionTimeMixin):
    """A single session (the special lecture, the contest day)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices, initial=SessionKind.WORKSHOP)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 6}), help_text=_("Markdown.")
    )
    facilitators = FacilitatorsField(
        label=_("Facilitators"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    field_order = ["title", "kind", "date", "start_time", "end_time", "venue", "agenda", "facilitators"]

    def __init__(self, *args, facilitators=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].queryset = facilitators


class SessionEditForm(lg_forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 8}), help_text=_("Markdown.")
    )
    facilitators = FacilitatorsField(
        label=_("Facilitators"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, facilitators=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].queryset = facilitators


class SessionMoveForm(SessionTimeMixin):
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    reason = forms.CharField(label=_("Reason (sent to everyone)"), max_length=300, required=False)


class SessionCancelForm(lg_forms.Form):
    reason = forms.CharField(label=_("Reason (sent to everyone)"), max_length=300, required=False)


class AttendanceMarkForm(lg_forms.Form):
    membership = forms.IntegerField(min_value=1)
    status = forms.ChoiceField(choices=AttendanceStatus.choices)


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class NoteForm(lg_forms.Form):
    body = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
        help_text=_("Markdown: lists, links, **bold**. HTML is removed."),
    )
    visibility = forms.ChoiceField(
        label=_("Visible to"), choices=NoteVisibility.choices, initial=NoteVisibility.FACILITATORS
    )
    team = TeamChoiceField(label=_("Team"), queryset=None, required=False, empty_label=_("No team"))

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("visibility") == NoteVisibility.TEAM and not cleaned.get("team"):
            self.add_error("team", _("Choose the team that may read this note."))
        return cleaned


class SessionSettingsForm(lg_forms.Form):
    reminder_offsets = forms.CharField(
        label=_("Reminders (hours before a session)"),
        help_text=_("Comma-separated whole hours, for example 24, 2. Leave empty for no reminders."),
        required=False,
        max_length=50,
    )
    late_after_minutes = forms.IntegerField(label=_("Late after (minutes after the start)"), min_value=0, max_value=180)
    completion_threshold = forms.IntegerField(label=_("Completion threshold (%)"), min_value=1, max_value=100)
    qr_rotation_seconds = forms.IntegerField(label=_("QR code changes every (seconds)"), min_value=15, max_value=600)

    def clean_reminder_offsets(self):
        text = self.cleaned_data.get("reminder_offsets") or ""
        pieces = [piece for piece in re.split(r"[\s,;]+", text) if piece]
        try:
            hours = [int(piece) for piece in pieces]
        except ValueError:
            raise forms.ValidationError(_("Give whole hours, for example 24, 2.")) from None
        if len(hours) > 5:
            raise forms.ValidationError(_("At most five reminders per session."))
        if any(h < 1 or h > SessionSettings.MAX_OFFSET_HOURS for h in hours):
            raise forms.ValidationError(
                _("Each reminder must be between 1 and %(max)d hours before the session."),
                params={"max": SessionSettings.MAX_OFFSET_HOURS},
            )
        if len(set(hours)) != len(hours):
            raise forms.ValidationError(_("The same reminder is listed twice."))
        return hours


class ReminderPreferenceForm(lg_forms.Form):
    reminders = forms.BooleanField(label=_("E-mail me before each session"), required=False)
