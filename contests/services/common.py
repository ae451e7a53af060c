"""The errors of contests and the small text helpers every contest service uses."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from learninggroup.dates import clock
from learninggroup.errors import DomainError

from ..models import ContestStatus, ScoreSheet


class ContestError(DomainError):
    """A rule of contests refused the change; the message is for the person."""


class RubricLocked(ContestError):
    pass


class ScoringClosed(ContestError):
    pass


class NotAssigned(ContestError):
    pass


class InvalidScore(ContestError):
    pass


class VoteRefused(ContestError):
    pass


@dataclass
class StaleSheet(ContestError):
    """The autosave was based on an older version of the scoresheet than the one stored: nothing written."""

    current: ScoreSheet

    def __post_init__(self):
        super().__init__(
            _("This scoresheet was saved from another window at %(time)s. Reload to see those scores.")
            % {"time": clock(self.current.saved_at) if self.current.saved_at else ""},
            code="stale",
        )


def judging_ended(contest) -> None:
    """Refuse a change to panels or assignments once judging closed: the results stand on the sheets as they are."""
    if contest.status in (ContestStatus.CLOSED, ContestStatus.PUBLISHED):
        raise ContestError(_("Judging has ended: the panel and the assignments can no longer change."), code="ended")


def _text(value) -> str:
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _num(value: Decimal) -> str:
    return format(value.normalize(), "f") if value is not None else ""
