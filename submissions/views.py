"""Pages of submissions and the prompt library: parse, check permission, call one service, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from learninggroup.access import cohort_for
from learninggroup.files import private_file_response

from . import selectors, services
from .diffing import attachments_diff, fields_diff
from .forms import AttachmentForm, CasebookForm, ExtensionForm, PromptForm, SettingsForm, SubmissionForm
from .models import SUBMISSION_FIELDS, AttachmentKind, DeadlineExtension, Submission
from .uploads import MB, AttachmentUploadHandler, megabytes

LIBRARY_PAGE_SIZE = 20
CASEBOOK_CATEGORIES = (
    gettext_lazy("Complaint handling"),
    gettext_lazy("Document drafting"),
    gettext_lazy("Data analysis"),
    gettext_lazy("Publicity and content"),
    gettext_lazy("Policy planning"),
    gettext_lazy("Work automation"),
)
FIELD_LABELS = {name: Submission._meta.get_field(name).verbose_name for name in SUBMISSION_FIELDS}
PROMPT_LABELS = {
    "title": gettext_lazy("title"),
    "purpose": gettext_lazy("purpose"),
    "text": gettext_lazy("prompt"),
    "tool": gettext_lazy("model or tool"),
    "example_input": gettext_lazy("example input"),
    "example_output": gettext_lazy("example output"),
    "tips": gettext_lazy("tips"),
    "tags": gettext_lazy("tags"),
}


def _viewer(request, pk: int, perm: str = "submissions.view_gallery"):
    cohort = cohort_for(request, pk, perm)
    return cohort, selectors.viewer_for(cohort=cohort, user=request.user)


def _team_to_view(viewer, team_pk: int):
    team = selectors.team_for_page(viewer=viewer, team_pk=team_pk)
    if team is None:
        raise Http404
    return team


def _team_to_edit(viewer, team_pk: int):
    """The viewer's own team (404 when the viewer may not even see it, 403 when only reading is allowed)."""
    team = _team_to_view(viewer, team_pk)
    if not viewer.can_edit(team.pk):
        raise PermissionDenied
    return team


def _submission(team):
    """The team's submission, created (an empty draft) the first time its page is opened."""
    return selectors.submission_of(team) or services.submission_for_team(team=team)


def _limits(limits, used_bytes: int | None = None) -> dict:
    """The upload limits in MB for the page (and how much of the quota the submission uses)."""
    shown = {
        "max": megabytes(limits.max_bytes),
        "video": megabytes(limits.video_max_bytes),
        "quota": megabytes(limits.quota_bytes),
        "max_files": limits.max_files,
    }
    if used_bytes is not None:
        shown["used_bytes"] = used_bytes
    return shown


def _labelled(changes, labels):
    return [{"label": labels.get(change.name, change.name), "diff": change} for change in changes]


# The gallery ---------------------------------------------------------------------------------


@login_required
@require_GET
def submission_gallery(request, pk: int):
    cohort, viewer = _viewer(request, pk)
    teams = selectors.gallery_teams(viewer=viewer)
    counts = {"submitted": 0, "draft": 0, "none": 0}
    for team in teams:
        submission = selectors.submission_of(team)
        counts[submission.status if submission else "none"] += 1
    return render(
        request,
        "submissions/gallery.html",
        {
            "cohort": cohort,
            "viewer": viewer,
            "teams": teams,
            "counts": counts,
            "deadline": selectors.deadline_state(viewer=viewer, team=None),
            "own_team_id": viewer.team_id,
            "can_manage": request.user.has_perm("submissions.manage", cohort),
        },
    )


@login_required
@require_GET
def submission_mine(request, pk: int):
    cohort, viewer = _viewer(request, pk, "submissions.edit_own")
    if viewer.team_id is None:
        messages.info(request, _("You are not in a team yet. Once you are, your team's submission is here."))
        return redirect("submission_gallery", cohort.pk)
    return redirect("submission_edit", cohort.pk, viewer.team_id)


# One team's submission -----------------------------------------------------------------------


@login_required
@require_GET
def submission_detail(request, pk: int, team_pk: int):
    cohort, viewer = _viewer(request, pk)
    team = _team_to_view(viewer, team_pk)
    submission = selectors.submission_of(team)
    if submission is None and viewer.can_edit(team.pk):
        return redirect("submission_edit", cohort.pk, team.pk)
    with_history = viewer.can_view_history(team.pk)
    contents = (
        selectors.submission_contents(submission=submission, with_history=with_history, published_only=not with_history)
        if submission
        else {}
    )
    return render(
        request,
        "submissions/detail.html",
        {
            "cohort": cohort,
            "viewer": viewer,
            "team": team,
            "submission": submission,
            "fields": [(FIELD_LABELS[name], getattr(submission, name)) for name in SUBMISSION_FIELDS[2:7]]
            if submission
            else [],
            "prompts": [],
            **contents,
            "can_edit": viewer.can_edit(team.pk),
            "with_history": with_history,
            "deadline": selectors.deadline_state(viewer=viewer, team=team),
        },
    )


def _edit_context(request, cohort, viewer, team, submission, form, **extra):
    deadline = selectors.deadline_state(viewer=viewer, team=team)
    limits = services.upload_limits(cohort_settings=viewer.settings)
    contents = selectors.submission_contents(submission=submission, with_history=True)
    return {
        "cohort": cohort,
        "viewer": viewer,
        "team": team,
        "submission": submission,
        "form": form,
        "deadline": deadline,
        "read_only": not deadline.is_open,
        "can_remove": deadline.is_open,
        "required_to_submit": services.REQUIRED_TO_SUBMIT,
        "upload_form": AttachmentForm(),
        "limits": _limits(limits, contents["attachment_bytes"]),
        **contents,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def submission_edit(request, pk: int, team_pk: int):
    cohort, viewer = _viewer(request, pk)
    team = _team_to_edit(viewer, team_pk)
    submission = _submission(team)
    if request.method == "GET":
        form = SubmissionForm(instance=submission, initial={"version": submission.version})
        return render(request, "submissions/edit.html", _edit_context(request, cohort, viewer, team, submission, form))

    submitting = request.POST.get("action") == "submit"
    form = SubmissionForm(request.POST, instance=Submission(team=team, cohort=cohort), submitting=submitting)
    if form.is_valid():
        values = {name: form.cleaned_data[name] for name in SUBMISSION_FIELDS}
        base = form.cleaned_data["version"]
        try:
            if submitting:
                revision = services.submission_submit(
                    submission=submission, fields=values, base_version=base, actor=request.user
                )
                messages.success(
                    request,
                    _("Submitted. Revision %(number)d keeps this version with its files.")
                    % {"number": revision.number},
                )
                return redirect("submission_detail", cohort.pk, team.pk)
            result = services.submission_save(
                submission=submission, fields=values, base_version=base, actor=request.user
            )
            messages.success(
                request,
                _("Saved at %(time)s.") % {"time": timezone.localtime(result.submission.updated_at).strftime("%H:%M")}
                if result.changed
                else _("Nothing changed since the last save."),
            )
            return redirect("submission_edit", cohort.pk, team.pk)
        except services.StaleVersion as stale:
            data = request.POST.copy()
            data["version"] = stale.current.version  # saving again now overwrites, knowingly
            form = SubmissionForm(data, instance=Submission(team=team, cohort=cohort))
            form.is_valid()
            context = _edit_context(
                request,
                cohort,
                viewer,
                team,
                stale.current,
                form,
                conflict=stale,
                conflict_changes=_labelled(stale.changes, FIELD_LABELS),
            )
            return render(request, "submissions/edit.html", context, status=409)
        except services.SubmissionError as error:
            messages.error(request, str(error))
    submission.refresh_from_db()
    return render(
        request, "submissions/edit.html", _edit_context(request, cohort, viewer, team, submission, form), status=400
    )


@login_required
@require_POST
def submission_autosave(request, pk: int, team_pk: int):
    """htmx posts the form a few seconds after typing stops; answers the small status line."""
    cohort, viewer = _viewer(request, pk)
    team = _team_to_edit(viewer, team_pk)
    submission = _submission(team)
    form = SubmissionForm(request.POST, instance=Submission(team=team, cohort=cohort))
    context = {"cohort": cohort, "team": team, "submission": submission}
    if not form.is_valid():
        fields = [str(form.fields[name].label) for name in form.errors if name in form.fields]
        context["problem"] = (
            _("Not saved automatically: check %(fields)s.") % {"fields": ", ".join(fields)}
            if fields
            else _("Not saved automatically. Reload the page.")
        )
    else:
        values = {name: form.cleaned_data[name] for name in SUBMISSION_FIELDS}
        try:
            result = services.submission_save(
                submission=submission, fields=values, base_version=form.cleaned_data["version"], actor=request.user
            )
            context["saved"] = result.submission
        except services.StaleVersion as stale:
            context["autosave_conflict"] = stale
            context["conflict_fields"] = [FIELD_LABELS[change.name] for change in stale.changes]
        except services.SubmissionError as error:
            context["problem"] = str(error)
    return render(request, "submissions/edit.html#autosave-status", context)


@login_required
@require_GET
def submission_revisions(request, pk: int, team_pk: int):
    """The team's submits, newest first, and what changed between two of them (?a=1&b=2)."""
    cohort, viewer = _viewer(request, pk)
    team = _team_to_view(viewer, team_pk)
    if not viewer.can_view_history(team.pk):
        raise Http404
    submission = selectors.submission_of(team)
    revisions = selectors.revision_list(submission=submission) if submission else []
    by_number = {revision.number: revision for revision in revisions}
    newest = revisions[0].number if revisions else None

    def pick(key, default):
        try:
            return by_number.get(int(request.GET.get(key, "")), by_number.get(default))
        except ValueError:
            return by_number.get(default)

    after = pick("b", newest)
    before = pick("a", after.number - 1 if after else None)
    diff = None
    if after is not None:
        old = before.snapshot if before else {"fields": {}, "attachments": [], "prompts": []}
        diff = {
            "fields": _labelled(fields_diff(old["fields"], after.snapshot["fields"], SUBMISSION_FIELDS), FIELD_LABELS),
            "attachments": attachments_diff(old.get("attachments", []), after.snapshot.get("attachments", [])),
            "prompts_before": [p["title"] for p in old.get("prompts", [])],
            "prompts_after": [p["title"] for p in after.snapshot.get("prompts", [])],
        }
    return render(
        request,
        "submissions/revisions.html",
        {
            "cohort": cohort,
            "team": team,
            "submission": submission,
            "revisions": revisions,
            "before": before,
            "after": after,
            "diff": diff,
            "kind_labels": dict(AttachmentKind.choices),
        },
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
        return _upload_answer(request, cohort, viewer, team, problem=str(error), status=400)
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
    return private_file_response(
        storage=attachment.file.storage,
        name=attachment.file.name,
        filename=attachment.original_name,
        content_type=attachment.content_type,
        size=attachment.size,
        x_accel_prefix=settings.SUBMISSION_X_ACCEL_PREFIX,
    )


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
        return _upload_answer(request, cohort, viewer, team, problem=str(error), status=400)
    return _upload_answer(
        request, cohort, viewer, team, notice=_("%(name)s was removed.") % {"name": attachment.original_name}
    )


# Prompts -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def prompt_create(request, pk: int, team_pk: int):
    cohort, viewer = _viewer(request, pk)
    team = _team_to_edit(viewer, team_pk)
    submission = _submission(team)
    form = PromptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            prompt = services.prompt_save(submission=submission, data=form.cleaned_data, actor=request.user)
        except services.SubmissionError as error:
            messages.error(request, str(error))
        else:
            _prompt_saved_message(request, prompt)
            return redirect(reverse("submission_edit", args=[cohort.pk, team.pk]) + "#prompts")
    return render(
        request,
        "submissions/prompt_form.html",
        {"cohort": cohort, "team": team, "form": form, "prompt": None},
        status=400 if request.method == "POST" else 200,
    )


def _prompt_saved_message(request, prompt):
    if prompt.pii_flagged:
        messages.warning(
            request,
            _("Saved, but personal data may be in “%(title)s”. Check the flagged parts before you publish it.")
            % {"title": prompt.title},
        )
    else:
        messages.success(request, _("The prompt “%(title)s” was saved.") % {"title": prompt.title})


@login_required
@require_http_methods(["GET", "POST"])
def prompt_edit(request, pk: int, prompt_pk: int):
    cohort, viewer = _viewer(request, pk)
    prompt = selectors.prompt_for_team(viewer=viewer, prompt_pk=prompt_pk)
    if prompt is None:
        raise Http404
    team = prompt.submission.team
    form = PromptForm(request.POST or None, instance=prompt if request.method == "GET" else None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.prompt_save(
                submission=prompt.submission,
                prompt=prompt,
                data=form.cleaned_data,
                base_version=form.cleaned_data["version"],
                actor=request.user,
            )
        except services.StaleVersion as stale:
            conflict = {"stale": stale, "changes": _labelled(stale.changes, PROMPT_LABELS)}
            data = request.POST.copy()
            data["version"] = stale.current.version
            form = PromptForm(data)
            form.is_valid()
        except services.SubmissionError as error:
            messages.error(request, str(error))
        else:
            _prompt_saved_message(request, saved)
            return redirect(reverse("submission_edit", args=[cohort.pk, team.pk]) + "#prompts")
    status = 200 if request.method == "GET" else (409 if conflict else 400)
    return render(
        request,
        "submissions/prompt_form.html",
        {"cohort": cohort, "team": team, "form": form, "prompt": prompt, "conflict": conflict},
        status=status,
    )


@login_required
@require_POST
def prompt_delete(request, pk: int, prompt_pk: int):
    cohort, viewer = _viewer(request, pk)
    prompt = selectors.prompt_for_team(viewer=viewer, prompt_pk=prompt_pk)
    if prompt is None:
        raise Http404
    team_pk = prompt.submission.team_id
    try:
        services.prompt_delete(prompt=prompt, actor=request.user)
    except services.SubmissionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The prompt “%(title)s” was deleted.") % {"title": prompt.title})
    return redirect(reverse("submission_edit", args=[cohort.pk, team_pk]) + "#prompts")


@login_required
@require_POST
def prompt_casebook(request, pk: int, prompt_pk: int):
    cohort = cohort_for(request, pk, "submissions.curate")
    prompt = selectors.prompt_for_curation(cohort=cohort, prompt_pk=prompt_pk)
    if prompt is None:
        raise Http404
    form = CasebookForm(request.POST)
    problem = ""
    if form.is_valid():
        try:
            prompt = services.prompt_set_casebook(
                prompt=prompt,
                for_casebook=form.cleaned_data["for_casebook"],
                category=form.cleaned_data["category"],
                actor=request.user,
            )
        except services.SubmissionError as error:
            problem = str(error)
    else:
        problem = _("Choose a casebook category.")
    if request.htmx:
        return render(
            request,
            "submissions/prompt_library.html#casebook-control",
            {"cohort": cohort, "prompt": prompt, "casebook_problem": problem, "can_curate": True},
        )
    if problem:
        messages.error(request, problem)
    else:
        messages.success(request, _("The casebook was updated."))
    return redirect("prompt_library", cohort.pk)


# The prompt library --------------------------------------------------------------------------


@login_required
@require_GET
def prompt_library(request, pk: int):
    cohort, viewer = _viewer(request, pk, "submissions.view_library")
    query = request.GET.get("q", "")[:100]
    tag = request.GET.get("tag", "")[:30]
    casebook = request.GET.get("casebook") == "1"
    prompts = selectors.prompt_library(viewer=viewer, query=query, tag=tag, casebook=casebook)
    page = Paginator(prompts, LIBRARY_PAGE_SIZE).get_page(request.GET.get("page"))
    can_curate = request.user.has_perm("submissions.curate", cohort)
    context = {
        "cohort": cohort,
        "viewer": viewer,
        "page": page,
        "query": query,
        "tag": tag,
        "casebook": casebook,
        "tags": selectors.prompt_tags(viewer=viewer),
        "can_curate": can_curate,
        "categories": selectors.casebook_categories(cohort=cohort) if can_curate else [],
        "suggested_categories": CASEBOOK_CATEGORIES if can_curate else [],
    }
    template = "submissions/prompt_library.html"
    if request.htmx and request.htmx.target == "prompt-results":
        template += "#prompt-results"
    return render(request, template, context)


# The organizer's settings --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def submission_settings(request, pk: int):
    cohort, viewer = _viewer(request, pk, "submissions.manage")
    current = viewer.settings
    initial = {
        "deadline": timezone.localtime(current.deadline, cohort.zone) if current.deadline else None,
        "gallery_open": current.gallery_open,
        "max_mb": current.max_bytes // MB if current.max_bytes else None,
        "video_max_mb": current.video_max_bytes // MB if current.video_max_bytes else None,
        "quota_mb": current.quota_bytes // MB if current.quota_bytes else None,
    }
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.settings_update(cohort=cohort, actor=request.user, **form.service_values())
        messages.success(request, _("The submission settings were saved."))
        return redirect("submission_settings", cohort.pk)
    defaults = services.upload_limits(cohort_settings=None)
    return render(
        request,
        "submissions/settings.html",
        {
            "cohort": cohort,
            "form": form,
            "extension_form": ExtensionForm(teams=cohort.teams.order_by("name")),
            "extensions": selectors.extension_list(cohort=cohort),
            "defaults": _limits(defaults),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def deadline_extension_grant(request, pk: int):
    cohort = cohort_for(request, pk, "submissions.manage")
    form = ExtensionForm(request.POST, teams=cohort.teams.all())
    if form.is_valid():
        try:
            extension = services.extension_grant(
                team=form.cleaned_data["team"], until=form.cleaned_data["until"], actor=request.user
            )
        except services.SubmissionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(team)s may edit until %(until)s.")
                % {
                    "team": extension.team.name,
                    "until": timezone.localtime(extension.until, cohort.zone).strftime("%Y-%m-%d %H:%M"),
                },
            )
    else:
        messages.error(request, _("Choose a team and the time the extension ends."))
    if request.htmx:
        return HttpResponseClientRedirect(reverse("submission_settings", args=[cohort.pk]))
    return redirect("submission_settings", cohort.pk)


@login_required
@require_POST
def deadline_extension_revoke(request, pk: int, extension_pk: int):
    cohort = cohort_for(request, pk, "submissions.manage")
    extension = DeadlineExtension.objects.select_related("team").filter(pk=extension_pk, team__cohort=cohort).first()
    if extension is None:
        raise Http404
    services.extension_revoke(extension=extension)
    messages.success(request, _("The extension of %(team)s was withdrawn.") % {"team": extension.team.name})
    return redirect("submission_settings", cohort.pk)
