"""The root's personal data: the account, memberships, consents and invitations (see privacy/registry.py)."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from .dates import iso
from .models import Invitation, Membership, PrivacyConsent, User

ANONYMIZED_NAME = "—"


def anonymized_email(user_id: int) -> str:
    return f"destroyed-{user_id}@invalid.invalid"


def export_person(*, user: User) -> dict[str, list[dict]]:
    memberships = Membership.objects.filter(user=user).select_related("cohort", "cohort__organization")
    consents = PrivacyConsent.objects.filter(user=user).select_related("notice", "notice__cohort")
    invitations = Invitation.objects.filter(user=user).select_related("cohort")
    return {
        "profile": [
            {
                "name": user.name,
                "email": user.email,
                "language": user.language,
                "joined": iso(user.date_joined),
                "last_login": iso(user.last_login),
            }
        ],
        "memberships": [
            {
                "organization": m.cohort.organization.name,
                "cohort": m.cohort.name,
                "role": m.role,
                "department": m.department,
                "position": m.position,
                "ai_level": m.ai_level,
                "phone": m.phone,
                "active": m.is_active,
                "since": iso(m.created_at),
            }
            for m in memberships.order_by("created_at", "pk")
        ],
        "consents": [
            {
                "cohort": c.notice.cohort.name,
                "notice_version": c.notice.version,
                "accepted_at": iso(c.accepted_at),
                "purpose": c.notice.purpose,
                "items": c.notice.items,
                "retention": c.notice.retention,
            }
            for c in consents.order_by("accepted_at", "pk")
        ],
        "invitations": [
            {"cohort": i.cohort.name, "sent_at": iso(i.sent_at), "accepted_at": iso(i.accepted_at)}
            for i in invitations.order_by("created_at", "pk")
        ],
    }


def purge_cohort(*, cohort, anonymize_user_ids: frozenset[int], dry_run: bool) -> dict[str, int]:
    """Contacts and profile details of the cohort's members go; the department stays (the team's credit).
    Accounts with no other active cohort are anonymized: name, e-mail, password, e-mail addresses, 2FA.
    Staff accounts are never anonymized here (they run the installation)."""
    memberships = Membership.objects.filter(cohort=cohort)
    invitations = Invitation.objects.filter(cohort=cohort)
    consents = PrivacyConsent.objects.filter(notice__cohort=cohort)
    accounts = User.objects.filter(pk__in=anonymize_user_ids, is_staff=False, is_superuser=False)
    report = {
        "memberships_anonymized": memberships.count(),
        "invitations": invitations.count(),
        "consents": consents.count(),
        "accounts_anonymized": accounts.count(),
    }
    if dry_run:
        return report
    memberships.update(phone="", position="", ai_level=None, is_active=False)
    invitations.delete()
    consents.delete()
    EmailAddress.objects.filter(user__in=accounts).delete()
    Authenticator.objects.filter(user__in=accounts).delete()
    for user in accounts:
        user.name = ANONYMIZED_NAME
        user.email = anonymized_email(user.pk)
        user.is_active = False
        user.last_login = None
        user.set_unusable_password()
        user.save(update_fields=["name", "email", "is_active", "last_login", "password"])
    return report
