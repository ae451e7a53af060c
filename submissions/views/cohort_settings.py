"""The organizer's submission settings and deadline extensions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from learninggroup.access import cohort_for
from learninggroup.dates import day_time

from .. import selectors, services
from ..forms import ExtensionForm, SettingsForm
from ..models import DeadlineExtension
from ..uploads import MB
from .common import (
    _limits,
    _viewer,
)

# The organizer's settings --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def submission_settings(request, pk: int):
    cohort, viewer = _viewer(request, pk, "submissions.manage")
    current = viewer.settings
    initial = {
        "deadline": timezone.localtime(current.deadline, cohort.zone) if current.deadline else None,
        "gallery_open": current.gallery_open,
        "max_mb": current.max_bytes // MB if current.max_bytes else None,
        "video_max_mb": current.video_max_bytes // MB if current.video_max_bytes else None,
        "quota_mb": current.quota_bytes // MB if current.quota_bytes else None,
    }
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.settings_update(cohort=cohort, actor=request.user, **form.service_values())
        messages.success(request, _("The submission settings were saved."))
        return redirect("submission_settings", cohort.pk)
    defaults = services.upload_limits(cohort_settings=None)
    return render(
        request,
        "submissions/settings.html",
        {
            "cohort": cohort,
            "form": form,
            "extension_form": ExtensionForm(teams=cohort.teams.order_by("name")),
            "extensions": selectors.extension_list(cohort=cohort),
            "defaults": _limits(defaults),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def deadline_extension_grant(request, pk: int):
    cohort = cohort_for(request, pk, "submissions.manage")
    form = ExtensionForm(request.POST, teams=cohort.teams.all())
    if form.is_valid():
        try:
            extension = services.extension_grant(
                team=form.cleaned_data["team"], until=form.cleaned_data["until"], actor=request.user
            )
        except services.SubmissionError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(team)s may edit until %(until)s.")
                % {
                    "team": extension.team.name,
                    "until": day_time(timezone.localtime(extension.until, cohort.zone)),
                },
            )
    else:
        messages.error(request, _("Choose a team and the time the extension ends."))
    if request.htmx:
        return HttpResponseClientRedirect(reverse("submission_settings", args=[cohort.pk]))
    return redirect("submission_settings", cohort.pk)


@login_required
@require_POST
def deadline_extension_revoke(request, pk: int, extension_pk: int):
    cohort = cohort_for(request, pk, "submissions.manage")
    extension = DeadlineExtension.objects.select_related("team").filter(pk=extension_pk, team__cohort=cohort).first()
    if extension is None:
        raise Http404
    services.extension_revoke(extension=extension)
    messages.success(request, _("The extension of %(team)s was withdrawn.") % {"team": extension.team.name})
    return redirect("submission_settings", cohort.pk)
