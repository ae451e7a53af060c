"""The Celery app, configured from Django settings (namespace CELERY)."""

import os

from celery import Celery

from .logs import connect_celery_signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learninggroup.settings")

app = Celery("learninggroup")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# One structured log line per task, carrying the id of the request that sent it (learninggroup/logs.py).
connect_celery_signals()
