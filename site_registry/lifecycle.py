"""Writes of the site registry: open, change, close, merge, promote, demote.

Every function is atomic: when a check fails nothing is written, and the caller
gets a ``ValidationError`` whose messages are whole Chinese sentences.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.contrib.redirects.models import Redirect
from wagtail.log_actions import log
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
)

from core import roles
from site_registry import validators
from site_registry.builders import get_site_builder
from site_registry.choices import SiteKind, SiteStatus
from site_registry.models import SiteDomain, SiteProfile

# Re-exported: other apps import the group names from here.
OFFICE_GROUP = roles.OFFICE_GROUP
AUDITOR_GROUP = roles.AUDITOR_GROUP

EDITOR_PAGE_PERMS = ["add_page", "change_page", "lock_page", "unlock_page"]
REVIEWER_PAGE_PERMS = [*EDITOR_PAGE_PERMS, "publish_page", "bulk_delete_page"]
EDITOR_MEDIA_PERMS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
REVIEWER_MEDIA_PERMS = [
    *EDITOR_MEDIA_PERMS,
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "delete_document"),
]
OFFICE_MODEL_PERMS = [
    ("site_registry", "add_siteprofile"),
    ("site_registry", "change_siteprofile"),
    # Deleting is refused for any site that has been live (delete_site).
    ("site_registry", "delete_siteprofile"),
    ("site_registry", "view_siteprofile"),
    ("site_registry", "add_sitedomain"),
    ("site_registry", "change_sitedomain"),
    ("site_registry", "delete_sitedomain"),
    ("site_registry", "view_sitedomain"),
    ("wagtailredirects", "add_redirect"),
    ("wagtailredirects", "change_redirect"),
    ("wagtailredirects", "delete_redirect"),
    ("wagtail_localize", "submit_translation"),
]
AUDITOR_MODEL_PERMS = [
    ("site_registry", "view_siteprofile"),
    ("site_registry", "view_sitedomain"),
]


# Permissions that Wagtail and wagtail-localize create in data migrations, not
# from model Meta: a test database flush removes them and nothing recreates
# them, so they are recreated here the way those migrations do.
MIGRATION_PERMISSIONS = {
    ("wagtailadmin", "access_admin"): ("admin", "Can access Wagtail admin"),
    ("wagtail_localize", "submit_translation"): (
        "translation",
        "Can submit translations",
    ),
}


def _perm(app_label: str, codename: str) -> Permission:
    if (app_label, codename) in MIGRATION_PERMISSIONS:
        model, name = MIGRATION_PERMISSIONS[(app_label, codename)]
        content_type, _created = ContentType.objects.get_or_create(
            app_label=app_label, model=model
        )
        permission, _created = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        return permission
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _root_collection() -> Collection:
    # Also created by a Wagtail data migration; recreated after a flush.
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def _access_admin() -> Permission:
    return _perm("wagtailadmin", "access_admin")


def _page_perm(codename: str) -> Permission:
    return Permission.objects.get(
        content_type=ContentType.objects.get_for_model(Page), codename=codename
    )


def _grant_pages(group: Group, page: Page, codenames: Iterable[str]) -> None:
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_page_perm(codename)
        )


def _grant_collection(
    group: Group, collection: Collection, perms: Iterable[tuple[str, str]]
) -> None:
    for app_label, codename in perms:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_perm(app_label, codename)
        )


@transaction.atomic
def ensure_cluster_roles() -> tuple[Group, Group]:
    """The office group (sees and runs every site) and the auditor group.

    Wagtail has no read-only page permission. The auditor gets only
    ``bulk_delete_page`` on the tree root: on its own it allows no action
    (deleting needs add or change as well, see PagePermissionTester.can_delete)
    but makes every page explorable, so auditors read every site in the admin
    and change nothing.
    """
    root = Page.get_first_root_node()
    root_collection = _root_collection()
    access_admin = _access_admin()

    office, _created = Group.objects.get_or_create(name=OFFICE_GROUP)
    office.permissions.add(
        access_admin, *(_perm(app, code) for app, code in OFFICE_MODEL_PERMS)
    )
    _grant_pages(office, root, REVIEWER_PAGE_PERMS)
    _grant_collection(office, root_collection, REVIEWER_MEDIA_PERMS)

    auditor, _created = Group.objects.get_or_create(name=AUDITOR_GROUP)
    auditor.permissions.add(
        access_admin, *(_perm(app, code) for app, code in AUDITOR_MODEL_PERMS)
    )
    _grant_pages(auditor, root, ["bulk_delete_page"])
    return office, auditor


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


def _check_slug_free(parent: Page, slug: str, *, field: str) -> None:
    if parent.get_children().filter(slug=slug).exists():
        raise ValidationError(
            {
                field: _("上级网站下已有路径为“%(slug)s”的栏目或子站，请换一个路径。")
                % {"slug": slug}
            }
        )


def _validated_hostname(value: str, *, field: str, exclude_profile=None) -> str:
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


def _create_collection_and_groups(profile: SiteProfile) -> None:
    if profile.is_subsite and profile.parent.collection_id:
        parent_collection = profile.parent.collection
    else:
        parent_collection = _root_collection()
    collection = parent_collection.add_child(instance=Collection(name=profile.name))
    editors = Group.objects.create(name=_("%(site)s·编辑") % {"site": profile.name})
    reviewers = Group.objects.create(name=_("%(site)s·审核") % {"site": profile.name})
    access_admin = _access_admin()
    for group, page_perms, media_perms in (
        (editors, EDITOR_PAGE_PERMS, EDITOR_MEDIA_PERMS),
        (reviewers, REVIEWER_PAGE_PERMS, REVIEWER_MEDIA_PERMS),
    ):
        group.permissions.add(access_admin)
        _grant_pages(group, profile.root_page, page_perms)
        _grant_collection(group, collection, media_perms)
    profile.collection = collection
    profile.editors_group = editors
    profile.reviewers_group = reviewers
    profile.save(update_fields=["collection", "editors_group", "reviewers_group"])


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
        hostnames.append(_validated_hostname(hostname, field="hostname"))
    for alias in aliases:
        alias_name = _validated_hostname(alias, field="aliases")
        if alias_name in hostnames:
            raise ValidationError({"aliases": _("别名不能与主域名或其他别名重复。")})
        hostnames.append(alias_name)

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
        _check_slug_free(tree_parent, subsite_slug, field="subsite_slug")
        slug = subsite_slug
    else:
        tree_parent = Page.get_first_root_node()
        slug = home_slug or _free_slug(tree_parent, hostnames[0].split(".")[0])
        _check_slug_free(tree_parent, slug, field="hostname")
    home = builder.create_home(
        parent=tree_parent, title=home_title or _home_title(name), slug=slug
    )
    builder.build_columns(home=home)

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
    for index, value in enumerate(hostnames):
        SiteDomain.objects.create(
            profile=profile, hostname=value, is_primary=index == 0
        )
    check_primary_domain(profile=profile)
    _create_collection_and_groups(profile)
    ensure_cluster_roles()
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
    hostname = _validated_hostname(site.hostname, field="hostname")
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


@transaction.atomic
def set_domains(
    *, profile: SiteProfile, primary: str, aliases: Iterable[str] = (), user=None
) -> SiteProfile:
    """Replace a full site's domains; takes effect at once (no restart)."""
    if profile.is_subsite:
        raise ValidationError(
            {"hostname": _("子站使用上级网站的域名，不能单独设置域名。")}
        )
    names = [_validated_hostname(primary, field="hostname", exclude_profile=profile)]
    for alias in aliases:
        alias_name = _validated_hostname(
            alias, field="aliases", exclude_profile=profile
        )
        if alias_name in names:
            raise ValidationError({"aliases": _("别名不能与主域名或其他别名重复。")})
        names.append(alias_name)
    profile.domains.all().delete()
    for index, value in enumerate(names):
        SiteDomain.objects.create(
            profile=profile, hostname=value, is_primary=index == 0
        )
    check_primary_domain(profile=profile)
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


def _open_children(profile: SiteProfile) -> list[SiteProfile]:
    return list(profile.children.filter(status=SiteStatus.OPEN))


def _refuse_with_children(profile: SiteProfile, verb: str) -> None:
    children = _open_children(profile)
    if children:
        raise ValidationError(
            _(
                "“%(site)s”还有下级网站（%(children)s），请先将其关闭、整合或改挂到其他"
                "上级网站，再%(verb)s。"
            )
            % {
                "site": profile.name,
                "children": "、".join(child.name for child in children),
                "verb": verb,
            }
        )


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
    _refuse_with_children(profile, _("关闭本网站"))
    _check_successor(profile, successor)
    profile.status = SiteStatus.CLOSED
    profile.successor = successor
    profile.status_changed_at = timezone.now()
    profile.save(update_fields=["status", "successor", "status_changed_at"])
    log(instance=profile, action="site_registry.close", user=user)
    return profile


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
    _refuse_with_children(profile, _("整合本网站"))
    _check_successor(profile, into)
    if as_subsite:
        return demote_site(profile=profile, into=into, user=user)
    profile.status = SiteStatus.MERGED
    profile.successor = into
    profile.status_changed_at = timezone.now()
    profile.save(update_fields=["status", "successor", "status_changed_at"])
    log(instance=profile, action="site_registry.merge", user=user)
    return profile


def _move_with_translations(page: Page, new_parent: Page) -> None:
    """Move a page, and each translation under the new parent's translation."""
    translations = list(page.get_translations())
    page.move(new_parent, pos="last-child")
    for translation in translations:
        if new_parent.is_root():
            target = new_parent
        else:
            target = new_parent.get_translation_or_none(translation.locale)
        if target is not None:
            translation.refresh_from_db()
            translation.move(target, pos="last-child")


@transaction.atomic
def demote_site(
    *, profile: SiteProfile, into: SiteProfile, name: str = "", user=None
) -> SiteProfile:
    """Turn a full site into a sub-site of ``into`` (its content moves along)."""
    if profile.is_subsite:
        raise ValidationError(_("“%(site)s”已经是子站。") % {"site": profile.name})
    if into.is_subsite:
        raise ValidationError({"successor": _("只能并入独立网站，不能并入子站。")})
    _refuse_with_children(profile, _("整合本网站"))
    home = profile.root_page
    _check_slug_free(into.root_page, home.slug, field="successor")
    old_site = profile.site
    profile.kind = SiteKind.SUBSITE
    profile.parent = into
    profile.code = ""
    # A sub-site is a section, named after its unit without 网站.
    profile.name = name or profile.name.removesuffix("门户网站").removesuffix("网站")
    profile.site = None
    profile.full_clean(exclude=["root_page"])
    profile.save()
    # Old domains stay registered so that their paths keep redirecting.
    profile.domains.update(is_primary=False)
    old_site.delete()
    _move_with_translations(home, into.root_page)
    # The sub-site's media now belong under the portal's collection.
    if profile.collection_id and into.collection_id:
        profile.collection.move(into.collection, pos="sorted-child")
    log(instance=profile, action="site_registry.demote", user=user)
    return profile


@transaction.atomic
def promote_subsite(
    *,
    profile: SiteProfile,
    hostname: str,
    code: str = "",
    name: str = "",
    port: int = 80,
    user=None,
) -> SiteProfile:
    """Give a sub-site its own Wagtail site and domain.

    Its pages move to the top of the tree; each old URL on the portal's domain
    gets a permanent Wagtail redirect to the page's new address.
    """
    if not profile.is_subsite:
        raise ValidationError(_("“%(site)s”已经是独立网站。") % {"site": profile.name})
    if not profile.is_open:
        raise ValidationError(_("该网站已经关闭或整合。"))
    hosting = profile.hosting_site()
    hosting_site = hosting.site
    primary = _validated_hostname(hostname, field="hostname", exclude_profile=profile)
    if code:
        try:
            validators.validate_site_code(code)
        except ValidationError as error:
            raise ValidationError({"code": error.messages}) from None
        if SiteProfile.objects.filter(code=code).exclude(pk=profile.pk).exists():
            raise ValidationError({"code": _("该网站标识码已被其他网站使用。")})
    tree_root = Page.get_first_root_node()
    home = profile.root_page
    _check_slug_free(tree_root, home.slug, field="hostname")

    site_root_path = hosting_site.root_page.url_path
    old_paths = [
        (page, page.url_path[len(site_root_path) - 1 :])
        for page in home.get_descendants(inclusive=True).specific()
    ]
    _move_with_translations(home, tree_root)
    for page, old_path in old_paths:
        Redirect.objects.update_or_create(
            site=hosting_site,
            old_path=Redirect.normalise_path(old_path),
            defaults={"redirect_page": page, "is_permanent": True},
        )

    profile.kind = SiteKind.SITE
    profile.code = code
    # A full site's standard name ends in 网站 (the unit's name plus 网站).
    profile.name = name or f"{profile.name}网站"
    profile.site = Site.objects.create(
        hostname=primary, port=port, site_name=profile.name, root_page=home
    )
    profile.full_clean(exclude=["root_page"])
    profile.save()
    profile.domains.update(is_primary=False)
    SiteDomain.objects.update_or_create(
        hostname=primary, defaults={"profile": profile, "is_primary": True}
    )
    log(instance=profile, action="site_registry.promote", user=user)
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
    groups = [g for g in (profile.editors_group, profile.reviewers_group) if g]
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


@transaction.atomic
def set_languages(
    *, profile: SiteProfile, language_codes: Iterable[str], user=None
) -> SiteProfile:
    """Enable additional content languages (besides the default) for a site."""
    from django.conf import settings

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
