"""The project's Korean error pages in every mode, development included.

In production Django's own handlers render the templates 400.html, 403.html, 404.html and 500.html. With DEBUG
on it shows its English debug pages instead for 404, 400 and 500 (a traceback, the settings, the URL patterns).
The two middlewares here render the same templates in development as well: a path that matches no URL and a
404, 400 or 500 raised by a view get the page a person would see in production. The traceback goes to the log
(`django.request`, as Django logs it), never onto the page. Exceptions raised by other middleware still reach
Django's handlers.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core import signals
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpResponseBadRequest, HttpResponseServerError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils.log import log_response


class NotFoundPageMiddleware:
    """Last in MIDDLEWARE (the person and the cohort are known, so the page has its way back): with DEBUG on, a
    path that matches no URL and a 404 raised by a view render 404.html."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.DEBUG:
            try:
                resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404:
                # CommonMiddleware, further out, still redirects "/cohorts" to "/cohorts/" on this 404.
                return render(request, "404.html", status=404)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if settings.DEBUG and isinstance(exception, Http404):
            return render(request, "404.html", status=404)
        return None


class ErrorPagesMiddleware:
    """First in MIDDLEWARE, so its process_exception runs after every other middleware's (allauth turns its
    ReauthenticationRequired into a redirect there): with DEBUG on, what no one else answered becomes 400.html
    or 500.html, the traceback logged as Django logs it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not settings.DEBUG or isinstance(exception, (Http404, PermissionDenied)):
            return None  # production: Django's handlers; a 403 uses 403.html in every mode already
        if isinstance(exception, (BadRequest, SuspiciousOperation, MultiPartParserError)):
            response = HttpResponseBadRequest(loader.get_template("400.html").render(request=request))
            logger = (
                logging.getLogger(f"django.security.{exception.__class__.__name__}")
                if isinstance(exception, SuspiciousOperation)
                else logging.getLogger("django.request")
            )
            log_response("%s: %s", str(exception), request.path, response=response, request=request, logger=logger)
            return response
        signals.got_request_exception.send(sender=None, request=request)
        response = HttpResponseServerError(loader.get_template("500.html").render())
        log_response(
            "%s: %s", response.reason_phrase, request.path, response=response, request=request, exception=exception
        )
        return response
