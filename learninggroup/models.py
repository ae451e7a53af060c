"""The root of the domain: people, organizations, cohorts, roles, invitations, privacy."""

from __future__ import annotations

import os
import uuid
import zoneinfo

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .text import normalize_instance


def normalize_email(email: str) -> str:
    """E-mail addresses are compared and stored lower-cased and stripped."""
    return (email or "").strip().lower()


@receiver(pre_save, dispatch_uid="learninggroup.normalize_text")
def _normalize_text(sender, instance, raw=False, **kwargs) -> None:
    """Before any model is saved: its one-line text (CharFields) on one line, all text NFC (learninggroup.text)."""
    if not raw:
        normalize_instance(instance)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normalize_email(email), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Log-in is by e-mail; a Korean name is one field."""

    email = models.EmailField(_("e-mail"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    language = models.CharField(
        _("language"), max_length=8, default="ko", choices=[("ko", "한국어"), ("en", "English")]
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email

    def clean(self):
        super().clean()
        self.email = normalize_email(self.email)

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name


def emblem_path(instance: Organization, filename: str) -> str:
    """A random name (a new one for each upload, so the page's link changes with the image)."""
    extension = os.path.splitext(filename)[1].lower()[:6]
    return f"organizations/{instance.pk}/{uuid.uuid4().hex}{extension}"


class Organization(models.Model):
    """A public body (a city, a province, a ministry) that runs cohorts."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_("The operating department and how to reach it, shown at the foot of every page."),
    )
    # The institution's emblem beside its name in the header (learninggroup.emblems): PNG, JPEG or WebP, checked
    # by its content, stored outside static and served only to members of its cohorts.
    emblem = models.FileField(_("emblem"), upload_to=emblem_path, max_length=200, blank=True)
    emblem_content_type = models.CharField(max_length=20, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def emblem_version(self) -> str:
        """Changes with every new emblem: the page links it with ?v= so a browser may cache it."""
        return os.path.basename(self.emblem.name).split(".")[0][:12] if self.emblem else ""


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone: %(zone)s"), params={"zone": value})


class Cohort(models.Model):
    """One run of the learning group: about 35 officials, ten sessions, a contest."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("organization")
    )
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    starts_on = models.DateField(_("first day"), null=True, blank=True)
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Seoul", validators=[validate_time_zone])
    team_size_min = models.PositiveSmallIntegerField(
        _("smallest team"), default=3, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    team_size_max = models.PositiveSmallIntegerField(
        _("largest team"), default=4, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    # The roles whose members must turn on two-factor authentication (TOTP) in this cohort. A cohort opened
    # through cohort_create starts with MFA_DEFAULT_ROLES; an empty list requires it of nobody.
    mfa_roles = models.JSONField(_("roles that must use two-factor authentication"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="cohort_name_unique_in_org"),
            models.CheckConstraint(
                condition=Q(team_size_min__lte=models.F("team_size_max")), name="cohort_team_size_bounds"
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(starts_on__lte=models.F("ends_on")),
                name="cohort_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.team_size_min and self.team_size_max and self.team_size_min > self.team_size_max:
            raise ValidationError({"team_size_max": _("The largest team cannot be smaller than the smallest.")})
        if self.starts_on and self.ends_on and self.starts_on > self.ends_on:
            raise ValidationError({"ends_on": _("The last day cannot be before the first day.")})
        if not isinstance(self.mfa_roles, list) or any(role not in Role.values for role in self.mfa_roles):
            raise ValidationError({"mfa_roles": _("Choose roles of the cohort.")})
        self.mfa_roles = [role for role in Role.values if role in self.mfa_roles]

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Role(models.TextChoices):
    ORGANIZER = "organizer", _("Organizer")
    FACILITATOR = "facilitator", _("Facilitator")
    PARTICIPANT = "participant", _("Participant")
    JUDGE = "judge", _("Judge")


# Facilitators see phone numbers and export attendance, so they are required along with organizers and judges.
MFA_DEFAULT_ROLES = [Role.ORGANIZER.value, Role.FACILITATOR.value, Role.JUDGE.value]


class AiLevel(models.IntegerChoices):
    NONE = 1, _("Beginner")
    BASIC = 2, _("Basic")
    INTERMEDIATE = 3, _("Intermediate")
    ADVANCED = 4, _("Advanced")
    EXPERT = 5, _("Expert")


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def taking_part(self):
        """Active, and not someone whose invitation to the cohort is still pending: such a person is on the
        roster but not on the attendance sheet, in a team or expected at a session yet."""
        pending = Invitation.objects.filter(
            cohort_id=models.OuterRef("cohort_id"), user_id=models.OuterRef("user_id"), accepted_at__isnull=True
        )
        return self.active().exclude(models.Exists(pending))


class Membership(models.Model):
    """A person's role in one cohort. One person may hold several roles: one row each."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("cohort"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    department = models.CharField(_("department"), max_length=100, blank=True)
    position = models.CharField(_("position"), max_length=100, blank=True)
    ai_level = models.PositiveSmallIntegerField(_("AI experience"), choices=AiLevel.choices, null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    joined_at = models.DateTimeField(
        _("joined"),
        null=True,
        blank=True,
        help_text=_("When the person was added to the cohort; sessions that ended before it are not expected."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["cohort", "role", "user__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "cohort", "role"], name="membership_unique_role"),
        ]
        indexes = [models.Index(fields=["cohort", "role"])]

    def __str__(self) -> str:
        return f"{self.user.name} · {self.get_role_display()} · {self.cohort}"


class Invitation(models.Model):
    """The invitation e-mail that brings a rostered person to the platform.

    One per person and cohort. Only a hash of the link's token is kept; the token is
    made when the mail is sent, so re-sending invalidates the old link.
    """

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    send_count = models.PositiveSmallIntegerField(default=0)
    expires_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [models.UniqueConstraint(fields=["cohort", "user"], name="invitation_unique_person")]

    def __str__(self) -> str:
        return f"{self.user.email} → {self.cohort}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None


class PrivacyNotice(models.Model):
    """A cohort's notice on the collection and use of personal data (개인정보 수집·이용 안내).

    Versions only grow; the highest version is the one in force, and a person who
    accepted an older one is asked again.
    """

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="privacy_notices")
    version = models.PositiveIntegerField(_("version"))
    purpose = models.TextField(_("purpose of collection and use"))
    items = models.TextField(_("items collected"))
    optional_items = models.TextField(
        _("optional items"),
        blank=True,
        help_text=_("Collected only with a separate consent; taking part does not depend on it."),
    )
    retention = models.TextField(_("retention period"))
    refusal = models.TextField(_("right to refuse and its consequences"))
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")
        ordering = ["cohort", "-version"]
        constraints = [models.UniqueConstraint(fields=["cohort", "version"], name="privacy_notice_unique_version")]

    def __str__(self) -> str:
        return f"{self.cohort} v{self.version}"


class PrivacyConsent(models.Model):
    """That a person accepted one version of a cohort's privacy notice, and when."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="privacy_consents")
    notice = models.ForeignKey(PrivacyNotice, on_delete=models.PROTECT, related_name="consents")
    accepted_at = models.DateTimeField(default=timezone.now)
    optional_accepted = models.BooleanField(_("consented to the optional items"), default=False)

    class Meta:
        verbose_name = _("privacy consent")
        verbose_name_plural = _("privacy consents")
        constraints = [models.UniqueConstraint(fields=["user", "notice"], name="privacy_consent_once")]

    def __str__(self) -> str:
        return f"{self.user.email} · {self.notice}"
