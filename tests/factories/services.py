"""Service guides (办事指南) for tests: a 办事服务 column and complete guides."""

from __future__ import annotations

import itertools

from disclosure_pages.models import Organization
from home.models import HomePage
from service_guides.models import (
    ServiceGuidePage,
    ServiceIndexPage,
    ServiceMaterial,
    ServiceStep,
)

_serial = itertools.count(1)

COMPLETE = {
    "legal_basis": "《中华人民共和国居民身份证法》第八条。",
    "conditions": "具有本市常住户口的中国公民。",
    "location": "示范市政务服务中心一楼3号窗口",
    "fees": "不收费",
    "hours": "工作日9:00—12:00、13:30—17:00；承诺时限5个工作日。",
    "phone": "0531-88001234",
    "online_url": "https://www.sdzwfw.gov.cn/",
}


def make_service_index(home: HomePage, slug: str = "services") -> ServiceIndexPage:
    index = ServiceIndexPage(title="办事服务", slug=slug)
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def make_guide(
    index: ServiceIndexPage,
    *,
    organization: Organization | None,
    publish: bool = True,
    materials: int = 2,
    steps: int = 3,
    **values,
) -> ServiceGuidePage:
    """A guide with every element filled (override or blank them in ``values``)."""
    n = next(_serial)
    fields = {
        "title": f"测试事项{n}",
        "slug": f"guide-{n}",
        **COMPLETE,
        **values,
    }
    guide = ServiceGuidePage(organization=organization, live=False, **fields)
    guide.materials = [
        ServiceMaterial(name=f"材料{i + 1}", form="original", originals=1, copies=0)
        for i in range(materials)
    ]
    guide.steps = [ServiceStep(title=f"步骤{i + 1}") for i in range(steps)]
    index.add_child(instance=guide)
    if publish:
        guide.save_revision().publish()
        guide.refresh_from_db()
    return guide
