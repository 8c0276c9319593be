import logging

from django.db import connection
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.template import loader
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.models import Site

from core import a11y
from core.selectors import site_map as site_map_selector
from core.selectors import site_theme

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    """Liveness and readiness probe for the container: checks the database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse(
            {"status": "error", "database": type(error).__name__}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok"})


# --- Public frame views -----------------------------------------------------------

ELDER_MODE_COOKIE = "elder_mode"
ELDER_MODE_MAX_AGE = 365 * 24 * 3600


def toggle_elder_mode(request):
    """Switch the elder mode (长者模式, 适老化) on or off without JavaScript.

    A plain link sets the toolbar's cookie to the elder preset (large text, line
    spacing, high contrast, large cursor; core.a11y) and returns to the page the
    reader came from; the preference then holds on every page, and on every
    site of the cluster when they share A11Y_COOKIE_DOMAIN.
    """
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    domain = a11y.cookie_domain(request.get_host())
    on = request.GET.get("on") == "1"
    response.set_cookie(
        a11y.COOKIE,
        (a11y.ELDER_PRESET if on else a11y.DEFAULT).cookie_value(),
        max_age=a11y.MAX_AGE,
        domain=domain,
        samesite="Lax",
        secure=request.is_secure(),
    )
    if on:
        response.set_cookie(
            ELDER_MODE_COOKIE,
            "1",
            max_age=ELDER_MODE_MAX_AGE,
            samesite="Lax",
            httponly=True,
            secure=request.is_secure(),
        )
    else:
        response.delete_cookie(ELDER_MODE_COOKIE, samesite="Lax")
    return response


def theme_css(request):
    """The requesting site's accent colour and banner as CSS custom properties.

    A stylesheet rather than an inline style keeps pages valid under a strict
    Content-Security-Policy (no 'unsafe-inline').
    """
    site = Site.find_for_request(request)
    theme = site_theme(site=site) if site else None
    lines = []
    if theme is not None:
        lines.append(f"--accent: {theme.accent_colour};")
        if theme.banner_id:
            rendition = theme.banner.get_rendition("fill-1600x200-c50|format-jpeg")
            lines.append(f'--banner: url("{rendition.url}");')
    css = ":root {\n  " + "\n  ".join(lines) + "\n}\n"
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    # Pages link it with a version parameter, so a short shared cache is safe.
    patch_cache_control(response, public=True, max_age=300)
    return response


def site_map(request):
    """网站地图: the columns of the requesting site (linked from every footer)."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    return TemplateResponse(
        request,
        "core/site_map.html",
        {"site_map": site_map_selector(root=site.root_page)},
    )


def page_not_found(request, exception=None):
    """404 in the frame (header, menu, footer) of the site that was asked."""
    return TemplateResponse(request, "404.html", {}, status=404).render()


def server_error(request):
    """500 in the site's frame when possible; a static page when not.

    Rendering the frame reads the database (site, menu, theme). When the error is
    the database itself, that fails too, so fall back to a page needing nothing.
    """
    try:
        return HttpResponseServerError(
            loader.render_to_string("500.html", request=request)
        )
    except Exception:  # noqa: BLE001 - whatever broke, the visitor gets a page
        logger.warning("500 page rendered without the site frame")
        return HttpResponseServerError(loader.render_to_string("500_static.html"))
