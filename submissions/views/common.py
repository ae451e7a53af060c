"""What the pages of submissions share: labels, the viewer, the team to view or edit, upload limits."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy

from learninggroup.access import cohort_for

from .. import selectors, services
from ..models import SUBMISSION_FIELDS, Submission
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
    shown["quota_bytes"] = limits.quota_bytes
    if used_bytes is not None:
        shown["used_bytes"] = used_bytes
    return shown


def _labelled(changes, labels):
    return [{"label": labels.get(change.name, change.name), "diff": change} for change in changes]
