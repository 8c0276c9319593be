"""Template tags of the shared public theme: navigation, cache keys, elder mode."""

from dataclasses import dataclass

from django import template
from django.db.models import Subquery
from django.urls import reverse
from wagtail.models import Page, Site

from core import a11y, selectors
from core.cache import content_version
from core.page_tools import page_tools as build_tools
from core.views import ELDER_MODE_COOKIE

register = template.Library()


def _site(context) -> Site | None:
    request = context.get("request")
    if request is None:
        return None
    return Site.find_for_request(request)


@register.simple_tag
def public_cache_version() -> str:
    """The content version that fragment-cache keys must include."""
    return content_version()


@dataclass(frozen=True)
class Navigation:
    """Where the menu, breadcrumbs and site-map links of a page start.

    A sub-site (子站) is served under its portal's domain, but its visitors stay
    inside it: its own home page roots the navigation, not the portal's.
    """

    root: Page | None  # None: the Wagtail site's root page (not loaded)
    root_path: str  # url_path of the root
    home_url: str
    site_map_url: str
    # url_path of the highlighted top-level section; the root's own path on the
    # home page; "" on pages outside the tree (search, site map). Part of the
    # menu's cache key.
    section: str

    @property
    def is_home(self) -> bool:
        return bool(self.section) and self.section == self.root_path

    @property
    def root_id(self) -> int:
        return self.root.pk if self.root is not None else 0


def _site_root_path(site: Site) -> str:
    # Wagtail caches the site root paths: no query.
    for root in Site.get_site_root_paths():
        if root.site_id == site.pk:
            return root.root_path
    return "/"


def _subsite_root(context, site: Site, identity) -> Page | None:
    """The sub-site home the page belongs to, or None on the site itself.

    Only pages the registry places in a sub-site pay the one query.
    """
    profile = context.get("registry_profile")
    if profile is not None:
        return profile.root_page if profile.is_subsite else None
    page = context.get("page")
    if not isinstance(page, Page) or not getattr(identity, "is_subsite", False):
        return None
    # A sub-site's home has the page type of the portal's home (home.HomePage).
    root = Page.objects.filter(pk=site.root_page_id)
    return (
        Page.objects.ancestor_of(page, inclusive=True)
        .filter(
            depth__gt=Subquery(root.values("depth")),
            content_type_id=Subquery(root.values("content_type_id")),
        )
        .order_by("-depth")
        .first()
    )


@register.simple_tag(takes_context=True)
def navigation(context, identity=None) -> Navigation | None:
    """The page's Navigation (memoised on the request)."""
    request = context.get("request")
    site = _site(context)
    if site is None:
        return None
    cached = getattr(request, "_navigation", None)
    if cached is not None:
        return cached
    root = _subsite_root(context, site, identity)
    if root is not None:
        root_path = root.url_path
        home_url = root.get_url(request=request)
        site_map_url = home_url + root.specific_class().reverse_subpage("site_map")
    else:
        root_path = _site_root_path(site)
        home_url = "/"
        site_map_url = reverse("site_map")
    section = ""
    page = context.get("page")
    if isinstance(page, Page) and not context.get("outside_page_tree"):
        if page.url_path.startswith(root_path):
            rest = page.url_path[len(root_path) :]
            section = root_path + rest.split("/", 1)[0] + "/" if rest else root_path
    nav = Navigation(
        root=root,
        root_path=root_path,
        home_url=home_url,
        site_map_url=site_map_url,
        section=section,
    )
    if request is not None:
        request._navigation = nav
    return nav


@register.inclusion_tag("tags/main_menu.html", takes_context=True)
def main_menu(context, nav: Navigation | None = None):
    site = _site(context)
    items = []
    if nav is not None and site is not None:
        root = nav.root if nav.root is not None else site.root_page
        items = list(selectors.main_menu(root=root))
    return {
        "request": context.get("request"),
        "items": items,
        "nav": nav,
        "section": nav.section if nav else "",
        "is_home": bool(nav and nav.is_home),
    }


@register.inclusion_tag("tags/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, nav: Navigation | None = None):
    page = context.get("page")
    site = _site(context)
    if not isinstance(page, Page) or site is None:
        return {"items": []}
    root_id = nav.root_id if nav and nav.root is not None else site.root_page_id
    if page.id == root_id:
        return {"items": []}
    return {
        "request": context.get("request"),
        "items": selectors.breadcrumbs(page=page, root_id=root_id),
        "page": page,
        "site_root_id": root_id,
    }


@register.simple_tag(takes_context=True)
def site_theme(context):
    """The requesting site's accent and banner (cached)."""
    return selectors.site_theme(site=_site(context))


@register.simple_tag(takes_context=True)
def a11y_settings(context) -> a11y.A11ySettings:
    """The visitor's accessibility toolbar settings (and elder mode), from cookies."""
    request = context.get("request")
    if request is None:
        return a11y.DEFAULT
    return a11y.settings_for_request(request, legacy_cookie=ELDER_MODE_COOKIE)


@register.simple_tag
def a11y_cookie_domain(request) -> str:
    return (a11y.cookie_domain(request.get_host()) or "") if request else ""


@register.simple_tag(takes_context=True)
def page_tools(context, page):
    """Previous/next, related pages and the share QR code of ``page`` (cached)."""
    request = context.get("request")
    if request is None or not isinstance(page, Page):
        return None
    return build_tools(page=page, request=request)
