"""The demo's service guides: complete guides under every open site's 办事服务
column, which the home page's quick link opens; an old database's plain
办事服务 page is replaced by the column on reload."""

import pytest

from content.models import StandardPage
from demo.cluster import SITES
from demo.public_content import load_public_content
from demo.service_guides import load_demo_service_guides
from disclosure_pages.models import DisclosureIndexPage
from home.models import HomePage
from service_guides.models import ServiceGuidePage, ServiceIndexPage
from service_guides.selectors import missing_elements

pytestmark = pytest.mark.django_db

OPEN = [spec for spec in SITES if spec.is_open]


@pytest.fixture
def cluster(module_demo_cluster_with_content, db):
    return module_demo_cluster_with_content


def test_every_open_site_offers_complete_guides(cluster):
    for spec in OPEN:
        index = ServiceIndexPage.objects.get(
            url_path__endswith=f"/{spec.slug}/services/"
        )
        guides = list(ServiceGuidePage.objects.child_of(index).live())
        assert len(guides) >= 2, spec.slug
        for guide in guides:
            assert missing_elements(guide) == [], (spec.slug, guide.title)
    township = ServiceIndexPage.objects.get(url_path="/dc/qtz/services/")
    titles = set(
        ServiceGuidePage.objects.child_of(township).values_list("title", flat=True)
    )
    assert "居民身份证办理" in titles


def test_quick_link_opens_the_listing(cluster, client):
    home = HomePage.objects.get(slug="wjw")
    index = ServiceIndexPage.objects.child_of(home).get()
    links = [
        link
        for block in home.body
        if block.block_type == "quick_links"
        for link in block.value["links"]
    ]
    assert index.pk in [link["page"].pk for link in links if link["page"]]
    html = client.get("/services/", HTTP_HOST="wjw.localhost").content.decode()
    assert "医师执业注册" in html and "医疗机构执业登记" in html


def test_an_old_plain_services_page_is_replaced(cluster):
    spec = next(spec for spec in OPEN if spec.slug == "jyj")
    home = HomePage.objects.get(slug="jyj")
    ServiceIndexPage.objects.child_of(home).get().delete()
    old = StandardPage(title="办事服务", slug="services", body=[])
    home.add_child(instance=old)
    catalog = DisclosureIndexPage.objects.child_of(home).get()
    load_public_content(slug="jyj", catalog=catalog, address=spec.address)
    load_demo_service_guides(["jyj"])
    assert not StandardPage.objects.filter(pk=old.pk).exists()
    index = ServiceIndexPage.objects.child_of(home).get()
    assert index.live
    assert ServiceGuidePage.objects.child_of(index).live().count() == 2
