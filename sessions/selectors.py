"""Read-side queries of sessions, attendance and notes, with what their pages show already fetched.

Each function runs a fixed number of queries, whatever the number of participants or sessions.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from learninggroup.models import Cohort, Membership, Role, User
from learninggroup.rules import is_staff_of_cohort
from teams.models import Team

from .models import (
    ATTENDED,
    Attendance,
    AttendanceStatus,
    CalendarToken,
    FacilitatorNote,
    NoteVisibility,
    ReminderPreference,
    Session,
    SessionSettings,
    SessionStatus,
)


def session_settings_for(*, cohort: Cohort) -> SessionSettings:
    """The cohort's settings, or the defaults (unsaved) while nobody has changed them. No query when the
    cohort was fetched with select_related("session_settings")."""
    try:
        return cohort.session_settings
    except SessionSettings.DoesNotExist:
        return SessionSettings(cohort=cohort)


def _facilitators_prefetch() -> Prefetch:
    return Prefetch("facilitators", queryset=Membership.objects.select_related("user").order_by("user__name"))


# Sessions ------------------------------------------------------------------------------------


def session_list(*, cohort: Cohort) -> QuerySet[Session]:
    """The cohort's sessions in time order, each with its facilitators and attendance counts."""
    return (
        Session.objects.filter(cohort=cohort)
        .prefetch_related(_facilitators_prefetch())
        .annotate(
            n_present=Count("attendances", filter=Q(attendances__status=AttendanceStatus.PRESENT)),
            n_late=Count("attendances", filter=Q(attendances__status=AttendanceStatus.LATE)),
            n_excused=Count("attendances", filter=Q(attendances__status=AttendanceStatus.EXCUSED)),
            n_absent=Count("attendances", filter=Q(attendances__status=AttendanceStatus.ABSENT)),
        )
        .order_by("starts_at", "number")
    )


def joined_at_of_user(*, cohort: Cohort, user: User) -> dt.datetime | None:
    """When the person joined the cohort as a participant (None: from the start)."""
    return (
        Membership.objects.filter(cohort=cohort, user=user, role=Role.PARTICIPANT)
        .values_list("joined_at", flat=True)
        .first()
    )


def attendance_of_user(*, cohort: Cohort, user: User) -> dict[int, Attendance]:
    """session id → the person's attendance record in the cohort (as a participant)."""
    return {
        record.session_id: record
        for record in Attendance.objects.filter(
            session__cohort=cohort, membership__user=user, membership__role=Role.PARTICIPANT
        )
    }


def session_for(*, cohort: Cohort, session_pk: int) -> Session:
    """The session of this cohort, or 404 (another cohort's session does not exist here)."""
    session = (
        Session.objects.filter(cohort=cohort, pk=session_pk)
        .select_related("cohort")
        .prefetch_related(_facilitators_prefetch())
    ).first()
    if session is None:
        raise Http404
    return session


def session_next_for_user(*, cohort: Cohort, user: User) -> Session | None:
    """The next session the person is expected at (running or upcoming, not cancelled), for their home page."""
    return (
        Session.objects.held()
        .filter(cohort=cohort, ends_at__gte=timezone.now())
        .order_by("starts_at", "number")
        .first()
    )


def next_session_number(*, cohort: Cohort) -> int:
    last = Session.objects.filter(cohort=cohort).order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def expected_memberships(*, session: Session) -> QuerySet[Membership]:
    """Who is expected at a session: the cohort's participants taking part (not someone whose invitation is
    still pending) and the session's facilitators. Reminders and attendance warnings go to them."""
    return (
        Membership.objects.taking_part()
        .filter(cohort_id=session.cohort_id)
        .filter(Q(role=Role.PARTICIPANT) | Q(role=Role.FACILITATOR, facilitated_sessions=session))
        .select_related("user")
        .distinct()
    )


def facilitator_choices(*, cohort: Cohort) -> QuerySet[Membership]:
    return Membership.objects.active().filter(cohort=cohort, role=Role.FACILITATOR).select_related("user")


# Attendance ----------------------------------------------------------------------------------


def participants_of(*, cohort: Cohort) -> QuerySet[Membership]:
    """The cohort's active participants by name, with their team (if the teams app placed them). Someone whose
    invitation is still pending is not taking part yet: not on the sheet, not counted absent."""
    return (
        Membership.objects.taking_part()
        .filter(cohort=cohort, role=Role.PARTICIPANT)
        .select_related("user", "team_membership__team")
        .order_by("user__name", "pk")
    )


def joined_before_end(session: Session) -> Q:
    """Members expected at the session: those who joined the cohort before it ended (or from the start)."""
    return Q(joined_at__isnull=True) | Q(joined_at__lt=session.ends_at)


def expected_participants(*, session: Session) -> QuerySet[Membership]:
    """The participants expected at a session: active, and in the cohort before the session ended."""
    return participants_of(cohort=session.cohort).filter(joined_before_end(session))


def attendance_sheet(*, session: Session) -> list[tuple[Membership, Attendance | None]]:
    """Every participant expected at the session with their attendance at it: two queries."""
    records = {record.membership_id: record for record in Attendance.objects.filter(session=session)}
    return [(member, records.get(member.pk)) for member in expected_participants(session=session)]


def attendance_row(*, session: Session, membership_pk: int) -> tuple[Membership, Attendance | None]:
    member = expected_participants(session=session).filter(pk=membership_pk).first()
    if member is None:
        raise Http404
    return member, Attendance.objects.filter(session=session, membership=member).first()


def past_sessions(*, cohort: Cohort, now: dt.datetime) -> QuerySet[Session]:
    """Sessions that have ended and were not cancelled: what the attendance rate counts."""
    return Session.objects.held().filter(cohort=cohort, ends_at__lte=now)


def attendance_summary_for(
    *, cohort: Cohort, memberships: Iterable[Membership] | QuerySet[Membership], now: dt.datetime | None = None
) -> dict[int, dict]:
    """membership id → {"present", "late", "excused", "absent": counts, "rate": 0–100}, in two or three queries.

    Counted over the cohort's *past* sessions (ended by `now`, not cancelled) that the person was expected
    at: a session that ended before they joined the cohort does not count. A past session without a record
    counts as absent. The rate is (present + late + excused) / those sessions × 100; with none yet it is
    100.0 (nobody has missed anything).
    """
    now = now or timezone.now()
    if isinstance(memberships, QuerySet):
        joined = dict(memberships.values_list("pk", "joined_at"))
    else:
        joined = {m.pk: m.joined_at for m in memberships}
    ids = list(joined)
    ends = list(past_sessions(cohort=cohort, now=now).values_list("ends_at", flat=True))
    counts: dict[int, Counter] = defaultdict(Counter)
    if ids and ends:
        rows = (
            Attendance.objects.filter(membership_id__in=ids, session__in=past_sessions(cohort=cohort, now=now))
            .values_list("membership_id", "status")
            .annotate(n=Count("id"))
            .order_by()
        )
        for membership_id, status, n in rows:
            counts[membership_id][status] += n
    return {
        member_id: _summary(counts[member_id], sum(expected_at(joined[member_id], end) for end in ends))
        for member_id in ids
    }


def expected_at(joined_at: dt.datetime | None, ends_at: dt.datetime) -> bool:
    """A person is expected at a session unless it ended before they joined the cohort."""
    return joined_at is None or joined_at < ends_at


def _summary(counted: Counter, total: int) -> dict:
    present = counted[AttendanceStatus.PRESENT]
    late = counted[AttendanceStatus.LATE]
    excused = counted[AttendanceStatus.EXCUSED]
    attended = present + late + excused
    return {
        "present": present,
        "late": late,
        "excused": excused,
        "absent": total - attended,
        "sessions": total,
        "rate": round(attended * 100 / total, 1) if total else 100.0,
    }


NOT_EXPECTED = "not_expected"


@dataclass
class MatrixRow:
    membership: Membership
    cells: list[str | None]  # status per session column; None when not recorded, NOT_EXPECTED before joining
    summary: dict = field(default_factory=dict)


@dataclass
class Matrix:
    sessions: list[Session]
    rows: list[MatrixRow]
    threshold: int
    now: dt.datetime

    def past(self, session: Session) -> bool:
        return session.ends_at <= self.now


def attendance_matrix(*, cohort: Cohort, now: dt.datetime | None = None) -> Matrix:
    """Participants × held sessions with each person's counts and rate: six queries at any size."""
    now = now or timezone.now()
    sessions = list(Session.objects.held().filter(cohort=cohort).order_by("starts_at", "number"))
    members = list(participants_of(cohort=cohort))
    statuses = {
        (membership_id, session_id): status
        for membership_id, session_id, status in Attendance.objects.filter(
            session__cohort=cohort, session__status__in=[SessionStatus.SCHEDULED, SessionStatus.MOVED]
        ).values_list("membership_id", "session_id", "status")
    }
    summaries = attendance_summary_for(cohort=cohort, memberships=members, now=now)
    rows = [
        MatrixRow(
            member,
            [
                statuses.get((member.pk, s.pk)) if expected_at(member.joined_at, s.ends_at) else NOT_EXPECTED
                for s in sessions
            ],
            summaries[member.pk],
        )
        for member in members
    ]
    return Matrix(sessions, rows, session_settings_for(cohort=cohort).completion_threshold, now)


def completion_outlook(*, cohort: Cohort, now: dt.datetime) -> tuple[int, dict[int, dict]]:
    """For every active participant: sessions attended so far and the best rate still reachable.

    Returns (number of held sessions, membership id → {"attended", "best_rate"}). The best rate
    assumes the person attends every session that has not ended yet.
    """
    held = list(Session.objects.held().filter(cohort=cohort).values_list("pk", "ends_at"))
    total = len(held)
    joined = dict(participants_of(cohort=cohort).values_list("pk", "joined_at"))
    members = list(joined)
    past_ids = [pk for pk, ends_at in held if ends_at <= now]
    remaining = total - len(past_ids)
    # sessions that ended before a person joined do not count for them
    missed_before_joining = {
        member: sum(not expected_at(joined[member], ends_at) for _pk, ends_at in held) for member in members
    }
    attended = Counter(
        dict(
            Attendance.objects.filter(membership_id__in=members, session_id__in=past_ids, status__in=ATTENDED)
            .values_list("membership_id")
            .annotate(n=Count("id"))
            .order_by()
        )
    )
    outlook = {
        member: {
            "attended": attended[member],
            "best_rate": (
                (attended[member] + remaining) * 100 / (total - missed_before_joining[member])
                if total - missed_before_joining[member]
                else 100.0
            ),
        }
        for member in members
    }
    return total, outlook


# Notes ---------------------------------------------------------------------------------------


def _visible_notes(*, cohort: Cohort, user: User) -> QuerySet[FacilitatorNote]:
    notes = FacilitatorNote.objects.filter(session__cohort=cohort)
    if is_staff_of_cohort(user, cohort):
        return notes
    return notes.filter(
        Q(visibility=NoteVisibility.COHORT)
        | Q(
            visibility=NoteVisibility.TEAM,
            team__members__membership__user=user,
            team__members__membership__is_active=True,
        )
    )


def notes_for_session(*, session: Session, user: User) -> QuerySet[FacilitatorNote]:
    """The session's notes that this person may read: staff read all; others by the note's visibility."""
    return (
        _visible_notes(cohort=session.cohort, user=user)
        .filter(session=session)
        .select_related("author", "team")
        .order_by("-created_at", "-id")
    )


def note_for(*, session: Session, note_pk: int, user: User) -> FacilitatorNote:
    """A note the person may read, else 404 (a note they may not read does not exist for them)."""
    note = notes_for_session(session=session, user=user).filter(pk=note_pk).first()
    if note is None:
        raise Http404
    return note


def notes_visible_to_team(*, team) -> QuerySet[FacilitatorNote]:
    """The notes about this team that its members may read (visibility "team" or "cohort"), newest first."""
    return (
        FacilitatorNote.objects.filter(team=team, visibility__in=[NoteVisibility.TEAM, NoteVisibility.COHORT])
        .select_related("session", "author")
        .order_by("-created_at", "-id")
    )


def teams_of(*, cohort: Cohort):
    return Team.objects.filter(cohort=cohort).order_by("name")


# Reminders and calendars ---------------------------------------------------------------------


def reminders_enabled(*, cohort: Cohort, user: User) -> bool:
    preference = ReminderPreference.objects.filter(cohort=cohort, user=user).first()
    return preference is None or preference.reminders


def calendar_token_by_secret(*, cohort_pk: int, token: str, personal: bool) -> CalendarToken:
    """The feed's token, or 404 for a wrong or foreign one (and for a person no longer in the cohort)."""
    if not token or len(token) > 64:
        raise Http404
    found = (
        CalendarToken.objects.select_related("cohort", "user")
        .filter(token=token, cohort_id=cohort_pk, user__isnull=not personal)
        .first()
    )
    if found is None:
        raise Http404
    if personal and not (
        found.user.is_active and Membership.objects.active().filter(cohort_id=cohort_pk, user=found.user).exists()
    ):
        raise Http404
    return found


def feed_sessions(*, cohort: Cohort) -> QuerySet[Session]:
    return Session.objects.filter(cohort=cohort).order_by("starts_at", "number")
