"""The disclosure offices a guide page lists (loaded by the guide's template,
so disclosure_pages never imports this app)."""

from __future__ import annotations

from django import template

from applications.selectors.offices import offices_for_page

register = template.Library()


@register.inclusion_tag("applications/public/_offices.html")
def disclosure_offices(page):
    return {"offices": list(offices_for_page(page))}
