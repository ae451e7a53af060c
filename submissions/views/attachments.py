"""A submission's files: upload (streamed, checked before the body is read), download, remove."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from .. import selectors, services
from ..forms import AttachmentForm
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
    team = _team_to_edit(viewer, team_pk)
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
    return _attachment_upload(request, cohort, viewer, team, handler, limits)


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
    return _upload_answer(
        request, cohort, viewer, team, notice=_("%(name)s was uploaded.") % {"name": attachment.original_name}
    )


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
    disposition = content_disposition_header(True, attachment.original_name)
    prefix = settings.SUBMISSION_X_ACCEL_PREFIX
    if prefix:
        # The web server (nginx: an `internal` location) sends the file; Django only said yes.
        response = HttpResponse(content_type=attachment.content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(attachment.file.name)
    else:
        storage = attachment.file.storage
        if not storage.exists(attachment.file.name):
            raise Http404
        response = FileResponse(_StorageReader(storage, attachment.file.name), content_type=attachment.content_type)
        response["Content-Length"] = str(attachment.size)
    response["Content-Disposition"] = disposition
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


class _StorageReader:
    """A file of the storage, opened when the response is first read (streamed in blocks) and closed by it."""

    def __init__(self, storage, name: str):
        self.storage, self.name, self._file = storage, name, None

    def read(self, size: int = -1) -> bytes:
        if self._file is None:
            self._file = self.storage.open(self.name, "rb")
        return self._file.read(size)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


@login_required
@require_POST
def attachment_remove(request, pk: int, attachment_pk: int):
    cohort, viewer = _viewer(request, pk)
    attachment = selectors.attachment_for_download(viewer=viewer, attachment_pk=attachment_pk)
    if attachment is None or not attachment.is_current:
        raise Http404
    team = _team_to_edit(viewer, attachment.submission.team_id)
    try:
        services.attachment_remove(attachment=attachment, actor=request.user)
    except services.SubmissionError as error:
        return _upload_answer(request, cohort, viewer, team, problem=error.message, status=400)
    return _upload_answer(
        request, cohort, viewer, team, notice=_("%(name)s was removed.") % {"name": attachment.original_name}
    )
