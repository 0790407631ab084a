"""Settings shared by every environment. Values come from the environment (django-environ)."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "treebeard",
    "guardian",
    "apps.core",
    "apps.tenants",
    "apps.accounts",
    "apps.units",
    "apps.audit",
    "apps.files",
    "apps.lke",
    "apps.cycles",
    "apps.evidence",
    "apps.identification",
    "apps.declaration",
    "apps.assessment",
    "apps.teams",
    "apps.workplan",
    "apps.reports",
    "apps.surveys",  # SKM/IKM and the IPAK/IPKP surveys answered by the public
    "apps.notifications",
    "apps.dashboard",  # leadership dashboards: summary rows rolled up the unit tree
    "apps.home",  # the home page: what waits for whom, above every domain app
    "apps.demo",  # seed_demo; the top layer (.importlinter)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything that reads the database: /healthz answers 503, never 500 (issue 10).
    "apps.core.middleware.HealthCheckMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",  # see "Security headers" below
    "django_htmx.middleware.HtmxMiddleware",
    # An API token's person (request.token_user), for the tenant scope opened next.
    "apps.accounts.middleware.ApiTokenMiddleware",
    "apps.tenants.middleware.TenantMiddleware",
    # Last: refuses NUL and other control characters in GET/POST before any view runs,
    # with the user and tenant known so that the refusal page renders like any other.
    "apps.core.middleware.ControlCharacterMiddleware",
]

ROOT_URLCONF = "zi_portal.urls"
WSGI_APPLICATION = "zi_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # templates/: the project-wide layout (base.html, error pages, includes/) and
        # overrides of other packages' templates: registration/ (accounts' auth pages) must
        # win over django.contrib.admin's templates of the same names, drf_spectacular/.
        # Every app's own pages: apps/<app>/templates/<app>/, found by APP_DIRS.
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.tenants.context_processors.tenant",
            ],
        },
    },
]

# PostgreSQL only: there is deliberately no SQLite path.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/zi_portal"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("OPTIONS", {})
# PostgreSQL's JIT is off on the application's connections (README, "PostgreSQL JIT"): it
# compiles each query anew, 0.8-1.0 s for the access subqueries the planner prices high,
# and the portal's short OLTP queries never gain from it. DB_JIT=on hands it back to the
# server's setting.
if not env.bool("DB_JIT", default=False):
    _options = DATABASES["default"]["OPTIONS"].get("options", "")
    DATABASES["default"]["OPTIONS"]["options"] = f"{_options} -c jit=off".strip()
if env.bool("DB_POOL", default=False):
    # psycopg 3 connection pool (Django >= 5.1); incompatible with persistent connections.
    DATABASES["default"]["OPTIONS"]["pool"] = {"min_size": 2, "max_size": 10}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "zi",
    }
}

AUTH_USER_MODEL = "accounts.User"
# The access policy (capability table) behind apps.core.access: feature apps and units
# ask through that facade and never import accounts for it (the layers of STYLE.md 25).
ACCESS_POLICY = "apps.accounts.policy"
# apps.core.workflow writes the audit event of every transition through this function.
WORKFLOW_AUDIT_RECORDER = "apps.audit.services.audit_record"
# Called in every workflow step's transaction (apps.core.workflow): the step's notices.
WORKFLOW_OBSERVERS = ["apps.notifications.events.observe", "apps.dashboard.events.observe"]
# What a new agency gets from the apps above accounts, called by tenant_create in its
# transaction and scope (accounts may not import them): each is called with tenant=.
TENANT_DEFAULTS = ["apps.evidence.services.verification_levels_create"]
# Called with the invitation when an agency invites an existing account (in
# invitation_create's transaction; accounts may not import the notices above it).
INVITATION_OBSERVERS = ["apps.notifications.invitations.invitation_sent"]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    # Django's rules, with consistent Indonesian texts (apps/accounts/password_validation.py).
    {"NAME": "apps.accounts.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "apps.accounts.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "apps.accounts.password_validation.CommonPasswordValidator"},
    {"NAME": "apps.accounts.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Password-reset and invitation links (one token generator) stay valid 24 hours.
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Bahasa Indonesia first, English available.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media/"  # never served directly: downloads go through access-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="ZI Portal <noreply@zi-portal.local>")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the meta tag, not the cookie

# --- Security headers (issue 10: CSP, framing) ----------------------------------
# No page may be framed; the stored-file responses (PDF previews inside evidence and
# assessment pages) allow their own origin only (apps.files.serving).
X_FRAME_OPTIONS = "DENY"
# Strict Content-Security-Policy: every script and style is a vendored or own file under
# /static/ (no inline <script>, <style>, style="" or on…= handlers; htmx's indicator CSS
# is in static/css/portal.css, see the htmx-config meta tag in templates/base.html).
# The survey form's proof-of-work widget (static/vendor/altcha, its "external" build) fits
# as it is: its stylesheet is a file, its worker a same-origin script (worker-src falls
# back to script-src 'self'), its challenge a same-origin fetch (connect-src: default-src).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # data: for Bootstrap's SVG icons in CSS and QR codes as data: images.
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}

# --- Django REST Framework ----------------------------------------------------
REST_FRAMEWORK = {
    # Token first: an anonymous request then answers 401 with WWW-Authenticate, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "apps.accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "apps.core.api.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "apps.core.api.exception_handler",
    # Issue 10 (API schema): declares each operation's 4xx answers with the error body.
    "DEFAULT_SCHEMA_CLASS": "apps.core.schema.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ZI Portal API",
    "DESCRIPTION": "API Portal Zona Integritas (WBK/WBBM). Semua objek dibatasi pada instansi aktif.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Issue 10 (API schema): one component per shared choice set, whatever the field name.
    "ENUM_NAME_OVERRIDES": {
        "Stage": "apps.cycles.stages.Stage",
        "ReportStatus": "apps.reports.models.ReportStatus",
        "ReportKind": "apps.reports.models.Kind",
        "FollowUpStatus": "apps.reports.models.FollowUp",
        "RealisationStatus": "apps.reports.models.Realised",
        "NotificationKind": "apps.notifications.kinds.Kind",
        "EmailMode": "apps.notifications.kinds.EmailMode",
    },
}

# --- Celery -------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = False
# --- Celery after a crash, and the e-mail outbox (issue 10, ops) ---
# With acks_late a task stays unacknowledged in Redis until it finishes; when its worker
# dies, Redis hands it to another worker only after the visibility timeout. It must be
# longer than a task can legitimately stay unacked, or a slow task runs twice at once:
# the longest is the hard limit above (5 min, no task sets its own), and with prefetch a
# reserved message may wait one more task's length before it starts, so 2 x 5 min; 15 min
# leaves a margin. A killed worker's tasks run again at most 15 minutes later. (No task
# uses an ETA/countdown longer than this; one would be delivered again every 15 min.)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=15 * 60),
}
# An outbox claim outlives the hard time limit (its holder is surely dead afterwards) and
# ends before the visibility timeout (the redelivered task finds it expired).
OUTBOX_CLAIM_SECONDS = env.int("OUTBOX_CLAIM_SECONDS", default=CELERY_TASK_TIME_LIMIT + 60)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)
# The same lease for a row claimed by a task (apps.core.tasks.claim), e.g. a PDF to render.
TASK_CLAIM_SECONDS = env.int("TASK_CLAIM_SECONDS", default=CELERY_TASK_TIME_LIMIT + 60)
# The whole beat schedule, in one place.
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {
        "task": "apps.core.tasks.clear_expired_sessions",
        "schedule": crontab(hour=1, minute=15),
    },
    "send-pending-outbox": {
        "task": "apps.core.tasks.send_pending_outbox",
        "schedule": crontab(),  # every minute
    },
    "render-missing-identification-reports": {
        "task": "apps.identification.tasks.render_missing_reports",
        "schedule": crontab(minute="*/10"),
    },
    "render-missing-charter-pdfs": {
        "task": "apps.declaration.tasks.render_missing_charter_pdfs",
        "schedule": crontab(minute="*/10"),
    },
    "render-missing-pact-pdfs": {
        "task": "apps.declaration.tasks.render_missing_pact_pdfs",
        "schedule": crontab(minute="*/10"),
    },
    "close-due-surveys": {
        "task": "apps.surveys.tasks.close_due_surveys",
        "schedule": crontab(minute=7),
    },
    "render-missing-survey-reports": {
        "task": "apps.surveys.tasks.render_missing_survey_reports",
        "schedule": crontab(minute="*/10"),
    },
    "render-missing-plan-pdfs": {
        "task": "apps.workplan.tasks.render_missing_plan_pdfs",
        "schedule": crontab(minute="*/10"),
    },
    # Hourly: each unit's first working day of a month begins at its own midnight (WIB,
    # WITA, WIT); a missed run is caught up by the next (apps/reports/services/drafting.py).
    "draft-due-reports": {
        "task": "apps.reports.tasks.draft_due_reports",
        "schedule": crontab(minute=5),
    },
    "render-missing-report-pdfs": {
        "task": "apps.reports.tasks.render_missing_report_pdfs",
        "schedule": crontab(minute="*/10"),
    },
    # Hourly: H-7 … overdue reminders at NOTIFICATION_REMINDER_HOUR in each unit's time
    # zone, and the daily digests at NOTIFICATION_DIGEST_HOUR (apps/notifications).
    "send-reminders": {
        "task": "apps.notifications.tasks.send_reminders",
        "schedule": crontab(minute=10),
    },
    "send-digests": {
        "task": "apps.notifications.tasks.send_digests",
        "schedule": crontab(minute=20),
    },
    # The leadership dashboard's summary rows (apps/dashboard/summaries.py): rows a
    # workflow step marked stale every minute, every row of the open years hourly.
    "refresh-dashboard-stale": {
        "task": "apps.dashboard.tasks.refresh_stale_summaries",
        "schedule": crontab(),
    },
    "refresh-dashboard-all": {
        "task": "apps.dashboard.tasks.refresh_all_summaries",
        "schedule": crontab(minute=40),
    },
    "render-missing-dashboard-pdfs": {
        "task": "apps.dashboard.tasks.render_missing_dashboard_pdfs",
        "schedule": crontab(minute="*/10"),
    },
}

# --- Notifications (apps.notifications) --------------------------------------------
# Channels besides the bell (dotted paths of apps.notifications.channels.Channel
# subclasses); a WhatsApp gateway is added here once its class exists.
NOTIFICATION_CHANNELS = env.list(
    "NOTIFICATION_CHANNELS", default=["apps.notifications.channels.EmailChannel"]
)
# Local hour (unit's time zone) from which the day's reminders go out, and of the digest.
NOTIFICATION_REMINDER_HOUR = env.int("NOTIFICATION_REMINDER_HOUR", default=8)
NOTIFICATION_DIGEST_HOUR = env.int("NOTIFICATION_DIGEST_HOUR", default=7)
# Work with a deadline, per app (apps.notifications.reminders.ReminderSource).
REMINDER_SOURCES = env.list(
    "REMINDER_SOURCES",
    default=[
        "apps.workplan.reminders.TaskReminders",
        "apps.reports.reminders.ReportReminders",
        "apps.reports.reminders.ReportApprovalReminders",
        "apps.declaration.reminders.PactReminders",
    ],
)

# --- Pickers (apps.core.pickers) ----------------------------------------------
# A field offering units or people is a plain <select> up to this many rows, above it a
# search-as-you-type picker (a small agency sees no change).
PICKER_SELECT_MAX = env.int("PICKER_SELECT_MAX", default=50)

# --- Uploads ------------------------------------------------------------------
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=5000)

# --- Uploads/files (apps.files) ------------------------------------------------
# Every stored file goes through Django's default storage: files under MEDIA_ROOT, or an
# S3-compatible bucket with FILE_STORAGE=s3. Objects are private either way; downloads
# pass an access-checked view (apps.files.serving).
FILE_STORAGE = env.str("FILE_STORAGE", default="local")
if FILE_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,
            "default_acl": "private",
            "querystring_auth": True,
            # Two uploads of the same content must not share (and then delete) one key.
            "file_overwrite": False,
        },
    }
elif FILE_STORAGE != "local":
    raise ImproperlyConfigured(f"FILE_STORAGE must be 'local' or 's3', not {FILE_STORAGE!r}")
# Uploads are written here while they arrive (None: the system temporary directory).
# On the same file system as MEDIA_ROOT, storing a file is a rename instead of a copy.
FILE_UPLOAD_TEMP_DIR = env.str("FILE_UPLOAD_TEMP_DIR", default="") or None
FILE_MAX_DOCUMENT_BYTES = env.int("FILE_MAX_DOCUMENT_BYTES", default=25 * 1024 * 1024)
FILE_MAX_IMAGE_BYTES = env.int("FILE_MAX_IMAGE_BYTES", default=25 * 1024 * 1024)
FILE_MAX_VIDEO_BYTES = env.int("FILE_MAX_VIDEO_BYTES", default=500 * 1024 * 1024)
# Issue 10 / uploads: what an Office/OpenDocument container may hold once inflated
# (apps/files/contents.py), and how many files one upload request may carry.
FILE_CONTAINER_MAX_ENTRIES = env.int("FILE_CONTAINER_MAX_ENTRIES", default=5000)
FILE_CONTAINER_MAX_ENTRY_BYTES = env.int(
    "FILE_CONTAINER_MAX_ENTRY_BYTES", default=100 * 1024 * 1024
)
FILE_CONTAINER_MAX_INFLATED_BYTES = env.int(
    "FILE_CONTAINER_MAX_INFLATED_BYTES", default=250 * 1024 * 1024
)
FILE_CONTAINER_MAX_RATIO = env.int("FILE_CONTAINER_MAX_RATIO", default=500)
FILE_MAX_FILES_PER_REQUEST = env.int("FILE_MAX_FILES_PER_REQUEST", default=20)
# nginx serves downloads itself when set (e.g. "/protected-files/", an `internal`
# location aliasing MEDIA_ROOT; local storage only). Empty: Django streams them.
FILES_X_ACCEL_REDIRECT_PREFIX = env.str("FILES_X_ACCEL_REDIRECT_PREFIX", default="")
# ClamAV daemon, e.g. tcp://127.0.0.1:3310 or unix:///run/clamav/clamd.ctl; empty: no
# scan. When set and unreachable, uploads are refused rather than stored unscanned.
CLAMAV_ADDRESS = env.str("CLAMAV_ADDRESS", default="")
CLAMAV_TIMEOUT = env.float("CLAMAV_TIMEOUT", default=120.0)

# --- Brute force and API tokens (issue 10: accounts) ------------------------------
# django-axes refuses a login after too many failures, counted per account (e-mail, any
# address) and per client address (any account), in the database (Django admin lists and
# resets them; `manage.py axes_reset_username <email>` / `axes_reset_ip <ip>`).
INSTALLED_APPS += ["axes"]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", *AUTHENTICATION_BACKENDS]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]  # last: turns a lockout into its page
AXES_HANDLER = "apps.accounts.lockout.PortalAxesHandler"
AXES_VERBOSE = False  # no banner at start-up: management commands print only their own output
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]  # the order the handler expects
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)  # per account
AXES_IP_FAILURE_LIMIT = env.int("AXES_IP_FAILURE_LIMIT", default=50)  # per address
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_RESET_ON_SUCCESS = False  # a success must not wipe an address's count of failures
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "apps.accounts.lockout.username_of"
AXES_CLIENT_IP_CALLABLE = "apps.core.http.client_ip"
AXES_LOCKOUT_CALLABLE = "apps.accounts.lockout.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # no table of every successful login (addresses, agents)
# Reverse proxies in front of the app that append to X-Forwarded-For (nginx: 1). 0: the
# client address is REMOTE_ADDR and X-Forwarded-For is ignored (it can be forged).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Requests per window ("N/s|m|h|d") in Redis, counted per client address and per e-mail
# (password reset) or per admin (adding people).
RATE_LIMIT_PASSWORD_RESET = env.str("RATE_LIMIT_PASSWORD_RESET", default="5/h")
RATE_LIMIT_INVITATION = env.str("RATE_LIMIT_INVITATION", default="100/h")
RATE_LIMIT_NAMESPACE = "rl"
# API tokens (apps.accounts.models.ApiToken): named, hashed, expire after this many days.
API_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=30)
API_TOKEN_MAX_PER_USER = env.int("API_TOKEN_MAX_PER_USER", default=20)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Two-factor authentication (django-otp; apps/accounts/twofactor) ----------------
# TOTP devices with recovery codes (static tokens). OTPMiddleware marks a session verified
# once the second step is passed; the gate right after it sends people who must (or chose
# to) use a second factor to the enrolment or "Kode verifikasi" page before anything else.
INSTALLED_APPS += [
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "apps.accounts.twofactor.middleware.TwoFactorGateMiddleware",
)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="ZI Portal")
# Roles whose holders must use 2FA (platform operators always must); an agency can also
# require it of all its members (Tenant.two_factor_required).
TWO_FACTOR_REQUIRED_ROLES = env.list(
    "TWO_FACTOR_REQUIRED_ROLES",
    default=["admin_instansi", "verifikator", "penilai_tpu", "penilai_tpi"],
)

# --- Surveys' public form (apps.surveys.protection) ----------------------------------
# Anybody may post to /s/<token>/: rate limits ("N/s|m|h|d" in Redis) per client address
# and per link, generous enough for a service hall where many respondents share one
# address behind NAT, plus a light proof-of-work (ALTCHA, solved by the respondent's
# browser, verified here: no outside service).
SURVEY_RATE_LIMIT_IP = env.str("SURVEY_RATE_LIMIT_IP", default="30/m")  # answers per address
SURVEY_RATE_LIMIT_LINK = env.str("SURVEY_RATE_LIMIT_LINK", default="120/m")  # per QR code
SURVEY_RATE_LIMIT_PAGE_IP = env.str("SURVEY_RATE_LIMIT_PAGE_IP", default="300/m")  # pages
# The challenge's HMAC key; empty: derived from SECRET_KEY (so rotating SECRET_KEY also
# voids the challenges in flight, which live minutes).
ALTCHA_HMAC_KEY = env.str("ALTCHA_HMAC_KEY", default="")
# PBKDF2/SHA-256 with ALTCHA_COST iterations per attempt; the browser tries counters from 0
# up to a secret one drawn in [ALTCHA_COUNTER_MIN, ALTCHA_COUNTER_MAX] (about a second on a
# phone). The server's own work does not depend on the counter: one derivation to make a
# challenge, one HMAC to check it.
ALTCHA_COST = env.int("ALTCHA_COST", default=1000)
ALTCHA_COUNTER_MIN = env.int("ALTCHA_COUNTER_MIN", default=500)
ALTCHA_COUNTER_MAX = env.int("ALTCHA_COUNTER_MAX", default=2500)
ALTCHA_TTL_SECONDS = env.int("ALTCHA_TTL_SECONDS", default=2 * 60 * 60)
# Bodies above this are refused before the form is read (a suggestion is at most 2 000
# characters; percent-encoded UTF-8 stays far below).
SURVEY_FORM_MAX_BYTES = env.int("SURVEY_FORM_MAX_BYTES", default=64 * 1024)
