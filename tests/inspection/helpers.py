"""Small sites for the inspection tests, built through the registry."""

from __future__ import annotations

import datetime
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.utils import timezone
from wagtail.models import Page

from disclosure_pages.models import DisclosureDocumentPage
from site_registry.models import SiteProfile
from tests.factories import disclosure as factories

TODAY = datetime.date(2026, 6, 30)


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(10), tzinfo=timezone.get_current_timezone()
    )


OPENED = TODAY - datetime.timedelta(days=365)


def build(slug: str, *columns, opened: datetime.date = OPENED):
    """A site whose columns were opened on ``opened`` (a year before TODAY by
    default: past the blank-column grace period)."""
    site, home = factories.make_site(slug, hostname=f"{slug}.localhost")
    catalog, *made = factories.make_catalog(home, *(columns or [("zcwj", "policy")]))
    Page.objects.filter(pk__in=[catalog.pk, *(c.pk for c in made)]).update(
        first_published_at=at(opened)
    )
    for column in made:
        column.first_published_at = at(opened)
    profile = SiteProfile.objects.get(site=site)
    organization = factories.make_organization()
    return profile, home, made, organization


def document(column, organization, *, published=None, **values):
    page = factories.make_document(column, organization=organization, **values)
    if published is not None:
        DisclosureDocumentPage.objects.filter(pk=page.pk).update(
            first_published_at=at(published)
        )
    return page


def set_body(page, html):
    """Change live text behind the publish gate's back, as a list change would."""
    type(page).objects.filter(pk=page.pk).update(body=html)


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _answer(self, body=True):
        if self.path.startswith("/slow"):
            self.server.slow_event.wait(5)
        code = 404 if self.path.startswith("/missing") else 200
        self.server.hits.append(self.path)
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):
        self._answer()

    def do_GET(self):
        self._answer()


@contextmanager
def http_server():
    """A local server: /missing* answers 404, /slow* hangs, anything else 200."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.hits = []
    server.slow_event = threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.slow_event.set()
        server.shutdown()
        server.server_close()
