"""Local development: `make run`. Embedded defaults, debug on."""

from config.settings import env
from config.settings.base import *  # noqa: F403

DEBUG = env.get_bool("DEBUG", True)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
SITE_REGISTRY_ALLOW_LOCALHOST = env.get_bool("SITE_REGISTRY_ALLOW_LOCALHOST", True)
