"""The team's prompts, the cohort's prompt library and the organizer's casebook choice."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from learninggroup.access import cohort_for
from learninggroup.text import search_query

from .. import selectors, services
from ..forms import CasebookForm, PromptForm
from .common import (
    CASEBOOK_CATEGORIES,
    LIBRARY_PAGE_SIZE,
    PROMPT_LABELS,
    _labelled,
    _submission,
    _team_to_edit,
    _viewer,
)

# Prompts -------------------------------------------------------------------------------------


def _prompt_to_edit(request, viewer, prompt_pk: int):
    """404 for a prompt the person may not read; 403 for one they read but is not their team's."""
    prompt = selectors.prompt_for_viewer(viewer=viewer, prompt_pk=prompt_pk)
    if prompt is None:
        raise Http404
    if not request.user.has_perm("submissions.edit_prompt", prompt):
        raise PermissionDenied
    return prompt


@login_required
@require_http_methods(["GET", "POST"])
def prompt_create(request, pk: int, team_pk: int):
    cohort, viewer = _viewer(request, pk)
    team = _team_to_edit(request, viewer, team_pk)
    submission = _submission(team)
    form = PromptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            prompt = services.prompt_save(submission=submission, data=form.cleaned_data, actor=request.user)
        except services.SubmissionError as error:
            messages.error(request, error.message)
        else:
            return _prompt_saved(request, cohort, team, prompt)
    return render(
        request,
        "submissions/prompt_form.html",
        {"cohort": cohort, "team": team, "form": form, "prompt": None},
        status=400 if request.method == "POST" else 200,
    )


def _prompt_saved(request, cohort, team, prompt):
    """Back to the submission page. A prompt with personal data gets a warning at the top of the page (focused
    when the page opens) with a link that moves the focus to the prompt's highlighted parts in the list."""
    page = reverse("submission_edit", args=[cohort.pk, team.pk])
    if not prompt.pii_flagged:
        messages.success(request, _("The prompt “%(title)s” was saved.") % {"title": prompt.title})
        return redirect(page + "#prompts")
    messages.warning(
        request,
        format_html(
            '{} <a href="#prompt-{}">{}</a>',
            _("Saved, but personal data may be in “%(title)s”. Check the flagged parts before you publish it.")
            % {"title": prompt.title},
            prompt.pk,
            _("Go to the highlighted parts"),
        ),
        extra_tags="focus-on-load",
    )
    return redirect(page)


@login_required
@require_http_methods(["GET", "POST"])
def prompt_edit(request, pk: int, prompt_pk: int):
    cohort, viewer = _viewer(request, pk)
    prompt = _prompt_to_edit(request, viewer, prompt_pk)
    team = prompt.submission.team
    form = PromptForm(request.POST or None, instance=prompt if request.method == "GET" else None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.prompt_save(
                submission=prompt.submission,
                prompt=prompt,
                data=form.cleaned_data,
                base_version=form.cleaned_data["version"],
                actor=request.user,
            )
        except services.StaleVersion as stale:
            conflict = {"stale": stale, "changes": _labelled(stale.changes, PROMPT_LABELS)}
            data = request.POST.copy()
            data["version"] = stale.current.version
            form = PromptForm(data)
            form.is_valid()
        except services.SubmissionError as error:
            messages.error(request, error.message)
        else:
            return _prompt_saved(request, cohort, team, saved)
    status = 200 if request.method == "GET" else (409 if conflict else 400)
    return render(
        request,
        "submissions/prompt_form.html",
        {
            "cohort": cohort,
            "team": team,
            "form": form,
            "prompt": prompt,
            "conflict": conflict,
            "flagged_fields": {finding["field"] for finding in prompt.pii_findings} if prompt.pii_flagged else set(),
        },
        status=status,
    )


@login_required
@require_POST
def prompt_delete(request, pk: int, prompt_pk: int):
    cohort, viewer = _viewer(request, pk)
    prompt = _prompt_to_edit(request, viewer, prompt_pk)
    team_pk = prompt.submission.team_id
    try:
        services.prompt_delete(prompt=prompt, actor=request.user)
    except services.SubmissionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The prompt “%(title)s” was deleted.") % {"title": prompt.title})
    return redirect(reverse("submission_edit", args=[cohort.pk, team_pk]) + "#prompts")


@login_required
@require_POST
def prompt_casebook(request, pk: int, prompt_pk: int):
    cohort = cohort_for(request, pk, "submissions.curate")
    prompt = selectors.prompt_for_curation(cohort=cohort, prompt_pk=prompt_pk)
    if prompt is None:
        raise Http404
    form = CasebookForm(request.POST)
    problem = ""
    if form.is_valid():
        try:
            prompt = services.prompt_set_casebook(
                prompt=prompt,
                for_casebook=form.cleaned_data["for_casebook"],
                category=form.cleaned_data["category"],
                actor=request.user,
            )
        except services.SubmissionError as error:
            problem = error.message
    else:
        problem = " ".join(" ".join(errors) for errors in form.errors.values())
    if request.htmx:
        return render(
            request,
            "submissions/prompt_library.html#casebook-control",
            {
                "cohort": cohort,
                "prompt": prompt,
                "casebook_problem": problem,
                "casebook_saved": not problem,
                "can_curate": True,
            },
        )
    if problem:
        messages.error(request, problem)
    else:
        messages.success(request, _("The casebook was updated."))
    return redirect("prompt_library", cohort.pk)


# The prompt library --------------------------------------------------------------------------


@login_required
@require_GET
def prompt_library(request, pk: int):
    cohort, viewer = _viewer(request, pk, "submissions.view_library")
    query = search_query(request.GET.get("q"), max_length=100)
    tag = search_query(request.GET.get("tag"), max_length=30)
    casebook = request.GET.get("casebook") == "1"
    prompts = selectors.prompt_library(viewer=viewer, query=query, tag=tag, casebook=casebook)
    page = Paginator(prompts, LIBRARY_PAGE_SIZE).get_page(request.GET.get("page"))
    can_curate = request.user.has_perm("submissions.curate", cohort)
    context = {
        "cohort": cohort,
        "viewer": viewer,
        "page": page,
        "query": query,
        "tag": tag,
        "casebook": casebook,
        "tags": selectors.prompt_tags(viewer=viewer),
        "can_curate": can_curate,
        "categories": selectors.casebook_categories(cohort=cohort) if can_curate else [],
        "suggested_categories": CASEBOOK_CATEGORIES if can_curate else [],
    }
    template = "submissions/prompt_library.html"
    if request.htmx and request.htmx.target == "prompt-results":
        template += "#prompt-results"
    return render(request, template, context)
