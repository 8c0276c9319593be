from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Site

from search.selectors import MAX_QUERY_LENGTH, search_pages


def search(request):
    """Site search; `scope=all` widens it to the whole cluster."""
    query = request.GET.get("q", "").strip()
    whole_cluster = request.GET.get("scope") == "all"
    site = Site.find_for_request(request)
    context = {
        "query": query,
        "whole_cluster": whole_cluster,
        "site": site,
        "results": None,
        "error": "",
    }
    if len(query) > MAX_QUERY_LENGTH:
        context["error"] = _("检索词过长，请不要超过 %(max)d 个字。") % {
            "max": MAX_QUERY_LENGTH
        }
    elif query:
        results = search_pages(query=query, site=None if whole_cluster else site)
        context["results"] = Paginator(results, 10).get_page(request.GET.get("page"))
        params = request.GET.copy()
        params.pop("page", None)
        context["query_string"] = params.urlencode()
    return TemplateResponse(request, "search/search.html", context)
