"""Links of the results page that keep every other parameter."""

from django import template
from django.http import QueryDict

register = template.Library()


@register.simple_tag
def query_with(params: QueryDict, **changes) -> str:
    """``params`` with ``changes`` applied (an empty value removes the key);
    the page number is dropped unless it is one of the changes."""
    query = params.copy()
    if "page" not in changes:
        query.pop("page", None)
    for key, value in changes.items():
        if value in ("", None):
            query.pop(key, None)
        else:
            query[key] = str(value)
    return query.urlencode()


@register.simple_tag
def result_click_url(query: str, hit, first_number: int, index: int, subsite=None):
    """The result link through the click endpoint (search.clicks): records the
    query and the position, then redirects to the entry's own address."""
    from search.clicks import click_url

    if not query:
        return hit.url
    return click_url(
        query=query,
        entry_id=hit.entry.pk,
        position=int(first_number) + int(index),
        subsite=getattr(subsite, "pk", None),
    )
