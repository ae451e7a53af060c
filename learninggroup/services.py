"""Every state change of the root domain: roster import, invitations, privacy consent, cohorts."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import DomainError
from .mail import personal_email
from .models import (
    Cohort,
    Invitation,
    Membership,
    Organization,
    PrivacyConsent,
    PrivacyNotice,
    Role,
    User,
    normalize_email,
)
from .roster import RosterRow


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# Roster import -------------------------------------------------------------------------------


@dataclass
class ImportResult:
    created_users: int = 0
    created_memberships: int = 0
    updated_memberships: int = 0
    unchanged: int = 0
    invitations: list[int] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created_users or self.created_memberships or self.updated_memberships)


@transaction.atomic
def roster_import(*, cohort: Cohort, rows: list[RosterRow], default_role: str, actor: User | None) -> ImportResult:
    """Create or update people and memberships from parsed rows, all or nothing.

    Importing the same rows twice changes nothing. New members get an invitation,
    sent by a task once the transaction has committed.
    """
    result = ImportResult()
    emails = [normalize_email(row.email) for row in rows]
    users = {u.email: u for u in User.objects.select_for_update().filter(email__in=emails)}
    memberships = {
        (m.user_id, m.role): m
        for m in Membership.objects.select_for_update().filter(cohort=cohort, user__email__in=emails)
    }
    invited = set(Invitation.objects.filter(cohort=cohort, user__email__in=emails).values_list("user_id", flat=True))

    # New people first, in bulk: the rows were validated by the parser and the e-mails fetched above.
    new_users = []
    for row in rows:
        email = normalize_email(row.email)
        if email not in users:
            user = User(email=email, name=row.name, language="ko")
            user.set_unusable_password()
            user.full_clean(validate_unique=False)
            users[email] = user
            new_users.append(user)
    User.objects.bulk_create(new_users)
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, primary=True, verified=False) for user in new_users
    )
    result.created_users = len(new_users)

    new_memberships: list[Membership] = []
    new_invitations: list[Invitation] = []
    for row in rows:
        user = users[normalize_email(row.email)]
        if user.last_login is None and user.name != row.name:
            user.name = row.name
            user.save(update_fields=["name"])

        role = row.role or default_role
        details = {
            "department": row.department,
            "position": row.position,
            "phone": row.phone,
            "ai_level": row.ai_level,
        }
        membership = memberships.get((user.pk, role))
        if membership is None:
            membership = Membership(user=user, cohort=cohort, role=role, **details)
            membership.full_clean(validate_unique=False)
            memberships[(user.pk, role)] = membership
            new_memberships.append(membership)
        else:
            changed = [
                name
                for name, value in details.items()
                if value not in ("", None) and getattr(membership, name) != value
            ]
            if changed or not membership.is_active:
                for name in changed:
                    setattr(membership, name, details[name])
                membership.is_active = True
                membership.full_clean(validate_unique=False)
                membership.save()
                result.updated_memberships += 1
            else:
                result.unchanged += 1

        if user.pk not in invited:
            new_invitations.append(Invitation(cohort=cohort, user=user, invited_by=actor))
            invited.add(user.pk)

    Membership.objects.bulk_create(new_memberships)
    result.created_memberships = len(new_memberships)
    Invitation.objects.bulk_create(new_invitations)
    result.invitations = [invitation.pk for invitation in new_invitations]
    for invitation_id in result.invitations:
        _enqueue_invitation(invitation_id)
    return result


def _enqueue_invitation(invitation_id: int) -> None:
    from .tasks import send_invitation  # noqa: PLC0415 -- service enqueues its task

    transaction.on_commit(lambda: send_invitation.delay(invitation_id=invitation_id))


# Invitations ---------------------------------------------------------------------------------


def invitation_send(*, invitation_id: int) -> bool:
    """Send one invitation e-mail unless it was sent already. Returns whether a mail went out.

    The row is locked while the mail is sent, so two workers never send the same
    invitation twice; a failure rolls back and the task may retry.
    """
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("user", "cohort", "cohort__organization")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or invitation.sent_at is not None:
            return False
        user = invitation.user
        now = timezone.now()
        token = ""
        if user.has_usable_password():
            invitation.accepted_at = invitation.accepted_at or now
            link = settings.SITE_URL + reverse("cohort_home", args=[invitation.cohort_id])
        else:
            token = secrets.token_urlsafe(32)
            invitation.token_hash = hash_token(token)
            invitation.expires_at = now + timedelta(days=settings.INVITATION_VALID_DAYS)
            link = settings.SITE_URL + reverse("invitation_accept", args=[token])
        invitation.sent_at = now
        invitation.send_count += 1
        invitation.save()

        context = {
            "user": user,
            "cohort": invitation.cohort,
            "link": link,
            "has_account": not token,
            "expires_at": invitation.expires_at,
            "valid_days": settings.INVITATION_VALID_DAYS,
        }
        personal_email("emails/invitation", context, user=user, zone=invitation.cohort.zone).send()
        return True


@transaction.atomic
def invitation_resend(*, invitation: Invitation) -> None:
    """Send a pending invitation again with a fresh link; the old link stops working."""
    invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise DomainError(
            _("%(name)s has already accepted the invitation.") % {"name": invitation.user.name},
            code="already_accepted",
        )
    invitation.sent_at = None
    invitation.token_hash = ""
    invitation.save(update_fields=["sent_at", "token_hash"])
    _enqueue_invitation(invitation.pk)


def invitation_by_token(token: str) -> Invitation | None:
    """The pending, unexpired invitation a link's token belongs to, if any."""
    if not token or len(token) > 100:
        return None
    invitation = (
        Invitation.objects.select_related("user", "cohort")
        .filter(token_hash=hash_token(token), accepted_at__isnull=True)
        .first()
    )
    if invitation is None or invitation.expires_at is None or invitation.expires_at < timezone.now():
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str) -> User:
    """The invited person sets a password: the account becomes usable and the e-mail verified."""
    invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise DomainError(_("This invitation has already been accepted."), code="already_accepted")
    user = invitation.user
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    address, _created = EmailAddress.objects.get_or_create(user=user, email=user.email)
    if not (address.verified and address.primary):
        address.verified = True
        address.primary = True
        address.save(update_fields=["verified", "primary"])
    now = timezone.now()
    Invitation.objects.filter(user=user, accepted_at__isnull=True).update(accepted_at=now, token_hash="")
    return user


# Privacy -------------------------------------------------------------------------------------


@transaction.atomic
def privacy_notice_publish(
    *, cohort: Cohort, purpose: str, items: str, retention: str, refusal: str, actor: User | None
) -> PrivacyNotice:
    """Publish a new version of the cohort's privacy notice; everyone is asked again."""
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
    latest = cohort.privacy_notices.order_by("-version").values_list("version", flat=True).first() or 0
    notice = PrivacyNotice(
        cohort=cohort,
        version=latest + 1,
        purpose=purpose,
        items=items,
        retention=retention,
        refusal=refusal,
        published_by=actor,
    )
    notice.full_clean()
    notice.save()
    return notice


def privacy_consent_accept(*, user: User, notice: PrivacyNotice) -> PrivacyConsent:
    """Record that the person accepted this version. Accepting twice keeps the first time."""
    try:
        with transaction.atomic():
            consent, _created = PrivacyConsent.objects.get_or_create(user=user, notice=notice)
    except IntegrityError:
        consent = PrivacyConsent.objects.get(user=user, notice=notice)
    return consent


# Cohorts -------------------------------------------------------------------------------------


@transaction.atomic
def cohort_create(*, organization: Organization, creator: User, **fields) -> Cohort:
    """A new cohort; its creator becomes its first organizer."""
    cohort = Cohort(organization=organization, **fields)
    cohort.full_clean()
    cohort.save()
    Membership.objects.create(user=creator, cohort=cohort, role=Role.ORGANIZER)
    return cohort


@transaction.atomic
def cohort_update(*, cohort: Cohort, **fields) -> Cohort:
    for name, value in fields.items():
        setattr(cohort, name, value)
    cohort.full_clean()
    cohort.save()
    return cohort


@transaction.atomic
def membership_set_active(*, membership: Membership, active: bool, actor: User | None) -> Membership:
    """Deactivate a membership (the person keeps their account and history but loses this role in the
    cohort) or activate it again. An organizer cannot remove their own organizer role."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not active and actor is not None and membership.user_id == actor.pk and membership.role == Role.ORGANIZER:
        raise DomainError(_("You cannot remove your own organizer role."), code="own_organizer_role")
    if membership.is_active != active:
        membership.is_active = active
        membership.save(update_fields=["is_active", "updated_at"])
    return membership


def user_set_language(*, user: User, language: str) -> None:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
