"""Structured logs: one JSON line per request and per task, with the request id, the user id and the cohort id.

- ``RequestLogMiddleware`` gives every request an id (the trusted proxy's ``X-Request-ID`` when it sends one,
  a new one otherwise), returns it in the ``X-Request-ID`` response header, and writes one line when the
  response is ready: method, path (tokens masked, no query string), status, duration, client address.
- Every other line written while the request or task runs carries the same ids (``ContextFilter``), so
  ``grep <request id>`` shows everything one request did, including the tasks it ran eagerly; a task sent to
  the worker carries the request id in its message headers.
- Celery signals write one line per task (name, id, state, duration); a failing task also gets Celery's own
  error line, with the traceback.
- ``JsonFormatter`` renders a record as one JSON object; an exception goes into ``"exc"`` with its
  traceback. Error pages shown to people never contain it (DEBUG is off in production).

``LOG_FORMAT=json`` (the default in production) or ``text`` (development).
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import traceback
import uuid
from datetime import UTC, datetime

from celery import signals

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
user_id_var: contextvars.ContextVar[int | None] = contextvars.ContextVar("user_id", default=None)
cohort_id_var: contextvars.ContextVar[int | None] = contextvars.ContextVar("cohort_id", default=None)

request_logger = logging.getLogger("learninggroup.request")
task_logger = logging.getLogger("learninggroup.task")

COHORT_PATH = re.compile(r"^/cohorts/(\d+)(?:/|$)")
# Invitation links, calendar feeds and check-in codes carry secrets in the path: never write them down.
TOKEN_SEGMENT = re.compile(r"(?<=/)[A-Za-z0-9_\-:.]{20,}(?=/|$)")
REQUEST_ID = re.compile(r"^[A-Za-z0-9\-]{8,64}$")
# Attributes every LogRecord has; anything else was passed in `extra=` and goes into the line.
STANDARD_ATTRS = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id", "user_id", "cohort_id"}


def masked_path(path: str) -> str:
    return TOKEN_SEGMENT.sub("…", path)


class ContextFilter(logging.Filter):
    """Puts the current request id, user id and cohort id on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = getattr(record, "request_id", None) or request_id_var.get()
        record.user_id = getattr(record, "user_id", None) or user_id_var.get()
        record.cohort_id = getattr(record, "cohort_id", None) or cohort_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "user_id": getattr(record, "user_id", None),
            "cohort_id": getattr(record, "cohort_id", None),
        }
        for key, value in record.__dict__.items():
            if key not in STANDARD_ATTRS and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exc"] = "".join(traceback.format_exception(*record.exc_info))
        elif record.exc_text:
            line["exc"] = record.exc_text
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """For development: readable, with the request id when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        rid = getattr(record, "request_id", None)
        prefix = f"[{rid[:8]}] " if rid else ""
        return f"{record.levelname} {record.name}: {prefix}{super().format(record)}"


def _trusted_request_id(request) -> str | None:
    """The proxy's request id, only when the request came through the trusted proxy."""
    if "PROXY_ADDR" not in request.META:
        return None
    candidate = request.META.get("HTTP_X_REQUEST_ID", "")
    return candidate if REQUEST_ID.match(candidate) else None


class RequestLogMiddleware:
    """One line per request; placed right after TrustedProxyMiddleware so the client address is the real one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = _trusted_request_id(request) or uuid.uuid4().hex
        request.request_id = request_id
        match = COHORT_PATH.match(request.path_info)
        tokens = (
            request_id_var.set(request_id),
            user_id_var.set(None),
            cohort_id_var.set(int(match.group(1)) if match else None),
        )
        started = time.monotonic()
        try:
            response = self.get_response(request)
            self._note_user(request)
            response["X-Request-ID"] = request_id
            request_logger.info(
                "%s %s %s",
                request.method,
                masked_path(request.path_info),
                response.status_code,
                extra={
                    "event": "request",
                    "method": request.method,
                    "path": masked_path(request.path_info),
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "client": request.META.get("REMOTE_ADDR"),
                    "htmx": request.headers.get("HX-Request") == "true",
                },
            )
            return response
        finally:
            for var, token in zip((request_id_var, user_id_var, cohort_id_var), tokens, strict=True):
                var.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """After authentication, before the view: lines the view writes (and its eager tasks) get the user."""
        self._note_user(request)

    @staticmethod
    def _note_user(request) -> None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user_id_var.set(user.pk)


# --- Celery -----------------------------------------------------------------------------------------------

HEADER = "lg_request_id"
_task_started: dict[str, float] = {}


def _task_cohort(kwargs: dict | None) -> int | None:
    value = (kwargs or {}).get("cohort_id")
    return value if isinstance(value, int) else None


def on_before_task_publish(headers=None, **_):
    """The request that sends a task hands its id to the task."""
    request_id = request_id_var.get()
    if headers is not None and request_id:
        headers[HEADER] = request_id


def on_task_prerun(task_id=None, task=None, kwargs=None, **_):
    origin = getattr(task.request, HEADER, None) or (getattr(task.request, "headers", None) or {}).get(HEADER)
    if not task.request.is_eager:
        request_id_var.set(origin or task_id)
        user_id_var.set(None)
        cohort_id_var.set(_task_cohort(kwargs))
    _task_started[task_id] = time.monotonic()


def on_task_postrun(task_id=None, task=None, state=None, kwargs=None, **_):
    started = _task_started.pop(task_id, None)
    task_logger.info(
        "task %s %s",
        getattr(task, "name", "?"),
        state,
        extra={
            "event": "task",
            "task": getattr(task, "name", None),
            "task_id": task_id,
            "state": state,
            "duration_ms": round((time.monotonic() - started) * 1000, 1) if started else None,
            "cohort_id": _task_cohort(kwargs) or cohort_id_var.get(),
        },
    )


def connect_celery_signals() -> None:
    signals.before_task_publish.connect(on_before_task_publish, weak=False, dispatch_uid="lg-log-publish")
    signals.task_prerun.connect(on_task_prerun, weak=False, dispatch_uid="lg-log-prerun")
    signals.task_postrun.connect(on_task_postrun, weak=False, dispatch_uid="lg-log-postrun")


def logging_config(*, log_format: str, level: str) -> dict:
    """The LOGGING setting: every line through one handler, JSON or text."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "learninggroup.logs.ContextFilter"}},
        "formatters": {
            "json": {"()": "learninggroup.logs.JsonFormatter"},
            "text": {"()": "learninggroup.logs.TextFormatter"},
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": log_format, "filters": ["context"]},
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Our request and task lines keep their level whatever a Celery worker sets the root logger to.
            "learninggroup": {"level": level},
            "django.db.backends": {"level": "INFO"},
            # 4xx are in the request line already; 5xx still get their error line with the traceback.
            "django.request": {"level": "ERROR"},
            "django.server": {"level": "WARNING"},
            # The task line replaces Celery's own "Task … succeeded" line; its error lines (traceback) stay.
            "celery.app.trace": {"level": "WARNING"},
        },
    }
