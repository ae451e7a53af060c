"""Award levels and awards (one per entry, within the quotas), given after judging and before publishing."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from learninggroup.models import User

from ..models import Award, AwardLevel, Contest, ContestStatus, Entry
from .common import ContestError, _text


@transaction.atomic
def award_assign(*, entry: Entry, level: AwardLevel, actor: User, citation: str = "") -> Award:
    """Give an entry an award level (one per entry; a new level replaces the old). Quotas hold."""
    contest = Contest.objects.select_for_update().get(pk=entry.contest_id)
    if level.contest_id != contest.pk:
        raise ContestError(_("The award belongs to another contest."))
    if contest.status not in (ContestStatus.CLOSED, ContestStatus.JUDGING):
        raise ContestError(_("Awards are given after judging and before publishing."), code="status")
    if not entry.is_active or entry.is_calibration:
        raise ContestError(_("This entry cannot receive an award."), code="entry")
    taken = Award.objects.filter(level=level).exclude(entry=entry).count()
    if taken >= level.quota:
        raise ContestError(
            _("%(award)s is limited to %(n)s; take it from another entry first.")
            % {"award": level.name, "n": level.quota},
            code="quota",
        )
    award, _created = Award.objects.update_or_create(
        entry=entry,
        defaults={"contest": contest, "level": level, "awarded_by": actor, "citation": _text(citation)[:300]},
    )
    return award


@transaction.atomic
def award_remove(*, entry: Entry) -> None:
    if entry.contest.status == ContestStatus.PUBLISHED:
        raise ContestError(_("Results are published; reopen them first."), code="published")
    Award.objects.filter(entry=entry).delete()


@transaction.atomic
def award_level_save(*, contest: Contest, name: str, quota: int, is_special: bool) -> AwardLevel:
    name = _text(name)
    if not name:
        raise ContestError(_("Name the award."))
    order = (AwardLevel.objects.filter(contest=contest).aggregate(n=Max("order"))["n"] or 0) + 1
    level, _created = AwardLevel.objects.update_or_create(
        contest=contest, name=name, defaults={"quota": quota, "is_special": is_special, "order": order}
    )
    return level
