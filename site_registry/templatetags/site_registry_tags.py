"""Identity, footer and language alternates of public pages, from the registry."""

from django import template
from wagtail.models import Page, Site

from site_registry import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def site_identity(context):
    """The registry identity of the current page (or of the request's site).

    Cached on the request: base.html asks in the head and again in the footer.
    """
    request = context.get("request")
    cached = getattr(request, "_site_identity", None) if request else None
    if cached is not None:
        return cached
    page = context.get("page")
    profile = context.get("registry_profile")
    if profile is None and isinstance(page, Page):
        profile = selectors.profile_for_page(page=page)
    if profile is None and request is not None:
        profile = selectors.profile_for_site(site=Site.find_for_request(request))
    identity = selectors.identity_for(profile=profile) if profile else None
    if request is not None and identity is not None:
        request._site_identity = identity
    return identity


@register.simple_tag
def page_versions(page, identity):
    """Live versions of the page in the languages its site publishes."""
    if not isinstance(page, Page) or identity is None:
        return []
    return selectors.page_languages(page=page, profile=identity.profile)
