"""The exports page (start, progress, download with a reason, retry), the certificate ledger and the public
certificate verification page. Organizer exports are a 404 to anyone who is not staff of the cohort."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from learninggroup.audit.log import record_access
from learninggroup.files import private_file_response
from learninggroup.models import Cohort

from . import certificates, selectors, services
from .forms import CertificateSettingsForm, DownloadForm, FormTemplateForm, RevokeForm
from .hwpx import ENTRY_FORM_FIELDS
from .models import Certificate
from .registry import exporter_class, exporters_for


def _cohort(request, pk: int, perm: str) -> Cohort:
    """The cohort for staff who hold `perm`: 404 for anyone else who is not staff of it, 403 for staff without."""
    cohort = Cohort.objects.select_related("organization").filter(pk=pk).first()
    if cohort is None or not request.user.has_perm("exports.view_exports", cohort):
        raise Http404
    if not request.user.has_perm(perm, cohort):
        raise PermissionDenied
    request.cohort = cohort
    timezone.activate(cohort.zone)
    return cohort


def _job(request, cohort, job_pk):
    job = selectors.job_for(cohort=cohort, job_pk=job_pk)
    cls = exporter_class(job.exporter) if job else None
    if job is None or cls is None or not request.user.has_perm(cls.permission, cohort):
        raise Http404
    return job, cls


def _contests(cohort):
    if not apps.is_installed("contests"):
        return []
    try:
        Contest = apps.get_model("contests", "Contest")
    except LookupError:
        return []
    return list(Contest.objects.filter(cohort=cohort).order_by("pk"))


@login_required
@require_GET
def export_list(request, pk: int):
    cohort = _cohort(request, pk, "exports.view_exports")
    available = exporters_for(request.user, cohort)
    jobs = [
        (job, exporter_class(job.exporter))
        for job in selectors.jobs_of(cohort=cohort)
        if exporter_class(job.exporter) in available
    ]
    context = {
        "cohort": cohort,
        "exporters": available,
        "contests": _contests(cohort) if any(cls.needs_contest for cls in available) else [],
        "jobs": jobs,
        "now": timezone.now(),
        "can_certificates": request.user.has_perm("exports.manage_certificates", cohort),
    }
    return render(request, "exports/export_list.html", context)


@login_required
@require_POST
def export_start(request, pk: int):
    cohort = _cohort(request, pk, "exports.view_exports")
    cls = exporter_class(request.POST.get("exporter", ""))
    if cls is None or not request.user.has_perm(cls.permission, cohort):
        raise Http404
    parameters = {}
    if cls.needs_contest:
        parameters["contest"] = request.POST.get("contest", "")
        if not str(parameters["contest"]).isdigit():
            messages.error(request, _("Choose a contest of this cohort."))
            return redirect("export_list", cohort.pk)
        parameters["contest"] = int(parameters["contest"])
        if request.POST.get("judge_names") == "1":
            parameters["judge_names"] = True
    try:
        job = services.export_request(
            cohort=cohort, identifier=cls.identifier, parameters=parameters, user=request.user
        )
    except services.ExportError as exc:
        messages.error(request, exc.message)
        return redirect("export_list", cohort.pk)
    record_access(request, action="export", dataset=cls.identifier, detail=f"job {job.pk}")
    return redirect("export_job", cohort.pk, job.pk)


@login_required
@require_GET
def export_job(request, pk: int, job_pk: int):
    cohort = _cohort(request, pk, "exports.view_exports")
    job, cls = _job(request, cohort, job_pk)
    context = {
        "cohort": cohort,
        "job": job,
        "exporter": cls,
        "now": timezone.now(),
        "batches": selectors.job_batches(job=job),
    }
    template = "exports/job.html"
    if request.htmx:
        template += "#job-status"
    return render(request, template, context)


@login_required
@require_POST
def export_retry(request, pk: int, job_pk: int):
    cohort = _cohort(request, pk, "exports.view_exports")
    job, _cls = _job(request, cohort, job_pk)
    try:
        new = services.export_retry(job=job, user=request.user)
    except services.ExportError as exc:
        messages.error(request, exc.message)
        return redirect("export_job", cohort.pk, job.pk)
    return redirect("export_job", cohort.pk, new.pk)


@login_required
@require_http_methods(["GET", "POST"])
def export_download(request, pk: int, job_pk: int):
    cohort = _cohort(request, pk, "exports.view_exports")
    job, cls = _job(request, cohort, job_pk)
    form = DownloadForm(request.POST or None)
    problem = ""
    if job.is_expired():
        problem = _("This file has expired and was deleted. Run the export again to get a new one.")
    elif request.method == "POST" and form.is_valid():
        try:
            services.export_download(
                job=job,
                user=request.user,
                reason=form.cleaned_data["reason"],
                ip_address=request.META.get("REMOTE_ADDR"),
            )
        except services.ExportError as exc:
            problem = exc.message
        else:
            record_access(
                request,
                action="download",
                dataset=job.exporter,
                detail=f"job {job.pk}: {form.cleaned_data['reason']}"[:500],
            )
            return private_file_response(
                storage=services.default_storage,
                name=job.file,
                filename=job.file_name,
                content_type=cls.content_type,
                size=job.file_size,
                x_accel_prefix=settings.EXPORT_X_ACCEL_PREFIX,
            )
    context = {"cohort": cohort, "job": job, "exporter": cls, "form": form, "problem": problem}
    return render(request, "exports/download.html", context, status=410 if job.is_expired() else 200)


# Certificates ----------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def certificate_ledger(request, pk: int):
    cohort = _cohort(request, pk, "exports.manage_certificates")
    row = selectors.certificate_settings_for(cohort=cohort)
    form = CertificateSettingsForm(request.POST or None, request.FILES or None, instance=row)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The certificate settings were saved."))
        return redirect("certificate_ledger", cohort.pk)
    context = {
        "cohort": cohort,
        "form": form,
        "settings_row": row,
        "ledger": selectors.certificate_ledger(cohort=cohort),
    }
    return render(request, "exports/certificates.html", context)


def _certificate(cohort, certificate_pk) -> Certificate:
    found = Certificate.objects.filter(cohort=cohort, pk=certificate_pk).first()
    if found is None:
        raise Http404
    return found


@login_required
@require_POST
def certificate_revoke(request, pk: int, certificate_pk: int):
    cohort = _cohort(request, pk, "exports.manage_certificates")
    certificate = _certificate(cohort, certificate_pk)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for revoking the certificate."))
        return redirect("certificate_ledger", cohort.pk)
    try:
        certificates.certificate_revoke(certificate=certificate, user=request.user, reason=form.cleaned_data["reason"])
    except certificates.CertificateError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Certificate %(number)s was revoked.") % {"number": certificate.number})
    return redirect("certificate_ledger", cohort.pk)


@login_required
@require_POST
def certificate_reissue(request, pk: int, certificate_pk: int):
    cohort = _cohort(request, pk, "exports.manage_certificates")
    certificate = _certificate(cohort, certificate_pk)
    try:
        new = certificates.certificate_reissue(certificate=certificate, user=request.user)
    except certificates.CertificateError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Certificate %(new)s was issued in place of %(old)s.") % {"new": new.number, "old": certificate.number},
        )
    return redirect("certificate_ledger", cohort.pk)


@require_GET
def certificate_verify(request, token: str):
    """Public: anyone with the QR code's address sees name, course, dates and whether it is valid."""
    found = certificates.certificate_verify(token=token)
    return render(request, "exports/verify.html", {"certificate": found}, status=200 if found else 404)


def _contest(cohort, contest_pk):
    found = apps.get_model("contests", "Contest").objects.filter(cohort=cohort, pk=contest_pk).first()
    if found is None:
        raise Http404
    return found


@login_required
@require_http_methods(["GET", "POST"])
def form_template(request, pk: int, contest_pk: int):
    """The contest's HWPX entry form: which one the Ministry bundle fills, upload a contest's own, check it."""
    cohort = _cohort(request, pk, "exports.export_contest")
    contest = _contest(cohort, contest_pk)
    form = FormTemplateForm(request.POST or None, request.FILES or None)
    problem = ""
    if request.method == "POST" and request.POST.get("action") == "remove":
        services.form_template_remove(contest=contest)
        messages.success(request, _("The default entry form is used again."))
        return redirect("form_template", cohort.pk, contest.pk)
    if request.method == "POST" and form.is_valid():
        try:
            _row, _check = services.form_template_upload(
                contest=contest, upload=form.cleaned_data["file"], user=request.user
            )
        except services.ExportError as exc:
            problem = exc.message
        else:
            messages.success(request, _("The form was checked and saved."))
            return redirect("form_template", cohort.pk, contest.pk)
    current = selectors.form_template_of(contest=contest)
    context = {
        "cohort": cohort,
        "contest": contest,
        "form": form,
        "problem": problem,
        "current": current,
        "fields": ENTRY_FORM_FIELDS,
    }
    return render(request, "exports/form_template.html", context, status=400 if problem else 200)
