"""Export jobs and their files, the download log, and the completion-certificate ledger."""

from __future__ import annotations

import os

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninggroup.models import Cohort, Membership


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


ACTIVE_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)


class ExportJob(models.Model):
    """One run of an exporter for a cohort (and, for contest exports, a contest in `parameters`).

    At most one queued or running job per (cohort, exporter, parameters): asking again while one runs
    reuses it (a partial unique index, so two requests at the same moment cannot both insert).
    """

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="export_jobs", verbose_name=_("cohort"))
    exporter = models.CharField(_("export"), max_length=60)
    parameters = models.JSONField(default=dict, blank=True)
    parameters_key = models.CharField(max_length=200, blank=True)  # canonical form of `parameters`
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    file = models.CharField(max_length=300, blank=True)  # storage name, set only when the file is complete
    file_name = models.CharField(max_length=200, blank=True)  # the name the browser saves it as
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    attempt = models.PositiveSmallIntegerField(default=0)
    worker = models.CharField(max_length=120, blank=True)  # host:pid of the attempt that runs it
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "exporter", "parameters_key"],
                condition=Q(status__in=["queued", "running"]),
                name="exportjob_one_active_per_export",
            )
        ]
        indexes = [models.Index(fields=["cohort", "-requested_at"]), models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.exporter} #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)

    def is_expired(self, now=None) -> bool:
        return self.purged_at is not None or (
            self.expires_at is not None and self.expires_at <= (now or timezone.now())
        )

    @property
    def extension(self) -> str:
        return os.path.splitext(self.file_name)[1]


SPLIT_WORKER = "split"  # a job's `worker` while its parts run: no single process owns it


class ExportPart(models.Model):
    """One batch of a job split over several workers (exports/batches.py): its keys, its state and progress.

    The job's progress is the sum of its parts'; the last part to finish (counted under the job's row lock)
    starts the assembly. Parts belong to one attempt of the job: a retried job plans its parts afresh.
    """

    job = models.ForeignKey(ExportJob, on_delete=models.CASCADE, related_name="parts")
    attempt = models.PositiveSmallIntegerField()
    index = models.PositiveIntegerField()
    keys = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    tries = models.PositiveSmallIntegerField(default=0)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    worker = models.CharField(max_length=120, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["job", "attempt", "index"]
        constraints = [
            models.UniqueConstraint(fields=["job", "attempt", "index"], name="exportpart_one_per_index"),
        ]

    def __str__(self) -> str:
        return f"{self.job_id}/{self.attempt}/{self.index}"


class ExportDownload(models.Model):
    """Who downloaded which export file, when, from where and why (personal data: PIPA wants a reason)."""

    job = models.ForeignKey(ExportJob, on_delete=models.SET_NULL, null=True, related_name="downloads")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="+")
    exporter = models.CharField(max_length=60)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    user_email = models.CharField(max_length=254)  # kept when the account goes
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200)
    downloaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("export download")
        verbose_name_plural = _("export downloads")
        ordering = ["-downloaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_email} {self.exporter} {self.downloaded_at:%Y-%m-%d %H:%M}"


def seal_path(instance: CertificateSettings, filename: str) -> str:
    extension = os.path.splitext(filename)[1].lower()[:6]
    return f"certificates/{instance.cohort_id}/seal-{timezone.now():%Y%m%d%H%M%S}{extension}"


class CertificateSettings(models.Model):
    """What a cohort's certificates say: the course, the hours, the issuer and the seal."""

    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="certificate_settings")
    course_name = models.CharField(_("course name"), max_length=200, blank=True)
    hours = models.PositiveSmallIntegerField(_("hours of study"), default=20)
    hours_basis = models.CharField(
        _("basis of the hours"), max_length=200, blank=True, default="세션 10회 × 2시간 (19:00–21:00)"
    )
    number_prefix = models.CharField(_("number prefix"), max_length=20, default="AI")
    issuer_title = models.CharField(_("issuer"), max_length=100, blank=True)
    seal = models.FileField(_("seal image"), upload_to=seal_path, max_length=300, blank=True)
    last_serial = models.PositiveIntegerField(default=0)  # numbers are never reused, also after a revocation
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("certificate settings")
        verbose_name_plural = _("certificate settings")

    def __str__(self) -> str:
        return str(self.cohort)


class Certificate(models.Model):
    """A row of the issue ledger (발급대장). A reissue is a new row that refers to the original."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="certificates")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="certificates")
    serial = models.PositiveIntegerField()
    number = models.CharField(_("certificate number"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    course_name = models.CharField(_("course name"), max_length=200)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    hours = models.PositiveSmallIntegerField(default=0)
    attended = models.PositiveSmallIntegerField(default=0)
    sessions = models.PositiveSmallIntegerField(default=0)
    issued_on = models.DateField(_("issued on"))
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reissue_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reissues", verbose_name=_("reissue of")
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revoking"), max_length=200, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["cohort", "serial"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "serial"], name="certificate_serial_unique_per_cohort"),
            models.UniqueConstraint(fields=["cohort", "number"], name="certificate_number_unique_per_cohort"),
            models.UniqueConstraint(
                fields=["membership"], condition=Q(revoked_at__isnull=True), name="certificate_one_valid_per_member"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


def form_template_path(instance: ContestFormTemplate, filename: str) -> str:
    return f"form-templates/{instance.contest.cohort_id}/{instance.contest_id}-{timezone.now():%Y%m%d%H%M%S}.hwpx"


class ContestFormTemplate(models.Model):
    """A contest's own HWPX entry form (서식) uploaded by an organizer, with {{필드}} placeholders."""

    contest = models.OneToOneField("contests.Contest", on_delete=models.CASCADE, related_name="form_template")
    file = models.FileField(_("HWPX form"), upload_to=form_template_path, max_length=300)
    original_name = models.CharField(max_length=255)
    placeholders = models.JSONField(default=list, blank=True)  # the known fields the form has
    missing = models.JSONField(default=list, blank=True)  # the known fields it lacks (left out of the form)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("contest entry form")
        verbose_name_plural = _("contest entry forms")

    def __str__(self) -> str:
        return self.original_name
