"""The submissions URLs in the permission table (tests/test_permissions.py).

The world's participant is put in a team of the cohort (their own); the objects belong to that team.
Judges and participants of other teams are covered in tests/submissions/test_views.py.
"""

from learninggroup.models import Membership, Role
from submissions import samples
from submissions.models import Attachment, DeadlineExtension, Prompt, Submission
from teams.models import Team, TeamMembership
from tests.permissions import ANY_MEMBER, ORGANIZER_ONLY, statuses


def _team(w):
    if "sub_team" not in w:
        team = Team.objects.create(cohort=w["cohort"], name="권한표팀")
        membership = Membership.objects.get(user=w["users"]["participant"], cohort=w["cohort"], role=Role.PARTICIPANT)
        TeamMembership.objects.create(team=team, membership=membership)
        w["sub_team"] = team
    return w["sub_team"]


def _submission(w):
    if "sub_submission" not in w:
        w["sub_submission"] = Submission.objects.create(team=_team(w), cohort=w["cohort"], title="권한표")
    return w["sub_submission"]


PROBE = "submissions/permission-table/probe.png"  # one tiny file under MEDIA_ROOT, written once


def _attachment(w):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    if not default_storage.exists(PROBE):
        default_storage.save(PROBE, ContentFile(samples.chat_screenshot(width=8, height=8)))
    attachment = Attachment(
        submission=_submission(w),
        kind="screenshot",
        original_name="화면.png",
        size=default_storage.size(PROBE),
        sha256="0" * 64,
        content_type="image/png",
    )
    attachment.file.name = PROBE
    attachment.save()
    return attachment


def _prompt(w):
    return Prompt.objects.create(submission=_submission(w), title="요약", text="요약해 줘")


def _extension(w):
    from datetime import timedelta

    from django.utils import timezone

    return DeadlineExtension.objects.create(team=_team(w), until=timezone.now() + timedelta(days=1))


def cohort(w):
    return {"pk": w["cohort"].pk}


def team(w):
    return {"pk": w["cohort"].pk, "team_pk": _team(w).pk}


def team_with_submission(w):
    _submission(w)
    return team(w)


# Team pages: the team's participant 200; facilitators and organizers read (edit is 403); a judge sees
# neither a draft nor its history (404); another cohort's organizer 404.
TEAM_READ = statuses(302, 200, 200, 404, 200, 404)
TEAM_WRITE_GET = statuses(302, 200, 403, 404, 403, 404)
TEAM_POST = statuses(302, 200, 403, 404, 403, 404)

ROWS = {
    "submission_gallery": ("get", cohort, ANY_MEMBER),
    "submission_mine": ("get", cohort, statuses(302, 302, 403, 403, 403, 404)),
    "submission_settings": ("get", cohort, ORGANIZER_ONLY),
    "deadline_extension_grant": ("post", cohort, statuses(302, 403, 403, 403, 302, 404)),
    "deadline_extension_revoke": (
        "post",
        lambda w: {"pk": w["cohort"].pk, "extension_pk": _extension(w).pk},
        statuses(302, 403, 403, 403, 302, 404),
    ),
    "submission_detail": ("get", team_with_submission, TEAM_READ),
    "submission_edit": ("get", team, TEAM_WRITE_GET),
    "submission_autosave": ("post", team, TEAM_POST),
    "submission_revisions": ("get", team_with_submission, TEAM_READ),
    "attachment_upload": ("post", team, statuses(302, 302, 403, 404, 403, 404)),  # no file: back to the page
    "attachment_download": (
        "get",
        lambda w: {"pk": w["cohort"].pk, "attachment_pk": _attachment(w).pk},
        statuses(302, 200, 200, 404, 200, 404),
    ),
    "attachment_remove": (
        "post",
        lambda w: {"pk": w["cohort"].pk, "attachment_pk": _attachment(w).pk},
        statuses(302, 302, 403, 404, 403, 404),
    ),
    "prompt_create": ("get", team, TEAM_WRITE_GET),
    "prompt_library": ("get", cohort, ANY_MEMBER),
    "prompt_edit": (
        "get",
        lambda w: {"pk": w["cohort"].pk, "prompt_pk": _prompt(w).pk},
        statuses(302, 200, 403, 404, 403, 404),
    ),
    "prompt_delete": (
        "post",
        lambda w: {"pk": w["cohort"].pk, "prompt_pk": _prompt(w).pk},
        statuses(302, 302, 403, 404, 403, 404),
    ),
    "prompt_casebook": (
        "post",
        lambda w: {"pk": w["cohort"].pk, "prompt_pk": _prompt(w).pk},
        statuses(302, 403, 403, 403, 302, 404),
    ),
}
