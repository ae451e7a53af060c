"""Every state change of the root domain: roster import, invitations, privacy consent, cohorts."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.registry import Kind, Skip
from notifications.services import Outgoing, deliveries_enqueue, deliveries_send_soon

from .errors import DomainError
from .mail import personal_email
from .models import (
    MFA_DEFAULT_ROLES,
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


# Checked in bulk before (the person and the cohort exist; uniqueness by the lookups above): full_clean would
# query each row's foreign keys and constraints again.
KNOWN_FIELDS = ["user", "cohort"]


@transaction.atomic
def roster_import(*, cohort: Cohort, rows: list[RosterRow], default_role: str, actor: User | None) -> ImportResult:
    """Create or update people and memberships from parsed rows, all or nothing.

    Importing the same rows twice changes nothing. New members get an invitation, queued as a delivery
    in the same transaction and sent by a task once it has committed. Bulk writes: the number of queries
    does not grow with the rows.
    """
    result = ImportResult()
    now = timezone.now()
    emails = [normalize_email(row.email) for row in rows]
    users = {u.email: u for u in User.objects.select_for_update().filter(email__in=emails)}
    memberships = {
        (m.user_id, m.role): m
        for m in Membership.objects.select_for_update().filter(cohort=cohort, user__email__in=emails)
    }
    invited = set(Invitation.objects.filter(cohort=cohort, user__email__in=emails).values_list("user_id", flat=True))

    # New people first, in bulk: the rows were validated by the parser and the e-mails fetched above.
    new_users = []
    unusable = make_password(None)
    for row in rows:
        email = normalize_email(row.email)
        if email not in users:
            user = User(email=email, name=row.name, language="ko", password=unusable)
            user.full_clean(validate_unique=False, validate_constraints=False)
            users[email] = user
            new_users.append(user)
    User.objects.bulk_create(new_users)
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, primary=True, verified=False) for user in new_users
    )
    result.created_users = len(new_users)

    renamed: list[User] = []
    new_memberships: list[Membership] = []
    changed_memberships: dict[int, Membership] = {}
    new_invitations: list[Invitation] = []
    for row in rows:
        user = users[normalize_email(row.email)]
        if user.last_login is None and user.name != row.name:
            user.name = row.name
            renamed.append(user)

        role = row.role or default_role
        details = {
            "department": row.department,
            "position": row.position,
            "phone": row.phone,
            "ai_level": row.ai_level,
        }
        membership = memberships.get((user.pk, role))
        if membership is None:
            membership = Membership(user=user, cohort=cohort, role=role, joined_at=now, **details)
            membership.full_clean(exclude=KNOWN_FIELDS, validate_unique=False, validate_constraints=False)
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
                membership.full_clean(exclude=KNOWN_FIELDS, validate_unique=False, validate_constraints=False)
                changed_memberships[membership.pk] = membership
            else:
                result.unchanged += 1

        if user.pk not in invited:
            new_invitations.append(Invitation(cohort=cohort, user=user, invited_by=actor))
            invited.add(user.pk)

    if renamed:
        User.objects.bulk_update(renamed, ["name"], batch_size=500)
    if changed_memberships:
        for membership in changed_memberships.values():
            membership.updated_at = now
        Membership.objects.bulk_update(
            changed_memberships.values(),
            ["department", "position", "phone", "ai_level", "is_active", "updated_at"],
            batch_size=500,
        )
    result.updated_memberships = len(changed_memberships)
    Membership.objects.bulk_create(new_memberships)
    result.created_memberships = len(new_memberships)
    outgoing = _prepare_invitations(new_invitations)
    Invitation.objects.bulk_create(new_invitations)
    result.invitations = [invitation.pk for invitation in new_invitations]
    _queue_invitations(outgoing, new_invitations, cohort=cohort)
    return result


# Invitations ---------------------------------------------------------------------------------
#
# An invitation mail is a delivery of the kind INVITATION_KIND (notifications). Its key is random per
# sending, and the link's token is derived from that key with the secret key, so a mail built again after a
# crash carries the same link; only the token's hash is stored. Queuing again (resend) makes a new key, a
# new token and hash: the old link stops working and an old queued mail is skipped.

INVITATION_KIND = "learninggroup.invitation"


def _invitation_token(key: str) -> str:
    return salted_hmac("learninggroup.invitation", key, algorithm="sha256").hexdigest()


def _prepare_invitations(invitations: list[Invitation]) -> list[tuple[str, bool]]:
    """Give each (unsaved or locked) invitation a new link; returns (delivery key, has account) for each."""
    now = timezone.now()
    prepared = []
    for invitation in invitations:
        key = f"{INVITATION_KIND}:{uuid.uuid4().hex}"
        has_account = invitation.user.has_usable_password()
        if has_account:
            invitation.accepted_at = invitation.accepted_at or now
            invitation.token_hash = ""
        else:
            invitation.token_hash = hash_token(_invitation_token(key))
            invitation.expires_at = now + timedelta(days=settings.INVITATION_VALID_DAYS)
        invitation.sent_at = None
        prepared.append((key, has_account))
    return prepared


def _queue_invitations(prepared: list[tuple[str, bool]], invitations: list[Invitation], *, cohort: Cohort) -> None:
    deliveries_enqueue(
        kind=INVITATION_KIND,
        items=[
            Outgoing(
                key=key,
                recipient_id=invitation.user_id,
                cohort_id=cohort.pk,
                object_id=invitation.pk,
                params={"has_account": has_account},
            )
            for (key, has_account), invitation in zip(prepared, invitations, strict=True)
        ],
    )
    if invitations:
        deliveries_send_soon(kinds=[INVITATION_KIND])


def build_invitation_mail(delivery, cache: dict) -> EmailMessage:
    """The builder of the invitation kind; skipped when a newer sending replaced it or it was accepted."""
    invitation = (
        Invitation.objects.select_related("user", "cohort", "cohort__organization")
        .filter(pk=delivery.object_id)
        .first()
    )
    if invitation is None:
        raise Skip
    has_account = delivery.params.get("has_account", False)
    if has_account:
        link = settings.SITE_URL + reverse("cohort_home", args=[invitation.cohort_id])
    else:
        token = _invitation_token(delivery.key)
        if invitation.accepted_at is not None or invitation.token_hash != hash_token(token):
            raise Skip
        link = settings.SITE_URL + reverse("invitation_accept", args=[token])
    context = {
        "user": invitation.user,
        "cohort": invitation.cohort,
        "link": link,
        "has_account": has_account,
        "expires_at": invitation.expires_at,
        "valid_days": settings.INVITATION_VALID_DAYS,
    }
    return personal_email("emails/invitation", context, user=invitation.user, zone=invitation.cohort.zone)


def invitation_sent(delivery) -> None:
    Invitation.objects.filter(pk=delivery.object_id).update(sent_at=timezone.now(), send_count=F("send_count") + 1)


NOTIFICATION_KINDS = (
    Kind(INVITATION_KIND, label=gettext_lazy("Invitation"), build=build_invitation_mail, on_sent=invitation_sent),
)


@transaction.atomic
def invitation_resend(*, invitation: Invitation) -> None:
    """Send a pending invitation again with a fresh link; the old link stops working."""
    invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise DomainError(
            _("%(name)s has already accepted the invitation.") % {"name": invitation.user.name},
            code="already_accepted",
        )
    prepared = _prepare_invitations([invitation])
    invitation.save(update_fields=["token_hash", "expires_at", "sent_at", "accepted_at"])
    _queue_invitations(prepared, [invitation], cohort=invitation.cohort)


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
    *,
    cohort: Cohort,
    purpose: str,
    items: str,
    retention: str,
    refusal: str,
    actor: User | None,
    optional_items: str = "",
) -> PrivacyNotice:
    """Publish a new version of the cohort's privacy notice; everyone is asked again."""
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
    latest = cohort.privacy_notices.order_by("-version").values_list("version", flat=True).first() or 0
    notice = PrivacyNotice(
        cohort=cohort,
        version=latest + 1,
        purpose=purpose,
        items=items,
        optional_items=optional_items,
        retention=retention,
        refusal=refusal,
        published_by=actor,
    )
    notice.full_clean()
    notice.save()
    return notice


def privacy_consent_accept(*, user: User, notice: PrivacyNotice, optional: bool = False) -> PrivacyConsent:
    """Record that the person accepted this version, and whether they also consent to its optional items.

    Accepting twice keeps the first time. Declining the optional items (now or later) clears what was kept
    of them: the phone number and the AI experience level in that cohort."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                consent, _created = PrivacyConsent.objects.get_or_create(
                    user=user, notice=notice, defaults={"optional_accepted": optional}
                )
        except IntegrityError:
            consent = PrivacyConsent.objects.get(user=user, notice=notice)
        if consent.optional_accepted != optional:
            consent.optional_accepted = optional
            consent.save(update_fields=["optional_accepted"])
        if not optional and notice.optional_items:
            Membership.objects.filter(user=user, cohort_id=notice.cohort_id).update(phone="", ai_level=None)
    return consent


# Cohorts -------------------------------------------------------------------------------------


@transaction.atomic
def cohort_create(*, organization: Organization, creator: User, **fields) -> Cohort:
    """A new cohort; its creator becomes its first organizer. Unless told otherwise, organizers, facilitators
    and judges must use two-factor authentication."""
    fields.setdefault("mfa_roles", list(MFA_DEFAULT_ROLES))
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
