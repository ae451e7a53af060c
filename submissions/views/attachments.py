"""A submission's files: upload (streamed, checked before the body is read), download, remove."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from .. import selectors, services
from ..forms import AttachmentForm
from ..names import name_was_shortened
from ..serving import attachment_response
from ..uploads import AttachmentUploadHandler
from .common import (
    _limits,
    _submission,
    _team_to_edit,
    _viewer,
)

# Attachments ---------------------------------------------------------------------------------


@csrf_exempt  # CSRF is checked below, once the upload handlers are in place
@login_required
@require_POST
def attachment_upload(request, pk: int, team_pk: int):
    cohort, viewer = _viewer(request, pk)
    team = _team_to_edit(request, viewer, team_pk)
    limits = services.upload_limits(cohort_settings=viewer.settings)
    handler = AttachmentUploadHandler(request, limits=limits)
    request.upload_handlers = [handler]
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if handler.refuse_oversize_request(length):
        # Refused before a byte of the body is read; nothing changes, so no CSRF check is needed.
        return _upload_answer(request, cohort, viewer, team, problem=handler.problem, status=413)
    try:
        request.POST  # noqa: B018 -- the body is read here, through the handler above
    except MultiPartParserError:
        # Django refuses a part whose headers pass 1,024 bytes before the handler sees it; from a browser that is
        # a file name of about 300 Korean characters or more. Nothing was stored (so no CSRF check is needed), and
        # the person is told what to change instead of getting Django's bare 400, which htmx would not show.
        return _upload_answer(request, cohort, viewer, team, problem=_name_too_long(), status=400)
    return _attachment_upload(request, cohort, viewer, team, handler, limits)


def _name_too_long() -> str:
    return _("The file name is too long to upload. Give the file a shorter name and upload it again.")


@csrf_protect
def _attachment_upload(request, cohort, viewer, team, handler, limits):
    form = AttachmentForm(request.POST, request.FILES)
    if handler.problem:
        return _upload_answer(request, cohort, viewer, team, problem=handler.problem, status=400)
    if not form.is_valid():
        problem = _("Choose a file to upload.") if "file" in form.errors else _("Choose what kind of file this is.")
        return _upload_answer(request, cohort, viewer, team, problem=problem, status=400)
    submission = _submission(team)
    try:
        attachment = services.attachment_add(
            submission=submission,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            actor=request.user,
            limits=limits,
        )
    except services.SubmissionError as error:
        return _upload_answer(request, cohort, viewer, team, problem=error.message, status=400)
    notice = _("%(name)s was uploaded.") % {"name": attachment.original_name}
    if name_was_shortened(form.cleaned_data["file"].name):
        # Kept under a shorter name rather than refused: the name only labels the file (it is stored under a
        # random one), and a large file need not be sent again.
        notice += " " + _("Its name was too long to keep whole, so it was shortened; the extension is unchanged.")
    return _upload_answer(request, cohort, viewer, team, notice=notice)


def _upload_answer(request, cohort, viewer, team, *, problem: str = "", notice: str = "", status: int = 200):
    """htmx: the attachment list with the outcome (always 200, so htmx swaps it in); else back to the page."""
    if not request.htmx:
        if problem:
            messages.error(request, problem)
        elif notice:
            messages.success(request, notice)
        return redirect("submission_edit", cohort.pk, team.pk)
    submission = _submission(team)
    contents = selectors.submission_contents(submission=submission, with_history=False)
    limits = services.upload_limits(cohort_settings=viewer.settings)
    context = {
        "cohort": cohort,
        "team": team,
        "submission": submission,
        "attachments": contents["attachments"],
        "read_only": False,
        "can_remove": True,
        "upload_problem": problem,
        "upload_notice": notice,
        "limits": _limits(limits, contents["attachment_bytes"]),
    }
    return render(request, "submissions/edit.html#attachment-list", context)


@login_required
@require_GET
def attachment_download(request, pk: int, attachment_pk: int):
    _cohort, viewer = _viewer(request, pk)
    attachment = selectors.attachment_for_download(viewer=viewer, attachment_pk=attachment_pk)
    if attachment is None:
        raise Http404
    return attachment_response(attachment)


@login_required
@require_POST
def attachment_remove(request, pk: int, attachment_pk: int):
    cohort, viewer = _viewer(request, pk)
    attachment = selectors.attachment_for_download(viewer=viewer, attachment_pk=attachment_pk)
    if attachment is None or not attachment.is_current:
        raise Http404
    team = _team_to_edit(request, viewer, attachment.submission.team_id)
    try:
        services.attachment_remove(attachment=attachment, actor=request.user)
    except services.SubmissionError as error:
        return _upload_answer(request, cohort, viewer, team, problem=error.message, status=400)
    return _upload_answer(
        request, cohort, viewer, team, notice=_("%(name)s was removed.") % {"name": attachment.original_name}
    )
