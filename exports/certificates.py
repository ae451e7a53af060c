"""Completion certificates (수료증): issue to those who met the attendance threshold, number them once and
for all, revoke, reissue (a new row referring to the original), and verify through a signed address."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from learninggroup.errors import DomainError
from learninggroup.models import Cohort
from sessions.selectors import attendance_summary_for, participants_of, session_settings_for

from .models import Certificate, CertificateSettings

SALT = "exports.certificate"


class CertificateError(DomainError):
    """A certificate cannot be issued, revoked or reissued; `message` says why."""


def _number(cohort: Cohort, prefix: str, serial: int) -> str:
    return f"{cohort.year}-{prefix}-{serial:04d}"


def _reserve_serials(cohort: Cohort, count: int) -> tuple[CertificateSettings, int]:
    """Reserve `count` numbers of the cohort under a row lock (numbers are unique and never reused);
    returns the settings row and the first reserved serial."""
    CertificateSettings.objects.get_or_create(cohort=cohort)
    row = CertificateSettings.objects.select_for_update().get(cohort=cohort)
    highest = Certificate.objects.filter(cohort=cohort).aggregate(n=Max("serial"))["n"] or 0
    first = max(row.last_serial, highest) + 1
    row.last_serial = first + count - 1
    row.save(update_fields=["last_serial"])
    return row, first


def _next_serial(cohort: Cohort) -> tuple[CertificateSettings, int]:
    return _reserve_serials(cohort, 1)


def course_name(cohort: Cohort, row: CertificateSettings) -> str:
    return row.course_name or cohort.name


@transaction.atomic
def certificates_issue(*, cohort: Cohort, user=None, today: dt.date | None = None) -> list[Certificate]:
    """Issue a certificate to every active participant whose attendance meets the cohort's threshold and who
    holds no valid one yet. Returns every valid certificate of the cohort, by number. Idempotent."""
    today = today or timezone.localdate()
    threshold = session_settings_for(cohort=cohort).completion_threshold
    members = list(participants_of(cohort=cohort))
    summaries = attendance_summary_for(cohort=cohort, memberships=members)
    holders = set(
        Certificate.objects.filter(cohort=cohort, revoked_at__isnull=True).values_list("membership_id", flat=True)
    )
    eligible = [
        m
        for m in members
        if m.pk not in holders and summaries[m.pk]["sessions"] and summaries[m.pk]["rate"] >= threshold
    ]
    new = []
    if eligible:
        row, first = _reserve_serials(cohort, len(eligible))
        for serial, member in enumerate(eligible, start=first):
            summary = summaries[member.pk]
            new.append(
                Certificate(
                    cohort=cohort,
                    membership=member,
                    serial=serial,
                    number=_number(cohort, row.number_prefix, serial),
                    name=member.user.name,
                    affiliation=" ".join(filter(None, [cohort.organization.name, member.department])),
                    course_name=course_name(cohort, row),
                    starts_on=cohort.starts_on,
                    ends_on=cohort.ends_on,
                    hours=row.hours,
                    attended=summary["present"] + summary["late"] + summary["excused"],
                    sessions=summary["sessions"],
                    issued_on=today,
                    issued_by=user,
                )
            )
    Certificate.objects.bulk_create(new)
    return list(
        Certificate.objects.filter(cohort=cohort, revoked_at__isnull=True)
        .select_related("membership")
        .order_by("serial")
    )


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, user, reason: str) -> Certificate:
    reason = " ".join((reason or "").split())
    if not reason:
        raise CertificateError(_("Give the reason for revoking the certificate."), code="reason")
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.revoked_at is not None:
        raise CertificateError(_("This certificate was already revoked."), code="revoked")
    locked.revoked_at = timezone.now()
    locked.revoked_reason = reason[:200]
    locked.revoked_by = user
    locked.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    return locked


@transaction.atomic
def certificate_reissue(*, certificate: Certificate, user, today: dt.date | None = None) -> Certificate:
    """A new certificate with a new number, referring to the original, which stops being valid."""
    original = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if original.revoked_at is None:
        original.revoked_at = timezone.now()
        original.revoked_reason = _("Reissued")
        original.revoked_by = user
        original.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    elif Certificate.objects.filter(reissue_of=original).exists():
        raise CertificateError(_("This certificate was already reissued."), code="reissued")
    row, serial = _next_serial(original.cohort)
    return Certificate.objects.create(
        cohort=original.cohort,
        membership=original.membership,
        serial=serial,
        number=_number(original.cohort, row.number_prefix, serial),
        name=original.name,
        affiliation=original.affiliation,
        course_name=original.course_name,
        starts_on=original.starts_on,
        ends_on=original.ends_on,
        hours=original.hours,
        attended=original.attended,
        sessions=original.sessions,
        issued_on=today or timezone.localdate(),
        issued_by=user,
        reissue_of=original,
    )


def verification_token(certificate: Certificate) -> str:
    return signing.Signer(salt=SALT).sign(str(certificate.pk))


def verification_url(certificate: Certificate) -> str:
    return settings.SITE_URL + reverse("certificate_verify", kwargs={"token": verification_token(certificate)})


@dataclass(frozen=True)
class Verification:
    """What the public verification page shows: nothing more than name, course, dates and validity."""

    name: str
    course: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    issued_on: dt.date
    number: str
    valid: bool


def certificate_verify(*, token: str) -> Verification | None:
    """The certificate behind a signed token, or None when the token was altered or names nothing."""
    try:
        pk = int(signing.Signer(salt=SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    found = Certificate.objects.filter(pk=pk).first()
    if found is None:
        return None
    return Verification(
        name=found.name,
        course=found.course_name,
        starts_on=found.starts_on,
        ends_on=found.ends_on,
        issued_on=found.issued_on,
        number=found.number,
        valid=found.revoked_at is None,
    )
