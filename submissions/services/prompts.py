"""The team's prompts (scanned for personal data on every save) and the organizer's casebook choice."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learninggroup.models import User
from learninggroup.text import multi_line, single_line

from ..diffing import fields_diff
from ..models import Prompt, Submission
from ..pii import scan_fields
from .common import StaleVersion, SubmissionError, _ensure_open, _text

PROMPT_FIELDS = ("title", "purpose", "text", "tool", "example_input", "example_output", "tips")
PII_FIELDS = ("title", "purpose", "text", "example_input", "example_output", "tips")
MAX_TAGS = 10
MAX_TAG_LENGTH = 30


def normalize_tags(text: str) -> str:
    """ "#민원, 요약  챗봇" → ",민원,요약 챗봇," (wrapped in commas so a tag is matched exactly)."""
    tags: list[str] = []
    for raw in re.split(r"[,#\n;]+", multi_line(text)):
        tag = re.sub(r"\s+", " ", raw).strip().lower()[:MAX_TAG_LENGTH].strip()
        if tag and tag not in tags:
            tags.append(tag)
    tags = tags[:MAX_TAGS]
    return "," + ",".join(tags) + "," if tags else ""


@transaction.atomic
def prompt_save(
    *,
    submission: Submission,
    data: dict,
    actor: User,
    prompt: Prompt | None = None,
    base_version: int = 0,
    now: dt.datetime | None = None,
) -> Prompt:
    """Create or update a prompt. It is scanned for personal data on every save; a prompt with findings,
    or without the team's consent, leaves the casebook."""
    now = now or timezone.now()
    locked_submission = Submission.objects.select_related("team__cohort").get(pk=submission.pk)
    _ensure_open(locked_submission.team, now)
    values = {name: _text(data.get(name, ""), model=Prompt, name=name) for name in PROMPT_FIELDS}
    values["tags"] = normalize_tags(data.get("tags", ""))
    consent = bool(data.get("consent_to_publish"))
    if prompt is None:
        prompt = Prompt(submission=locked_submission, created_by=actor)
    else:
        prompt = Prompt.objects.select_for_update(of=("self",)).select_related("updated_by").get(pk=prompt.pk)
        current = {name: getattr(prompt, name) for name in (*PROMPT_FIELDS, "tags")}
        if current == values and prompt.consent_to_publish == consent:
            return prompt
        if prompt.version != base_version:
            raise StaleVersion(
                current=prompt,
                changes=fields_diff(values, current, (*PROMPT_FIELDS, "tags")),
                editors=[prompt.updated_by.name] if prompt.updated_by else [],
                base_known=False,
            )
    for name, value in values.items():
        setattr(prompt, name, value)
    prompt.pii_findings = scan_fields({name: values[name] for name in PII_FIELDS})
    prompt.pii_flagged = bool(prompt.pii_findings)
    if consent and not prompt.consent_to_publish:
        prompt.consent_by, prompt.consent_at = actor, now
    elif not consent:
        prompt.consent_by, prompt.consent_at = None, None
    prompt.consent_to_publish = consent
    if prompt.pii_flagged or not consent:
        prompt.for_casebook = False
        prompt.casebook_by, prompt.casebook_at = None, None
    prompt.version += 1
    prompt.updated_by = actor
    prompt.full_clean(exclude=["submission", "created_by", "updated_by", "consent_by", "casebook_by"])
    prompt.save()
    return prompt


@transaction.atomic
def prompt_delete(*, prompt: Prompt, actor: User, now: dt.datetime | None = None) -> None:
    locked = Prompt.objects.select_for_update(of=("self",)).select_related("submission__team__cohort").get(pk=prompt.pk)
    _ensure_open(locked.submission.team, now)
    locked.delete()


@transaction.atomic
def prompt_set_casebook(
    *, prompt: Prompt, for_casebook: bool, category: str, actor: User, now: dt.datetime | None = None
) -> Prompt:
    """An organizer marks a prompt for the casebook (only one the team consented to publish and in which
    no personal data was found) and files it under a category; or takes it out again."""
    locked = Prompt.objects.select_for_update(of=("self",)).get(pk=prompt.pk)
    category = re.sub(r"\s+", " ", single_line(category)).strip()[:50]
    if for_casebook:
        if not locked.consent_to_publish:
            raise SubmissionError(_("The team has not consented to publishing this prompt."), code="no_consent")
        if locked.pii_flagged:
            raise SubmissionError(
                _("Personal data was found in this prompt; the team must remove it first."), code="personal_data"
            )
        if not category:
            raise SubmissionError(_("Choose a casebook category."), code="no_category")
        locked.casebook_by, locked.casebook_at = actor, now or timezone.now()
    else:
        locked.casebook_by, locked.casebook_at = None, None
    locked.for_casebook = for_casebook
    locked.casebook_category = category
    locked.full_clean(exclude=["submission", "created_by", "updated_by", "consent_by", "casebook_by"])
    locked.save(update_fields=["for_casebook", "casebook_category", "casebook_by", "casebook_at"])
    return locked
