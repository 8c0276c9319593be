"""Template tags of the shared public theme: navigation, cache keys, elder mode."""

from django import template
from wagtail.models import Page, Site

from core import selectors
from core.cache import content_version
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


@register.simple_tag(takes_context=True)
def menu_section(context) -> str:
    """URL path of the top-level section holding the current page ('' if none).

    Part of the menu's cache key, so the highlighted entry is right; it reads the
    cached site root paths, not the database.
    """
    page = context.get("page")
    site = _site(context)
    if not isinstance(page, Page) or site is None:
        return ""
    for root in Site.get_site_root_paths():
        if root.site_id == site.pk and page.url_path.startswith(root.root_path):
            rest = page.url_path[len(root.root_path) :]
            if not rest:
                return ""
            return root.root_path + rest.split("/", 1)[0] + "/"
    return ""


@register.inclusion_tag("tags/main_menu.html", takes_context=True)
def main_menu(context, section: str = ""):
    site = _site(context)
    items = list(selectors.main_menu(site=site)) if site else []
    return {
        "request": context.get("request"),
        "items": items,
        "section": section,
        "is_home": bool(
            site and getattr(context.get("page"), "id", None) == site.root_page_id
        ),
    }


@register.inclusion_tag("tags/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if not isinstance(page, Page):
        return {"items": []}
    site = _site(context)
    if site is not None and page.id == site.root_page_id:
        return {"items": []}
    return {
        "request": context.get("request"),
        "items": selectors.breadcrumbs(page=page, site=site),
        "page": page,
        "site_root_id": site.root_page_id if site else None,
    }


@register.simple_tag(takes_context=True)
def site_theme(context):
    """The requesting site's accent, logo and banner (cached)."""
    return selectors.site_theme(site=_site(context))


@register.simple_tag(takes_context=True)
def elder_mode(context) -> bool:
    request = context.get("request")
    return bool(request and request.COOKIES.get(ELDER_MODE_COOKIE) == "1")
