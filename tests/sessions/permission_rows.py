"""Every URL of the sessions app × every role (see tests/test_permissions.py)."""

from sessions.models import CalendarToken, NoteVisibility
from tests.permissions import ANY_MEMBER, COHORT_STAFF, statuses

from .factories import NoteFactory, SessionFactory


def _session(w):
    if "session" not in w:
        w["session"] = SessionFactory(cohort=w["cohort"])
    return {"pk": w["cohort"].pk, "session_pk": w["session"].pk}


def _note(w):
    kwargs = _session(w)
    note = NoteFactory(session=w["session"], visibility=NoteVisibility.COHORT)
    return {**kwargs, "note_pk": note.pk}


def _cohort(w):
    return {"pk": w["cohort"].pk}


def _cohort_feed(w):
    token = CalendarToken.objects.create(cohort=w["cohort"], user=None)
    return {"pk": w["cohort"].pk, "token": token.token}


def _personal_feed(w):
    token = CalendarToken.objects.create(cohort=w["cohort"], user=w["users"]["participant"])
    return {"pk": w["cohort"].pk, "token": token.token}


STAFF_POST = statuses(302, 403, 302, 403, 302, 404)
MEMBER_POST = statuses(302, 302, 302, 302, 302, 404)
STAFF_BAD_POST = statuses(302, 403, 400, 403, 400, 404)
EVERYONE = statuses(200, 200, 200, 200, 200, 200)

ROWS = {
    "session_list": ("get", _cohort, ANY_MEMBER),
    "session_create": ("get", _cohort, COHORT_STAFF),
    "session_planner": ("get", _cohort, COHORT_STAFF),
    "session_settings": ("get", _cohort, COHORT_STAFF),
    "attendance_matrix": ("get", _cohort, COHORT_STAFF),
    "attendance_matrix_xlsx": ("get", _cohort, COHORT_STAFF),
    "session_detail": ("get", _session, ANY_MEMBER),
    "session_edit": ("get", _session, COHORT_STAFF),
    "session_move": ("get", _session, COHORT_STAFF),
    "session_cancel": ("post", _session, STAFF_POST),
    "attendance_sheet": ("get", _session, COHORT_STAFF),
    "attendance_mark": ("post", _session, STAFF_BAD_POST),  # no participant chosen: 400 for staff
    "attendance_mark_rest": ("post", _session, STAFF_POST),
    "session_qr": ("get", _session, COHORT_STAFF),
    # only participants check in; without a token the participant gets the explanation (400)
    "session_check_in": ("get", _session, statuses(302, 400, 403, 403, 403, 404)),
    "note_create": ("get", _session, COHORT_STAFF),
    "note_detail": ("get", _note, ANY_MEMBER),
    "note_edit": ("get", _note, COHORT_STAFF),
    "note_delete": ("post", _note, STAFF_POST),
    "calendar_links": ("get", _cohort, ANY_MEMBER),
    "calendar_reset": ("post", _cohort, MEMBER_POST),
    "reminder_preference": ("post", _cohort, MEMBER_POST),
    # the secret address is the permission: calendar apps cannot sign in
    "calendar_cohort_feed": ("get", _cohort_feed, EVERYONE),
    "calendar_personal_feed": ("get", _personal_feed, EVERYONE),
}
