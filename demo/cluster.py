"""The demo cluster: a city portal with county, department and township sites."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoSite:
    """One site of the demo cluster with its complete registry profile.

    Codes and filing numbers are fictional but well-formed (示范市 uses the
    region code 370100); a sub-site has a path instead of a host name.
    """

    hostname: str
    site_name: str
    home_title: str
    slug: str
    level: str
    code: str = ""
    icp_number: str = ""
    police_number: str = ""
    organizer: str = ""
    operator: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    parent_slug: str = ""
    is_default: bool = False
    is_subsite: bool = False
    closed_successor_slug: str = ""
    languages: tuple[str, ...] = ()

    @property
    def is_open(self) -> bool:
        return not self.closed_successor_slug


@dataclass(frozen=True)
class DemoSeed:
    """A seed file imported into a site's policy column by the text importer."""

    site_slug: str
    seed_file: str
    requires_interpretation: bool = False


@dataclass(frozen=True)
class DemoOrganization:
    name: str
    org_code: str
    credit_code: str


def _site(hostname, site_name, home_title, slug, level, number, **extra):
    """A full demo site; ``number`` makes its code and filing numbers unique."""
    region = extra.pop("region", "370100")
    return DemoSite(
        hostname,
        site_name,
        home_title,
        slug,
        level,
        code=f"{region}{number:04d}",
        icp_number=f"鲁ICP备12345678号-{number}",
        police_number=f"鲁公网安备{region[:4]}02{number:08d}号",
        organizer=extra.pop("organizer", home_title),
        operator=extra.pop("operator", "示范市大数据中心"),
        phone=f"0531-8800{number:04d}",
        email=f"web{number:02d}@shifan.example.gov.cn",
        address=extra.pop("address", f"示范市政务大道{number}号"),
        **extra,
    )


SITES = [
    _site(
        "www.localhost",
        "示范市人民政府门户网站",
        "示范市人民政府",
        "www",
        "city_portal",
        1,
        organizer="示范市人民政府办公室",
        is_default=True,
        languages=("en",),
    ),
    _site(
        "dc.localhost",
        "示范市东城区人民政府门户网站",
        "东城区人民政府",
        "dc",
        "county_portal",
        1,
        region="370102",
        organizer="示范市东城区人民政府办公室",
        parent_slug="www",
    ),
    _site(
        "xc.localhost",
        "示范市西城县人民政府门户网站",
        "西城县人民政府",
        "xc",
        "county_portal",
        1,
        region="370124",
        organizer="示范市西城县人民政府办公室",
        parent_slug="www",
    ),
    _site(
        "fgw.localhost",
        "示范市发展和改革委员会网站",
        "示范市发展和改革委员会",
        "fgw",
        "department",
        2,
        parent_slug="www",
    ),
    _site(
        "jyj.localhost",
        "示范市教育局网站",
        "示范市教育局",
        "jyj",
        "department",
        3,
        parent_slug="www",
    ),
    _site(
        "wjw.localhost",
        "示范市卫生健康委员会网站",
        "示范市卫生健康委员会",
        "wjw",
        "department",
        4,
        parent_slug="www",
    ),
    _site(
        "jd.localhost",
        "东城区和平街道办事处网站",
        "东城区和平街道办事处",
        "jd",
        "township",
        2,
        region="370102",
        parent_slug="dc",
    ),
    # A township without a website of its own: a sub-site at dc.localhost/qtz/.
    DemoSite(
        "",
        "示范市东城区青台镇人民政府",
        "青台镇人民政府",
        "qtz",
        "township",
        organizer="示范市东城区青台镇人民政府",
        operator="示范市东城区青台镇党政办公室",
        phone="0531-88123456",
        email="qtz@dc.shifan.example.gov.cn",
        address="示范市东城区青台镇青台路1号",
        parent_slug="dc",
        is_subsite=True,
    ),
    # Closed when the grain bureau was merged into the development commission:
    # its domain answers 410 and names the successor.
    _site(
        "lsj.localhost",
        "示范市粮食局网站",
        "示范市粮食局",
        "lsj",
        "department",
        5,
        parent_slug="www",
        closed_successor_slug="fgw",
    ),
]

# Each site's publishing organisation; the codes are fictitious but carry valid
# check characters (GB 11714, GB 32100).
ORGANIZATIONS = {
    "www": DemoOrganization("示范市人民政府办公室", "MB0010006", "11110100MB0010006B"),
    "dc": DemoOrganization(
        "示范市东城区人民政府办公室", "MB0010073", "11110101MB0010073P"
    ),
    "xc": DemoOrganization(
        "示范市西城县人民政府办公室", "MB0010145", "11110102MB0010145Y"
    ),
    "fgw": DemoOrganization(
        "示范市发展和改革委员会", "MB0010217", "11110100MB0010217T"
    ),
    "jyj": DemoOrganization("示范市教育局", "MB0010284", "11110100MB0010284Q"),
    "wjw": DemoOrganization("示范市卫生健康委员会", "MB0010356", "11110100MB0010356H"),
    "jd": DemoOrganization(
        "示范市东城区和平街道办事处", "MB0010428", "11110101MB0010428Q"
    ),
    "qtz": DemoOrganization(
        "示范市东城区青台镇人民政府", "MB0010495", "11110101MB0010495N"
    ),
    "lsj": DemoOrganization("示范市粮食局", "MB0010516", "11110101MB00105167"),
}

# Catalog columns the demo fills by name. Every site's columns come from the
# registry's skeleton for its type (home/skeletons.json, 栏目模板).
POLICY_COLUMN = "zcwj"
INTERPRETATION_COLUMN = "zcjd"
# 通知公告 is a column of its own on every site (content.NoticeIndexPage, in the
# menu); a second, always-empty one in the catalog was only noise.
PLANNING_COLUMN = "ghjh"
ANNUAL_REPORT_COLUMN = "ndbg"
# Catalog columns of earlier versions of the demo, removed while still empty.
RETIRED_COLUMNS = ["tzgg"]


@dataclass(frozen=True)
class DemoDocument:
    """A current document every open site publishes, so that no catalog column
    of the demo is blank or stale. ``{org}`` is the site's organ, ``{year}`` the
    year of publication; the date is ``days_ago`` before loading."""

    column: str
    slug: str
    title: str
    genre: str
    days_ago: int
    numbered: bool = False


DOCUMENTS = [
    DemoDocument(
        POLICY_COLUMN,
        "work-points",
        "{org}关于印发{year}年政务公开工作要点的通知",
        "notice",
        days_ago=36,
        numbered=True,
    ),
    DemoDocument(
        PLANNING_COLUMN,
        "work-plan",
        "{org}{year}年重点工作计划",
        "work_plan",
        days_ago=58,
    ),
]

# One current document in each further statutory column of the skeleton (by
# column slug), so that no column of a demo site is blank: (slug, title, genre,
# days before loading). A site has only the columns of its type's skeleton.
# 新闻发布会, 政府公报 and 建议提案办理结果 hold their own page types, filled by
# demo/statutory_content.py.
COLUMN_DOCUMENTS = {
    "tjxx": ("statistics", "{org}{year}年上半年主要统计数据", "statistics", 40),
    "xzxk": ("licensing", "{org}行政许可事项清单（{year}年版）", "other", 45),
    "xzcf": ("enforcement", "{org}行政处罚裁量基准", "normative", 50),
    "czyjs": ("budget", "{org}{year}年部门预算", "report", 60),
    "xzsf": ("fees", "{org}行政事业性收费目录清单", "other", 55),
    "zfcg": ("procurement", "{org}{year}年政府集中采购目录及标准", "notice", 65),
    "zdxm": ("key-projects", "{org}{year}年重大建设项目批准和实施情况", "report", 30),
    "zdly": ("employment", "{org}促进就业和社会保障政策措施落实情况", "report", 35),
    "yjgl": ("emergency", "{org}突发事件总体应急预案", "normative", 70),
    "jdjc": ("supervision", "{org}{year}年安全生产监督检查情况", "bulletin", 25),
    "rsxx": ("recruitment", "{org}{year}年公开招聘工作人员公告", "announcement", 75),
    "szjs": ("public-works", "{org}市政建设和公共服务重点工作进展情况", "report", 42),
    "tdzs": ("land", "{org}土地征收成片开发方案", "announcement", 48),
    "shjz": ("assistance", "{org}最低生活保障标准调整情况", "notice", 52),
}

# 机关代字 of each site's documents (fictitious, in the national form).
DOCUMENT_NUMBER_PREFIXES = {
    "www": "示政办发",
    "dc": "东政办发",
    "xc": "西政办发",
    "fgw": "示发改发",
    "jyj": "示教发",
    "wjw": "示卫健发",
    "jd": "和平街办发",
    "qtz": "青政发",
}

# Defects planted on purpose, so that the inspection has something to find
# (docs/demo.md; tests/demo/test_demo_inspection.py): the township sub-site
# 青台镇 has no 机构概况 section, so it lacks the 概况信息, 机构职能 and 负责人信息
# columns (D2 basic information).
SITES_WITHOUT_OVERVIEW = {"qtz"}
# The township 和平街道 has one 政务咨询 message received four months ago and
# still unanswered (demo.interaction): the inspection flags veto V5.
V5_OVERDUE_SITE = "jd"

# The five seed documents (demo/seeds/) and where they
# are published. Their metadata is extracted from the text by the importer.
SEEDS = [
    DemoSeed("www", "001_eaf0520579add82e.txt", requires_interpretation=True),
    DemoSeed("www", "003_0e9302380cde4dfc.txt"),
    DemoSeed("dc", "000_2fdef0cc1ab6e235.txt"),
    DemoSeed("xc", "004_1742e9cc53a0fb79.txt"),
    DemoSeed("jd", "002_0eaa1f1aa80f0027.txt"),
]
