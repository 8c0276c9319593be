from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Site

from search.selectors import MAX_QUERY_LENGTH, search_pages
from site_registry.selectors import subsite_in_site


def search(request):
    """Site search; `scope=all` widens it to the whole cluster."""
    query = request.GET.get("q", "").strip()
    whole_cluster = request.GET.get("scope") == "all"
    site = Site.find_for_request(request)
    # A sub-site (子站) is searchable as its own scope on its portal's domain.
    subsite = (
        None
        if whole_cluster
        else subsite_in_site(site=site, pk=request.GET.get("subsite"))
    )
    context = {
        "subsite": subsite,
        "registry_profile": subsite,
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
        results = search_pages(
            query=query,
            site=None if whole_cluster else site,
            section=subsite.root_page if subsite else None,
        )
        context["results"] = Paginator(results, 10).get_page(request.GET.get("page"))
        params = request.GET.copy()
        params.pop("page", None)
        context["query_string"] = params.urlencode()
    return TemplateResponse(request, "search/search.html", context)
