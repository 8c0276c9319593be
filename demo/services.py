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
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from core.importfiles import TypeReport
from demo.amendments import load_demo_amendments
from demo.applications import load_demo_applications
from demo.cluster import (
    ANNUAL_REPORT_COLUMN,
    COLUMN_DOCUMENTS,
    DOCUMENT_NUMBER_PREFIXES,
    DOCUMENTS,
    INTERPRETATION_COLUMN,
    ORGANIZATIONS,
    POLICY_COLUMN,
    RETIRED_COLUMNS,
    SEEDS,
    SITES,
    SITES_WITHOUT_OVERVIEW,
    DemoDocument,
    DemoSeed,
    DemoSite,
)
from demo.doctype import load_demo_document_layout
from demo.interaction import load_demo_interaction
from demo.public_content import (
    IMAGE_SPECS,
    ago,
    ensure_image,
    ensure_live_child,
    load_public_content,
)
from demo.service_guides import load_demo_service_guides
from demo.statutory_content import load_statutory_content
from disclosure_pages.importing.service import (
    DocumentImporter,
    text_file_record,
)
from disclosure_pages.models import (
    AnnualReportPage,
    DisclosureColumnPage,
    DisclosureDocumentPage,
    DisclosureGuidePage,
    DisclosureIndexPage,
    DisclosureRulesPage,
    Organization,
)
from home.models import HomePage
from home.selectors import site_type_for_level
from home.services import build_skeleton
from policy_interpretation.choices import InterpretationForm
from policy_interpretation.models import InterpretationSource, PolicyInterpretationPage
from reposting.demo import load_demo_reposts
from site_registry import languages, lifecycle, roles
from site_registry.choices import SiteKind
from site_registry.models import SiteProfile

SEEDS_DIR = Path(__file__).resolve().parent / "seeds"
CATALOG_SLUG = "xxgk"


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


def _profile_fields(spec: DemoSite) -> dict:
    return {
        "code": spec.code,
        "organizer": spec.organizer,
        "operator": spec.operator,
        "phone": spec.phone,
        "email": spec.email,
        "address": spec.address,
        "icp_number": spec.icp_number,
        "police_number": spec.police_number,
    }


def _ensure_site(spec: DemoSite, *, port: int) -> SiteProfile:
    """Open the site through the registry, or bring an existing one up to date."""
    parent = (
        SiteProfile.objects.get(root_page__slug=spec.parent_slug, kind=SiteKind.SITE)
        if spec.parent_slug
        else None
    )
    profile = SiteProfile.objects.filter(name=spec.site_name).first()
    legacy_site = (
        Site.objects.filter(hostname=spec.hostname, profile__isnull=True).first()
        if spec.hostname
        else None
    )
    if profile is None and legacy_site is not None:
        # A database loaded before the registry existed: adopt its bare site.
        profile = lifecycle.register_existing_site(
            site=legacy_site,
            name=spec.site_name,
            level=spec.level,
            parent=parent,
            **_profile_fields(spec),
        )
    elif profile is None:
        profile = lifecycle.open_site(
            name=spec.site_name,
            level=spec.level,
            parent=parent,
            hostname=spec.hostname,
            subsite_slug=spec.slug if spec.is_subsite else "",
            home_title=spec.home_title,
            home_slug="" if spec.is_subsite else spec.slug,
            port=port,
            is_default_site=spec.is_default,
            **_profile_fields(spec),
        )
    else:
        for name, value in _profile_fields(spec).items():
            setattr(profile, name, value)
        profile.level = spec.level
        profile.parent = parent
        profile.full_clean()
        profile.save()
    if profile.site_id:
        site = profile.site
        site.port = port
        site.is_default_site = spec.is_default
        site.save()
    if spec.languages:
        languages.set_languages(profile=profile, language_codes=spec.languages)
    home = profile.root_page.specific
    home.title = spec.home_title
    home.seo_title = spec.site_name
    home.intro = f"欢迎访问{spec.site_name}。"
    _publish(home)
    return profile


def _close_demo_sites() -> None:
    for spec in SITES:
        if spec.is_open:
            continue
        profile = SiteProfile.objects.get(name=spec.site_name)
        if profile.is_open:
            successor = SiteProfile.objects.get(
                root_page__slug=spec.closed_successor_slug, kind=SiteKind.SITE
            )
            lifecycle.close_site(profile=profile, successor=successor)


def _ensure_skeleton(profile: SiteProfile, spec: DemoSite) -> None:
    """The registry's standard columns for the site's type.

    A site opened now has them already; a demo database loaded before the
    skeleton existed gets the missing ones. The township sub-site of the
    planted defect (SITES_WITHOUT_OVERVIEW) loses its 机构概况 section.
    """
    home = profile.root_page.specific
    build_skeleton(home=home, site_type=site_type_for_level(spec.level))
    if spec.slug in SITES_WITHOUT_OVERVIEW:
        for about in home.get_children().filter(slug="about"):
            about.delete()


def _ensure_catalog(home: HomePage, spec: DemoSite) -> DisclosureIndexPage:
    # The catalog's structure pages are created live without revisions, like
    # the public content: publishing each through a revision (and the
    # publication gate) was most of the load time of every test's cluster.
    catalog = ensure_live_child(
        home,
        DisclosureIndexPage,
        CATALOG_SLUG,
        title="政府信息公开",
        intro="按照《中华人民共和国政府信息公开条例》主动公开的政府信息。",
    )
    ensure_live_child(
        catalog,
        DisclosureGuidePage,
        "gkzn",
        title="政府信息公开指南",
        body="<p>本机关依照《中华人民共和国政府信息公开条例》编制本指南。"
        "政府信息以主动公开和依申请公开两种方式公开。</p>",
        # The same office the footer names: the site's registry contact.
        office_address=spec.address,
        office_phone=spec.phone,
        office_hours="工作日 9:00-17:00",
    )
    ensure_live_child(
        catalog,
        DisclosureRulesPage,
        "gkzd",
        title="政府信息公开制度",
        body="<p>包括主动公开、依申请公开、保密审查、监督考核等制度。</p>",
    )
    for retired in (
        DisclosureColumnPage.objects.child_of(catalog)
        .filter(slug__in=RETIRED_COLUMNS, numchild=0)
        .specific()
    ):
        retired.delete()
    return catalog


def _ensure_organization(site_slug: str, profile=None) -> Organization:
    spec = ORGANIZATIONS[site_slug]
    organization, _created = Organization.objects.update_or_create(
        name=spec.name,
        defaults={"org_code": spec.org_code, "credit_code": spec.credit_code},
    )
    if profile is not None:
        # The site's editors choose it in the document form's chooser.
        organization.sites.add(profile)
    return organization


def _import_seeds(
    site: Site, catalog: DisclosureIndexPage, seeds: list[DemoSeed]
) -> TypeReport:
    """Seeds go through the plain-text importer, as a migrating site's files would."""
    # The catalog's own column: a portal's tree also holds its sub-sites' catalogs.
    column = DisclosureColumnPage.objects.child_of(catalog).get(slug=POLICY_COLUMN)
    importer = DocumentImporter(
        section_root=site.root_page,
        column=column,
        default_organization=_ensure_organization(site.root_page.slug),
    )
    items = []
    for seed in seeds:
        record = text_file_record(SEEDS_DIR / seed.seed_file)
        record["source_id"] = f"doc-{seed.seed_file[:3]}"
        record["requires_interpretation"] = seed.requires_interpretation
        items.append((seed.seed_file, record))
    return importer.run(items)


def _ensure_interpretation(
    catalog: DisclosureIndexPage,
    *,
    slug: str,
    title: str,
    sources: list,
    interpreter: str = "示范市人民政府办公室",
    form: str = InterpretationForm.TEXT,
    image=None,
    published_at: datetime.datetime | None = None,
) -> None:
    column = DisclosureColumnPage.objects.child_of(catalog).get(
        slug=INTERPRETATION_COLUMN
    )
    page = PolicyInterpretationPage.objects.child_of(column).filter(slug=slug).first()
    is_new = page is None
    if is_new:
        # Published with its documents (三同步), not on the day of loading.
        page = PolicyInterpretationPage(slug=slug, first_published_at=published_at)
        if published_at is not None:
            # Like the demo documents, imported with their original dates.
            page.imported, page.imported_at = True, timezone.now()
    page.title = title
    page.form = form
    page.image = image
    page.interpreter = interpreter
    page.body = (
        "<p>本解读说明文件出台的背景、主要内容和落实要求。"
        "工作要点围绕政务公开和政务服务，明确了年度重点任务。</p>"
    )
    page.source_links = [InterpretationSource(document=doc) for doc in sources]
    if is_new:
        column.add_child(instance=page)
    _publish(page)


def _demo_document_record(spec: DemoSite, document, number: int) -> dict:
    published = ago(document.days_ago)
    year = published.year
    org = spec.home_title
    record = {
        "source_id": f"demo-{spec.slug}-{document.slug}",
        "title": document.title.format(org=org, year=year),
        "body_text": (
            f"各有关单位：\n现将{org}{year}年有关工作安排印发给你们，请结合实际认真贯彻落实。"
            "\n一、总体要求。坚持以公开为常态、不公开为例外，推进决策、执行、管理、"
            "服务、结果公开。\n二、重点任务。做好政策解读和回应关切，加强政府网站和"
            "政务新媒体建设管理。\n三、保障措施。加强组织领导，压实工作责任，强化督促检查。"
            f"\n{org}\n{published:%Y年%-m月%-d日}"
        ),
        "written_date": (published.date() - datetime.timedelta(days=2)).isoformat(),
        "published_at": f"{published:%Y-%m-%d %H:%M}",
        "genre": document.genre,
        "subject": "综合政务",
    }
    if document.numbered:
        prefix = DOCUMENT_NUMBER_PREFIXES[spec.slug]
        record["document_number"] = f"{prefix}〔{year}〕{number}号"
    return record


def _ensure_current_documents(
    spec: DemoSite, site: Site, catalog: DisclosureIndexPage
) -> None:
    """This year's documents of one site: no catalog column is blank or stale."""
    for number, document in enumerate(DOCUMENTS, start=3):
        column = DisclosureColumnPage.objects.child_of(catalog).get(
            slug=document.column
        )
        importer = DocumentImporter(
            section_root=site.root_page,
            column=column,
            default_organization=_ensure_organization(spec.slug),
        )
        record = _demo_document_record(spec, document, number)
        existing = DisclosureDocumentPage.objects.filter(
            source_id=record["source_id"]
        ).first()
        if existing is not None:
            continue  # keep its dates: the demo must not move on every load
        summary = importer.run([(record["source_id"], record)])
        if summary.failed:
            raise RuntimeError("; ".join(str(error) for error in summary.errors))
    work_points = DisclosureDocumentPage.objects.get(
        source_id=f"demo-{spec.slug}-{DOCUMENTS[0].slug}"
    )
    plan_title = work_points.title.removeprefix(f"{spec.home_title}关于印发")
    _ensure_interpretation(
        catalog,
        slug=f"jd-{DOCUMENTS[0].slug}",
        title=f"《{spec.home_title}{plan_title.removesuffix('的通知')}》解读",
        sources=[work_points],
        interpreter=ORGANIZATIONS[spec.slug].name,
        published_at=work_points.first_published_at,
    )


def _ensure_column_documents(
    spec: DemoSite, site: Site, catalog: DisclosureIndexPage
) -> None:
    """One current document in each further statutory column the site has."""
    columns = DisclosureColumnPage.objects.child_of(catalog).filter(
        slug__in=COLUMN_DOCUMENTS
    )
    for number, column in enumerate(columns.order_by("path"), start=10):
        slug, title, genre, days_ago = COLUMN_DOCUMENTS[column.slug]
        document = DemoDocument(column.slug, slug, title, genre, days_ago=days_ago)
        record = _demo_document_record(spec, document, number)
        if DisclosureDocumentPage.objects.filter(
            source_id=record["source_id"]
        ).exists():
            continue  # keep its dates: the demo must not move on every load
        importer = DocumentImporter(
            section_root=site.root_page,
            column=column,
            default_organization=_ensure_organization(spec.slug),
        )
        summary = importer.run([(record["source_id"], record)])
        if summary.failed:
            raise RuntimeError("; ".join(str(error) for error in summary.errors))


def _ensure_annual_report(spec: DemoSite, catalog: DisclosureIndexPage) -> None:
    """Last year's 政府信息公开年报, published before its 31 January deadline."""
    today = timezone.localdate()
    year = (
        today.year - 1
        if today >= datetime.date(today.year, 1, 20)
        else (today.year - 2)
    )
    published = timezone.make_aware(datetime.datetime(year + 1, 1, 20, 10, 0))
    column = DisclosureColumnPage.objects.child_of(catalog).get(
        slug=ANNUAL_REPORT_COLUMN
    )
    ensure_live_child(
        column,
        AnnualReportPage,
        f"report-{year}",
        title=f"{spec.home_title}{year}年政府信息公开工作年度报告",
        year=year,
        published_at=published,
        body=(
            f"<p>本报告依据《中华人民共和国政府信息公开条例》编制，"
            f"反映{spec.home_title}{year}年政府信息公开工作情况。</p>"
            "<p>一、总体情况。二、主动公开政府信息情况。三、收到和处理政府信息公开申请情况。"
            "四、政府信息公开行政复议、行政诉讼情况。五、存在的主要问题及改进情况。"
            "六、其他需要报告的事项。</p>"
        ),
    )


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
def load_demo_cluster(*, port: int = 80, public_content: bool = True) -> list[Site]:
    """The demo sites, their catalogs and seed documents; idempotent.

    ``public_content`` adds the menus, news, notices, topics, leaders, images and
    home blocks of issue #8, the interaction content, service guides and the
    statutory columns' content. It is most of the load time, so tests that only
    need the sites, catalogs and seed documents leave it out.
    """
    _remove_wagtail_welcome_site()
    _ensure_tree_root()
    roles.ensure_cluster_roles()
    catalogs = {}
    sites = {}
    for spec in SITES:
        profile = _ensure_site(spec, port=port)
        _ensure_skeleton(profile, spec)
        _ensure_organization(spec.slug, profile)
        catalogs[spec.slug] = _ensure_catalog(profile.root_page.specific, spec)
        if profile.site_id:
            sites[spec.slug] = profile.site
    for spec in SITES:
        if spec.is_subsite:
            # Served on its portal's site (the importer needs a Wagtail site).
            sites[spec.slug] = sites[spec.parent_slug]
    _close_demo_sites()
    for site_slug in dict.fromkeys(seed.site_slug for seed in SEEDS):
        summary = _import_seeds(
            sites[site_slug],
            catalogs[site_slug],
            [s for s in SEEDS if s.site_slug == site_slug],
        )
        if summary.failed:
            raise RuntimeError("; ".join(str(error) for error in summary.errors))
    notice = DisclosureDocumentPage.objects.get(source_id="doc-001")
    _ensure_interpretation(
        catalogs["www"],
        slug="jd-001",
        title="《2015年全市政务公开政务服务工作要点》解读",
        sources=[notice],
    )
    # An interpretation on a district site of a city document (cross-site link),
    # in pictures: its form says so (图解).
    _ensure_interpretation(
        catalogs["dc"],
        slug="jd-city-001",
        title="图解：全市政务公开政务服务工作要点在东城区的落实",
        sources=[notice],
        interpreter="示范市东城区人民政府办公室",
        form=InterpretationForm.GRAPHIC,
        image=ensure_image(*IMAGE_SPECS[1]),
    )
    for spec in SITES:
        if spec.is_open:
            _ensure_current_documents(spec, sites[spec.slug], catalogs[spec.slug])
            _ensure_annual_report(spec, catalogs[spec.slug])
    # An older city document repealed by a newer one (#17).
    load_demo_amendments(
        site=sites["www"],
        catalog=catalogs["www"],
        organization=_ensure_organization("www"),
    )
    # The upstream library and its reposts on county and township sites (#4).
    load_demo_reposts()
    # 版记 and an attachment on the city's first document (#22).
    load_demo_document_layout()
    if public_content:
        # The skeleton's further statutory columns (#17): one current document
        # each, and 新闻发布会, 政府公报 and 建议提案办理结果 — so that no column of a
        # demo site is blank for the inspection. Tests without the public
        # content do without them (a third of that load's time).
        for spec in SITES:
            if spec.is_open:
                _ensure_column_documents(spec, sites[spec.slug], catalogs[spec.slug])
        load_statutory_content(
            catalogs={spec.slug: catalogs[spec.slug] for spec in SITES if spec.is_open}
        )
        # Menus, news, notices, topics, leaders and home blocks (issue #8) on
        # every open site with a domain of its own. The reference index (admin
        # "usage" counts) is rebuilt by `manage.py rebuild_references_index`;
        # updating it page by page triples the load time.
        with disable_reference_index_auto_update():
            for spec in SITES:
                if spec.is_open:
                    load_public_content(
                        slug=spec.slug,
                        catalog=catalogs[spec.slug],
                        with_overview=spec.slug not in SITES_WITHOUT_OVERVIEW,
                        address=spec.address,
                    )
            # Channels, messages in every state, an interview, a solicitation
            # and a survey (issue #16).
            load_demo_interaction([spec.slug for spec in SITES if spec.is_open])
            # Complete service guides under each 办事服务 column (issue #17).
            load_demo_service_guides([spec.slug for spec in SITES if spec.is_open])
            # Disclosure on application: two organs' offices and applications
            # in every state and reply type (issue #18).
            load_demo_applications()
    return list(Site.objects.filter(hostname__in=[s.hostname for s in SITES]))
