"""Builders for disclosure catalog trees, shared by the test modules."""

from __future__ import annotations

import itertools

from wagtail.models import Locale, Page, Site

from disclosure_pages.codes import credit_code_check_char, org_code_check_char
from disclosure_pages.models import (
    DisclosureColumnPage,
    DisclosureDocumentPage,
    DisclosureIndexPage,
    Organization,
)
from home.models import HomePage

_serial = itertools.count(1)
HOME_ONLY_BUILDER = "tests.factories.builders.HomeOnlyBuilder"


def valid_org_code(n: int) -> str:
    body = f"T{n:07d}"
    return body + org_code_check_char(body)


def valid_credit_code(org_code: str, region: str = "110100") -> str:
    body = "11" + region + org_code
    return body + credit_code_check_char(body)


def make_organization(name: str | None = None, **values) -> Organization:
    n = next(_serial)
    code = values.pop("org_code", None)
    code = valid_org_code(n) if code is None else code
    organization = Organization(name=name or f"测试机构{n}", org_code=code, **values)
    organization.full_clean()
    organization.save()
    return organization


def ensure_tree_root() -> None:
    """Give Wagtail its root page again after a transactional test's flush.

    The flush also removes the root page and locale its migrations created.
    """
    if Page.get_first_root_node() is None:
        locale, _created = Locale.objects.get_or_create(language_code="zh-hans")
        Page.add_root(instance=Page(title="Root", locale=locale))


def make_site(slug: str, hostname: str | None = None) -> tuple[Site, HomePage]:
    """A full site opened through the site registry, with its home page.

    Without the registry's column skeleton: the tests build their own columns,
    and building the skeleton only to delete it was most of a site's cost.
    """
    from django.test import override_settings

    from site_registry import lifecycle

    ensure_tree_root()
    n = next(_serial)
    with override_settings(SITE_REGISTRY_SITE_BUILDER=HOME_ONLY_BUILDER):
        profile = lifecycle.open_site(
            name=f"测试{slug}网站",
            level="department",
            hostname=hostname or f"{slug}.localhost",
            home_slug=slug,
            home_title=f"{slug} 首页",
            code=f"3799{n:06d}",
            organizer=f"测试{slug}",
        )
    return profile.site, profile.root_page.specific


def make_catalog(home: HomePage, *columns: tuple[str, str]) -> tuple:
    catalog = DisclosureIndexPage(title="政府信息公开", slug="xxgk")
    home.add_child(instance=catalog)
    catalog.save_revision().publish()
    made = []
    for slug, kind in columns or [("zcwj", "policy")]:
        column = DisclosureColumnPage(title=f"栏目{slug}", slug=slug, kind=kind)
        catalog.add_child(instance=column)
        column.save_revision().publish()
        made.append(column)
    return (catalog, *made)


def make_document(
    column: Page, *, organization: Organization, publish: bool = True, **values
) -> DisclosureDocumentPage:
    n = next(_serial)
    values.setdefault("title", f"测试文件{n}")
    values.setdefault("slug", f"doc-{n}")
    values.setdefault("body", "<p>正文</p>")
    page = DisclosureDocumentPage(organization=organization, live=False, **values)
    column.add_child(instance=page)
    if publish:
        page.save_revision().publish()
        page.refresh_from_db()
    return page
