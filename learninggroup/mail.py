"""E-mail to one person, in their language and their cohort's time zone."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.template import Context, engines
from django.utils import timezone, translation


def render_text(template: str, context: dict) -> str:
    """A plain-text template rendered without HTML escaping: a team called "R&D" stays "R&D" in a subject."""
    engine = engines["django"].engine
    return engine.get_template(template).render(Context(context, autoescape=False))


def personal_email(template: str, context: dict, *, user, zone: zoneinfo.ZoneInfo | None = None) -> EmailMessage:
    """Render `<template>_subject.txt` and `<template>_message.txt` for `user` (Korean unless they chose
    English; times in `zone`) into a message to their address, the subject with the site's prefix."""
    with translation.override(user.language or settings.LANGUAGE_CODE), timezone.override(zone):
        subject = render_text(f"{template}_subject.txt", context).strip()
        body = render_text(f"{template}_message.txt", context)
    return EmailMessage(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]
    )
