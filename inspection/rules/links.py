"""Broken links (D1): links in published text, resolved without HTTP when the
target is inside the cluster, over HTTP (bounded, cached) when it is not.

A link to a host of a closed or merged site is reported as such. Internal
links are resolved against the cluster's own routing (Django's URL resolver
and the page tree); Wagtail's own page/document links (``linktype``) are
checked by the content rule.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.fields import StreamField
from wagtail.models import Page

from core.detectors import mask_personal_data
from inspection.choices import Indicator, Severity
from inspection.linkcheck import LinkChecker
from inspection.rules.base import FoundProblem, InspectionContext, Rule
from inspection.selectors import site_pages

URL_ONLY = re.compile(r"^(https?://\S+|/\S*)$")
SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "#", "data:")
CHUNK = 500


def shown(url: str, limit: int = 300) -> str:
    """A URL as reports show it: personal data in it (a query string) masked."""
    return mask_personal_data(url)[:limit]


class _Hrefs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        wanted = {"a": "href", "img": "src", "iframe": "src", "source": "src"}
        name = wanted.get(tag)
        for key, value in attrs:
            if key == name and value:
                self.urls.append(value.strip())


def _strings(page) -> list[str]:
    from publishing.text import _stream_strings, _text_fields, stream_raw

    strings = []
    for field_ in _text_fields(page):
        if isinstance(field_, StreamField):
            strings.extend(_stream_strings(stream_raw(page, field_.name)))
        else:
            value = getattr(page, field_.name, None)
            if isinstance(value, str) and value:
                strings.append(value)
    return strings


def page_links(page) -> list[str]:
    """URLs a page links to (anchors, images, embeds, URL fields), in order."""
    urls: list[str] = []
    for string in _strings(page):
        if "<" in string and ">" in string:
            parser = _Hrefs()
            parser.feed(string)
            parser.close()
            urls.extend(parser.urls)
        elif URL_ONLY.match(string.strip()) and string.strip() != "/":
            urls.append(string.strip())
    return [
        url
        for url in dict.fromkeys(urls)
        if url and not url.lower().startswith(SKIPPED_SCHEMES)
    ]


class ClusterRouting:
    """The cluster's hosts and live pages, loaded once per run."""

    def __init__(self):
        from wagtail.documents import get_document_model

        from site_registry.models import SiteDomain

        self.hosts = {}
        domains = SiteDomain.objects.select_related(
            "profile__root_page", "profile__parent"
        )
        for domain in domains:
            self.hosts[domain.hostname.lower()] = domain.profile
        self.live_paths = set(Page.objects.live().values_list("url_path", flat=True))
        self.documents = set(get_document_model().objects.values_list("pk", flat=True))

    def resolve(self, *, root_url_path: str, path: str) -> bool:
        """Whether ``path`` on a site whose root page has ``root_url_path`` works."""
        path = unquote(path) or "/"
        for prefix in (settings.STATIC_URL, settings.MEDIA_URL):
            if prefix and path.startswith(prefix):
                return True  # files served by the web server, not routed here
        try:
            match = resolve(path)
        except Resolver404:
            if not settings.APPEND_SLASH or path.endswith("/"):
                return False
            # CommonMiddleware redirects to the slashed URL, as a browser sees.
            return self.resolve(root_url_path=root_url_path, path=path + "/")
        if match.url_name == "wagtail_serve":
            return root_url_path + path.lstrip("/") in self.live_paths or (
                (root_url_path + path.lstrip("/")).rstrip("/") + "/" in self.live_paths
            )
        if match.url_name == "wagtaildocs_serve":
            return int(match.args[0]) in self.documents
        return True


class LinkRule(Rule):
    name = "links"
    label = gettext_lazy("链接可用性")
    indicators = (Indicator.D1,)

    def check(self, *, site, context: InspectionContext):
        routing = context.shared.get("routing")
        if routing is None:
            routing = context.shared["routing"] = ClusterRouting()
        checker = context.shared.get("link_checker")
        if checker is None:
            checker = context.shared["link_checker"] = LinkChecker()
        hosting = site.hosting_site()
        own_root = hosting.root_page.url_path
        domain = hosting.primary_domain
        base = f"http://{domain.hostname if domain else 'localhost'}/"

        external: dict[str, list[Page]] = {}
        pages = site_pages(site=site).order_by("path")
        ids = list(pages.values_list("pk", flat=True))
        for start in range(0, len(ids), CHUNK):
            for page in pages.filter(pk__in=ids[start : start + CHUNK]).specific():
                for url in page_links(page):
                    problem = self._internal(
                        page, url, base=base, own_root=own_root, routing=routing
                    )
                    if problem is True:
                        continue
                    if problem is None:
                        external.setdefault(urljoin(base, url), []).append(page)
                    else:
                        yield problem
        statuses = checker.check(list(external))
        for url, pages_ in external.items():
            status = statuses[url]
            if status.ok:
                continue
            reason = (
                _("HTTP %(code)s") % {"code": status.status_code}
                if status.status_code
                else _("无法连接（%(error)s）") % {"error": status.error}
            )
            for page in pages_:
                yield FoundProblem(
                    indicator=Indicator.D1,
                    severity=Severity.DEDUCTION,
                    message=_("“%(title)s”中的外部链接 %(url)s 不可用：%(reason)s。")
                    % {"title": page.title, "url": shown(url), "reason": reason},
                    target=page.url_path,
                    page_id=page.pk,
                    fingerprint=f"external:{url}",
                    evidence=shown(url, 1000),
                )

    def _internal(self, page, url, *, base, own_root, routing):
        """True when fine, None when external, a problem when broken."""
        absolute = urljoin(base, url)
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https"):
            return True
        host = (parts.hostname or "").lower()
        profile = routing.hosts.get(host)
        if profile is None:
            return None
        if not profile.is_servable:
            return FoundProblem(
                indicator=Indicator.D1,
                severity=Severity.DEDUCTION,
                message=_("“%(title)s”链接到已关闭的网站“%(site)s”：%(url)s。")
                % {"title": page.title, "site": profile.name, "url": shown(absolute)},
                target=page.url_path,
                page_id=page.pk,
                fingerprint=f"closed:{absolute}",
                evidence=shown(absolute, 1000),
            )
        root = profile.root_page.url_path
        if routing.resolve(root_url_path=root, path=parts.path):
            return True
        return FoundProblem(
            indicator=Indicator.D1,
            severity=Severity.DEDUCTION,
            message=_("“%(title)s”中的站内链接 %(url)s 指向不存在的页面。")
            % {"title": page.title, "url": shown(absolute)},
            target=page.url_path,
            page_id=page.pk,
            fingerprint=f"internal:{absolute}",
            evidence=shown(absolute, 1000),
        )
