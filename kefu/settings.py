"""Settings for kefu. Everything that differs between machines comes from the environment."""

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url

from kefu.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("KEFU_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """KEFU_SECRET_KEY wins; otherwise a key generated once per installation under var/.

    Never a key in the repository: a fresh clone gets its own on first start.
    """
    key = env_str("KEFU_SECRET_KEY", "")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("KEFU_DEBUG", False)
ALLOWED_HOSTS = env_list("KEFU_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("KEFU_CSRF_TRUSTED_ORIGINS", "http://127.0.0.1:8000,http://localhost:8000")

INSTALLED_APPS = [
    "core.admin_site.KefuAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "simple_history",  # the settings' audit trail (core.history)
    "ninja",  # its templates and static files: the API docs page works offline, without a CDN
    "core",
    "accounts",
    "customers",
    "tickets",
    "deadlines",
    "notifications",
    "outages",
    "callbacks",
    "complaints",
    "portal",
    "fieldwork",
    "workorders",
    "registers",
    "shifts",
    "standards",
    "knowledge",
    "appraisal",
    "emergency",
    "guards",
    "axes",  # failed logins counted per address and per account (AXES_* below)
    "csp",
    "reports",
    "worklists",
    "demo",
    "staffing",
]

MIDDLEWARE = [
    # Sends /api/ calls through API_MIDDLEWARE below instead of the rest of this list (kefu/lanes.py).
    "kefu.lanes.ApiLaneMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Names the logged-in user in the settings history of admin and console edits (core.history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before any view reads the request: control characters and over-large bodies refused.
    "guards.middleware.InputGuardMiddleware",
    # After the login (a form's token belongs to whoever sent it), before the views.
    "guards.middleware.OneTimeFormMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.LoginRequiredMiddleware",
    # Last, as django-axes asks: turns a lockout noticed during the request into a 429.
    "axes.middleware.AxesMiddleware",
]

# What an API call passes (kefu.lanes): MIDDLEWARE without what serves pages only (sessions, CSRF,
# messages, one-time forms, htmx, the login redirect, static files, CSP and frame headers). The
# API authenticates by token, answers JSON in the caller's language, keeps its history's actor
# (the token's user), its input guard and its lockout of repeated failed logins.
API_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "guards.middleware.InputGuardMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kefu.urls"
WSGI_APPLICATION = "kefu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "core.context_processors.kefu",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kefu.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("KEFU_DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE: a write transaction takes the write lock at BEGIN, so two writers queue
        # instead of one failing with "database is locked" when it upgrades a read lock.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # Reads through a memory map shared by every connection (up to 1 GB of the file) and a
        # page cache of up to 64 MB per connection, instead of a read() per page into 2 MB; and
        # the write-ahead log copied back into the database every 64 MB instead of every 4 MB,
        # so that pages every commit touches (the ends of the event and outbox indexes) are
        # written back once, not once per batch, with one fsync. At a million tickets the deadline
        # pass in a burst went 0.44 → 0.27 s for promises made together and 1.02 → 0.44 s spread
        # evenly (bench/deadline_burst.py).
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA mmap_size=1073741824; PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=16384;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound by the server, so that the few statements intake runs hundreds of times a
    # second can be prepared (core.db.compiled.prepared). Nothing else is: a prepared statement's
    # generic plan cannot use a partial index, and at a million tickets the board's count scanned
    # the table. An unprepared statement is planned for its values, as with client-side binding.
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = True
# Off behind a pooler in transaction mode that does not carry prepared statements.
KEFU_DB_PREPARE = env_bool("KEFU_DB_PREPARE", True)

# The same backends with stored times read through core.moments.clamp_stored (core/db/).
DATABASES["default"]["ENGINE"] = {
    "django.db.backends.sqlite3": "core.db.sqlite3",
    "django.db.backends.postgresql": "core.db.postgresql",
}.get(DATABASES["default"]["ENGINE"], DATABASES["default"]["ENGINE"])

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.Staff"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Brute force (django-axes, counted in the database so every worker sees the same counts): after
# KEFU_LOGIN_FAILURES failed logins from one address, or for one username, further attempts
# get 429 for KEFU_LOGIN_LOCKOUT_MINUTES, on /login/, the admin's login and POST /api/v1/auth/token.
# ModelBackend last only for the sessions opened through it before StaffBackend (a session keeps
# the path of the backend that logged it in).
AUTHENTICATION_BACKENDS = [
    "guards.backends.AxesBackend",
    "accounts.backends.StaffBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("KEFU_LOGIN_FAILURES", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("KEFU_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful logins are not an audit trail we need
AXES_LOCKOUT_CALLABLE = "guards.lockout.lockout_response"
AXES_VERBOSE = False
# The address counted: REMOTE_ADDR, or behind the HTTPS proxy the one it puts in X-Forwarded-For.
AXES_CLIENT_IP_CALLABLE = "core.client.client_address"
# API tokens end after this many hours (and when their owner's password changes).
KEFU_API_TOKEN_HOURS = env_int("KEFU_API_TOKEN_HOURS", 30 * 24)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp): scripts and styles only from our own static files — no
# inline script, no eval (htmx's trigger filters are replaced by static/js/kefu.js), no other
# site. Style attributes stay allowed (progress bars set their width). The API's documentation
# page is ninja's Swagger UI, whose start-up script is inline: it is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/api/v1/docs"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# KEFU_HTTPS=true when the site is reached over HTTPS only, through a proxy (nginx, a load
# balancer) that ends TLS and sets X-Forwarded-Proto: cookies are sent over HTTPS only, browsers
# are told to use HTTPS for a year (HSTS), plain HTTP is redirected, and Django trusts the proxy's
# X-Forwarded-Proto to know a request came over HTTPS. Never behind no proxy (anyone could send
# the header), never while the site is still also served over plain HTTP.
KEFU_HTTPS = env_bool("KEFU_HTTPS", False)
# With KEFU_HTTPS: how many proxies in front of gunicorn append to X-Forwarded-For (nginx alone: 1;
# a load balancer and nginx: 2). The client's address is that many entries from the right.
KEFU_PROXY_COUNT = env_int("KEFU_PROXY_COUNT", 1)
if KEFU_HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("KEFU_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = False
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    # /healthz is asked over plain HTTP by scripts/serve and by load balancers.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_AGE = env_int("KEFU_SESSION_SECONDS", 12 * 3600)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("KEFU_TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# A static file missing from the manifest falls back to its plain name instead of a 500.
WHITENOISE_MANIFEST_STRICT = False
MEDIA_ROOT = VAR_DIR / "media"

# Until a real mail server is configured, e-mails go to files under var/mail/ (one per message), not
# to the console: the demo's hundreds of deadline e-mails would bury `make run`'s login instructions.
EMAIL_BACKEND = env_str("KEFU_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
# For the SMTP backend.
EMAIL_HOST = env_str("KEFU_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("KEFU_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("KEFU_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("KEFU_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("KEFU_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env_str("KEFU_EMAIL_FROM", "kefu@localhost")

# Company identity, filled into scripts and the confirmation line.
KEFU_COMPANY_NAME = env_str("KEFU_COMPANY_NAME", "亚美物业")
# The service hotline customers are told to call (the portal's emergency notice, standard phrases).
KEFU_HOTLINE = env_str("KEFU_HOTLINE", "400-826-5858")
# How often the worker runs the deadline pass, in seconds.
KEFU_WATCH_INTERVAL = env_int("KEFU_WATCH_INTERVAL", 30)
# Deadlines: the warning at this share of the allowed time (a policy may set its own), and a
# breach climbing one level of the reporting line per this many minutes.
KEFU_WARN_PERCENT = env_int("KEFU_WARN_PERCENT", 80)
KEFU_ESCALATION_MINUTES = env_int("KEFU_ESCALATION_MINUTES", 60)
# C5: a repair booked for a time is due to start then, plus this many minutes' grace.
KEFU_APPOINTMENT_GRACE_MINUTES = env_int("KEFU_APPOINTMENT_GRACE_MINUTES", 30)
# Threads that help the deadline pass through a burst on PostgreSQL (each with a connection of
# its own; deadlines/watcher.py: _drain). 0 = the pass runs alone.
KEFU_WATCH_HELPERS = env_int("KEFU_WATCH_HELPERS", 1)
# More warnings, breaches or escalations than this for one person in one pass of the watcher
# (a batch of it) come as one summary message per channel instead of one each.
KEFU_DIGEST_AFTER = env_int("KEFU_DIGEST_AFTER", 5)
# Appraisal: how often the worker gathers the running month's service records into everyone's
# scorecard, in seconds (the month before is closed once, right after it ends).
KEFU_APPRAISAL_INTERVAL = env_int("KEFU_APPRAISAL_INTERVAL", 600)
# Text messages: the class sending them; the default writes them to the log (see notifications/backends.py).
KEFU_SMS_BACKEND = env_str("KEFU_SMS_BACKEND", "notifications.backends.LogSmsBackend")
KEFU_PAGE_SIZE = 50
# The settings history is a record, not an undo button: reverting in the admin would write past
# the actions' rules (a commitment version that set deadlines is never edited).
SIMPLE_HISTORY_REVERT_DISABLED = True
# Intake warns when the same caller made a request of the same kind (or with similar words) this
# many minutes before: probably one matter told twice (tickets/duplicates.py).
KEFU_DUPLICATE_WINDOW_MINUTES = env_int("KEFU_DUPLICATE_WINDOW_MINUTES", 30)
# Callbacks (回访, E1-E3): the share of resolved consultations called back, in percent; how many
# times an unreachable customer is tried; how long until a busy or unreachable one is tried again.
KEFU_CALLBACK_CONSULTATION_PERCENT = env_int("KEFU_CALLBACK_CONSULTATION_PERCENT", 30)
KEFU_CALLBACK_MAX_ATTEMPTS = env_int("KEFU_CALLBACK_MAX_ATTEMPTS", 3)
KEFU_CALLBACK_RETRY_MINUTES = env_int("KEFU_CALLBACK_RETRY_MINUTES", 120)
# The customers' portal (/portal/): who owns online requests (a username; empty = the first
# supervisor or manager), the largest photo accepted, and the hourly limits per address and phone.
KEFU_PORTAL_OWNER = env_str("KEFU_PORTAL_OWNER", "")
KEFU_PORTAL_PHOTO_MAX_BYTES = env_int("KEFU_PORTAL_PHOTO_MAX_BYTES", 5 * 1024 * 1024)
# Photos of the finished work an engineer may add to one ticket (fieldwork).
KEFU_COMPLETION_PHOTOS_MAX = env_int("KEFU_COMPLETION_PHOTOS_MAX", 6)
KEFU_PORTAL_SUBMITS_PER_HOUR = env_int("KEFU_PORTAL_SUBMITS_PER_HOUR", 10)
KEFU_PORTAL_SUBMITS_PER_PHONE_PER_HOUR = env_int("KEFU_PORTAL_SUBMITS_PER_PHONE_PER_HOUR", 5)
KEFU_PORTAL_LOOKUPS_PER_HOUR = env_int("KEFU_PORTAL_LOOKUPS_PER_HOUR", 30)
KEFU_PORTAL_LOOKUPS_PER_NUMBER_PER_HOUR = env_int("KEFU_PORTAL_LOOKUPS_PER_NUMBER_PER_HOUR", 10)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("KEFU_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
