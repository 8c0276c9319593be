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
