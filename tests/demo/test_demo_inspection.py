"""The demo cluster passes its own inspection, except for the defect planted on
purpose and documented in docs/demo.md."""

import pytest

from demo.cluster import SITES, V5_OVERDUE_SITE
from inspection import rules as rule_registry
from inspection import services
from inspection.choices import ACTIVE_STATUSES, Indicator, RunStatus
from inspection.models import Finding

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_cluster_with_content(module_demo_cluster_with_content, db):
    """Loaded once for this module (tests/conftest.py)."""
    return module_demo_cluster_with_content


# A fresh database has no reachability probes (they accumulate over seven days
# of `probe_sites`), so the reachability rule can only advise to run them.
NOT_YET = {"reachability"}
CHECKS = [name for name in rule_registry.all_rules() if name not in NOT_YET]

V5_SITE_NAME = next(s.site_name for s in SITES if s.slug == V5_OVERDUE_SITE)
PLANTED = {
    ("示范市东城区青台镇人民政府", "basic_information", "网站缺少“概况信息”栏目。"),
    ("示范市东城区青台镇人民政府", "basic_information", "网站缺少“机构职能”栏目。"),
    ("示范市东城区青台镇人民政府", "basic_information", "网站缺少“负责人信息”栏目。"),
}


def test_demo_finds_only_the_planted_defect(demo_cluster_with_content):
    run = services.run_inspection(checks=CHECKS)
    assert run.status == RunStatus.COMPLETE, run.status
    findings = Finding.objects.filter(status__in=ACTIVE_STATUSES).select_related("site")
    found = {
        (finding.site.name, finding.rule, finding.message)
        for finding in findings.exclude(indicator=Indicator.V5)
    }
    assert found == PLANTED
    # The planted V5 message (demo.cluster.V5_OVERDUE_SITE) is flagged on its
    # site alone, once: every other site answers within 3 months.
    v5 = findings.filter(indicator=Indicator.V5)
    assert [f.site.name for f in v5] == [V5_SITE_NAME]
    assert "interaction_response" in CHECKS


def test_city_portal_has_one_notice_column(client, demo_cluster_with_content):
    html = client.get("/site-map/", HTTP_HOST="www.localhost").content.decode()
    site_map = html[html.index('<ul class="site-map">') : html.index("</main>")]
    assert site_map.count(">通知公告</a>") == 1
    assert client.get("/xxgk/tzgg/", HTTP_HOST="www.localhost").status_code == 404


def test_guide_phone_matches_the_footer(client, demo_cluster_with_content):
    for host, phone in [("www.localhost", "0531-88000001"), ("dc.localhost", "")]:
        html = client.get("/xxgk/gkzn/", HTTP_HOST=host).content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        body = html[: html.index('<footer class="site-footer">')]
        assert "010-" not in html
        footer_phone = footer.split("联系电话：", 1)[1].split("　", 1)[0]
        assert footer_phone in body, host
        if phone:
            assert footer_phone == phone


def _kind(page) -> str:
    return getattr(page, "column_kind", None) or getattr(page, "kind", "")


def test_every_open_demo_site_matches_its_skeleton(demo_cluster_with_content):
    """Each open site has every page of its type's skeleton, same type and kind,
    except the planted defect: 青台镇 has no 机构概况 section."""
    from wagtail.models import Page

    from home.selectors import site_type_for_level
    from home.services import skeleton_for
    from site_registry.models import SiteProfile

    for spec in SITES:
        if not spec.is_open:
            continue
        home = SiteProfile.objects.get(name=spec.site_name).root_page
        specs = skeleton_for(site_type=site_type_for_level(spec.level))
        missing = []
        for entry in specs:
            page = (
                Page.objects.filter(url_path=f"{home.url_path}{entry.path}/")
                .specific()
                .first()
            )
            if page is None:
                missing.append(entry.path)
                continue
            model = type(page)
            assert f"{model._meta.app_label}.{model.__name__}" == entry.page_type
            assert page.live, (spec.slug, entry.path)
            if entry.kind:
                assert _kind(page) == entry.kind, (spec.slug, entry.path)
        if spec.slug == "qtz":
            assert missing == ["about", "about/functions", "about/leaders"]
        else:
            assert missing == [], spec.slug


def test_an_old_plain_services_page_becomes_the_service_column(
    client, demo_cluster_with_content
):
    from content.models import StandardPage
    from demo.public_content import load_public_content
    from disclosure_pages.models import DisclosureIndexPage
    from service_guides.models import ServiceIndexPage
    from site_registry.models import SiteProfile

    home = SiteProfile.objects.get(name=SITES[0].site_name).root_page
    ServiceIndexPage.objects.child_of(home).delete()
    old = StandardPage(title="办事服务", slug="services", body=[], live=True)
    home.add_child(instance=old)
    catalog = DisclosureIndexPage.objects.child_of(home).get()
    load_public_content(slug="www", catalog=catalog)
    assert not StandardPage.objects.child_of(home).filter(slug="services").exists()
    services = ServiceIndexPage.objects.child_of(home).get(slug="services")
    home.refresh_from_db()
    links = next(b for b in home.specific.body if b.block_type == "quick_links")
    assert services.pk in [
        link["page"].pk for link in links.value["links"] if link["page"]
    ]
    response = client.get("/services/", HTTP_HOST="www.localhost")
    assert response.status_code == 200
