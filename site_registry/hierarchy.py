"""Where a site sits in the cluster: its parent, its children, its place in the tree.

Demoting a full site makes it a sub-site of a portal and promoting a sub-site
gives it its own domain; either way its pages move in the page tree.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.contrib.redirects.models import Redirect
from wagtail.log_actions import log
from wagtail.models import Page, Site

from site_registry import validators
from site_registry.choices import SiteKind, SiteStatus
from site_registry.domains import validated_hostname
from site_registry.models import SiteDomain, SiteProfile


def check_slug_free(parent: Page, slug: str, *, field: str) -> None:
    if parent.get_children().filter(slug=slug).exists():
        raise ValidationError(
            {
                field: _("上级网站下已有路径为“%(slug)s”的栏目或子站，请换一个路径。")
                % {"slug": slug}
            }
        )


def _open_children(profile: SiteProfile) -> list[SiteProfile]:
    return list(profile.children.filter(status=SiteStatus.OPEN))


def refuse_with_children(profile: SiteProfile, verb: str) -> None:
    """A site with open children cannot leave: they would lose their parent."""
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
    refuse_with_children(profile, _("整合本网站"))
    home = profile.root_page
    check_slug_free(into.root_page, home.slug, field="successor")
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
    primary = validated_hostname(hostname, field="hostname", exclude_profile=profile)
    if code:
        try:
            validators.validate_site_code(code)
        except ValidationError as error:
            raise ValidationError({"code": error.messages}) from None
        if SiteProfile.objects.filter(code=code).exclude(pk=profile.pk).exists():
            raise ValidationError({"code": _("该网站标识码已被其他网站使用。")})
    tree_root = Page.get_first_root_node()
    home = profile.root_page
    check_slug_free(tree_root, home.slug, field="hostname")

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
