"""What every submissions service shares: the app's errors, the cohort's settings and the open deadline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learninggroup.dates import day_time
from learninggroup.errors import DomainError
from learninggroup.models import Cohort
from learninggroup.text import multi_line, single_line
from teams.models import Team

from ..deadlines import DeadlineState
from ..diffing import FieldDiff
from ..models import DeadlineExtension, Prompt, Submission, SubmissionSettings
from ..uploads import UploadLimits


class SubmissionError(DomainError):
    """A rule refused the change; ``message`` is for the person."""


class EditingClosed(SubmissionError):
    """The deadline has passed: nothing can be changed any more."""


class UploadRefused(SubmissionError):
    """The file was not stored; the message says why."""


@dataclass(eq=False)
class StaleVersion(SubmissionError):
    """The save was based on an older version than the one stored: nothing was written."""

    current: Submission | Prompt
    changes: list[FieldDiff]
    editors: list[str]
    base_known: bool = True

    def __post_init__(self) -> None:
        super().__init__(_("Someone saved a newer version while you were editing."), code="stale")


def _text(value, *, model=None, name: str = "") -> str:
    """What is stored for a text field: NFC, one line for a CharField, LF line ends for a text area (browsers
    send CRLF), so an unchanged field stays unchanged."""
    if model is not None and model._meta.get_field(name).get_internal_type() == "CharField":
        return single_line(value).strip()
    return multi_line(value)


def settings_get_or_create(*, cohort: Cohort) -> SubmissionSettings:
    try:
        with transaction.atomic():
            return SubmissionSettings.objects.get_or_create(cohort=cohort)[0]
    except IntegrityError:
        return SubmissionSettings.objects.get(cohort=cohort)


def upload_limits(*, cohort_settings: SubmissionSettings | None) -> UploadLimits:
    return UploadLimits.from_settings(cohort_settings)


def deadline_for(*, team: Team, now: dt.datetime | None = None) -> DeadlineState:
    cohort_settings = SubmissionSettings.objects.filter(cohort_id=team.cohort_id).first()
    extension = DeadlineExtension.objects.filter(team=team).first()
    return DeadlineState(
        deadline=cohort_settings.deadline if cohort_settings else None,
        extended_until=extension.until if extension else None,
        now=now or timezone.now(),
    )


def _ensure_open(team: Team, now: dt.datetime | None) -> None:
    state = deadline_for(team=team, now=now)
    if not state.is_open:
        raise EditingClosed(
            _("The submission deadline (%(deadline)s) has passed; the submission can no longer be changed.")
            % {"deadline": day_time(timezone.localtime(state.effective, team.cohort.zone))},
            code="closed",
        )
