"""Public content of the demo cluster: menus, news, notices, a topic, leaders,
home-page blocks and each site's look. Called by demo.services.load_demo_cluster.

Idempotent: pages are found by slug under their parent and updated; dates of
existing items are kept. Items are created live without revisions (faster; the
first edit in the admin creates one), with publication dates spread over the
last months so the sites look like real, maintained government sites.
"""

from __future__ import annotations

import datetime
import functools
import io
import json
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.utils import timezone
from wagtail.blocks import StreamValue
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site

from content.models import (
    ArticleIndexPage,
    ArticlePage,
    ClusterDirectoryPage,
    LeaderIndexPage,
    LeaderPage,
    NoticeIndexPage,
    NoticePage,
    StandardPage,
    TopicIndexPage,
    TopicPage,
)
from core.cache import bump_content_version
from core.choices import ColumnKind, HomeLayout
from core.models import SiteTheme
from demo.cluster import POLICY_COLUMN
from demo.interaction import column_paragraphs
from disclosure_pages.models import DisclosureColumnPage
from service_guides.models import ServiceIndexPage

PORTALS = {"www", "dc", "xc"}
ACCENTS = {
    "www": "#b71c1c",
    "dc": "#0d47a1",
    "xc": "#1b5e20",
    "fgw": "#4a148c",
    "jyj": "#01579b",
    "wjw": "#00695c",
    "jd": "#5d4037",
}
TOPIC_TAG = "优化营商环境"

NEWS = [
    (
        "{org}召开全体会议部署近期重点工作",
        "会议传达学习上级有关会议精神，研究部署近期重点工作。",
    ),
    (
        "{org}专题研究优化营商环境工作",
        "会议强调要持续深化“放管服”改革，提升政务服务便利度。",
    ),
    ("{org}开展安全生产大检查", "检查组深入企业生产一线，查找隐患、督促整改。"),
    ("{org}召开政务公开工作推进会", "会议总结上一阶段政务公开工作，部署下一阶段任务。"),
    ("{org}举行“政府开放日”活动", "市民代表走进机关，实地了解政务服务办理流程。"),
    ("{org}推进“一网通办”提质增效", "全面梳理高频事项，推动更多事项“掌上办”“就近办”。"),
    ("{org}开展防汛应急演练", "演练模拟强降雨引发内涝险情，检验应急处置能力。"),
    ("{org}召开重点项目建设调度会", "会议逐项听取项目进展情况，协调解决存在的问题。"),
    ("{org}部署冬季供暖保障工作", "要求各单位压实责任，确保群众温暖过冬。"),
    ("{org}开展政策宣讲进社区活动", "工作人员面对面解读惠民政策，现场解答群众疑问。"),
    ("{org}召开民生实事项目推进会", "会议要求紧盯时间节点，确保民生实事按期完成。"),
    ("{org}开展机关作风建设专项检查", "检查采取明察暗访方式，推动作风持续改进。"),
]
NOTICES = [
    "关于开展2026年度政府网站和政务新媒体自查工作的通知",
    "关于公开征求《政务服务事项清单（征求意见稿）》意见的公告",
    "关于调整部分政务服务事项办理时间的通知",
    "关于做好节假日期间值班值守工作的通知",
    "关于开展政府信息公开工作培训的通知",
    "关于公布政府信息公开指南的公告",
    "关于举办政务服务“好差评”工作推进会的通知",
    "关于公开招聘编外工作人员的公告",
    "关于开展安全生产月活动的通知",
    "关于公布行政权力事项目录的公告",
    "关于暂停办理部分业务的通知",
    "关于做好年度政府网站工作报表公开工作的通知",
]
LEADERS = [
    ("张明华", "主要负责人", "主持全面工作。负责财政、审计、机构编制等方面工作。"),
    ("李建国", "负责人", "负责发展改革、营商环境、政务服务、数据管理等方面工作。"),
    ("王丽娟", "负责人", "负责教育、卫生健康、民政、政务公开等方面工作。"),
]
IMAGE_SPECS = [
    ("演示图片：城市天际线", "#1e4d7b", "#f2b134"),
    ("演示图片：政务服务大厅", "#2e6b3f", "#e8e1c4"),
    ("演示图片：河畔公园", "#7a2e2e", "#f6d7a7"),
]
PORTRAIT = "演示图片：证件照占位"


def _raw(blocks: list[tuple[str, object]]) -> list[dict]:
    """StreamField raw data (block values as stored: page and image ids)."""
    return [
        {
            "type": kind,
            "value": value,
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{n}{kind}")),
        }
        for n, (kind, value) in enumerate(blocks)
    ]


def _paragraphs(*texts: str) -> list[dict]:
    return _raw([("paragraph", f"<p>{text}</p>") for text in texts])


def _draw_image(title: str, background: str, foreground: str, size=(1200, 500)):
    """A simple generated picture (no bundled photos; nothing downloaded)."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    width, height = size
    picture = PILImage.new("RGB", size, background)
    draw = ImageDraw.Draw(picture)
    if title == PORTRAIT:
        draw.ellipse(
            (width * 0.3, height * 0.15, width * 0.7, height * 0.5), fill=foreground
        )
        draw.ellipse(
            (width * 0.1, height * 0.55, width * 0.9, height * 1.3), fill=foreground
        )
    else:
        for step in range(12):
            x = step * width / 12
            top = height * (0.35 + 0.3 * ((step * 7) % 5) / 5)
            draw.rectangle((x + 6, top, x + width / 12 - 6, height), fill=foreground)
        draw.ellipse(
            (width * 0.78, height * 0.08, width * 0.9, height * 0.36), fill="#ffffff"
        )
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return ImageFile(buffer, name=f"demo-{abs(hash(title)) % 10**8}.png")


def ensure_image(title: str, background: str, foreground: str, size=(1200, 500)):
    if Collection.get_first_root_node() is None:
        # Wagtail's migration creates it; a database flush (tests) removes it.
        Collection.add_root(name="Root")
    image_model = get_image_model()
    image = image_model.objects.filter(title=title).first()
    if image is None:
        image = image_model(
            title=title, file=_draw_image(title, background, foreground, size)
        )
        image.save()
    return image


def _without_ids(data):
    """Stream data minus block ids (list items get fresh ids on every save)."""
    if isinstance(data, dict):
        return {key: _without_ids(value) for key, value in data.items() if key != "id"}
    if isinstance(data, list):
        return [_without_ids(item) for item in data]
    return data


def _differs(page: Page, name: str, value) -> bool:
    current = getattr(page, name)
    if isinstance(current, StreamValue):
        stream_block = page._meta.get_field(name).stream_block

        def normalise(stream):
            return _without_ids(
                json.loads(json.dumps(stream.get_prep_value(), default=str))
            )

        return normalise(current) != normalise(stream_block.to_python(value))
    return current != value


def ensure_live_child(parent: Page, model, slug: str, **fields):
    """Find ``slug`` under ``parent`` or create it live; update changed fields.

    Unchanged pages are not saved again, which keeps a re-run fast.
    """
    page = model.objects.child_of(parent).filter(slug=slug).first()
    dated = fields.pop("published_at", None)
    published_at = dated or timezone.now()
    tags = fields.pop("tags", None)
    if page is None:
        page = model(slug=slug, live=True, first_published_at=published_at)
        if dated and hasattr(page, "imported"):
            # Content with a history stands for what a site migration brought
            # in: only imported pages may carry a past publication date.
            page.imported, page.imported_at = True, timezone.now()
        page.last_published_at = published_at
        for name, value in fields.items():
            setattr(page, name, value)
        page.draft_title = page.title
        if tags is not None:
            page.tags.set(tags)
        # Demo data is known to be valid; Page.full_clean's uniqueness queries
        # would double the load time (treebeard's add_child calls save() bare).
        page.save = functools.partial(model.save, page, clean=False)
        parent.add_child(instance=page)
        del page.save
        return page
    changed = [name for name, value in fields.items() if _differs(page, name, value)]
    if tags is not None and set(page.tags.names()) != set(tags):
        page.tags.set(tags)
        changed.append("tags")
    if changed:
        for name in changed:
            if name != "tags":
                setattr(page, name, fields[name])
        page.draft_title = page.title
        page.save()
    return page


def ago(days: int, hour: int = 9) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30)))


def _ensure_overview(home: Page, org: str, portrait, address: str) -> None:
    """机构概况 with 机构职能 and 领导信息 (the D2 basic-information columns)."""
    about = ensure_live_child(
        home,
        StandardPage,
        "about",
        title="机构概况",
        show_in_menus=True,
        column_kind=ColumnKind.OVERVIEW,
        summary=f"{org}的机构职能、领导信息和联系方式。",
        body=_paragraphs(
            f"{org}是本级政府的组成部门或派出机关，依法履行职责。",
            f"办公地址：{address}。办公时间：工作日上午9:00—12:00，下午13:30—17:30。",
        ),
    )
    ensure_live_child(
        about,
        StandardPage,
        "functions",
        title="机构职能",
        column_kind=ColumnKind.FUNCTIONS,
        body=_paragraphs(
            "贯彻执行国家和省、市有关方针政策和法律法规，拟订本级相关政策措施并组织实施。",
            "负责本级政务公开、政务服务和政府网站建设管理工作。",
            "完成上级交办的其他任务。",
        ),
    )
    leaders = ensure_live_child(
        about,
        LeaderIndexPage,
        "leaders",
        title="领导信息",
        column_kind=ColumnKind.LEADERS,
    )
    for index, (name, position, portfolio) in enumerate(LEADERS):
        ensure_live_child(
            leaders,
            LeaderPage,
            f"leader-{index + 1}",
            title=name,
            position=position,
            photo=portrait,
            biography=f"<p>{name}，男/女，汉族，大学学历，现任{org}{position}。</p>",
            portfolio=f"<p>{portfolio}</p>",
        )


def ensure_services_column(home: Page, org: str) -> ServiceIndexPage:
    """The 办事服务 column, a ServiceIndexPage listing the site's guides
    (demo/service_guides.py). Databases loaded before service guides existed
    hold a StandardPage there: it is replaced, its slug being the column's."""
    old = (
        Page.objects.child_of(home)
        .filter(slug="services")
        .exclude(content_type=ContentType.objects.get_for_model(ServiceIndexPage))
        .first()
    )
    if old is not None:
        old.delete()
    return ensure_live_child(
        home,
        ServiceIndexPage,
        "services",
        title="办事服务",
        show_in_menus=True,
        column_kind=ColumnKind.SERVICE,
        intro=f"{org}办事指南：按部门、按主题查找事项，了解办理材料、地点、时间和流程。",
    )


def load_public_content(
    *, slug: str, catalog: Page, with_overview: bool = True, address: str = ""
) -> None:
    """Everything a citizen sees on one demo site besides the disclosure catalog.

    A sub-site gets the same (its own menu, columns and home blocks) but keeps
    its portal's look. ``with_overview=False`` leaves out the 机构概况 section:
    a defect planted for the inspection (demo.cluster.SITES_WITHOUT_OVERVIEW).
    """
    # Fresh from the database: moving a portal's topics (below) shifts the
    # tree paths of its later children, such as a sub-site's catalog.
    catalog = type(catalog).objects.get(pk=catalog.pk)
    home = catalog.get_parent().specific
    org = home.title
    site = Site.objects.filter(root_page=home).first()
    images = [ensure_image(*spec) for spec in IMAGE_SPECS]
    portrait = ensure_image(PORTRAIT, "#dfe6ee", "#8a9bb0", size=(300, 400))

    news = ensure_live_child(
        home,
        ArticleIndexPage,
        "news",
        title="政务动态",
        show_in_menus=True,
        intro=f"{org}工作动态。",
        column_kind=ColumnKind.NEWS,
    )
    notices = ensure_live_child(
        home,
        NoticeIndexPage,
        "notices",
        title="通知公告",
        show_in_menus=True,
        intro=f"{org}发布的通知、公告。",
        column_kind=ColumnKind.NOTICE,
    )
    if not catalog.show_in_menus:
        catalog.show_in_menus = True
        catalog.save()
    if catalog.path < notices.path:
        # The catalog is older than the news columns; the menu lists it third.
        catalog.move(notices, pos="right")
        catalog.refresh_from_db()
    services = ensure_services_column(home, org)
    interaction = ensure_live_child(
        home,
        StandardPage,
        "interaction",
        title="互动交流",
        show_in_menus=True,
        column_kind=ColumnKind.CONSULTATION,
        summary="咨询、建议、投诉和在线访谈。",
        # On a site's own host /interaction/ is the interaction app's channel
        # index; a sub-site's column links to its portal's pages.
        body=_paragraphs(*column_paragraphs()),
    )
    topics = ensure_live_child(
        home,
        TopicIndexPage,
        "topics",
        title="专题专栏",
        show_in_menus=True,
        intro="围绕中心工作设立的专题。",
        column_kind=ColumnKind.TOPIC,
    )
    about = StandardPage.objects.child_of(home).filter(slug="about").first()
    if about is not None and topics.path > about.path:
        # The skeleton's 机构概况 is older than the demo's topics; the menu
        # lists the topics before it.
        topics.move(about, pos="left")
        topics.refresh_from_db()
    if with_overview:
        _ensure_overview(home, org, portrait, address or "示范市人民路1号")
    if slug == "www":
        ensure_live_child(
            home,
            ClusterDirectoryPage,
            "sites",
            title="网站群导航",
            intro="示范市政府网站集约化平台上的全部政府网站。",
        )

    articles = []
    for index, (title, lead) in enumerate(NEWS):
        image = images[index] if index < len(images) else None
        articles.append(
            ensure_live_child(
                news,
                ArticlePage,
                f"news-{index + 1:02d}",
                title=title.format(org=org),
                published_at=ago(index * 9 + 1),
                source=org,
                author="办公室",
                summary=lead,
                lead_image=image,
                lead_image_alt=(
                    image.title.removeprefix("演示图片：") if image else ""
                ),
                body=_paragraphs(
                    f"{org}有关负责同志出席并讲话。会议指出，要坚持以人民为中心的发展思想，"
                    "把各项工作抓实抓细，切实增强群众的获得感。",
                    "会议要求，各单位要提高政治站位，压实工作责任，加强协调配合，"
                    "确保各项任务落地见效。",
                ),
                tags=[TOPIC_TAG] if index % 3 == 1 else [],
            )
        )
    for index, title in enumerate(NOTICES):
        ensure_live_child(
            notices,
            NoticePage,
            f"notice-{index + 1:02d}",
            title=title,
            published_at=ago(index * 8 + 2, hour=15),
            issuer=f"{org}办公室",
            summary="",
            body=_paragraphs(
                "各有关单位：",
                "根据工作安排，现将有关事项通知如下，请认真贯彻落实。",
                "一、提高认识，加强领导。二、明确任务，压实责任。三、按时报送，确保实效。",
                f"{org}办公室",
            ),
            tags=[TOPIC_TAG] if index % 4 == 1 else [],
        )
    topic = ensure_live_child(
        topics,
        TopicPage,
        "business-environment",
        title="持续优化营商环境",
        summary="聚焦市场主体关切，持续深化“放管服”改革。",
        banner=images[1],
        banner_alt="政务服务大厅",
        body=_raw(
            [
                (
                    "paragraph",
                    "<p>本专题集中发布优化营商环境的工作动态和通知公告。</p>",
                ),
                (
                    "tagged_items",
                    {"title": "相关动态和通知", "tag": TOPIC_TAG, "limit": 10},
                ),
                ("column_items", {"title": "", "column": news.id, "limit": 5}),
            ]
        ),
    )

    policy = DisclosureColumnPage.objects.child_of(catalog).get(slug=POLICY_COLUMN)
    quick_links = [
        {"label": "办事服务", "page": services.id, "url": ""},
        {"label": "互动交流", "page": interaction.id, "url": ""},
        {"label": "信息公开", "page": catalog.id, "url": ""},
        {"label": "专题专栏", "page": topics.id, "url": ""},
    ]
    if slug == "www":
        directory = ClusterDirectoryPage.objects.child_of(home).first()
        quick_links.append({"label": "网站群导航", "page": directory.id, "url": ""})
    slides = [
        {
            "image": article.lead_image_id,
            "alt_text": article.lead_image_alt,
            "caption": "",
            "page": article.id,
            "summary": article.summary,
        }
        for article in articles
        if article.lead_image_id
    ]
    is_portal = slug in PORTALS
    # No search_box block: the header's search box is on every page already.
    body = [
        ("carousel", {"slides": slides if is_portal else slides[:2]}),
        (
            "latest_items",
            {"title": "要闻", "column": news.id, "limit": 8 if is_portal else 6},
        ),
        (
            "latest_items",
            {"title": "", "column": notices.id, "limit": 8 if is_portal else 6},
        ),
        # The policy column, not the catalog root: the root's children are the
        # guide, the rules and the columns themselves, not documents.
        ("latest_items", {"title": "政策文件", "column": policy.id, "limit": 6}),
    ]
    if is_portal:
        body.append(("state_council_policies", {"title": "国务院重要政策", "limit": 6}))
    body += [
        ("quick_links", {"title": "快捷入口", "links": quick_links}),
        ("featured_topics", {"title": "专题专栏", "topics": [topic.id]}),
    ]
    layout = HomeLayout.PORTAL if is_portal else HomeLayout.COMPACT
    if home.layout != layout or _differs(home, "body", _raw(body)):
        home.layout = layout
        home.body = _raw(body)
        home.save_revision().publish()

    if site is not None:  # a sub-site wears its portal's theme
        theme = SiteTheme.for_site(site)
        theme.accent_colour = ACCENTS.get(slug, theme.accent_colour)
        theme.full_clean()
        theme.save()
    bump_content_version()
