"""The content languages a site offers besides the default one."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Locale

from site_registry.models import SiteProfile


@transaction.atomic
def set_languages(
    *, profile: SiteProfile, language_codes: Iterable[str], user=None
) -> SiteProfile:
    """Enable additional content languages (besides the default) for a site."""
    known = dict(settings.WAGTAIL_CONTENT_LANGUAGES)
    default = Locale.get_default()
    locales = []
    for code in language_codes:
        if code not in known:
            raise ValidationError(
                {"languages": _("不支持的语言：%(code)s。") % {"code": code}}
            )
        if code == default.language_code:
            continue
        locale, _created = Locale.objects.get_or_create(language_code=code)
        locales.append(locale)
    profile.languages.set(locales)
    log(instance=profile, action="wagtail.edit", user=user)
    return profile
