"""Settings, read from the environment (django-environ).

Two profiles: ``DJANGO_ENV=development`` (the default: DEBUG on, SQLite under var/,
eager Celery) and ``DJANGO_ENV=production`` (DEBUG off, secure cookies, HSTS, a
required SECRET_KEY and ALLOWED_HOSTS). See .env.example for every variable.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from learninggroup.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in ("development", "production"):
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.bool("DEBUG", default=not PRODUCTION)

if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="development-only-secret-key-never-use-in-production-0123456789")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The reverse proxy in front of gunicorn (addresses or networks). Only requests from it may set the client
# address (X-Forwarded-For) and the scheme (X-Forwarded-Proto); from anyone else those headers are dropped
# (learninggroup/proxy.py), so SECURE_PROXY_SSL_HEADER below can be trusted.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "template_partials.apps.SimpleAppConfig",
    "rules.apps.AutodiscoverRulesConfig",
    "learninggroup",
    "learninggroup.audit.apps.AuditConfig",
    "notifications",
    # Feature apps after the apps they build on: the plug-point registries (learninggroup/plugins.py) follow this order.
    "teams",
    "sessions.apps.SessionsConfig",
    "submissions",
    "contests",
    "exports",
    "privacy",
]

MIDDLEWARE = [
    # First, so that its exception hook runs after all others (learninggroup/errorpages.py).
    "learninggroup.errorpages.ErrorPagesMiddleware",
    "learninggroup.proxy.TrustedProxyMiddleware",
    "learninggroup.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "learninggroup.locale.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "learninggroup.middleware.PrivacyAndMfaMiddleware",
    "learninggroup.errorpages.NotFoundPageMiddleware",
]

ROOT_URLCONF = "learninggroup.urls"
WSGI_APPLICATION = "learninggroup.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "learninggroup.context_processors.navigation",
            ],
            "builtins": ["template_partials.templatetags.partials", "learninggroup.templatetags.dates"],
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        (
                            "django.template.loaders.cached.Loader",
                            [
                                "django.template.loaders.filesystem.Loader",
                                "django.template.loaders.app_directories.Loader",
                            ],
                        )
                    ],
                )
            ],
        },
    }
]

# Database: PostgreSQL (psycopg 3) in production, CI and benchmarks; SQLite under var/ by default.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run`'s default: readers never wait for a writer (WAL), a writer takes the write lock when its
    # transaction begins (IMMEDIATE) instead of failing to upgrade a read lock half-way, and waits up to
    # 20 s for another writer (busy timeout), so two saves at once get the conflict message, never
    # "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "learninggroup.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2id at OWASP's recommended cost (learninggroup/hashers.py): tens of milliseconds a log-in instead of
# PBKDF2's half second, so a cohort's log-in minute fits the web host. PBKDF2 hashes made before still verify and
# are rehashed with Argon2id at the person's next log-in.
PASSWORD_HASHERS = [
    "learninggroup.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: e-mail log-in, no usernames, sign-up by invitation only.
ACCOUNT_ADAPTER = "learninggroup.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = env.str("EMAIL_SUBJECT_PREFIX", default="[학습모임] ")
# Rate limits that fit a city hall behind one NAT address (docs/operations.md): log-ins per address only have a
# flood ceiling; failed log-ins are limited per account and address together with a growing delay
# (learninggroup/loginlimits.py). allauth's own "login" limit (a cache lock per address, contended behind a
# NAT) and "login_failed" limit (locks an account from anywhere) are off.
ACCOUNT_RATE_LIMITS = {
    "login": None,
    "login_failed": None,
    "reset_password": "100/m/ip,5/m/key",
    "reset_password_from_key": "100/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
}
LOGIN_ATTEMPTS_PER_ADDRESS = env.int("LOGIN_ATTEMPTS_PER_ADDRESS", default=1200)
LOGIN_FAILURES_FREE = env.int("LOGIN_FAILURES_FREE", default=5)
LOGIN_FAILURE_DELAY = env.int("LOGIN_FAILURE_DELAY", default=30)
LOGIN_FAILURE_DELAY_MAX = env.int("LOGIN_FAILURE_DELAY_MAX", default=15 * 60)
LOGIN_FAILURE_MEMORY = env.int("LOGIN_FAILURE_MEMORY", default=60 * 60)
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", default=200)
LOGIN_FAILURES_PER_ADDRESS_WINDOW = env.int("LOGIN_FAILURES_PER_ADDRESS_WINDOW", default=10 * 60)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="AI 학습모임")

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)

# Internationalisation: Korean first, English second.
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Seoul"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"  # never routed: uploads are served only through views that check permission
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# E-mail: console by default, SMTP (or anything django-environ understands) with EMAIL_URL.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="AI 학습모임 <no-reply@learninggroup.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Deliveries (notifications): how long a run holds the rows it claimed before another run may send them (a
# dead worker's claims are sent again after this), and how many tries a transient error gets before it fails.
NOTIFICATIONS_LEASE_SECONDS = env.int("NOTIFICATIONS_LEASE_SECONDS", default=10 * 60)
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=8)

# Celery: Redis as broker when REDIS_URL is set; otherwise tasks run eagerly in-process.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 10 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 9 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {
    # Queued deliveries (invitations, resends, retries after a transient error, claims of a dead worker).
    "notifications-send-pending": {"task": "notifications.send_pending", "schedule": 60.0},
    # Session reminders and attendance warnings; each mail is sent once however often this fires.
    "sessions-send-due-reminders": {"task": "sessions.send_due_reminders", "schedule": 5 * 60.0},
    # D-3 and D-1 reminders to teams that have not submitted; exactly once per person and reminder.
    "submissions-send-deadline-reminders": {"task": "submissions.send_deadline_reminders", "schedule": 15 * 60.0},
    # D-3 and D-1 reminders to judges with unfinished scoresheets; once per judge, contest and reminder.
    "contests-send-judging-reminders": {"task": "contests.send_judging_reminders", "schedule": 15 * 60.0},
    # Export files past their retention period are deleted (the job row and the download log stay).
    "exports-purge-expired": {"task": "exports.purge_expired", "schedule": 60 * 60.0},
    # Personal data past its cohort's retention period is destroyed; the run is recorded, dry or not.
    "privacy-purge-expired": {"task": "privacy.purge_expired", "schedule": 24 * 60 * 60.0},
}
# Exports run on their own queue (`celery worker -Q exports`), see docs/exports.md.
CELERY_TASK_ROUTES = {
    "exports.run_export": {"queue": "exports"},
    "exports.run_export_part": {"queue": "exports"},
    "exports.assemble_export": {"queue": "exports"},
}
# Redis redelivers a task not acknowledged within this time: above the longest export.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=2 * 60 * 60)}

# Exports: the exporters (dotted paths: adding an export is adding one module), time limit, retention.
EXPORTERS = [
    "exports.exporters.attendance.AttendanceXlsx",
    "exports.exporters.attendance.SignInSheetPdf",
    "exports.exporters.casebook.CasebookPdf",
    "exports.exporters.casebook.CasebookHwpx",
    "exports.exporters.casebook.CasebookMarkdown",
    "exports.exporters.certificates.CertificatesPdf",
    "exports.exporters.certificates.CertificateLedgerXlsx",
    "exports.exporters.contest.InternalBundle",
    "exports.exporters.contest.MinistryBundle",
]
EXPORT_TIME_LIMIT = env.int("EXPORT_TIME_LIMIT", default=60 * 60)
EXPORT_RETENTION_DAYS = env.int("EXPORT_RETENTION_DAYS", default=7)
EXPORT_HEARTBEAT_STALE_SECONDS = env.int("EXPORT_HEARTBEAT_STALE_SECONDS", default=120)
EXPORT_X_ACCEL_PREFIX = env.str("EXPORT_X_ACCEL_PREFIX", default="")
# Splitting one export over several workers (exports/batches.py): whether to (it costs the join, so only
# with several workers), items per batch by exporter identifier (unset: the exporter's own `batch_size`;
# 0: never split), and how often a failed batch is tried.
EXPORT_SPLIT = env.bool("EXPORT_SPLIT", default=False)  # on when more than one exports worker runs
EXPORT_BATCH_SIZES: dict = {}
EXPORT_PART_TRIES = env.int("EXPORT_PART_TRIES", default=3)
EXPORT_PART_RETRY_SECONDS = env.int("EXPORT_PART_RETRY_SECONDS", default=10)
# Typst finds the fonts here: Debian's fonts-nanum for Korean, DejaVu (fontconfig's own) for symbols and emoji.
PDF_FONT_PATHS = env.list(
    "PDF_FONT_PATHS", default=["/usr/share/fonts/truetype/nanum", "/usr/share/fonts/truetype/dejavu"]
)

# Personal data (PIPA): the access log is kept at least two years (a system check refuses less).
ACCESS_LOG_RETENTION_DAYS = env.int("ACCESS_LOG_RETENTION_DAYS", default=730)
# A cohort's personal data is kept this many months after its last day unless its organizers set otherwise;
# `manage.py purge_expired` (and the daily beat task) destroys it afterwards.
PRIVACY_RETENTION_MONTHS = env.int("PRIVACY_RETENTION_MONTHS", default=12)

# Backups (manage.py backup / restore): where the archives go and how long they are kept. Destroyed personal
# data leaves the backups when the last archive holding it is deleted, so keep this short (docs/operations.md).
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(VAR_DIR / "backups")))
BACKUP_KEEP_DAYS = env.int("BACKUP_KEEP_DAYS", default=35)

# Roster import limits.
ROSTER_MAX_BYTES = env.int("ROSTER_MAX_BYTES", default=2 * 1024 * 1024)
ROSTER_MAX_ROWS = env.int("ROSTER_MAX_ROWS", default=5000)
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)

# An organization's emblem in the header: PNG, JPEG or WebP up to this size and this many pixels a side.
EMBLEM_MAX_BYTES = env.int("EMBLEM_MAX_BYTES", default=512 * 1024)
EMBLEM_MAX_SIDE = 2048

# Submission uploads: per-file limits (video has its own), a total quota per submission, ZIP-bomb limits,
# and the internal location prefix for nginx's X-Accel-Redirect (empty: Django streams the file itself).
SUBMISSION_MAX_BYTES = env.int("SUBMISSION_MAX_BYTES", default=50 * 1024 * 1024)
SUBMISSION_VIDEO_MAX_BYTES = env.int("SUBMISSION_VIDEO_MAX_BYTES", default=500 * 1024 * 1024)
SUBMISSION_QUOTA_BYTES = env.int("SUBMISSION_QUOTA_BYTES", default=1024 * 1024 * 1024)
SUBMISSION_MAX_FILES = env.int("SUBMISSION_MAX_FILES", default=30)
SUBMISSION_ZIP_MAX_ENTRIES = env.int("SUBMISSION_ZIP_MAX_ENTRIES", default=10_000)
SUBMISSION_ZIP_MAX_UNCOMPRESSED = env.int("SUBMISSION_ZIP_MAX_UNCOMPRESSED", default=2 * 1024**3)
SUBMISSION_ZIP_MAX_RATIO = env.int("SUBMISSION_ZIP_MAX_RATIO", default=100)
SUBMISSION_X_ACCEL_PREFIX = env.str("SUBMISSION_X_ACCEL_PREFIX", default="")
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Security headers everywhere; the strict transport settings in production.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

# Content-Security-Policy on every response (django-csp): this origin only; no inline script, no inline
# event handler, no style attribute, no outside host. Images may also be data: URIs (allauth's TOTP QR code).
# A response that sets its own policy keeps it (downloads: "default-src 'none'; sandbox").
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# Structured logs (learninggroup/logs.py): one JSON line per request and per task, with the request id, user id
# and cohort id; errors with their traceback. Text lines in development.
LOG_FORMAT = env.str("LOG_FORMAT", default="json" if PRODUCTION else "text")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured("LOG_FORMAT must be 'json' or 'text'.")
LOGGING = logging_config(log_format=LOG_FORMAT, level=env.str("LOG_LEVEL", default="INFO"))
# The worker keeps these handlers instead of installing its own (one line format everywhere).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
