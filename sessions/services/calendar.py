"""The secret addresses of the calendar feeds, and a person's reminder switch."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from learninggroup.models import Cohort, User

from ..models import CalendarToken, ReminderPreference, new_calendar_token


def calendar_token_get_or_create(*, cohort: Cohort, user: User | None) -> CalendarToken:
    """The cohort's feed token (user None) or the person's own; made the first time it is asked for."""
    existing = CalendarToken.objects.filter(cohort=cohort, user=user).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return CalendarToken.objects.create(cohort=cohort, user=user)
    except IntegrityError:
        return CalendarToken.objects.get(cohort=cohort, user=user)


@transaction.atomic
def calendar_token_reset(*, cohort: Cohort, user: User | None) -> CalendarToken:
    """A new secret: the old address stops working (for a link that was shared by mistake)."""
    token = calendar_token_get_or_create(cohort=cohort, user=user)
    token.token = new_calendar_token()
    token.save(update_fields=["token"])
    return token


@transaction.atomic
def reminder_preference_set(*, cohort: Cohort, user: User, reminders: bool) -> ReminderPreference:
    preference, _ = ReminderPreference.objects.select_for_update().get_or_create(
        cohort=cohort, user=user, defaults={"reminders": reminders}
    )
    if preference.reminders != reminders:
        preference.reminders = reminders
        preference.save(update_fields=["reminders", "updated_at"])
    return preference
