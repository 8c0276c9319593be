"""Identity, footer and language alternates of public pages, from the registry."""

from django import template
from wagtail.models import Page

from site_registry import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def site_identity(context):
    """The registry identity of the current page (or of the request's site)."""
    return selectors.identity_for_request(
        request=context.get("request"),
        page=context.get("page"),
        profile=context.get("registry_profile"),
    )


@register.simple_tag
def page_versions(page, identity):
    """Live versions of the page in the languages its site publishes."""
    if not isinstance(page, Page) or identity is None:
        return []
    return selectors.page_languages(page=page, identity=identity)
