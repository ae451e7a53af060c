"""Read-side queries of submissions and prompts, with what their pages show already fetched.

Who sees what (the `Viewer` of a cohort):

- a team's own members (participants) see and edit their team's submission, its files, history and prompts;
- facilitators and organizers see every team's submission, history and prompts;
- everyone else in the cohort (other participants, judges) sees another team's submission only once the
  organizer has opened the gallery, and then only a submitted one (never a draft);
- in the prompt library, another team's prompt shows when the team consented to publish it, no personal
  data was found in it, and either an organizer marked it for the casebook or the gallery is open and
  the submission is submitted. Anything else is a 404, as if it did not exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings as django_settings
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from learninggroup.models import Cohort, Role, User
from learninggroup.plugins import Deadline
from learninggroup.rules import cohort_roles
from teams.models import Team, TeamMembership

from .deadlines import DeadlineState
from .models import (
    Attachment,
    DeadlineExtension,
    Prompt,
    Submission,
    SubmissionRevision,
    SubmissionSettings,
    SubmissionStatus,
)


def settings_for(*, cohort: Cohort) -> SubmissionSettings:
    """The cohort's submission settings, or unsaved defaults (created when an organizer saves them)."""
    return SubmissionSettings.objects.filter(cohort=cohort).first() or SubmissionSettings(cohort=cohort)


def team_id_for(*, cohort: Cohort, user: User) -> int | None:
    """The team of the person's active participant membership in the cohort."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        TeamMembership.objects.filter(
            membership__user=user,
            membership__cohort=cohort,
            membership__role=Role.PARTICIPANT,
            membership__is_active=True,
        )
        .values_list("team_id", flat=True)
        .first()
    )


@dataclass
class Viewer:
    cohort: Cohort
    user: User
    roles: frozenset[str]
    team_id: int | None
    settings: SubmissionSettings

    @property
    def is_staff(self) -> bool:
        return Role.ORGANIZER in self.roles or Role.FACILITATOR in self.roles

    @property
    def gallery_open(self) -> bool:
        return self.settings.gallery_open

    def can_edit(self, team_id: int) -> bool:
        return self.team_id is not None and self.team_id == team_id

    def can_view(self, team_id: int, status: str | None) -> bool:
        if self.is_staff or self.can_edit(team_id):
            return True
        return self.gallery_open and status == SubmissionStatus.SUBMITTED

    def can_view_history(self, team_id: int) -> bool:
        return self.is_staff or self.can_edit(team_id)

    def prompts_q(self) -> Q:
        """The prompts of the cohort this viewer may read in the library."""
        mine = Q(submission__cohort=self.cohort)
        if self.is_staff:
            return mine
        published = Q(for_casebook=True)
        if self.gallery_open:
            published |= Q(submission__status=SubmissionStatus.SUBMITTED)
        others = Q(consent_to_publish=True, pii_flagged=False) & published
        own = Q(submission__team_id=self.team_id) if self.team_id else Q(pk__in=[])
        return mine & (own | others)


def viewer_for(*, cohort: Cohort, user: User) -> Viewer:
    """Two queries (the settings, the team) besides the roles, which are cached per request."""
    return Viewer(
        cohort=cohort,
        user=user,
        roles=cohort_roles(user, cohort),
        team_id=team_id_for(cohort=cohort, user=user),
        settings=settings_for(cohort=cohort),
    )


def deadline_state(*, viewer: Viewer, team: Team | None, now=None) -> DeadlineState:
    """The team's deadline (with its extension, fetched by the page's select_related); team None: the cohort's."""
    extension = team_extension(team) if team is not None else None
    return DeadlineState(
        deadline=viewer.settings.deadline,
        extended_until=extension.until if extension else None,
        now=now or timezone.now(),
    )


def team_extension(team: Team) -> DeadlineExtension | None:
    """The team's extension, if it has one (no query when select_related("deadline_extension") ran)."""
    try:
        return team.deadline_extension
    except DeadlineExtension.DoesNotExist:
        return None


# Pages ---------------------------------------------------------------------------------------


def gallery_teams(*, viewer: Viewer) -> list[Team]:
    """The teams whose submission the viewer may see (staff: every team, started or not), with the
    submission and its counts: one query."""
    teams = (
        Team.objects.filter(cohort=viewer.cohort)
        .select_related("submission", "deadline_extension")
        .annotate(
            attachment_count=Count(
                "submission__attachments", filter=Q(submission__attachments__removed_at__isnull=True), distinct=True
            ),
            prompt_count=Count("submission__prompts", distinct=True),
            member_count=Count("members", distinct=True),
        )
        .order_by("name", "pk")
    )
    if not viewer.is_staff:
        visible = Q(pk=viewer.team_id) if viewer.team_id else Q(pk__in=[])
        if viewer.gallery_open:
            visible |= Q(submission__status=SubmissionStatus.SUBMITTED)
        teams = teams.filter(visible)
    return list(teams)


def team_for_page(*, cohort: Cohort, team_pk: int) -> Team | None:
    """The cohort's team with its submission and extension (who may see it is `submissions.view_submission`)."""
    return (
        Team.objects.filter(cohort=cohort, pk=team_pk)
        .select_related("submission", "submission__updated_by", "submission__submitted_by", "deadline_extension")
        .first()
    )


def _submission_loaded(team: Team) -> bool:
    try:
        team.submission  # noqa: B018
    except Submission.DoesNotExist:
        return False
    return True


def submission_of(team: Team) -> Submission | None:
    return team.submission if _submission_loaded(team) else None


def submission_contents(*, submission: Submission, with_history: bool, published_only: bool = False) -> dict:
    """The current attachments, the prompts (with their authors) and, with the history, the revisions:
    three queries. `published_only`: only the prompts another team may read (consented, no personal data)."""
    attachments = list(
        Attachment.objects.filter(submission=submission, removed_at__isnull=True)
        .select_related("uploaded_by")
        .order_by("kind", "created_at", "pk")
    )
    prompts = Prompt.objects.filter(submission=submission).select_related("updated_by").order_by("created_at", "pk")
    if published_only:
        prompts = prompts.filter(consent_to_publish=True, pii_flagged=False)
    revisions = revision_list(submission=submission) if with_history else []
    return {
        "attachments": attachments,
        "attachment_bytes": sum(a.size for a in attachments),
        "prompts": list(prompts),
        "revisions": revisions,
    }


def attachment_for_download(*, viewer: Viewer, attachment_pk: int) -> Attachment | None:
    """An attachment the viewer may download: a current one of a visible submission, or any one (also
    replaced) of a submission whose history the viewer sees."""
    attachment = (
        Attachment.objects.filter(pk=attachment_pk, submission__cohort=viewer.cohort)
        .select_related("submission")
        .first()
    )
    if attachment is None:
        return None
    submission = attachment.submission
    if viewer.can_view_history(submission.team_id):
        return attachment
    if attachment.is_current and viewer.can_view(submission.team_id, submission.status):
        return attachment
    return None


def revision_list(*, submission: Submission) -> list[SubmissionRevision]:
    return list(
        SubmissionRevision.objects.filter(submission=submission).select_related("created_by").order_by("-number")
    )


# The prompt library ------------------------------------------------------------------------


def prompt_library(*, viewer: Viewer, query: str = "", tag: str = "", casebook: bool = False) -> QuerySet[Prompt]:
    prompts = (
        Prompt.objects.filter(viewer.prompts_q())
        .select_related("submission__team")
        .order_by("-for_casebook", "casebook_category", "submission__team__name", "created_at", "pk")
    )
    query = (query or "").strip()
    if query:
        prompts = prompts.filter(Q(title__icontains=query) | Q(text__icontains=query) | Q(purpose__icontains=query))
    if tag:
        prompts = prompts.filter(tags__contains=f",{tag},")
    if casebook:
        prompts = prompts.filter(for_casebook=True)
    return prompts


def prompt_tags(*, viewer: Viewer) -> list[tuple[str, int]]:
    """Every tag on the prompts the viewer may read, with how often it occurs, most frequent first."""
    counts: dict[str, int] = {}
    for tags in Prompt.objects.filter(viewer.prompts_q()).exclude(tags="").values_list("tags", flat=True):
        for tag in tags.split(","):
            if tag:
                counts[tag] = counts.get(tag, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:40]


def casebook_categories(*, cohort: Cohort) -> list[str]:
    return list(
        Prompt.objects.filter(submission__cohort=cohort)
        .exclude(casebook_category="")
        .values_list("casebook_category", flat=True)
        .distinct()
        .order_by("casebook_category")
    )


def prompt_for_viewer(*, viewer: Viewer, prompt_pk: int) -> Prompt | None:
    """A prompt the viewer may read (their team's, or one the library shows them), with its submission."""
    return Prompt.objects.filter(viewer.prompts_q(), pk=prompt_pk).select_related("submission").first()


def prompt_for_curation(*, cohort: Cohort, prompt_pk: int) -> Prompt | None:
    return Prompt.objects.filter(pk=prompt_pk, submission__cohort=cohort).select_related("submission__team").first()


def extension_list(*, cohort: Cohort) -> list[DeadlineExtension]:
    return list(
        DeadlineExtension.objects.filter(team__cohort=cohort).select_related("team", "granted_by").order_by("until")
    )


# For other apps ------------------------------------------------------------------------------


def submission_status_for_team(*, team) -> dict | None:
    """The team's submission summary for the team page: one query; None when the team has not started."""
    row = (
        Submission.objects.filter(team=team)
        .values("pk", "status", "title", "submitted_at", "updated_at", "version")
        .first()
    )
    if row is None:
        return None
    return {
        "status": row["status"],
        "status_label": SubmissionStatus(row["status"]).label,
        "title": row["title"],
        "submitted_at": row["submitted_at"],
        "updated_at": row["updated_at"],
        "url": reverse("submission_detail", kwargs={"pk": team.cohort_id, "team_pk": team.pk}),
    }


def deadlines_for_user(*, cohort: Cohort, user: User) -> list[Deadline]:
    """The submission deadline of the person's team for their personal calendar feed (sessions.ics picks
    this up): the cohort's deadline, or the team's extension when one is in force. Nothing without a team
    or a deadline."""
    deadline = settings_for(cohort=cohort).deadline
    team_id = team_id_for(cohort=cohort, user=user)
    if deadline is None or team_id is None:
        return []
    extension = DeadlineExtension.objects.filter(team_id=team_id).values_list("until", flat=True).first()
    due_at = DeadlineState(deadline=deadline, extended_until=extension, now=timezone.now()).effective
    with translation.override(user.language or django_settings.LANGUAGE_CODE):
        return [
            Deadline(
                uid=f"submission-deadline-{cohort.pk}-team-{team_id}",
                summary=_("Submission deadline · %(cohort)s") % {"cohort": cohort.name},
                due_at=due_at,
                url=django_settings.SITE_URL + reverse("submission_mine", args=[cohort.pk]),
                description=_("The team's prototype must be submitted by this time."),
            )
        ]
