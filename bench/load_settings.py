"""Settings of the gunicorn and Celery processes that the load benchmark starts (bench/bench_load.py).

The project's settings (the production password hash included), with mail written to files (counted
afterwards), the static files collected into the run's folder with the production storage (hashed names, served
by whitenoise), a short Redis visibility timeout and a short delivery lease, so that what a killed worker held
comes back within the run instead of after hours.
"""

import os

from learninggroup.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["BENCH_MAIL_DIR"]
STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(os.environ.get("BENCH_VISIBILITY_TIMEOUT", "15"))}
# A delivery claimed by the killed worker is sent again by the next run after its lease (beat runs every 60 s).
NOTIFICATIONS_LEASE_SECONDS = 20
