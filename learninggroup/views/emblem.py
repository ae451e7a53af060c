"""The operating institution's emblem: the image in the header, and the organizer's page to change it."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from ..access import cohort_for
from ..emblems import EmblemError, emblem_response, organization_remove_emblem, organization_set_emblem
from ..forms import EmblemForm
from ..middleware import gate_exempt

REQUEST_SLACK = 64 * 1024  # the form's other fields and the multipart framing


@login_required
@gate_exempt  # the header shows it on the consent page too
@require_GET
def cohort_emblem(request, pk: int):
    """The emblem of the cohort's organization, for its members."""
    cohort = cohort_for(request, pk)
    return emblem_response(cohort.organization)


@csrf_exempt  # CSRF is checked below, once the request is known to be small
@login_required
@require_http_methods(["GET", "POST"])
def emblem_settings(request, pk: int):
    cohort = cohort_for(request, pk, "learninggroup.change_cohort")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if request.method == "POST" and length > settings.EMBLEM_MAX_BYTES + REQUEST_SLACK:
        # Refused before the body is read; nothing changes, so no CSRF check is needed.
        problem = _("The image is too large: at most %(size)d KB.") % {"size": settings.EMBLEM_MAX_BYTES // 1024}
        return _page(request, cohort, EmblemForm(), problem=problem, status=413)
    return _emblem_settings(request, cohort)


@csrf_protect
def _emblem_settings(request, cohort):
    form = EmblemForm(request.POST or None, request.FILES or None)
    problem = ""
    if request.method == "POST" and form.is_valid():
        organization = cohort.organization
        try:
            if form.cleaned_data["remove"]:
                organization_remove_emblem(organization=organization)
                messages.success(request, _("The emblem was removed. The header shows the platform's mark again."))
            else:
                organization_set_emblem(organization=organization, upload=form.cleaned_data["emblem"])
                messages.success(
                    request,
                    _("The emblem was saved. It shows beside %(name)s in the header of every cohort it runs.")
                    % {"name": organization.name},
                )
        except EmblemError as error:
            problem = error.message
        else:
            return redirect("emblem_settings", cohort.pk)
    return _page(request, cohort, form, problem=problem, status=400 if request.method == "POST" else 200)


def _page(request, cohort, form, *, problem: str, status: int):
    return render(
        request,
        "learninggroup/emblem_form.html",
        {
            "cohort": cohort,
            "organization": cohort.organization,
            "form": form,
            "problem": problem,
            "max_kb": settings.EMBLEM_MAX_BYTES // 1024,
            "max_side": settings.EMBLEM_MAX_SIDE,
        },
        status=status,
    )
