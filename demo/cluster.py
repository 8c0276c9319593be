"""The demo cluster: a city portal with county, department and township sites."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoSite:
    hostname: str
    site_name: str
    home_title: str
    slug: str
    is_default: bool = False


@dataclass(frozen=True)
class DemoDocument:
    site_slug: str
    seed_file: str
    title: str
    document_number: str
    publisher_name: str
    written_date: datetime.date | None


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
