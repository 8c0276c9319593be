"""The demo's repeal pair (#17.6): an older city document repealed by a newer
one, in force for a month, so both pages show the relation and the old one is
listed and found as 废止.

Both are imported with their own dates (imported documents are not checked
against the publication time limit, so the pair plants no defect); the
relation is then published on the newer one as an editor would.
"""

from __future__ import annotations

import datetime

from wagtail.models import Site

from demo.cluster import DOCUMENT_NUMBER_PREFIXES, POLICY_COLUMN
from demo.public_content import ago
from disclosure_pages.choices import RelationKind
from disclosure_pages.importing.service import DocumentImporter
from disclosure_pages.models import (
    DisclosureColumnPage,
    DisclosureDocumentPage,
    DisclosureIndexPage,
    DocumentRelation,
    Organization,
)

OLD_SOURCE_ID = "demo-www-website-rules-2018"
NEW_SOURCE_ID = "demo-www-website-rules-new"
SITE_SLUG = "www"
# Published 45 days before loading, in force 30 days before loading.
NEW_PUBLISHED_DAYS_AGO = 45
NEW_EFFECTIVE_DAYS_AGO = 30


def _records(organization: Organization) -> list[tuple[str, dict]]:
    prefix = DOCUMENT_NUMBER_PREFIXES[SITE_SLUG]
    published = ago(NEW_PUBLISHED_DAYS_AGO)
    written = published.date() - datetime.timedelta(days=2)
    effective = ago(NEW_EFFECTIVE_DAYS_AGO).date()
    old = {
        "source_id": OLD_SOURCE_ID,
        "title": "示范市人民政府办公室关于印发示范市政府网站管理办法的通知",
        "body_text": (
            "各区人民政府，市政府各部门：\n《示范市政府网站管理办法》已经市政府同意，"
            "现印发给你们，请认真贯彻执行。\n示范市人民政府办公室\n2018年5月8日"
        ),
        "document_number": f"{prefix}〔2018〕7号",
        "written_date": "2018-05-08",
        "published_at": "2018-05-10 09:30",
        "genre": "normative",
        "subject": "综合政务",
    }
    new = {
        "source_id": NEW_SOURCE_ID,
        "title": "示范市人民政府办公室关于印发示范市政府网站与政务新媒体管理办法的通知",
        "body_text": (
            "各区人民政府，市政府各部门：\n《示范市政府网站与政务新媒体管理办法》已经"
            "市政府同意，现印发给你们，请认真贯彻执行。本办法施行之日起，"
            f"《示范市政府网站管理办法》（{prefix}〔2018〕7号）同时废止。"
            f"\n示范市人民政府办公室\n{written:%Y年%-m月%-d日}"
        ),
        "document_number": f"{prefix}〔{published.year}〕21号",
        "written_date": written.isoformat(),
        "published_at": f"{published:%Y-%m-%d %H:%M}",
        "effective_date": effective.isoformat(),
        "genre": "normative",
        "subject": "综合政务",
    }
    return [(OLD_SOURCE_ID, old), (NEW_SOURCE_ID, new)]


def load_demo_amendments(
    *, site: Site, catalog: DisclosureIndexPage, organization: Organization
) -> None:
    """The repeal pair on the city portal; idempotent (dates never move)."""
    if DisclosureDocumentPage.objects.filter(source_id=NEW_SOURCE_ID).exists():
        return
    column = DisclosureColumnPage.objects.child_of(catalog).get(slug=POLICY_COLUMN)
    importer = DocumentImporter(
        section_root=site.root_page,
        column=column,
        default_organization=organization,
    )
    summary = importer.run(_records(organization))
    if summary.failed:
        raise RuntimeError("; ".join(str(error) for error in summary.errors))
    old = DisclosureDocumentPage.objects.get(source_id=OLD_SOURCE_ID)
    new = DisclosureDocumentPage.objects.get(source_id=NEW_SOURCE_ID)
    new.relations = [DocumentRelation(kind=RelationKind.REPEALS, target=old)]
    new.save_revision().publish()
