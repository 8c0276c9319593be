"""Sites, a channel and the form data the submission tests share."""

from __future__ import annotations

from interaction.models import Channel
from site_registry.models import SiteProfile
from tests.factories.disclosure import make_site

HOST = "alpha.localhost"
OTHER_HOST = "beta.localhost"


def make_profile(slug: str) -> SiteProfile:
    """A registered site answering on ``<slug>.localhost``."""
    site, _home = make_site(slug)
    return SiteProfile.objects.get(site=site)


def make_channel(site, slug="zxzx", **values) -> Channel:
    values.setdefault("kind", "consultation")
    values.setdefault("name", "政务咨询")
    # update: an opened site already has its default 政务咨询 channel (zxzx).
    return Channel.objects.update_or_create(site=site, slug=slug, defaults=values)[0]


def form_data(**overrides) -> dict:
    data = {
        "title": "关于小区供暖的问题",
        "content": "我家小区今年供暖温度一直偏低，请有关部门核实处理。",
        "contact_name": "张三",
        "contact_phone": "13812345678",
        "contact_email": "",
        "wants_public": "1",
        "homepage": "",
    }
    data.update(overrides)
    return data


def write_url(slug="zxzx", prefix="") -> str:
    return f"{prefix}/interaction/{slug}/write/"


def post(client, data, *, host=HOST, ip="203.0.113.5", slug="zxzx"):
    return client.post(write_url(slug), data, HTTP_HOST=host, REMOTE_ADDR=ip)
