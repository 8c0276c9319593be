"""Open small clusters through the real registry service."""

from site_registry import lifecycle
from tests.factories.disclosure import ensure_tree_root

_counter = iter(range(10, 10_000))


def open_full_site(name, hostname, *, level="department", parent=None, **extra):
    ensure_tree_root()
    number = next(_counter)
    defaults = {
        "code": f"3701{number:06d}",
        "organizer": name.removesuffix("门户网站").removesuffix("网站"),
        "phone": "0531-12345678",
        "email": "web@example.gov.cn",
        "address": "示范市政务大道1号",
        "icp_number": f"鲁ICP备{number:08d}号-1",
        "police_number": f"鲁公网安备370102{number:08d}号",
    }
    return lifecycle.open_site(
        name=name,
        level=level,
        parent=parent,
        hostname=hostname,
        **{**defaults, **extra},
    )


def open_city():
    """A city portal with two department sites: the two-site isolation fixture."""
    city = open_full_site(
        "示范市人民政府门户网站", "www.city.localhost", level="city_portal"
    )
    fgw = open_full_site(
        "示范市发展和改革委员会网站", "fgw.city.localhost", parent=city
    )
    jyj = open_full_site("示范市教育局网站", "jyj.city.localhost", parent=city)
    return city, fgw, jyj


def open_county(city, hostname="dc.city.localhost", **extra):
    return open_full_site(
        "示范市东城区人民政府门户网站",
        hostname,
        level="county_portal",
        parent=city,
        **extra,
    )


def open_subsite(parent, slug="qtz", **extra):
    defaults = {
        "name": "示范市东城区青台镇人民政府",
        "level": "township",
        "organizer": "青台镇人民政府",
    }
    return lifecycle.open_site(
        parent=parent, subsite_slug=slug, **{**defaults, **extra}
    )
