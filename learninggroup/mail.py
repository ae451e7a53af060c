"""E-mail to one person, in their language and their cohort's time zone."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation


def personal_email(template: str, context: dict, *, user, zone: zoneinfo.ZoneInfo | None = None) -> EmailMessage:
    """Render `<template>_subject.txt` and `<template>_message.txt` for `user` (Korean unless they chose
    English; times in `zone`) into a message to their address, the subject with the site's prefix."""
    with translation.override(user.language or settings.LANGUAGE_CODE), timezone.override(zone):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_message.txt", context)
    return EmailMessage(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]
    )
