"""Read-side queries of the root domain, with what their pages show already fetched."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from .models import Cohort, Invitation, Membership, PrivacyConsent, PrivacyNotice, Role, User


def membership_list_for_user(*, user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.active()
        .filter(user=user)
        .select_related("cohort", "cohort__organization")
        .order_by("-cohort__year", "cohort__name", "role")
    )


def cohort_list_for_user(*, user: User) -> list[dict]:
    """The user's cohorts, each with the roles held in it, newest first."""
    cohorts: dict[int, dict] = {}
    for membership in membership_list_for_user(user=user):
        entry = cohorts.setdefault(membership.cohort_id, {"cohort": membership.cohort, "roles": []})
        entry["roles"].append(membership.role)
    return list(cohorts.values())


def roster_list(*, cohort: Cohort, query: str = "", role: str = "", status: str = "") -> QuerySet[Membership]:
    """The cohort's memberships with each person's invitation state, for the roster page."""
    qs = (
        Membership.objects.filter(cohort=cohort)
        .select_related("user")
        .annotate(
            invitation_sent=Exists(
                Invitation.objects.filter(cohort=cohort, user=OuterRef("user"), sent_at__isnull=False)
            ),
            invitation_accepted=Exists(
                Invitation.objects.filter(cohort=cohort, user=OuterRef("user"), accepted_at__isnull=False)
            ),
        )
        .order_by("user__name", "user__email", "role")
    )
    query = (query or "").strip()
    if query:
        qs = qs.filter(
            Q(user__name__icontains=query)
            | Q(user__email__icontains=query)
            | Q(department__icontains=query)
            | Q(position__icontains=query)
        )
    if role in Role.values:
        qs = qs.filter(role=role)
    if status == "pending":
        qs = qs.filter(invitation_accepted=False)
    elif status == "accepted":
        qs = qs.filter(invitation_accepted=True)
    return qs


def cohort_dashboard(*, cohort: Cohort) -> dict:
    """Counts, the newest members and the pending invitations: a fixed number of queries."""
    role_counts = dict(
        Membership.objects.active().filter(cohort=cohort).values_list("role").annotate(n=Count("id")).order_by()
    )
    invitations = Invitation.objects.filter(cohort=cohort).aggregate(
        total=Count("id"),
        accepted=Count("id", filter=Q(accepted_at__isnull=False)),
        unsent=Count("id", filter=Q(sent_at__isnull=True, accepted_at__isnull=True)),
    )
    invitations["pending"] = invitations["total"] - invitations["accepted"]
    notice = privacy_notice_current(cohort=cohort)
    consented = (
        PrivacyConsent.objects.filter(notice=notice, user__memberships__cohort=cohort).values("user").distinct().count()
        if notice
        else 0
    )
    people = Membership.objects.active().filter(cohort=cohort).values("user").distinct().count()
    return {
        "role_counts": [(role, label, role_counts.get(role, 0)) for role, label in Role.choices],
        "people": people,
        "invitations": invitations,
        "notice": notice,
        "consented": consented,
        "recent_members": list(
            Membership.objects.filter(cohort=cohort).select_related("user").order_by("-created_at", "-id")[:8]
        ),
        "pending_invitations": list(
            Invitation.objects.filter(cohort=cohort, accepted_at__isnull=True)
            .select_related("user")
            .order_by("user__name", "id")[:20]
        ),
    }


def privacy_notice_current(*, cohort: Cohort) -> PrivacyNotice | None:
    return cohort.privacy_notices.order_by("-version").first()


def privacy_notices_pending(*, user: User) -> QuerySet[PrivacyNotice]:
    """The notices in force in the user's cohorts that the user has not accepted: one query."""
    newer = PrivacyNotice.objects.filter(cohort=OuterRef("cohort"), version__gt=OuterRef("version"))
    accepted = PrivacyConsent.objects.filter(user=user, notice=OuterRef("pk"))
    cohorts = Membership.objects.active().filter(user=user).values("cohort")
    return (
        PrivacyNotice.objects.filter(cohort__in=cohorts)
        .exclude(Exists(newer))
        .exclude(Exists(accepted))
        .select_related("cohort")
        .order_by("cohort_id")
    )


def user_mfa_required_roles(*, user: User) -> list[str]:
    """The roles for which one of the person's cohorts requires two-factor authentication (in Role order)."""
    required = {
        role
        for role, cohort_roles in Membership.objects.active().filter(user=user).values_list("role", "cohort__mfa_roles")
        if role in (cohort_roles or [])
    }
    return [role for role in Role.values if role in required]


def user_must_enrol_mfa(*, user: User) -> bool:
    """A person holding a role their cohort names in ``mfa_roles`` must have TOTP turned on."""
    if not user_mfa_required_roles(user=user):
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
