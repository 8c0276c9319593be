"""The demo cluster: a city portal with county, department and township sites."""

import datetime
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
class DemoDocument:
    site_slug: str
    seed_file: str
    title: str
    document_number: str
    publisher_name: str
    written_date: datetime.date | None


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

# The five seed documents (demo/seeds/, copied from shared/seeds/) and where they
# are published. Metadata as given in the seeds' README.
DOCUMENTS = [
    DemoDocument(
        "www",
        "001_eaf0520579add82e.txt",
        "市人民政府办公室关于印发2015年全市政务公开政务服务工作要点的通知",
        "十政办发〔2015〕32号",
        "市人民政府办公室",
        datetime.date(2015, 4, 23),
    ),
    DemoDocument(
        "www",
        "003_0e9302380cde4dfc.txt",
        "2007年永州市政务公开工作要点",
        "",
        "永州市人民政府",
        datetime.date(2007, 5, 8),
    ),
    DemoDocument(
        "dc",
        "000_2fdef0cc1ab6e235.txt",
        "2015年全区政务公开政务服务工作要点",
        "",
        "君山区人民政府",
        None,
    ),
    DemoDocument(
        "xc",
        "004_1742e9cc53a0fb79.txt",
        "钟楼区2018年政务公开工作要点实施方案",
        "",
        "常州市钟楼区人民政府办公室",
        datetime.date(2018, 7, 30),
    ),
    DemoDocument(
        "jd",
        "002_0eaa1f1aa80f0027.txt",
        "区委政务公开任务要点通知",
        "",
        "",
        None,
    ),
]
