"""Read side of exports: the jobs of a cohort, and the data the exporters read (prefetched once)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from learninggroup.models import Cohort, Membership
from submissions.models import Prompt
from teams.models import TeamMembership

from .models import (
    SPLIT_WORKER,
    Certificate,
    CertificateSettings,
    ContestFormTemplate,
    ExportDownload,
    ExportJob,
    ExportPart,
    JobStatus,
)


def jobs_of(*, cohort: Cohort, limit: int = 30) -> QuerySet[ExportJob]:
    return ExportJob.objects.filter(cohort=cohort).select_related("requested_by")[:limit]


def job_for(*, cohort: Cohort, job_pk: int) -> ExportJob | None:
    return ExportJob.objects.filter(cohort=cohort, pk=job_pk).select_related("requested_by", "cohort").first()


def job_batches(*, job: ExportJob) -> tuple[int, int] | None:
    """(batches, batches done) of a running job split over several workers; None otherwise (no query)."""
    if not job.is_active or job.worker != SPLIT_WORKER:
        return None
    counts = ExportPart.objects.filter(job=job, attempt=job.attempt).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(status=JobStatus.DONE))
    )
    return counts["total"], counts["done"]


def downloads_of(*, cohort: Cohort, limit: int = 50) -> QuerySet[ExportDownload]:
    return ExportDownload.objects.filter(cohort=cohort).select_related("user")[:limit]


@dataclass
class CasebookPrompt:
    title: str
    purpose: str
    text: str
    tool: str
    example_input: str
    example_output: str
    tips: str
    team: str
    departments: str


@dataclass
class CasebookCategory:
    name: str
    prompts: list[CasebookPrompt] = field(default_factory=list)


def casebook_prompts(*, cohort: Cohort, other: str) -> list[CasebookCategory]:
    """The prompts chosen for the casebook, grouped by category (uncategorized last, under `other`).

    Teams and their departments are named; no person's name, e-mail or phone appears.
    """
    prompts = (
        Prompt.objects.filter(submission__cohort=cohort, for_casebook=True)
        .select_related("submission__team")
        .prefetch_related(
            Prefetch(
                "submission__team__members",
                queryset=TeamMembership.objects.select_related("membership").order_by("pk"),
            )
        )
        .order_by("casebook_category", "submission__team__name", "created_at", "pk")
    )
    groups: dict[str, CasebookCategory] = {}
    for prompt in prompts:
        name = prompt.casebook_category or other
        team = prompt.submission.team
        departments = list(
            dict.fromkeys(m.membership.department for m in team.members.all() if m.membership.department)
        )
        groups.setdefault(name, CasebookCategory(name)).prompts.append(
            CasebookPrompt(
                title=prompt.title,
                purpose=prompt.purpose,
                text=prompt.text,
                tool=prompt.tool,
                example_input=prompt.example_input,
                example_output=prompt.example_output,
                tips=prompt.tips,
                team=team.name,
                departments=", ".join(departments),
            )
        )
    ordered = sorted(groups.values(), key=lambda g: (g.name == other, g.name))
    return ordered


def certificate_settings_for(*, cohort: Cohort) -> CertificateSettings:
    found, _created = CertificateSettings.objects.get_or_create(cohort=cohort)
    return found


def certificate_ledger(*, cohort: Cohort) -> QuerySet[Certificate]:
    return Certificate.objects.filter(cohort=cohort).select_related("reissue_of", "membership").order_by("serial")


def memberships_by_pk(*, pks) -> dict[int, Membership]:
    return {m.pk: m for m in Membership.objects.filter(pk__in=pks).select_related("user")}


def group_by(items, key):
    grouped = defaultdict(list)
    for item in items:
        grouped[key(item)].append(item)
    return grouped


def form_template_of(*, contest) -> ContestFormTemplate | None:
    return ContestFormTemplate.objects.filter(contest=contest).first()
