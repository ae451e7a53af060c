"""Submissions' personal data: what a person edited, uploaded and wrote (see privacy/registry.py).

The submission itself is the team's work and stays, credited to the team; uploads go (they may hold
anyone's data), and so do the autosave history and the prompts that were not chosen for the casebook.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from learninggroup.dates import iso

from .models import Attachment, DeadlineExtension, Prompt, SubmissionRevision, SubmissionVersion


def export_person(*, user) -> dict[str, list[dict]]:
    revisions = SubmissionRevision.objects.filter(created_by=user).select_related("submission__team")
    versions = SubmissionVersion.objects.filter(saved_by=user).select_related("submission__team")
    uploads = Attachment.objects.filter(uploaded_by=user).select_related("submission__team")
    prompts = Prompt.objects.filter(Q(created_by=user) | Q(updated_by=user)).select_related("submission__team")
    return {
        "submissions_submitted": [
            {
                "team": r.submission.team.name,
                "revision": r.number,
                "title": r.snapshot.get("title", "") if isinstance(r.snapshot, dict) else "",
                "at": iso(r.created_at),
            }
            for r in revisions.order_by("created_at", "pk")
        ],
        "submission_edits": [
            {"team": v.submission.team.name, "version": v.number, "saved_at": iso(v.saved_at)}
            for v in versions.order_by("saved_at", "pk")
        ],
        "uploads": [
            {
                "team": a.submission.team.name,
                "file_name": a.original_name,
                "size": a.size,
                "sha256": a.sha256,
                "uploaded_at": iso(a.created_at),
                "removed_at": iso(a.removed_at),
            }
            for a in uploads.order_by("created_at", "pk")
        ],
        "prompts": [
            {
                "team": p.submission.team.name,
                "title": p.title,
                "prompt": p.text,
                "tool": p.tool,
                "for_casebook": p.for_casebook,
                "created_by_you": p.created_by_id == user.pk,
                "updated_at": iso(p.updated_at),
            }
            for p in prompts.order_by("created_at", "pk")
        ],
    }


def purge_cohort(*, cohort, anonymize_user_ids: frozenset[int], dry_run: bool) -> dict[str, int]:
    attachments = Attachment.objects.filter(submission__cohort=cohort)
    versions = SubmissionVersion.objects.filter(submission__cohort=cohort)
    prompts = Prompt.objects.filter(submission__cohort=cohort, for_casebook=False)
    extensions = DeadlineExtension.objects.filter(team__cohort=cohort)
    report = {
        "uploads": attachments.count(),
        "autosave_history": versions.count(),
        "prompts_not_in_casebook": prompts.count(),
        "deadline_extensions": extensions.count(),
    }
    if dry_run:
        return report
    files = [name for name in attachments.values_list("file", flat=True) if name]
    storage = Attachment._meta.get_field("file").storage
    attachments.delete()
    versions.delete()
    prompts.delete()
    extensions.delete()

    def delete_files():
        for name in files:
            storage.delete(name)

    transaction.on_commit(delete_files)
    return report
