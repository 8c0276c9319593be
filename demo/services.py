"""Load the demo cluster: sites, home pages, catalogs and the seed documents.

Idempotent: running it again updates what exists and creates what is missing.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from demo.cluster import DOCUMENTS, SITES, DemoDocument, DemoSite
from demo.public_content import load_public_content
from disclosure_pages.models import DisclosureDocumentPage, DisclosureIndexPage
from home.models import HomePage

SEEDS_DIR = Path(__file__).resolve().parent / "seeds"
CATALOG_SLUG = "xxgk"


def text_to_html(text: str) -> str:
    """Plain text to rich-text paragraphs, one per non-blank line."""
    lines = (line.strip().replace("\u3000", "") for line in text.splitlines())
    return "".join(f"<p>{escape(line)}</p>" for line in lines if line)


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _remove_wagtail_welcome_site() -> None:
    """Wagtail's first migration creates a `localhost` site with a welcome page."""
    for site in Site.objects.filter(hostname="localhost"):
        root = site.root_page
        site.delete()
        if type(root.specific) is Page and not root.get_children().exists():
            root.delete()


def _ensure_tree_root() -> Page:
    """The tree root and default locale that Wagtail's migrations create.

    They are recreated when missing (e.g. after a database flush).
    """
    if not Locale.objects.exists():
        Locale.objects.create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", locale=Locale.get_default()))
    return root


def _ensure_home(spec: DemoSite, *, port: int) -> HomePage:
    tree_root = _ensure_tree_root()
    home = HomePage.objects.child_of(tree_root).filter(slug=spec.slug).first()
    if home is None:
        home = HomePage(title=spec.home_title, slug=spec.slug)
        tree_root.add_child(instance=home)
    home.title = spec.home_title
    home.seo_title = spec.site_name
    home.intro = f"欢迎访问{spec.site_name}。"
    _publish(home)

    site = Site.objects.filter(hostname=spec.hostname).first() or Site(
        hostname=spec.hostname
    )
    site.port = port
    site.site_name = spec.site_name
    site.root_page = home
    site.is_default_site = spec.is_default
    site.save()
    return home


def _ensure_catalog(home: HomePage) -> DisclosureIndexPage:
    catalog = (
        DisclosureIndexPage.objects.child_of(home).filter(slug=CATALOG_SLUG).first()
    )
    if catalog is None:
        catalog = DisclosureIndexPage(title="政府信息公开", slug=CATALOG_SLUG)
        home.add_child(instance=catalog)
    catalog.intro = "按照《中华人民共和国政府信息公开条例》主动公开的政府信息。"
    _publish(catalog)
    return catalog


def _ensure_document(spec: DemoDocument, catalog: DisclosureIndexPage) -> None:
    slug = f"doc-{spec.seed_file[:3]}"
    page = DisclosureDocumentPage.objects.child_of(catalog).filter(slug=slug).first()
    is_new = page is None
    if is_new:
        page = DisclosureDocumentPage(slug=slug)
    page.title = spec.title
    page.document_number = spec.document_number
    page.publisher_name = spec.publisher_name
    page.written_date = spec.written_date
    page.body = text_to_html((SEEDS_DIR / spec.seed_file).read_text(encoding="utf-8"))
    if spec.written_date and page.first_published_at is None:
        # Migrated documents keep their original publication date.
        page.first_published_at = timezone.make_aware(
            datetime.datetime.combine(spec.written_date, datetime.time(9, 0))
        )
    if is_new:
        catalog.add_child(instance=page)
    _publish(page)


def ensure_admin(*, username: str, password: str) -> bool:
    """Create the demo superuser if missing; returns True when created."""
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        return False
    user_model.objects.create_superuser(
        username=username, email=f"{username}@example.invalid", password=password
    )
    return True


@transaction.atomic
def load_demo_cluster(*, port: int = 80) -> list[Site]:
    _remove_wagtail_welcome_site()
    catalogs = {}
    for spec in SITES:
        home = _ensure_home(spec, port=port)
        catalogs[spec.slug] = _ensure_catalog(home)
    for document in DOCUMENTS:
        _ensure_document(document, catalogs[document.site_slug])
    # Menus, news, notices, topics, leaders and home blocks (issue #8).
    # The reference index (admin "usage" counts) is rebuilt by `manage.py
    # rebuild_references_index`; updating it page by page triples the load time.
    with disable_reference_index_auto_update():
        for spec in SITES:
            load_public_content(slug=spec.slug, catalog=catalogs[spec.slug])
    return list(Site.objects.filter(hostname__in=[s.hostname for s in SITES]))
