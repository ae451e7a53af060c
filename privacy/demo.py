"""This app's part of the demo seed: the pilot's retention period, the one its privacy notice states.

The 2025 pilot ended on 16 July 2025; with the default year its personal data would be past retention, and the
daily purge (beat, on any `make run` with Redis) would destroy the demo's attendance, notes and uploads. Its
notice keeps them five years (``learninggroup.demo.PILOT_RETENTION_MONTHS``), and so does its policy here. The
current cohort keeps the default (a year, as its notice says). Idempotent: a period already set is left alone.
"""

from __future__ import annotations

from learninggroup.demo import PILOT_RETENTION_MONTHS, is_pilot
from learninggroup.models import Cohort

from .models import RetentionPolicy


def seed(*, cohort: Cohort) -> dict[str, int]:
    if not is_pilot(cohort):
        return {}
    policy, _ = RetentionPolicy.objects.get_or_create(
        cohort=cohort, defaults={"months_after_end": PILOT_RETENTION_MONTHS}
    )
    return {"months of retention": policy.months_after_end}
