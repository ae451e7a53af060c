"""What the pages of submissions share: labels, the viewer, the team to view or edit, upload limits."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy

from learninggroup.access import cohort_for

from .. import selectors, services
from ..models import SUBMISSION_FIELDS, Submission
from ..rules import remember_viewer
from ..uploads import megabytes

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
    """The cohort (404 outside it, 403 without `perm`) and the viewer the object permissions ask."""
    cohort = cohort_for(request, pk, perm)
    return cohort, remember_viewer(request.user, selectors.viewer_for(cohort=cohort, user=request.user))


def _team_to_view(request, viewer, team_pk: int):
    """The team whose submission the page shows: 404 when the person may not know it (a draft of another
    team before the gallery shows it)."""
    team = selectors.team_for_page(cohort=viewer.cohort, team_pk=team_pk)
    if team is None or not request.user.has_perm("submissions.view_submission", team):
        raise Http404
    return team


def _team_to_edit(request, viewer, team_pk: int):
    """The person's own team: 404 when they may not even see it, 403 when they may only read it."""
    team = _team_to_view(request, viewer, team_pk)
    if not request.user.has_perm("submissions.edit_submission", team):
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
    shown["quota_bytes"] = limits.quota_bytes
    if used_bytes is not None:
        shown["used_bytes"] = used_bytes
    return shown


def _labelled(changes, labels):
    return [{"label": labels.get(change.name, change.name), "diff": change} for change in changes]
