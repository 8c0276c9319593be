from django import template
from django.urls import reverse

from interaction.selectors.footer import error_report_slug

register = template.Library()


@register.simple_tag
def own_error_report_url(identity) -> str:
    """The write page of the site's own 找错 channel, or "" (none, or a
    sub-site: the interaction pages serve the host's own site)."""
    if identity is None or identity.is_subsite:
        return ""
    slug = error_report_slug(identity.profile_pk)
    return reverse("interaction:write", args=[slug]) if slug else ""
