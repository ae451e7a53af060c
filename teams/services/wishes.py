"""The cohort's list of topics and each participant's wishes (a topic, up to two colleagues)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from learninggroup.models import Cohort, Membership, Role
from learninggroup.text import single_line

from ..models import TeamFormation, TeamPreference, Topic
from .common import TeamError


@transaction.atomic
def topic_add(*, cohort: Cohort, name: str) -> Topic:
    name = " ".join(single_line(name).split())
    if not name:
        raise TeamError(_("Write the topic's name."))
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
    if Topic.objects.filter(cohort=cohort, name=name).exists():
        raise TeamError(_("%(name)s is already on the list.") % {"name": name})
    last = Topic.objects.filter(cohort=cohort).order_by("-order").values_list("order", flat=True).first()
    topic = Topic(cohort=cohort, name=name, order=(last or 0) + 1)
    topic.full_clean()
    topic.save()
    return topic


@transaction.atomic
def topic_remove(*, topic: Topic) -> None:
    """Wishes for the topic are cleared; teams keep the topic's name as their own text."""
    topic.delete()


# Wishes --------------------------------------------------------------------------------------


@transaction.atomic
def preference_set(*, membership: Membership, topic: Topic | None, colleagues: Sequence[Membership]) -> TeamPreference:
    """A participant's topic wish and up to two colleagues, while teams are being formed."""
    formation = TeamFormation.objects.filter(cohort_id=membership.cohort_id).first()
    if formation is not None and formation.is_finalized:
        raise TeamError(_("The teams are finalized, so wishes can no longer be changed."))
    if membership.role != Role.PARTICIPANT or not membership.is_active:
        raise TeamError(_("Only participants state wishes for their team."))
    if topic is not None and topic.cohort_id != membership.cohort_id:
        raise TeamError(_("Choose one of this cohort's topics."))
    colleagues = list(colleagues)
    if len(colleagues) > 2:
        raise TeamError(_("Choose at most two colleagues."))
    if any(c.pk == membership.pk or c.user_id == membership.user_id for c in colleagues):
        raise TeamError(_("You cannot choose yourself."))
    if len({c.pk for c in colleagues}) != len(colleagues):
        raise TeamError(_("Choose two different colleagues."))
    for colleague in colleagues:
        if colleague.cohort_id != membership.cohort_id or colleague.role != Role.PARTICIPANT or not colleague.is_active:
            raise TeamError(_("Choose colleagues who are participants of this cohort."))
    preference, _created = TeamPreference.objects.get_or_create(membership=membership)
    preference.topic = topic
    preference.colleague1 = colleagues[0] if colleagues else None
    preference.colleague2 = colleagues[1] if len(colleagues) > 1 else None
    preference.full_clean()
    preference.save()
    return preference
