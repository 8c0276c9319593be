"""The demo cluster: a city portal with county, department and township sites."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoSite:
    hostname: str
    site_name: str
    home_title: str
    slug: str
    is_default: bool = False


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


@dataclass(frozen=True)
class DemoColumn:
    slug: str
    title: str
    kind: str


SITES = [
    DemoSite("www.localhost", "示范市人民政府门户网站", "示范市人民政府", "www", True),
    DemoSite("dc.localhost", "示范市东城区人民政府门户网站", "东城区人民政府", "dc"),
    DemoSite("xc.localhost", "示范市西城县人民政府门户网站", "西城县人民政府", "xc"),
    DemoSite(
        "fgw.localhost", "示范市发展和改革委员会网站", "示范市发展和改革委员会", "fgw"
    ),
    DemoSite("jyj.localhost", "示范市教育局网站", "示范市教育局", "jyj"),
    DemoSite(
        "wjw.localhost", "示范市卫生健康委员会网站", "示范市卫生健康委员会", "wjw"
    ),
    DemoSite("jd.localhost", "东城区和平街道办事处网站", "东城区和平街道办事处", "jd"),
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
}

# The columns of every site's catalog (信息公开).
POLICY_COLUMN = "zcwj"
INTERPRETATION_COLUMN = "zcjd"
COLUMNS = [
    DemoColumn(POLICY_COLUMN, "政策文件", "policy"),
    DemoColumn("tzgg", "通知公告", "notices"),
    DemoColumn(INTERPRETATION_COLUMN, "政策解读", "interpretation"),
    DemoColumn("ghjh", "规划计划", "plans"),
    DemoColumn("ndbg", "政府信息公开年报", "annual_report"),
]

# The five seed documents (demo/seeds/, copied from shared/seeds/) and where they
# are published. Their metadata is extracted from the text by the importer.
SEEDS = [
    DemoSeed("www", "001_eaf0520579add82e.txt", requires_interpretation=True),
    DemoSeed("www", "003_0e9302380cde4dfc.txt"),
    DemoSeed("dc", "000_2fdef0cc1ab6e235.txt"),
    DemoSeed("xc", "004_1742e9cc53a0fb79.txt"),
    DemoSeed("jd", "002_0eaa1f1aa80f0027.txt"),
]
