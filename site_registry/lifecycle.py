"""A site's life: open (or register), close, merge into another, delete.

Every function is atomic: when a check fails nothing is written, and the caller
gets a ``ValidationError`` whose messages are whole Chinese sentences. Moving a
site in the tree lives in ``hierarchy``, its domains in ``domains``, its groups
in ``roles``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Collection, Page, Site

from site_registry import validators
from site_registry.builders import get_site_builder
from site_registry.choices import SiteKind, SiteStatus
from site_registry.domains import (
    add_validated_aliases,
    create_domains,
    sync_wagtail_site,
    validated_hostname,
)
from site_registry.hierarchy import check_slug_free, demote_site, refuse_with_children
from site_registry.models import SiteProfile
from site_registry.roles import create_site_groups, ensure_cluster_roles
from site_registry.signals import site_opened


def _home_title(name: str) -> str:
    for suffix in ("门户网站", "网站"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _free_slug(parent: Page, base: str) -> str:
    base = slugify(base, allow_unicode=False) or "site"
    slug, counter = base, 2
    while parent.get_children().filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


@transaction.atomic
def open_site(
    *,
    name: str,
    level: str,
    organizer: str,
    parent: SiteProfile | None = None,
    hostname: str = "",
    aliases: Iterable[str] = (),
    subsite_slug: str = "",
    code: str = "",
    operator: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    icp_number: str = "",
    police_number: str = "",
    home_title: str = "",
    home_slug: str = "",
    port: int = 80,
    is_default_site: bool = False,
    user=None,
) -> SiteProfile:
    """Open a site in one step: home page, columns, Wagtail site, groups, profile.

    A full site needs ``hostname``; a sub-site needs ``parent`` and
    ``subsite_slug`` (its path on the parent's domain) and has no hostname.
    """
    is_subsite = bool(subsite_slug)
    if is_subsite and hostname:
        raise ValidationError(
            {"hostname": _("子站使用上级网站的域名，不能单独设置域名。")}
        )
    if not is_subsite and not hostname:
        raise ValidationError({"hostname": _("独立网站必须设置主域名。")})
    if is_subsite:
        if parent is None:
            raise ValidationError({"parent": _("子站必须属于一个上级网站。")})
        try:
            validators.validate_subsite_slug(subsite_slug)
        except ValidationError as error:
            raise ValidationError({"subsite_slug": error.messages}) from None
    if parent is not None and not parent.is_open:
        raise ValidationError(
            {
                "parent": _("上级网站“%(site)s”已关闭或整合，不能在其下开设网站。")
                % {"site": parent.name}
            }
        )
    hostnames = []
    if hostname:
        hostnames.append(validated_hostname(hostname, field="hostname"))
    add_validated_aliases(hostnames, aliases)

    profile = SiteProfile(
        kind=SiteKind.SUBSITE if is_subsite else SiteKind.SITE,
        name=name,
        level=level,
        parent=parent,
        code=code,
        organizer=organizer,
        operator=operator,
        phone=phone,
        email=email,
        address=address,
        icp_number=icp_number,
        police_number=police_number,
    )
    # Validate everything the profile can check before creating any page.
    profile.full_clean(exclude=["root_page"])

    builder = get_site_builder()
    if is_subsite:
        tree_parent = parent.root_page
        check_slug_free(tree_parent, subsite_slug, field="subsite_slug")
        slug = subsite_slug
    else:
        tree_parent = Page.get_first_root_node()
        slug = home_slug or _free_slug(tree_parent, hostnames[0].split(".")[0])
        check_slug_free(tree_parent, slug, field="hostname")
    home = builder.create_home(
        parent=tree_parent, title=home_title or _home_title(name), slug=slug
    )
    builder.build_columns(home=home, level=level)

    if not is_subsite:
        if is_default_site:
            Site.objects.filter(is_default_site=True).update(is_default_site=False)
        profile.site = Site.objects.create(
            hostname=hostnames[0],
            port=port,
            site_name=name,
            root_page=home,
            is_default_site=is_default_site,
        )
    profile.root_page = home
    profile.save()
    return _finish_registration(profile, hostnames=hostnames, user=user)


def _finish_registration(
    profile: SiteProfile, *, hostnames: list[str], user
) -> SiteProfile:
    """Domains (the first is primary), collection, groups, roles, audit log."""
    create_domains(profile=profile, hostnames=hostnames)
    create_site_groups(profile)
    ensure_cluster_roles()
    site_opened.send(sender=SiteProfile, profile=profile, user=user)
    log(instance=profile, action="wagtail.create", user=user)
    return profile


@transaction.atomic
def register_existing_site(
    *, site: Site, name: str, level: str, organizer: str, user=None, **fields
) -> SiteProfile:
    """Register a Wagtail site created before the registry (a bare Site row).

    Its host name becomes the primary domain; collection and groups are created
    as when opening a site. ``fields`` are further profile fields.
    """
    if SiteProfile.objects.filter(site=site).exists():
        raise ValidationError(_("该Wagtail站点已经登记。"))
    hostname = validated_hostname(site.hostname, field="hostname")
    profile = SiteProfile(
        kind=SiteKind.SITE,
        site=site,
        root_page=site.root_page,
        name=name,
        level=level,
        organizer=organizer,
        **fields,
    )
    profile.full_clean()
    profile.save()
    sync_wagtail_site(profile=profile)
    return _finish_registration(profile, hostnames=[hostname], user=user)


def _check_successor(profile: SiteProfile, successor: SiteProfile | None) -> None:
    if successor is None:
        return
    if successor.pk == profile.pk:
        raise ValidationError({"successor": _("承接网站不能是网站本身。")})
    if not successor.is_open:
        raise ValidationError(
            {
                "successor": _("承接网站“%(site)s”本身已关闭或整合。")
                % {"site": successor.name}
            }
        )


@transaction.atomic
def close_site(
    *, profile: SiteProfile, successor: SiteProfile | None = None, user=None
) -> SiteProfile:
    """Close a site for good: its domains answer 410 naming the successor."""
    if not profile.is_open:
        raise ValidationError(_("该网站已经关闭或整合。"))
    refuse_with_children(profile, _("关闭本网站"))
    _check_successor(profile, successor)
    return _end_site(
        profile, SiteStatus.CLOSED, successor, "site_registry.close", user=user
    )


@transaction.atomic
def merge_site(
    *, profile: SiteProfile, into: SiteProfile, as_subsite: bool = False, user=None
) -> SiteProfile:
    """Merge a site into another (整合迁移).

    ``as_subsite`` moves the site's pages into the successor as a sub-site (its
    old domains then 301 to the same paths there); otherwise the site is marked
    merged and its domains 301 to the successor's home page.
    """
    if not profile.is_open:
        raise ValidationError(_("该网站已经关闭或整合。"))
    refuse_with_children(profile, _("整合本网站"))
    _check_successor(profile, into)
    if as_subsite:
        return demote_site(profile=profile, into=into, user=user)
    return _end_site(profile, SiteStatus.MERGED, into, "site_registry.merge", user=user)


def _end_site(profile, status, successor, action, *, user) -> SiteProfile:
    profile.status = status
    profile.successor = successor
    profile.status_changed_at = timezone.now()
    profile.save(update_fields=["status", "successor", "status_changed_at"])
    log(instance=profile, action=action, user=user)
    return profile


def not_deletable_message(profile: SiteProfile) -> str:
    return _(
        "“%(site)s”已经上线运行过，不能删除；请使用“关闭网站”或“整合网站”，"
        "以保留其历史记录。"
    ) % {"site": profile.name}


@transaction.atomic
def delete_site(*, profile: SiteProfile, user=None) -> None:
    """Delete a site opened by mistake: only one that never went live.

    Removes what opening it created: profile and domains, Wagtail site, pages,
    its editor and reviewer groups, and its media collection when empty.
    """
    from site_registry.selectors import has_been_live

    if has_been_live(profile):
        raise ValidationError(not_deletable_message(profile))
    log(instance=profile, action="wagtail.delete", user=user)
    site, home, collection = profile.site, profile.root_page, profile.collection
    groups = [
        group
        for group in (
            profile.editors_group,
            profile.reviewers_group,
            profile.secrecy_group,
        )
        if group
    ]
    profile.delete()
    if site is not None:
        site.delete()
    home.delete(user=user)
    for group in groups:
        group.delete()
    if collection is not None and not _collection_in_use(collection):
        collection.delete()


def _collection_in_use(collection: Collection) -> bool:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    return (
        collection.get_descendants().exists()
        or get_image_model().objects.filter(collection=collection).exists()
        or get_document_model().objects.filter(collection=collection).exists()
    )
