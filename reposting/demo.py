"""Demo data of the upstream library: a few State Council and provincial
documents (short demo texts written for this project, not the real documents),
reposted to the demo cluster's county and township sites."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError

from disclosure_pages.models import Organization
from reposting import selectors, services
from reposting.models import RepostPage, RepostRule
from reposting.upstream.pull import library_importer
from site_registry.choices import SiteLevel

ORGANIZATIONS = [
    ("国务院办公厅", "000014349"),
    ("示范省人民政府办公厅", "MB0010604"),
]

DOCUMENTS = [
    (
        "gwywj",
        {
            "source_id": "demo-upstream-gf-2024-10",
            "title": "国务院关于加强基层政务公开标准化规范化工作的意见",
            "document_number": "国发〔2024〕10号",
            "organization": "国务院办公厅",
            "summary": "推进基层政务公开标准化规范化，明确公开事项、标准和时限。",
            "keywords": "重要政策,政务公开",
            "genre": "意见",
            "written_date": "2024-03-18",
            "published_at": "2024-03-22 16:00",
            "source_url": "https://www.gov.cn/zhengce/demo/2024-03/22/content_0010.htm",
            "body_text": "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
            "为进一步推进基层政务公开标准化规范化工作，现提出如下意见。\n"
            "一、统一公开标准。县级人民政府要按照全国统一的事项目录，"
            "逐项明确公开内容、公开依据、公开时限和公开渠道。\n"
            "二、做好政策转载。各地区各部门网站要及时转载国务院重要政策文件，"
            "在首页显著位置设置国务院重要政策信息栏目。\n"
            "三、加强组织保障。各地区要把基层政务公开工作纳入绩效考核。\n"
            "国务院\n2024年3月18日",
        },
    ),
    (
        "gwywj",
        {
            "source_id": "demo-upstream-gbf-2024-21",
            "title": "国务院办公厅关于进一步做好政府网站集约化建设工作的通知",
            "document_number": "国办发〔2024〕21号",
            "organization": "国务院办公厅",
            "summary": "推进政府网站集约化，统一信息资源库，实现一次发布、多站共享。",
            "keywords": "重要政策,政府网站",
            "genre": "通知",
            "written_date": "2024-05-08",
            "published_at": "2024-05-10 10:30",
            "source_url": "https://www.gov.cn/zhengce/demo/2024-05/10/content_0021.htm",
            "body_text": "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
            "为提升政府网站集约化水平，经国务院同意，现就有关事项通知如下。\n"
            "一、建设统一信息资源库，上级文件一次入库，各网站按需转载，"
            "转载页面注明来源并保持与原文一致。\n"
            "二、原文修改或废止的，各转载页面应同步更新。\n"
            "国务院办公厅\n2024年5月8日",
        },
    ),
    (
        "szfwj",
        {
            "source_id": "demo-upstream-szf-2024-8",
            "title": "示范省人民政府关于推进政务服务“一网通办”的实施意见",
            "document_number": "示政发〔2024〕8号",
            "organization": "示范省人民政府办公厅",
            "original_publisher": "",
            "keywords": "政务服务",
            "genre": "意见",
            "written_date": "2024-06-03",
            "published_at": "2024-06-05 09:00",
            "source_url": "https://www.shifan.example.gov.cn/zwgk/2024/0605.html",
            "body_text": "各市、县（市、区）人民政府，省政府各部门：\n"
            "为深化“放管服”改革，推进政务服务“一网通办”，提出如下实施意见。\n"
            "一、年底前省市县三级政务服务事项全部接入一体化平台。\n"
            "二、高频事项实现“一次办好”。\n"
            "示范省人民政府\n2024年6月3日",
        },
    ),
]
COLUMN_TITLES = {"gwywj": "国务院文件", "szfwj": "省政府文件"}
# Reposted to the county portals and the township sites (and sub-sites).
TARGET_LEVELS = (SiteLevel.COUNTY_PORTAL, SiteLevel.TOWNSHIP)


def load_demo_reposts() -> None:
    """Fill the library and repost its documents; idempotent."""
    for name, code in ORGANIZATIONS:
        Organization.objects.get_or_create(name=name, defaults={"org_code": code})
    sources = []
    for slug, record in DOCUMENTS:
        record = {k: v for k, v in record.items() if v}
        column = services.ensure_library_column(slug=slug, title=COLUMN_TITLES[slug])
        importer = library_importer(column=column)
        importer.import_data(record)
        sources.append(
            column.get_children()
            .specific()
            .get(disclosuredocumentpage__source_id=record["source_id"])
        )
    profiles = [p for p in selectors.open_sites() if p.level in TARGET_LEVELS]
    for source in sources:
        done = set(
            RepostPage.objects.filter(source=source).values_list(
                "target_site_id", flat=True
            )
        )
        missing = [p for p in profiles if p.pk not in done]
        if not missing:
            continue
        try:
            plan = services.plan_reposts(
                source=source, profiles=missing, user=None, kind="policy"
            )
        except ValidationError:
            continue  # e.g. a site without a policy column: nothing to show there
        services.repost_document(source=source, plan=plan, user=None)
    RepostRule.objects.get_or_create(
        name="国务院重要政策三日内转载",
        defaults={
            "keyword": "重要政策",
            "level": SiteLevel.TOWNSHIP,
            "days": 3,
            "applies_from": datetime.date(2024, 1, 1),
        },
    )
