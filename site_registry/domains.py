"""A site's domains: validating host names, the primary domain, the Wagtail host.

A full site answers on exactly one primary domain plus its aliases; a sub-site
has none of its own. Changes take effect at once (routing reads the registry).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from site_registry import validators
from site_registry.models import SiteDomain, SiteProfile


def validated_hostname(value: str, *, field: str, exclude_profile=None) -> str:
    """The normalised host name, refused if not allowed or registered elsewhere."""
    try:
        hostname = validators.normalize_hostname(value)
        validators.validate_domain_allowed(hostname)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None
    clash = SiteDomain.objects.filter(hostname=hostname)
    if exclude_profile is not None:
        clash = clash.exclude(profile=exclude_profile)
    owner = clash.select_related("profile").first()
    if owner is not None:
        raise ValidationError(
            {
                field: _(
                    "域名“%(domain)s”已登记给“%(site)s”，同一域名不能分配给两个网站。"
                )
                % {"domain": owner.display_name, "site": owner.profile.name}
            }
        )
    return hostname


def add_validated_aliases(
    hostnames: list[str], aliases: Iterable[str], *, exclude_profile=None
) -> list[str]:
    """Append each alias to ``hostnames``, refusing one listed twice."""
    for alias in aliases:
        alias_name = validated_hostname(
            alias, field="aliases", exclude_profile=exclude_profile
        )
        if alias_name in hostnames:
            raise ValidationError({"aliases": _("别名不能与主域名或其他别名重复。")})
        hostnames.append(alias_name)
    return hostnames


def create_domains(*, profile: SiteProfile, hostnames: list[str]) -> None:
    """Register the host names (the first is primary) and check the result."""
    for index, value in enumerate(hostnames):
        SiteDomain.objects.create(
            profile=profile, hostname=value, is_primary=index == 0
        )
    check_primary_domain(profile=profile)


@transaction.atomic
def set_domains(
    *, profile: SiteProfile, primary: str, aliases: Iterable[str] = (), user=None
) -> SiteProfile:
    """Replace a full site's domains; takes effect at once (no restart)."""
    if profile.is_subsite:
        raise ValidationError(
            {"hostname": _("子站使用上级网站的域名，不能单独设置域名。")}
        )
    names = [validated_hostname(primary, field="hostname", exclude_profile=profile)]
    add_validated_aliases(names, aliases, exclude_profile=profile)
    profile.domains.all().delete()
    create_domains(profile=profile, hostnames=names)
    sync_wagtail_site(profile=profile)
    log(instance=profile, action="wagtail.edit", user=user)
    return profile


def check_primary_domain(*, profile: SiteProfile) -> None:
    """A full site answers only on its primary domain: it needs exactly one.

    A sub-site has none (it lives on its portal's domain). Called at the end of
    every write of domains; on PostgreSQL a deferred constraint trigger
    (migration 0002) enforces the same rule at commit.
    """
    primaries = SiteDomain.objects.filter(profile=profile, is_primary=True).count()
    if profile.is_subsite and primaries:
        raise ValidationError(_("子站使用上级网站的域名，不能设置主域名。"))
    if not profile.is_subsite and primaries != 1:
        raise ValidationError(_("独立网站必须有且只有一个主域名。"))


def sync_wagtail_site(*, profile: SiteProfile) -> None:
    """Keep the Wagtail Site's host name and name equal to the registry's."""
    if profile.site_id is None:
        return
    primary = profile.domains.filter(is_primary=True).first()
    site = profile.site
    changed = False
    if primary is not None and site.hostname != primary.hostname:
        site.hostname = primary.hostname
        changed = True
    if site.site_name != profile.name:
        site.site_name = profile.name
        changed = True
    if changed:
        site.save()
