"""The organizer's submission settings (deadline, gallery, upload limits) and per-team deadline extensions."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learninggroup.models import Cohort, User
from teams.models import Team

from ..models import DeadlineExtension, SubmissionSettings
from .common import SubmissionError, settings_get_or_create


@transaction.atomic
def settings_update(
    *,
    cohort: Cohort,
    actor: User | None,
    deadline: dt.datetime | None,
    gallery_open: bool,
    max_bytes: int | None = None,
    video_max_bytes: int | None = None,
    quota_bytes: int | None = None,
) -> SubmissionSettings:
    cohort_settings = settings_get_or_create(cohort=cohort)
    cohort_settings = SubmissionSettings.objects.select_for_update(of=("self",)).get(pk=cohort_settings.pk)
    cohort_settings.deadline = deadline
    cohort_settings.gallery_open = gallery_open
    cohort_settings.max_bytes = max_bytes
    cohort_settings.video_max_bytes = video_max_bytes
    cohort_settings.quota_bytes = quota_bytes
    cohort_settings.updated_by = actor
    cohort_settings.full_clean()
    cohort_settings.save()
    return cohort_settings


@transaction.atomic
def extension_grant(*, team: Team, until: dt.datetime, actor: User | None) -> DeadlineExtension:
    """Let the team edit until `until` (replacing an earlier extension of the team)."""
    if until <= timezone.now():
        raise SubmissionError(_("An extension must end in the future."), code="extension_past")
    extension, _created = DeadlineExtension.objects.update_or_create(
        team=team, defaults={"until": until, "granted_by": actor}
    )
    return extension


@transaction.atomic
def extension_revoke(*, extension: DeadlineExtension) -> None:
    extension.delete()
