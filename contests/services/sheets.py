"""Scoresheets: parsing a score, autosave with optimistic locking and a history of every change, submitting
and an organizer's reopening."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from learninggroup.models import User

from ..models import Conflict, Contest, Criterion, JudgeAssignment, Score, ScoreChange, ScoreSheet, SheetStatus
from .common import ContestError, InvalidScore, NotAssigned, ScoringClosed, StaleSheet, _num, _text
from .conflicts import has_active_conflict


def parse_score(raw, criterion: Criterion) -> Decimal | None:
    """A score typed by a judge: empty (not yet scored), or a number within the points on the step."""
    text = str(raw if raw is not None else "").strip().replace(",", ".")
    if text == "":
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InvalidScore(
            _("%(criterion)s: “%(value)s” is not a number.") % {"criterion": criterion.name, "value": text[:20]},
            code="not_a_number",
        ) from None
    if not value.is_finite() or value < 0 or value > criterion.points:
        raise InvalidScore(
            _("%(criterion)s: give between 0 and %(points)s points.")
            % {"criterion": criterion.name, "points": _num(criterion.points)},
            code="out_of_range",
        )
    if (value / criterion.step) % 1:
        raise InvalidScore(
            _("%(criterion)s: scores go in steps of %(step)s.")
            % {"criterion": criterion.name, "step": _num(criterion.step)},
            code="off_step",
        )
    return value.quantize(Decimal("0.1"))


def _fresh(assignment: JudgeAssignment) -> JudgeAssignment:
    """The assignment as stored now, with what the checks read (the caller's copy may be stale): one query."""
    conflicted = Conflict.objects.filter(
        entry_id=OuterRef("entry_id"), judge_id=OuterRef("judge_id"), overridden_at__isnull=True
    )
    found = (
        JudgeAssignment.objects.select_related("entry", "round__contest", "judge")
        .annotate(conflicted=Exists(conflicted))
        .filter(pk=assignment.pk)
        .first()
    )
    if found is None:
        raise NotAssigned(_("This entry is not assigned to you."), code="not_assigned")
    return found


def _ensure_can_score(assignment: JudgeAssignment, actor: User, now: dt.datetime) -> None:
    if assignment.judge.user_id != actor.pk or not assignment.judge.is_active:
        raise NotAssigned(_("This entry is not assigned to you."), code="not_assigned")
    if not assignment.entry.is_active:
        raise ScoringClosed(_("This entry was withdrawn; it is no longer scored."), code="withdrawn")
    conflicted = getattr(assignment, "conflicted", None)
    if conflicted is None:
        conflicted = has_active_conflict(entry_id=assignment.entry_id, judge_id=assignment.judge_id)
    if conflicted:
        raise NotAssigned(_("You have a conflict of interest with this entry."), code="conflict")
    if assignment.no_conflict_confirmed_at is None:
        raise ScoringClosed(_("Confirm that you have no conflict of interest first."), code="confirm")
    if not assignment.round.contest.window_open(now):
        raise ScoringClosed(_("The judging window is closed; scores can no longer change."), code="window")


def sheet_for(*, assignment: JudgeAssignment) -> ScoreSheet:
    sheet, _created = ScoreSheet.objects.get_or_create(assignment=assignment)
    return sheet


@dataclass
class SheetSave:
    sheet: ScoreSheet
    changed: int


@transaction.atomic
def sheet_save(
    *,
    assignment: JudgeAssignment,
    values: dict[int, str],
    comments: dict[int, str] | None = None,
    note: str | None = None,
    base_version: int,
    actor: User,
    now: dt.datetime | None = None,
) -> SheetSave:
    """Autosave or save a judge's scores: every value is checked first (nothing is written if one is wrong),
    the sheet must be at `base_version` (a second tab's stale save is refused), and every change is kept.

    A save based on an older version that posts exactly what is stored now is no conflict: it is what
    happens when the judge presses 제출 while the autosave of the same values is still on its way (only the
    sheet's judge saves it, so the newer version is their own). It writes nothing and is not refused."""
    now = now or timezone.now()
    assignment = _fresh(assignment)
    _ensure_can_score(assignment, actor, now)
    sheet = ScoreSheet.objects.select_for_update().filter(assignment=assignment).first()
    if sheet is None:
        sheet = sheet_for(assignment=assignment)
    if sheet.status == SheetStatus.SUBMITTED:
        raise ScoringClosed(_("This scoresheet was submitted; ask an organizer to reopen it."), code="submitted")
    if sheet.status == SheetStatus.VOID:
        raise ScoringClosed(_("This scoresheet is void."), code="void")
    comments = comments or {}
    criteria = {c.pk: c for c in assignment.round.criteria.all()}
    parsed = {}
    for criterion_id, raw in values.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise InvalidScore(_("Unknown criterion."), code="criterion")
        parsed[criterion_id] = parse_score(raw, criterion)
    current = {s.criterion_id: s for s in sheet.scores.all()}
    if sheet.version != base_version and not _as_stored(sheet, current, parsed, comments, note):
        raise StaleSheet(current=sheet)
    changes = []
    for criterion_id in sorted(set(parsed) | {k for k in comments if k in criteria}):
        score = current.get(criterion_id) or Score(sheet=sheet, criterion_id=criterion_id)
        dirty = False
        if criterion_id in parsed and score.value != parsed[criterion_id]:
            dirty = True
            changes.append(
                ScoreChange(
                    sheet=sheet,
                    criterion_id=criterion_id,
                    field="value",
                    old="" if score.value is None else _num(score.value),
                    new="" if parsed[criterion_id] is None else _num(parsed[criterion_id]),
                    changed_by=actor,
                    changed_at=now,
                )
            )
            score.value = parsed[criterion_id]
        if criterion_id in comments:
            comment = _text(comments[criterion_id])[:4000]
            if comment != score.comment:
                dirty = True
                changes.append(
                    ScoreChange(
                        sheet=sheet,
                        criterion_id=criterion_id,
                        field="comment",
                        old=score.comment[:2000],
                        new=comment[:2000],
                        changed_by=actor,
                        changed_at=now,
                    )
                )
                score.comment = comment
        if dirty:
            score.save()
    if note is not None and _text(note) != sheet.private_note:
        changes.append(
            ScoreChange(
                sheet=sheet,
                field="note",
                old=sheet.private_note[:2000],
                new=_text(note)[:2000],
                changed_by=actor,
                changed_at=now,
            )
        )
        sheet.private_note = _text(note)[:4000]
    if changes:
        ScoreChange.objects.bulk_create(changes)
        sheet.version += 1
        sheet.saved_at = now
        sheet.save(update_fields=["version", "saved_at", "private_note"])
    return SheetSave(sheet=sheet, changed=len(changes))


def _as_stored(sheet: ScoreSheet, current: dict[int, Score], parsed: dict, comments: dict, note: str | None) -> bool:
    """The posted scores, comments and note are exactly what the sheet holds now."""
    for criterion_id, value in parsed.items():
        score = current.get(criterion_id)
        if (score.value if score else None) != value:
            return False
    for criterion_id, comment in comments.items():
        score = current.get(criterion_id)
        if (score.comment if score else "") != _text(comment)[:4000]:
            return False
    return note is None or _text(note)[:4000] == sheet.private_note


@transaction.atomic
def sheet_submit(*, assignment: JudgeAssignment, actor: User, now: dt.datetime | None = None) -> ScoreSheet:
    """Submit: every criterion must be scored; the sheet locks until an organizer reopens it."""
    now = now or timezone.now()
    assignment = _fresh(assignment)
    _ensure_can_score(assignment, actor, now)
    sheet = ScoreSheet.objects.select_for_update().get(pk=sheet_for(assignment=assignment).pk)
    if sheet.status != SheetStatus.DRAFT:
        raise ScoringClosed(_("This scoresheet is not open."), code=sheet.status)
    scored = set(sheet.scores.filter(value__isnull=False).values_list("criterion_id", flat=True))
    missing = [c.name for c in assignment.round.criteria.all() if c.pk not in scored]
    if missing:
        raise InvalidScore(
            _("Score every criterion before submitting: %(missing)s.") % {"missing": ", ".join(missing)},
            code="incomplete",
        )
    sheet.submitted_at = now
    return _move(sheet, SheetStatus.SUBMITTED, actor=actor, now=now)


@transaction.atomic
def sheet_reopen(*, sheet: ScoreSheet, actor: User, reason: str = "", now: dt.datetime | None = None) -> ScoreSheet:
    """An organizer reopens a submitted scoresheet so the judge can change it; never once the results are
    published (the published ranking and feedback stand on it)."""
    now = now or timezone.now()
    sheet = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    contest = Contest.objects.get(rounds__assignments__pk=sheet.assignment_id)
    if contest.is_published:
        raise ContestError(
            _("The results are published; a scoresheet can no longer be reopened. Take the results back first."),
            code="published",
        )
    if sheet.status != SheetStatus.SUBMITTED:
        raise ContestError(_("Only a submitted scoresheet can be reopened."), code="not_submitted")
    sheet.reopened_at = now
    sheet.reopened_by = actor
    sheet.reopen_reason = _text(reason)[:300]
    return _move(sheet, SheetStatus.DRAFT, actor=actor, now=now)


def _move(sheet: ScoreSheet, status: str, *, actor: User, now: dt.datetime) -> ScoreSheet:
    """Put the (locked) sheet in `status` as a new version, with the move in its history."""
    ScoreChange.objects.create(
        sheet=sheet, field="status", old=sheet.status, new=status, changed_by=actor, changed_at=now
    )
    sheet.status = status
    sheet.version += 1
    sheet.save()
    return sheet


@transaction.atomic
def score_set_comment_hidden(*, score: Score, hidden: bool) -> Score:
    score.comment_hidden = hidden
    score.save(update_fields=["comment_hidden"])
    return score
