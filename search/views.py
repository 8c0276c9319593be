"""Thin views: the results page, the JSON API and title autocomplete."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse, QueryDict
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Site

from search import clicks, selectors, services
from search.promotions import promoted_results
from site_registry.selectors import profile_for_site, subsite_in_site

API_MAX_PAGE_SIZE = 50
AUTOCOMPLETE_MAX = 10


def _profile(request):
    """The sub-site asked for (on its portal's domain), else the request's site."""
    site = Site.find_for_request(request)
    subsite = subsite_in_site(site=site, pk=request.GET.get("subsite"))
    return subsite or profile_for_site(site=site), bool(subsite)


# Shown (and answered by the API) while the search engine is down.
def engine_unavailable_notice() -> str:
    return _(
        "站内搜索服务暂时不可用，以下仅列出文号、索引号完全一致或标题包含检索词的"
        "结果，请稍后再试。"
    )


def _engine_answered(response: selectors.SearchResponse) -> None:
    """After the engine answered, apply index updates queued while it was down."""
    if not response.engine_unavailable:
        services.engine_answered(backend_name=settings.SEARCH_BACKEND_ALIAS)


def _log(response: selectors.SearchResponse, profile, *, via_api=False) -> None:
    if response.request.q:
        services.log_query(
            query=response.request.q,
            profile=profile,
            whole_cluster=response.request.whole_cluster,
            result_count=response.total,
            duration_ms=response.duration_ms,
            via_api=via_api,
        )


@require_GET
def click(request):
    """A result opened from the results page: record it, then go to the
    entry's own public address (#20.8). Only entries a visitor can be shown
    are followed; anything else is 404, so no address can be smuggled in."""
    from django.http import Http404, HttpResponseRedirect

    target = clicks.public_target(
        entry_id=request.GET.get("entry"), http_request=request
    )
    if target is None:
        raise Http404
    entry, url = target
    profile, _is_subsite = _profile(request)
    clicks.record_click(
        query=request.GET.get("q", ""),
        entry=entry,
        position=clicks.parse_position(request.GET.get("pos")),
        profile=profile,
    )
    response = HttpResponseRedirect(url)
    # A per-visit hop: never cached, never indexed.
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
def search(request):
    """Site search; the city portal searches the cluster, other sites themselves
    with a one-click switch (`scope=all` / `scope=site`)."""
    profile, is_subsite = _profile(request)
    context = {
        "profile": profile,
        "subsite": profile if is_subsite else None,
        "registry_profile": profile if is_subsite else None,
        "error": "",
        "errors": {},
        "response": None,
        "promotions": [],
        "params": request.GET,
    }
    try:
        search_request = selectors.parse_search_request(request.GET, profile=profile)
    except selectors.SearchRequestError as error:
        context["errors"] = error.errors
        context["error"] = " ".join(error.errors.values())
        context["query"] = request.GET.get("q", "")[: selectors.MAX_QUERY_LENGTH]
        context["whole_cluster"] = request.GET.get("scope") == "all"
        return TemplateResponse(request, "search/search.html", context)
    context["query"] = search_request.q
    context["whole_cluster"] = search_request.whole_cluster
    if search_request.has_criteria:
        response = selectors.run_search(search_request, http_request=request)
        _log(response, profile)
        _engine_answered(response)
        context["response"] = response
        if response.engine_unavailable:
            context["engine_notice"] = engine_unavailable_notice()
        if search_request.q and search_request.page == 1:
            context["promotions"] = promoted_results(
                query=search_request.q,
                profile=None if search_request.whole_cluster else profile,
                request=request,
            )
        context["fewer_filters_query"] = _fewer_filters_query(request, search_request)
    context["organizations"] = _organization_choices()
    return TemplateResponse(request, "search/search.html", context)


def _fewer_filters_query(request, search_request: selectors.SearchRequest) -> str:
    """The same words in the same scope, without any filter (zero results).
    Links that change one parameter use the ``query_with`` template tag."""
    bare = QueryDict(mutable=True)
    bare["q"] = search_request.q
    for key in ("subsite", "scope"):
        if request.GET.get(key):
            bare[key] = request.GET[key]
    return bare.urlencode()


def _organization_choices() -> list[str]:
    from disclosure_pages.models import Organization

    return list(Organization.objects.order_by("name").values_list("name", flat=True))


def _json_error(errors: dict, status: int = 400) -> JsonResponse:
    return JsonResponse(
        {"error": _("请求参数有误。"), "errors": errors},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def api_search(request):
    """`/api/search/?q=&site=&type=&category=&year=&page=` (docs/api.md)."""
    profile, _is_subsite = _profile(request)
    try:
        search_request = selectors.parse_search_request(
            request.GET, profile=profile, max_page_size=API_MAX_PAGE_SIZE
        )
    except selectors.SearchRequestError as error:
        return _json_error(error.errors)
    if not search_request.has_criteria:
        return _json_error({"q": _("请输入检索词。")})
    response = selectors.run_search(search_request, http_request=request)
    _log(response, profile, via_api=True)
    _engine_answered(response)
    degraded = {}
    status = 200
    if response.engine_unavailable:
        # 503, unless the query is a document or index number the database
        # found: that answer is complete. Title matches are only a stopgap.
        degraded = {"error": engine_unavailable_notice(), "engine_unavailable": True}
        status = 200 if any(hit.exact for hit in response.hits) else 503
    return JsonResponse(
        {
            **degraded,
            "query": search_request.q,
            "scope": "all" if search_request.whole_cluster else "site",
            "total": response.total,
            "page": search_request.page,
            "page_size": search_request.page_size,
            "num_pages": response.num_pages,
            "results": [hit.as_json() for hit in response.hits],
            "facets": {
                name: [
                    {"value": v.value, "label": v.label, "count": v.count}
                    for v in values
                ]
                for name, values in response.facets.items()
            },
            "related_terms": response.related_terms,
        },
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def api_autocomplete(request):
    """`/api/search/autocomplete/?q=` : up to 10 matching titles."""
    q = request.GET.get("q", "")
    if len(q) > selectors.MAX_QUERY_LENGTH:
        return _json_error(
            {"q": _("检索词过长，请不要超过 %(max)d 个字。")
             % {"max": selectors.MAX_QUERY_LENGTH}}
        )  # fmt: skip
    profile, _is_subsite = _profile(request)
    whole_cluster = (
        request.GET.get("scope") == "all"
        if request.GET.get("scope") in ("all", "site")
        else selectors.default_whole_cluster(profile)
    )
    titles = selectors.autocomplete_titles(
        q=q, profile=profile, whole_cluster=whole_cluster, limit=AUTOCOMPLETE_MAX
    )
    return JsonResponse(
        {"query": q, "results": titles}, json_dumps_params={"ensure_ascii": False}
    )
