"""Production: everything from the environment, nothing guessed.

A missing or malformed variable stops start-up with ImproperlyConfigured naming it.
"""

from django.core.exceptions import ImproperlyConfigured

from config.settings import env
from config.settings.base import *  # noqa: F403
from config.settings.base import STORAGES

DEBUG = False
SECRET_KEY = env.require("SECRET_KEY")
if len(SECRET_KEY) < 32:
    raise ImproperlyConfigured(
        "Environment variable SECRET_KEY must be at least 32 characters long."
    )
env.require("DATABASE_URL")
WAGTAILADMIN_BASE_URL = env.require("WAGTAILADMIN_BASE_URL")

STORAGES["staticfiles"] = {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Production trusts the proxy's X-Forwarded-Proto, so it runs behind a proxy:
# say how many proxies there are (0 only when clients connect directly). Left
# unset, every client would have the proxy's address in the audit log and the
# lockout would fall back to user names only; so refuse to start instead.
env.require("TRUSTED_PROXY_COUNT")
TRUSTED_PROXY_COUNT = env.get_int("TRUSTED_PROXY_COUNT", 0)
SESSION_COOKIE_SECURE = env.get_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.get_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"  # the admin: hardening.middleware
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# HTTP hardening (#7): HSTS for every subdomain of the cluster, HTTPS only.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.get_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
