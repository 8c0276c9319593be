"""Settings shared by every environment; values come from the environment.

The embedded default (no variables set) is SQLite, Wagtail's database search
backend and local media files. See README.md for every variable.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from config.settings import env
from core.roles import OFFICE_GROUP
from hardening import file_types

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# Development fallback only; production.py requires SECRET_KEY.
SECRET_KEY = env.get("SECRET_KEY", "dev-insecure-key-never-use-in-production")
DEBUG = env.get_bool("DEBUG", False)
# Hosts are data: site_registry.middleware.HostRoutingMiddleware answers only the
# domains registered in the site registry (400 for any other host) before anything
# else runs, so Django's static list would only duplicate it.
ALLOWED_HOSTS = ["*"]
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Project apps, listed by bare name.
    "core",
    "site_registry",
    "home",
    "content",
    "disclosure_pages",
    "policy_interpretation",
    "reposting",
    "search",
    "demo",
    "workdays",
    "interaction",
    "service_guides",
    "gazette",
    "applications",
    "site_migration",
    # Publishing safeguards and hardening (#7); before Wagtail so their
    # templates and commands take precedence.
    "publishing",
    "inspection",
    "hardening",
    # Wagtail and its ecosystem.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "storages",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # Security headers first, so that every response carries them: the health
    # check, the registry's 400 and 410, the 400 below and the error pages.
    "hardening.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "hardening.middleware.FrameOptionsMiddleware",
    "core.middleware.HealthCheckMiddleware",
    # Control characters in parameters: 400 before anything reads them (#14).
    "hardening.middleware.ControlCharacterMiddleware",
    "site_registry.middleware.HostRoutingMiddleware",
    # HTTPS redirect only for hosts the registry knows (#14).
    "hardening.middleware.HTTPSRedirectMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages and auth: turns "database is locked" into a Chinese 503.
    "core.middleware.DatabaseBusyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Publishing safeguards (#7): a blocked publication in the admin shows the
    # pre-publication check report instead of an error page.
    "publishing.middleware.PublicationBlockedMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": env.database(default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache()}

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Accounts (#7): at least three of lower case, upper case, digits, symbols.
    {
        "NAME": "hardening.password_validation.CharacterClassValidator",
        "OPTIONS": {"min_classes": 3},
    },
]

# Simplified Chinese first; English must work too.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env.get("MEDIA_ROOT", str(BASE_DIR / "media")))

S3_OPTIONS = env.s3_storage()
STORAGES = {
    "default": (
        # Stores each object with the detected type, never the browser's (#14.3).
        {"BACKEND": "hardening.storage.SafeS3Storage", "OPTIONS": S3_OPTIONS}
        if S3_OPTIONS
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Applicants' identity proofs (applications/): never under a public URL;
    # staff download them through a permission-checked admin view.
    "private": (
        {
            "BACKEND": "hardening.storage.SafeS3Storage",
            "OPTIONS": {**S3_OPTIONS, "location": "private", "querystring_auth": True},
        }
        if S3_OPTIONS
        else {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {
                "location": env.get(
                    "PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private_media")
                ),
                "base_url": None,
            },
        }
    ),
}

# Site registry (site_registry/). Production accepts only the office's domain
# suffixes; development and tests also accept *.localhost names.
SITE_REGISTRY_DOMAIN_SUFFIXES = env.get_list(
    "SITE_REGISTRY_DOMAIN_SUFFIXES", [".gov.cn", ".政务"]
)
SITE_REGISTRY_ALLOW_LOCALHOST = env.get_bool("SITE_REGISTRY_ALLOW_LOCALHOST", False)
SITE_REGISTRY_SITE_BUILDER = "home.skeleton.StandardSiteBuilder"
SITE_REGISTRY_ERROR_REPORT_URL = env.get(
    "SITE_REGISTRY_ERROR_REPORT_URL",
    "https://zfwzzc.www.gov.cn/check_web/errorInfo/jcInfoNew?websiteid={code}",
)

# Accessibility toolbar (core/a11y.py): the parent domain the cluster's sites
# share (e.g. ".city.gov.cn"), so that a visitor's settings follow them from site
# to site in a first-party cookie; empty: each site keeps its own.
A11Y_COOKIE_DOMAIN = env.get("A11Y_COOKIE_DOMAIN", "")

WAGTAIL_SITE_NAME = _("政府网站集约化平台")
WAGTAILADMIN_BASE_URL = env.get("WAGTAILADMIN_BASE_URL", "http://www.localhost:8000")
# Government networks are often closed: the admin must not call outside services.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = env.search_backends(
    index_prefix=env.get("SEARCH_INDEX_PREFIX", "govcluster_")
)
# Site search (#3): which backend alias answers citizens' searches, and the
# government word lists jieba adds to its dictionary (one "word freq tag" a line).
SEARCH_BACKEND_ALIAS = env.get("SEARCH_BACKEND_ALIAS", "default")
SEARCH_USER_DICTIONARIES = [
    BASE_DIR / "search" / "dictionaries" / "government.txt",
    *env.get_list("SEARCH_USER_DICTIONARIES"),
]
# Load jieba and the word lists when a server starts (config/wsgi.py), not on
# the first search of each worker (#20.7).
SEARCH_PRELOAD_SEGMENTER = env.get_bool("SEARCH_PRELOAD_SEGMENTER", True)
# And warm the URLs, translations, templates and the search path (core.warmup).
WARM_UP_ON_START = env.get_bool("WARM_UP_ON_START", True)
# The 低点击检索词 report (#20.8): queries searched at least this often whose
# results are opened by fewer than this share of the searches.
SEARCH_LOW_CLICK_MIN_SEARCHES = 5
SEARCH_LOW_CLICK_MAX_RATE = 0.1
WAGTAILDOCS_EXTENSIONS = [
    "pdf", "doc", "docx", "xls", "xlsx", "ofd", "wps", "et", "txt", "csv", "zip",
    "jpg", "jpeg", "png",
]  # fmt: skip
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024

# Attachment URLs of imports (disclosure_pages/importing/remote.py): only public
# addresses are fetched. IMPORT_URL_ALLOWED_HOSTS, when set, also limits the host
# names (".gov.cn" allows subdomains); IMPORT_URL_TRUSTED_NETWORKS exempts
# networks (CIDR) from the public-address check, e.g. an intranet mirror.
IMPORT_URL_ALLOWED_HOSTS = env.get_list("IMPORT_URL_ALLOWED_HOSTS")
IMPORT_URL_TRUSTED_NETWORKS = env.get_list("IMPORT_URL_TRUSTED_NETWORKS")
IMPORT_URL_TIMEOUT = (5, 30)  # connect, read (seconds)
IMPORT_URL_MAX_REDIRECTS = 3
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Where the 国务院重要政策 home block reads its items (dotted path to a function of
# request and limit): the upstream library's State Council documents.
STATE_COUNCIL_POLICIES_SOURCE = env.get(
    "STATE_COUNCIL_POLICIES_SOURCE", "reposting.selectors.state_council_policy_links"
)

# Upstream feeds pulled by `manage.py pull_upstream --configured` (cron) or the
# task reposting.tasks.pull_configured_feeds: [{"url", "column", "column_title",
# "organization"}]; the fetcher class is pluggable (reposting.upstream.fetch).
REPOSTING_UPSTREAM_FEEDS: list[dict] = []
REPOSTING_UPSTREAM_FETCHER = "reposting.upstream.fetch.HttpFetcher"

# Background work (search index updates). Immediate unless a worker backend is set.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "elastic_transport": {"level": "WARNING"},
        "opensearch": {"level": "WARNING"},
        "botocore": {"level": "WARNING"},
        # One line per background task would drown the useful output.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# --- Publishing safeguards (#7) --------------------------------------------------
# Extra fields a page type must fill before publication, by model label; page
# types can also declare `publication_required_fields` themselves.
PUBLISHING_REQUIRED_FIELDS: dict[str, list[str]] = {}

# --- Accounts and HTTP hardening (#7) --------------------------------------------
INSTALLED_APPS += [
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
]
# Two factors (django-otp) right after authentication; the lockout middleware
# (django-axes) last, as its documentation asks. CSP: first in MIDDLEWARE.
_auth_index = MIDDLEWARE.index(
    "django.contrib.auth.middleware.AuthenticationMiddleware"
)
MIDDLEWARE[_auth_index + 1 : _auth_index + 1] = [
    "django_otp.middleware.OTPMiddleware",
    "hardening.two_factor.TwoFactorMiddleware",
]
MIDDLEWARE += [
    "hardening.middleware.AdminScriptPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Lockout: per user name and per (user name, client address) pair. Never per
# address alone: behind a proxy (or a shared office NAT) one address is
# everyone, and one attacker guessing names would lock every user out.
AXES_FAILURE_LIMIT = env.get_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env.get_int("LOGIN_LOCKOUT_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "hardening/lockout.html"
AXES_CLIENT_IP_CALLABLE = "hardening.selectors.client_ip"
AXES_VERBOSE = False
# Reverse proxies in front of the app whose X-Forwarded-For is trusted.
TRUSTED_PROXY_COUNT = env.get_int("TRUSTED_PROXY_COUNT", 0)

# Two-factor authentication: required for the office (superusers, the group the
# registry creates, core.roles.OFFICE_GROUP, and any further groups named here)
# and for groups whose names match these patterns (reviewers).
HARDENING_OFFICE_GROUPS = env.get_list("OFFICE_GROUPS", [OFFICE_GROUP])
HARDENING_TOTP_REQUIRED_GROUPS = env.get_list(
    "TOTP_REQUIRED_GROUP_PATTERNS", ["审核", "审查", "签发", "reviewers"]
)
OTP_TOTP_ISSUER = env.get("OTP_TOTP_ISSUER", "政府网站集约化平台")

# Sessions end after 30 minutes without a request.
SESSION_COOKIE_AGE = env.get_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Security headers on every environment (HSTS and secure cookies: production.py).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No page may be framed, except the admin's (its page preview is a same-origin
# frame): hardening.middleware.FrameOptionsMiddleware.
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp 4). Scripts only from this origin (the
# admin also needs inline scripts: hardening.middleware); the admin sets inline
# style attributes, so styles allow 'unsafe-inline'.
_media_sources = env.get_list("CSP_MEDIA_SOURCES")
if S3_OPTIONS:
    _media_sources += [
        origin
        for origin in (
            S3_OPTIONS.get("endpoint_url"),
            f"https://{S3_OPTIONS['custom_domain']}"
            if S3_OPTIONS.get("custom_domain")
            else None,
        )
        if origin
    ]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *_media_sources],
        "media-src": ["'self'", *_media_sources],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Uploads: documents are checked by content (hardening.uploads); images by
# Wagtail (Willow reads the real format); both have a size limit.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "hardening.document_forms.SafeDocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "hardening.document_forms.SafeImageForm"
# Local storage serves documents through Wagtail's view with the same types and
# dispositions as the S3 objects (hardening.uploads.stored_file_headers).
WAGTAILDOCS_CONTENT_TYPES = file_types.STORED_TYPES
WAGTAILDOCS_INLINE_CONTENT_TYPES = sorted(file_types.INLINE_TYPES)
# Limits for ZIP containers (upload check and text extraction, #14.6), and for
# the text extraction of the publish check, which runs in a child process.
ARCHIVE_MAX_UNCOMPRESSED_BYTES = env.get_int("ARCHIVE_MAX_UNCOMPRESSED_MB", 100) * 2**20
ARCHIVE_MAX_RATIO = env.get_int("ARCHIVE_MAX_RATIO", 100)
ARCHIVE_MAX_MEMBERS = env.get_int("ARCHIVE_MAX_MEMBERS", 2000)
EXTRACTION_TIMEOUT_SECONDS = env.get_int("EXTRACTION_TIMEOUT_SECONDS", 4)
EXTRACTION_MEMORY_MB = env.get_int("EXTRACTION_MEMORY_MB", 512)
# Search (#20.6): attachment text indexed per page (characters; 0 = none) and
# the largest attachment file opened for it at all (bytes).
SEARCH_ATTACHMENT_TEXT_MAX_CHARS = env.get_int(
    "SEARCH_ATTACHMENT_TEXT_MAX_CHARS", 20_000
)
SEARCH_ATTACHMENT_MAX_BYTES = env.get_int(
    "SEARCH_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024
)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640
# Largest site migration package (.zip) the admin accepts for upload (#19.7).
SITE_MIGRATION_MAX_BYTES = env.get_int("SITE_MIGRATION_MAX_MB", 2048) * 2**20
# Largest file `import_organizations` reads (#19.6).
ORGANIZATION_IMPORT_MAX_BYTES = env.get_int("ORGANIZATION_IMPORT_MAX_BYTES", 20 * 2**20)

# Daily inspection (#5): rules, link checking, probes. See docs/inspection.md.
INSPECTION_OVERDUE_REPOSTS = env.get(
    "INSPECTION_OVERDUE_REPOSTS", "reposting.selectors.overdue_reposts"
)
INSPECTION_LINK_CONCURRENCY = int(env.get("INSPECTION_LINK_CONCURRENCY", "16"))
INSPECTION_LINK_PER_HOST = int(env.get("INSPECTION_LINK_PER_HOST", "2"))
INSPECTION_LINK_HOST_DELAY = float(env.get("INSPECTION_LINK_HOST_DELAY", "0.2"))
# A page that does not answer within 15 s counts as unreachable (V2 probes and
# D1 external links alike, docs/domain.md d2, d3).
INSPECTION_LINK_TIMEOUT = float(env.get("INSPECTION_LINK_TIMEOUT", "15"))
INSPECTION_PROBE_TIMEOUT = float(env.get("INSPECTION_PROBE_TIMEOUT", "15"))
# Blank columns younger than this (first published within it) are not failed.
INSPECTION_BLANK_COLUMN_GRACE_DAYS = int(
    env.get("INSPECTION_BLANK_COLUMN_GRACE_DAYS", "30")
)
INSPECTION_LINK_CACHE_SECONDS = 24 * 3600
INSPECTION_PROBE_URL = env.get("INSPECTION_PROBE_URL", "https://{host}/")

# Public message form (互动交流, docs/interaction.md "Submission"): limits per
# client address and per phone number, and how long a duplicate is refused.
INTERACTION_SUBMISSIONS_PER_ADDRESS_PER_HOUR = env.get_int(
    "INTERACTION_SUBMISSIONS_PER_ADDRESS_PER_HOUR", 5
)
INTERACTION_SUBMISSIONS_PER_PHONE_PER_DAY = env.get_int(
    "INTERACTION_SUBMISSIONS_PER_PHONE_PER_DAY", 3
)
INTERACTION_DUPLICATE_HOURS = env.get_int("INTERACTION_DUPLICATE_HOURS", 24)
# Failed query-code lookups per client address and hour (the code is the secret).
INTERACTION_TRACK_FAILURES_PER_HOUR = env.get_int(
    "INTERACTION_TRACK_FAILURES_PER_HOUR", 10
)

# Public consultations (#16.7): the adoption feedback is due this many working
# days after a solicitation ends (0 = overdue from the day after the end).
INTERACTION_FEEDBACK_DAYS = env.get_int("INTERACTION_FEEDBACK_DAYS", 15)
# Largest file `import_messages` reads (#16.8).
INTERACTION_IMPORT_MAX_BYTES = env.get_int("INTERACTION_IMPORT_MAX_BYTES", 100 * 2**20)
# Largest file `import_services` reads (#17).
SERVICE_IMPORT_MAX_BYTES = env.get_int("SERVICE_IMPORT_MAX_BYTES", 20 * 2**20)
# Site migration packages (site_migration.package): caps of an uploaded .zip
# (members, bytes once unpacked) and of one records file (*.jsonl).
SITE_MIGRATION_MAX_MEMBERS = env.get_int("SITE_MIGRATION_MAX_MEMBERS", 200_000)
SITE_MIGRATION_MAX_UNPACKED_BYTES = (
    env.get_int("SITE_MIGRATION_MAX_UNPACKED_MB", 20_480) * 2**20
)
SITE_MIGRATION_MAX_RECORDS_FILE_BYTES = (
    env.get_int("SITE_MIGRATION_MAX_RECORDS_FILE_MB", 1024) * 2**20
)

# Disclosure on application (#18): the TrueType CJK font embedded in PDF letters
# (Debian fonts-wqy-zenhei, installed by `make fonts` and the Dockerfile).
APPLICATIONS_LETTER_FONT = env.get(
    "APPLICATIONS_LETTER_FONT", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
)
