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
