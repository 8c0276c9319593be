from __future__ import annotations

from django.http import HttpResponsePermanentRedirect
from django.http.request import split_domain_port
from django.template.response import SimpleTemplateResponse

from site_registry.routing import GONE, REDIRECT, SERVE, HostRoute, route_for_host
from site_registry.validators import normalize_hostname


def _request_hostname(request) -> tuple[str, str]:
    """(ASCII host name, port) of the request, or ("", "") when malformed."""
    # _get_raw_host honours USE_X_FORWARDED_HOST without validating against
    # ALLOWED_HOSTS: the registry is the list of allowed hosts.
    domain, port = split_domain_port(request._get_raw_host())
    if not domain:
        return "", ""
    if domain.isascii():
        # Registered names are stored in ASCII form: look them up as they
        # come (split_domain_port lower-cased them), no IDNA work needed.
        return domain.rstrip("."), port
    try:
        return normalize_hostname(domain), port
    except Exception:  # noqa: BLE001 - any malformed name is simply unknown
        return "", ""


def _redirect_url(request, route: HostRoute, port: str) -> str:
    default_port = "443" if request.is_secure() else "80"
    netloc = (
        route.target_host
        if port in ("", default_port)
        else f"{route.target_host}:{port}"
    )
    path = route.target_prefix
    if route.keep_path:
        path = route.target_prefix.rstrip("/") + request.get_full_path()
    return f"{request.scheme}://{netloc}{path}"


class HostRoutingMiddleware:
    """Route every request by its Host header through the site registry.

    Replaces Django's static ALLOWED_HOSTS check: a registered primary domain is
    served by its Wagtail site, an alias is 301-redirected to the primary domain,
    a merged site's domains to its successor, a closed site's domains answer 410
    with a notice, and any other host gets 400 (never another site's content).
    Placed right after the health check, which answers any host.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        hostname, port = _request_hostname(request)
        route = route_for_host(hostname) if hostname else None
        if route is None:
            return self._render(
                request, "site_registry/unknown_host.html", {"hostname": hostname}, 400
            )
        if route.action == SERVE:
            site = route.new_site()
            if site is not None:
                # Wagtail's Site.find_for_request caches its answer here.
                request._wagtail_site = site
            return self.get_response(request)
        if route.action == REDIRECT:
            return HttpResponsePermanentRedirect(_redirect_url(request, route, port))
        assert route.action == GONE  # noqa: S101 - exhaustive over the actions
        successor_url = ""
        if route.successor_host:
            successor_url = _redirect_url(
                request,
                HostRoute(
                    action=REDIRECT,
                    target_host=route.successor_host,
                    target_prefix=route.successor_prefix,
                    keep_path=False,
                ),
                port,
            )
        return self._render(
            request,
            "site_registry/closed_site.html",
            {
                "site_name": route.site_name,
                "successor_name": route.successor_name,
                "successor_url": successor_url,
            },
            410,
        )

    @staticmethod
    def _render(request, template, context, status):
        response = SimpleTemplateResponse(template, context, status=status)
        response["Cache-Control"] = "no-store"
        return response.render()
