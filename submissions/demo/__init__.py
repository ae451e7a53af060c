"""This app's part of the demo seed (called by learninggroup.demo.seed_demo for each cohort).

Each demo team gets a submission written for its topic (`content.py`), a generated screenshot and slide PDF
(and a source ZIP for some), and two or three prompts in Korean (`prompts.py`); a few prompts are marked for
the casebook and one is flagged for a (made-up) phone number.

The pilot's teams all submitted before its deadline (11 July 2025, 18:00). In the second cohort two teams
have submitted and the rest are drafts; its deadline is the morning of the ninth evening, ahead of the day of
seeding. Teams that already have a submission are left alone, so running it twice changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from learninggroup.demo import current_dates, is_pilot
from teams.models import Team, TeamMembership

from .. import samples, services
from ..models import Attachment, Prompt, Submission, SubmissionSettings
from .content import CONTENT, PILOT_FINISHED, SUBMITTED
from .prompts import PROMPTS

PILOT_DEADLINE = dt.datetime(2025, 7, 11, 18, 0)
PILOT_WRITTEN = dt.datetime(2025, 6, 30, 20, 0)
CURRENT_SUBMITTED = ("민원 분류 챗봇", "회의록 자동 요약")
ACCENTS = [(20, 69, 122), (11, 110, 79), (164, 22, 26), (92, 67, 0), (69, 32, 107), (15, 54, 96)]


def _topic_for(team: Team, index: int) -> str:
    if team.topic in CONTENT:
        return team.topic
    for key in CONTENT:
        if key.split()[0] in (team.topic or "") or key.split()[0] in team.name:
            return key
    return list(CONTENT)[index % len(CONTENT)]


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def _slides(team: Team) -> bytes:
    return samples.pdf(
        [
            "Busan AI Learning Group",
            f"Team {team.pk}: prototype overview",
            "1. Problem  2. Prototype  3. Prompts  4. Expected effect",
        ],
        title="AI prototype presentation",
    )


def _source_zip(content: dict, prompts: list[dict]) -> bytes:
    return samples.zip_archive(
        {
            "README.md": f"# {content['fields']['title']}\n\n{content['fields']['summary']}\n",
            "prompts/main.txt": prompts[0]["text"],
            "app.py": "def main():\n    print('prototype')\n\n\nif __name__ == '__main__':\n    main()\n",
        }
    )


def _timeline(cohort) -> tuple[dt.datetime, dt.datetime]:
    """The deadline and when the teams wrote their first draft."""
    zone = cohort.zone
    if is_pilot(cohort):
        return PILOT_DEADLINE.replace(tzinfo=zone), PILOT_WRITTEN.replace(tzinfo=zone)
    deadline = dt.datetime.combine(current_dates(cohort)[8], dt.time(9, 0), tzinfo=zone)
    return deadline, timezone.now() - dt.timedelta(days=6)


def _counts(cohort) -> dict[str, int]:
    submissions = Submission.objects.filter(team__cohort=cohort)
    return {
        "submissions": submissions.count(),
        "submitted": submissions.filter(status=SUBMITTED).count(),
        "attachments": Attachment.objects.filter(submission__in=submissions).count(),
        "prompts": Prompt.objects.filter(submission__in=submissions).count(),
    }


@transaction.atomic
def seed(*, cohort) -> dict[str, int]:
    """Idempotent: running it twice changes nothing."""
    teams = list(Team.objects.filter(cohort=cohort).order_by("pk"))
    if not teams:
        return {}
    pilot = is_pilot(cohort)
    deadline, written = _timeline(cohort)
    SubmissionSettings.objects.get_or_create(cohort=cohort, defaults={"deadline": deadline})
    limits = services.upload_limits(cohort_settings=SubmissionSettings.objects.get(cohort=cohort))
    organizer = cohort.memberships.filter(role="organizer").select_related("user").order_by("pk").first()
    started = set(Submission.objects.filter(team__in=teams).values_list("team_id", flat=True))

    for index, team in enumerate(teams):
        if team.pk in started:
            continue
        members = [
            tm.membership.user
            for tm in TeamMembership.objects.filter(team=team).select_related("membership__user").order_by("pk")
        ]
        if not members:
            continue
        topic = _topic_for(team, index)
        content, prompts = CONTENT[topic], PROMPTS[topic]
        submit = pilot or topic in CURRENT_SUBMITTED
        _seed_team(
            team=team,
            content=content,
            prompts=prompts,
            finished=PILOT_FINISHED.get(topic, {}) if pilot else {},
            submit=submit,
            members=members,
            when=written - dt.timedelta(hours=index),
            accent=ACCENTS[index % len(ACCENTS)],
            limits=limits,
            organizer=organizer.user if organizer else None,
            casebook=pilot,
        )
    return _counts(cohort)


def _seed_team(*, team, content, prompts, finished, submit, members, when, accent, limits, organizer, casebook):
    author, second = members[0], members[-1]
    submission = services.submission_for_team(team=team)
    services.submission_save(
        submission=submission, fields={**content["fields"], **finished}, base_version=0, actor=author, now=when
    )
    files = [
        ("screenshot", "시연화면_1.png", samples.chat_screenshot(accent)),
        ("slides", f"{team.name}_발표자료.pdf", _slides(team)),
    ]
    if content.get("zip"):
        files.append(("source", "source.zip", _source_zip(content, prompts)))
    for kind, name, data in files:
        services.attachment_add(
            submission=submission, kind=kind, upload=_upload(name, data), actor=author, limits=limits, now=when
        )
    for number, prompt in enumerate(prompts):
        saved = services.prompt_save(
            submission=submission,
            data=prompt,
            actor=members[number % len(members)],
            now=when + dt.timedelta(hours=number + 1),
        )
        if casebook and prompt["casebook"] and organizer is not None and not saved.pii_flagged:
            services.prompt_set_casebook(
                prompt=saved, for_casebook=True, category=prompt["casebook"], actor=organizer, now=when
            )
    if not submit:
        return
    submission.refresh_from_db()
    services.submission_submit(
        submission=submission,
        fields=submission.field_values(),
        base_version=submission.version,
        actor=author,
        now=when + dt.timedelta(days=1),
    )
    if content.get("revise"):
        submission.refresh_from_db()
        services.attachment_add(
            submission=submission,
            kind="screenshot",
            upload=_upload("시연화면_2.png", samples.chat_screenshot(accent, width=420, height=260)),
            actor=second,
            limits=limits,
            now=when + dt.timedelta(days=2),
        )
        services.submission_submit(
            submission=submission,
            fields={**submission.field_values(), **content["revise"]},
            base_version=submission.version,
            actor=second,
            now=when + dt.timedelta(days=2),
        )
