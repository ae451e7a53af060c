"""Facilitator notes: written by cohort staff, read by whoever the note's visibility allows."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from learninggroup.access import cohort_for

from .. import selectors, services
from ..forms import NoteForm


@login_required
@require_http_methods(["GET", "POST"])
def note_create(request, pk: int, session_pk: int):
    cohort = cohort_for(request, pk, "learning_sessions.write_notes")
    session = selectors.session_for(cohort=cohort, session_pk=session_pk)
    form = NoteForm(request.POST or None, teams=selectors.teams_of(cohort=cohort))
    if request.method == "POST" and form.is_valid():
        services.note_create(session=session, author=request.user, **form.cleaned_data)
        messages.success(request, _("The note was saved."))
        return redirect("session_detail", cohort.pk, session.pk)
    return render(
        request,
        "sessions/note_form.html",
        {"cohort": cohort, "session": session, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def note_detail(request, pk: int, session_pk: int, note_pk: int):
    """A note addressed directly: 404 for whoever its visibility leaves out."""
    cohort = cohort_for(request, pk, "learning_sessions.view_sessions")
    session = selectors.session_for(cohort=cohort, session_pk=session_pk)
    note = selectors.note_for(session=session, note_pk=note_pk, user=request.user)
    can_edit = request.user.has_perm("learning_sessions.write_notes", cohort)
    return render(
        request, "sessions/note_detail.html", {"cohort": cohort, "session": session, "note": note, "can_edit": can_edit}
    )


@login_required
@require_http_methods(["GET", "POST"])
def note_edit(request, pk: int, session_pk: int, note_pk: int):
    cohort = cohort_for(request, pk, "learning_sessions.write_notes")
    session = selectors.session_for(cohort=cohort, session_pk=session_pk)
    note = selectors.note_for(session=session, note_pk=note_pk, user=request.user)
    form = NoteForm(
        request.POST or None,
        teams=selectors.teams_of(cohort=cohort),
        initial={"body": note.body, "visibility": note.visibility, "team": note.team_id},
    )
    if request.method == "POST" and form.is_valid():
        services.note_update(note=note, **form.cleaned_data)
        messages.success(request, _("The note was saved."))
        return redirect("session_detail", cohort.pk, session.pk)
    return render(
        request,
        "sessions/note_form.html",
        {"cohort": cohort, "session": session, "form": form, "note": note},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def note_delete(request, pk: int, session_pk: int, note_pk: int):
    cohort = cohort_for(request, pk, "learning_sessions.write_notes")
    session = selectors.session_for(cohort=cohort, session_pk=session_pk)
    note = selectors.note_for(session=session, note_pk=note_pk, user=request.user)
    services.note_delete(note=note)
    messages.success(request, _("The note was deleted."))
    return redirect("session_detail", cohort.pk, session.pk)
