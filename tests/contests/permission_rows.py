"""The contests URLs in the permission table (tests/test_permissions.py).

The world's participant is in the team whose prototype is entered; the world's judge (moved to another
department, so no conflict) is on the panel and assigned to that entry, with "no conflict" confirmed.
Another judge's and a conflicted judge's access are in tests/contests/test_permissions.py.
"""

from django.utils import timezone

from contests import services
from contests.models import ContestKind, ContestStatus, RoundKind
from learninggroup.models import Membership, Role
from submissions import samples
from submissions.models import Attachment
from teams.models import Team, TeamMembership
from tests.permissions import ANY_MEMBER, ORGANIZER_ONLY, statuses

from .factories import submitted

ORGANIZER_POST = statuses(302, 403, 403, 403, 302, 404)
# The entry's own team and the organizers; nobody else learns of it.
TEAM_AND_ORGANIZER = statuses(302, 200, 404, 404, 200, 404)
# The assigned judge; an organizer reads it; the rest get 404.
JUDGE_AND_ORGANIZER = statuses(302, 404, 404, 200, 200, 404)
JUDGE_POST = statuses(302, 404, 404, 302, 404, 404)
PROBE = "contests/permission-table/probe.png"


def _member(w, role):
    return Membership.objects.get(user=w["users"][role], cohort=w["cohort"], role=role)


def _team(w):
    if "sub_team" not in w:
        team = Team.objects.create(cohort=w["cohort"], name="권한표팀")
        TeamMembership.objects.create(team=team, membership=_member(w, Role.PARTICIPANT))
        w["sub_team"] = team
    return w["sub_team"]


def world_contest(w):
    """A judging internal contest with the participant's team entered and the judge assigned."""
    if "contest" in w:
        return w["contest"]
    organizer = w["users"]["organizer"]
    judge = _member(w, Role.JUDGE)
    judge.department = "감사위원회"
    judge.save()
    contest = services.contest_create(
        cohort=w["cohort"],
        kind=ContestKind.INTERNAL,
        name="권한표 경진대회",
        actor=organizer,
        judging_closes_at=timezone.now() + timezone.timedelta(days=3),
    )
    entry = services.entry_nominate(contest=contest, submission=submitted(_team(w)), actor=organizer)
    written = contest.rounds.get(kind=RoundKind.WRITTEN)
    services.panel_add(rnd=written, judge=judge)
    services.assignment_run(rnd=written)
    services.contest_set_status(contest=contest, status=ContestStatus.OPEN, actor=organizer)
    contest = services.contest_set_status(contest=contest, status=ContestStatus.JUDGING, actor=organizer)
    assignment = written.assignments.get()
    services.assignment_confirm_no_conflict(assignment=assignment, actor=judge.user)
    w.update(contest=contest, entry=entry, written=written, assignment=assignment)
    return contest


def ministry(w):
    organizer = w["users"]["organizer"]
    contest = services.contest_create(
        cohort=w["cohort"], kind=ContestKind.MINISTRY, name="권한표 정부혁신", actor=organizer
    )
    entry = services.entry_nominate(contest=contest, submission=submitted(_team(w)), actor=organizer)
    services.contest_set_status(contest=contest, status=ContestStatus.OPEN, actor=organizer)
    return {"pk": w["cohort"].pk, "contest_pk": contest.pk, "entry_pk": entry.pk}


def published(w):
    contest = world_contest(w)
    organizer = w["users"]["organizer"]
    services.contest_set_status(contest=contest, status=ContestStatus.CLOSED, actor=organizer)
    services.contest_set_status(contest=contest, status=ContestStatus.PUBLISHED, actor=organizer)
    return {"pk": w["cohort"].pk, "contest_pk": contest.pk, "entry_pk": w["entry"].pk}


def cohort(w):
    return {"pk": w["cohort"].pk}


def contest(w):
    return {"pk": w["cohort"].pk, "contest_pk": world_contest(w).pk}


def rnd(w):
    return {**contest(w), "round_pk": w["written"].pk}


def entry(w):
    return {**contest(w), "entry_pk": w["entry"].pk}


def conflict(w):
    from contests.models import Conflict, ConflictSource

    found = Conflict.objects.create(
        contest=world_contest(w),
        entry=w["entry"],
        judge=_member(w, Role.JUDGE),
        kind="department",
        source=ConflictSource.AUTOMATIC,
        explanation="권한표",
    )
    return {**contest(w), "conflict_pk": found.pk}


def sheet(w):
    world_contest(w)
    return {"pk": w["cohort"].pk, "assignment_pk": w["assignment"].pk}


def sheet_file(w):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    kwargs = sheet(w)
    if not default_storage.exists(PROBE):
        default_storage.save(PROBE, ContentFile(samples.chat_screenshot(width=8, height=8)))
    attachment = Attachment(
        submission=w["entry"].submission,
        kind="screenshot",
        original_name="화면.png",
        size=default_storage.size(PROBE),
        sha256="0" * 64,
        content_type="image/png",
    )
    attachment.file.name = PROBE
    attachment.save()
    w["entry"].revision.attachments.add(attachment)
    return {**kwargs, "attachment_pk": attachment.pk}


ROWS = {
    "contest_list": ("get", cohort, ANY_MEMBER),
    "contest_create": ("get", cohort, ORGANIZER_ONLY),
    "contest_detail": ("get", contest, ANY_MEMBER),
    "contest_settings": ("get", contest, ORGANIZER_ONLY),
    "contest_status": ("post", contest, ORGANIZER_POST),
    "round_edit": ("get", rnd, ORGANIZER_ONLY),
    "round_panel": ("get", rnd, ORGANIZER_ONLY),
    "round_assign": ("post", rnd, ORGANIZER_POST),
    "entry_nominate": ("post", contest, ORGANIZER_POST),
    "entry_withdraw": ("post", entry, ORGANIZER_POST),
    "entry_calibration": ("post", entry, ORGANIZER_POST),
    "entry_form": ("get", ministry, TEAM_AND_ORGANIZER),
    "entry_feedback": ("get", published, TEAM_AND_ORGANIZER),
    "conflict_list": ("get", contest, ORGANIZER_ONLY),
    "conflict_override": ("post", conflict, ORGANIZER_POST),
    "judge_desk": ("get", contest, statuses(302, 403, 403, 200, 403, 404)),
    "contest_results": ("get", contest, ORGANIZER_ONLY),
    "award_assign": ("post", contest, ORGANIZER_POST),
    "award_level_add": ("post", contest, ORGANIZER_POST),
    "peer_vote": ("get", contest, statuses(302, 200, 403, 403, 403, 404)),
    "sheet": ("get", sheet, JUDGE_AND_ORGANIZER),
    "sheet_confirm": ("post", sheet, JUDGE_POST),
    "sheet_recuse": ("post", sheet, JUDGE_POST),
    "sheet_autosave": ("post", sheet, JUDGE_POST),
    "sheet_submit": ("post", sheet, JUDGE_POST),
    "sheet_reopen": ("post", sheet, statuses(302, 403, 403, 403, 302, 404)),
    "sheet_attachment": ("get", sheet_file, JUDGE_AND_ORGANIZER),
}
