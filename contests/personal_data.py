"""Contests' personal data (see privacy/registry.py): what judges wrote and decided, and who voted for what.

After a cohort's retention period the published work stays: entries, their frozen revisions, every score's
points, the rankings, awards and the teams' feedback figures, credited to the team and its department. What
goes is what a person wrote or chose: the judges' private notes and comments (with the history of both),
the authors in the score history, who cast each peer vote (the votes stay, so the peer scores do not change),
recusal, override and withdrawal reasons, the conflicts' explanations (they name people), the reopen reasons
and the contacts and participant list of the Ministry entry forms.
"""

from __future__ import annotations

from django.db.models import Q

from learninggroup.dates import iso

from .models import Conflict, Entry, EntryForm, PeerVote, Score, ScoreChange, ScoreSheet


def export_person(*, user) -> dict[str, list[dict]]:
    scores = (
        Score.objects.filter(sheet__assignment__judge__user=user)
        .select_related("criterion", "sheet__assignment__entry__contest", "sheet__assignment__round")
        .order_by("sheet__assignment__entry__contest_id", "sheet__assignment__entry__number", "criterion__order")
    )
    notes = (
        ScoreSheet.objects.filter(assignment__judge__user=user)
        .exclude(private_note="")
        .select_related("assignment__entry__contest", "assignment__round")
    )
    votes = PeerVote.objects.filter(voter__user=user).select_related("entry__contest")
    declared = Conflict.objects.filter(Q(created_by=user) | Q(overridden_by=user)).select_related("entry__contest")
    return {
        "contest_scores": [
            {
                "contest": s.sheet.assignment.entry.contest.name,
                "round": s.sheet.assignment.round.name,
                "entry": s.sheet.assignment.entry.number,
                "criterion": s.criterion.name,
                "points": str(s.value) if s.value is not None else "",
                "comment": s.comment,
            }
            for s in scores
        ],
        "contest_notes": [
            {
                "contest": n.assignment.entry.contest.name,
                "round": n.assignment.round.name,
                "entry": n.assignment.entry.number,
                "note": n.private_note,
            }
            for n in notes.order_by("pk")
        ],
        "contest_votes": [
            {"contest": v.entry.contest.name, "entry": v.entry.number, "at": iso(v.created_at)}
            for v in votes.order_by("created_at", "pk")
        ],
        "contest_conflicts": [
            {
                "contest": c.entry.contest.name,
                "entry": c.entry.number,
                "kind": c.kind,
                "reason": c.reason if c.created_by_id == user.pk else "",
                "override_reason": c.override_reason if c.overridden_by_id == user.pk else "",
                "at": iso(c.created_at),
            }
            for c in declared.order_by("created_at", "pk")
        ],
    }


def purge_cohort(*, cohort, anonymize_user_ids: frozenset[int], dry_run: bool) -> dict[str, int]:
    sheets = ScoreSheet.objects.filter(assignment__round__contest__cohort=cohort)
    notes = sheets.exclude(private_note="")
    reopened = sheets.filter(Q(reopened_by__isnull=False) | ~Q(reopen_reason=""))
    comments = Score.objects.filter(sheet__assignment__round__contest__cohort=cohort).exclude(comment="")
    history = ScoreChange.objects.filter(sheet__assignment__round__contest__cohort=cohort)
    written_history = history.filter(field__in=("comment", "note"))
    authored_history = history.exclude(field__in=("comment", "note")).filter(changed_by__isnull=False)
    votes = PeerVote.objects.filter(round__contest__cohort=cohort, voter__isnull=False)
    conflicts = Conflict.objects.filter(contest__cohort=cohort).filter(
        ~Q(explanation="")
        | ~Q(reason="")
        | ~Q(override_reason="")
        | Q(created_by__isnull=False)
        | Q(overridden_by__isnull=False)
    )
    entries = Entry.objects.filter(contest__cohort=cohort).filter(
        ~Q(withdrawn_reason="") | Q(nominated_by__isnull=False) | Q(withdrawn_by__isnull=False)
    )
    forms = EntryForm.objects.filter(entry__contest__cohort=cohort).filter(
        ~Q(participants="") | ~Q(contact_phone="") | ~Q(contact_email="") | Q(updated_by__isnull=False)
    )
    report = {
        "judges_private_notes": notes.count(),
        "judges_comments": comments.count(),
        "score_history_texts": written_history.count(),
        "score_history_authors": authored_history.count(),
        "reopen_reasons": reopened.count(),
        "peer_voters": votes.count(),
        "conflict_reasons": conflicts.count(),
        "entry_reasons": entries.count(),
        "entry_form_contacts": forms.count(),
    }
    if dry_run:
        return report
    notes.update(private_note="")
    reopened.update(reopened_by=None, reopen_reason="")
    comments.update(comment="")
    written_history.delete()
    authored_history.update(changed_by=None)
    votes.update(voter=None)
    conflicts.update(explanation="", reason="", override_reason="", created_by=None, overridden_by=None)
    entries.update(withdrawn_reason="", nominated_by=None, withdrawn_by=None)
    forms.update(participants="", contact_phone="", contact_email="", updated_by=None)
    return report
