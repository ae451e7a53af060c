"""The gallery and one team's submission: reading, editing (with autosave), its revisions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import selectors, services
from ..diffing import attachments_diff, fields_diff
from ..forms import AttachmentForm, SubmissionForm
from ..models import SUBMISSION_FIELDS, AttachmentKind, Submission
from .common import (
    FIELD_LABELS,
    _labelled,
    _limits,
    _submission,
    _team_to_edit,
    _team_to_view,
    _viewer,
)

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
            "is_participant": request.user.has_perm("submissions.edit_own", cohort),
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
    team = _team_to_view(request, viewer, team_pk)
    submission = selectors.submission_of(team)
    can_edit = request.user.has_perm("submissions.edit_submission", team)
    if submission is None and can_edit:
        return redirect("submission_edit", cohort.pk, team.pk)
    with_history = request.user.has_perm("submissions.view_history", team)
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
            "can_edit": can_edit,
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
    team = _team_to_edit(request, viewer, team_pk)
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
            messages.error(request, error.message)
    submission.refresh_from_db()
    return render(
        request, "submissions/edit.html", _edit_context(request, cohort, viewer, team, submission, form), status=400
    )


@login_required
@require_POST
def submission_autosave(request, pk: int, team_pk: int):
    """htmx posts the form a few seconds after typing stops; answers the small status line."""
    cohort, viewer = _viewer(request, pk)
    team = _team_to_edit(request, viewer, team_pk)
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
            context["problem"] = error.message
    return render(request, "submissions/edit.html#autosave-status", context)


@login_required
@require_GET
def submission_revisions(request, pk: int, team_pk: int):
    """The team's submits, newest first, and what changed between two of them (?a=1&b=2)."""
    cohort, viewer = _viewer(request, pk)
    team = _team_to_view(request, viewer, team_pk)
    if not request.user.has_perm("submissions.view_history", team):
        raise Http404  # another team's drafts and revisions: as if they did not exist
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
