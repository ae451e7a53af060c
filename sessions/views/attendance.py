"""Attendance: the facilitator's one-click sheet, the QR screen, the participant's check-in, the matrix."""

from __future__ import annotations

import datetime as dt

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from learninggroup.access import cohort_for
from learninggroup.errors import DomainError

from .. import checkin, selectors, services
from ..exports import matrix_xlsx
from ..forms import AttendanceMarkForm
from ..models import AttendanceStatus
from .common import CHECK_IN_MISSING

# A scan made while signed out is remembered this long, so signing in first does not expire the code.
PENDING_SCAN_SECONDS = 15 * 60
PENDING_SCAN_KEY = "sessions_pending_check_in"


def _counts(sheet) -> dict:
    counts = {status: 0 for status in AttendanceStatus.values}
    counts["none"] = 0
    for _member, record in sheet:
        counts[record.status if record else "none"] += 1
    return counts


@login_required
@require_GET
def attendance_sheet(request, pk: int, session_pk: int):
    cohort = cohort_for(request, pk, "learning_sessions.take_attendance")
    session = selectors.session_for(cohort=cohort, session_pk=session_pk)
    sheet = selectors.attendance_sheet(session=session)
    return render(
        request,
        "sessions/attendance_sheet.html",
        {
            "cohort": cohort,
            "session": session,
            "sheet": sheet,
            "counts": _counts(sheet),
            "statuses": AttendanceStatus.choices,
        },
    )


@login_required
@require_POST
def attendance_mark(request, pk: int, session_pk: int):
    """One click: one participant's status. htmx gets the row (and the counts, out of band)."""
    cohort = cohort_for(request, pk, "learning_sessions.take_attendance")
    session = selectors.session_for(cohort=cohort, session_pk=session_pk)
    form = AttendanceMarkForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Choose a participant and a status."), status=400)
    member, _record = selectors.attendance_row(session=session, membership_pk=form.cleaned_data["membership"])
    try:
        services.attendance_mark(
            session=session, membership=member, status=form.cleaned_data["status"], actor=request.user
        )
    except DomainError as error:
        message = error.message
        if request.htmx:
            return HttpResponse(message, status=400)
        messages.error(request, message)
        return redirect("attendance_sheet", cohort.pk, session.pk)
    if not request.htmx:
        return redirect("attendance_sheet", cohort.pk, session.pk)
    sheet = selectors.attendance_sheet(session=session)
    record = next(record for m, record in sheet if m.pk == member.pk)
    context = {
        "cohort": cohort,
        "session": session,
        "member": member,
        "record": record,
        "statuses": AttendanceStatus.choices,
        "counts": _counts(sheet),
        "oob": True,
    }
    return render(request, "sessions/attendance_sheet.html#attendance-mark-response", context)


@login_required
@require_POST
def attendance_mark_rest(request, pk: int, session_pk: int):
    """After the confirmation on the sheet: everyone not yet recorded is marked absent."""
    cohort = cohort_for(request, pk, "learning_sessions.take_attendance")
    session = selectors.session_for(cohort=cohort, session_pk=session_pk)
    try:
        marked = services.attendance_mark_unrecorded(
            session=session, status=AttendanceStatus.ABSENT, actor=request.user
        )
    except DomainError:
        messages.error(request, _("Attendance cannot be taken for a cancelled session."))
    else:
        messages.success(
            request,
            ngettext(
                "%(n)d person not yet recorded was marked absent.",
                "%(n)d people not yet recorded were marked absent.",
                marked,
            )
            % {"n": marked},
        )
    return redirect("attendance_sheet", cohort.pk, session.pk)


@login_required
@require_GET
def attendance_matrix(request, pk: int):
    cohort = cohort_for(request, pk, "learning_sessions.view_attendance")
    matrix = selectors.attendance_matrix(cohort=cohort)
    return render(request, "sessions/attendance_matrix.html", {"cohort": cohort, "matrix": matrix})


@login_required
@require_GET
def attendance_matrix_xlsx(request, pk: int):
    cohort = cohort_for(request, pk, "learning_sessions.view_attendance")
    matrix = selectors.attendance_matrix(cohort=cohort)
    data = matrix_xlsx(matrix, title=f"{cohort.name} · {_('Attendance')}")
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="attendance-{cohort.pk}.xlsx"'
    return response


def _check_in_url(request, session) -> tuple[str, int]:
    settings_row = selectors.session_settings_for(cohort=session.cohort)
    now = timezone.now()
    token = checkin.make_token(session_id=session.pk, now=now, rotation=settings_row.qr_rotation_seconds)
    path = reverse("session_check_in", kwargs={"pk": session.cohort_id, "session_pk": session.pk})
    return request.build_absolute_uri(path + "?" + urlencode({"t": token})), checkin.seconds_left(
        now=now, rotation=settings_row.qr_rotation_seconds
    )


@never_cache
@login_required
@require_GET
def session_qr(request, pk: int, session_pk: int):
    """The facilitator's screen: a QR code that changes every rotation; htmx polls for the next one."""
    cohort = cohort_for(request, pk, "learning_sessions.take_attendance")
    session = selectors.session_for(cohort=cohort, session_pk=session_pk)
    url, seconds_left = _check_in_url(request, session)
    qr_svg = segno.make(url, error="m").svg_inline(scale=8, border=4, omitsize=True, title=_("Check-in code"))
    opens, closes = services.check_in_window(session)
    now = timezone.now()
    sheet = selectors.attendance_sheet(session=session)
    counts = _counts(sheet)
    context = {
        "cohort": cohort,
        "session": session,
        "qr_svg": qr_svg,
        "check_in_url": url,
        "seconds_left": seconds_left,
        "checked_in": counts[AttendanceStatus.PRESENT] + counts[AttendanceStatus.LATE],
        "participants": len(sheet),
        "window_open": opens <= now <= closes,
        "opens": opens,
        "closes": closes,
        "projector": request.GET.get("projector") == "1",
    }
    template = "sessions/qr.html"
    if request.htmx:
        template += "#qr-code"
    return render(request, template, context)


@never_cache
@require_GET
def session_check_in(request, pk: int, session_pk: int):
    """What the QR code opens: a signed-in participant is marked present (late after the threshold)."""
    token = request.GET.get("t", "")[:300]
    if not request.user.is_authenticated:
        if token:
            request.session[PENDING_SCAN_KEY] = {
                "token": token,
                "session": session_pk,
                "at": timezone.now().isoformat(),
            }
        return redirect_to_login(request.get_full_path())
    cohort = cohort_for(request, pk, "learning_sessions.check_in")
    session = selectors.session_for(cohort=cohort, session_pk=session_pk)
    context = {"cohort": cohort, "session": session}
    if not token:
        context["refusal"] = CHECK_IN_MISSING
        return render(request, "sessions/check_in.html", context, status=400)
    try:
        result = services.attendance_check_in(
            session=session, user=request.user, token=token, now=_scan_time(request, token, session_pk)
        )
    except services.CheckInRefused as refused:
        context["refusal"] = refused.message
        context["code"] = refused.code
        return render(request, "sessions/check_in.html", context, status=400)
    request.session.pop(PENDING_SCAN_KEY, None)
    context.update(attendance=result.attendance, already=result.already)
    return render(request, "sessions/check_in.html", context)


def _scan_time(request, token: str, session_pk: int) -> dt.datetime:
    """When the code was scanned: now, or when the same code was scanned before signing in (recently)."""
    now = timezone.now()
    pending = request.session.get(PENDING_SCAN_KEY)
    if not pending or pending.get("token") != token or pending.get("session") != session_pk:
        return now
    try:
        scanned = dt.datetime.fromisoformat(pending["at"])
    except (KeyError, TypeError, ValueError):
        return now
    if timezone.is_naive(scanned) or not dt.timedelta(0) <= now - scanned <= dt.timedelta(seconds=PENDING_SCAN_SECONDS):
        return now
    return scanned
