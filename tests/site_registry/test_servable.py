"""One notion of a servable site: a sub-site of a closed portal is closed with it.

The portal (东城区) is closed while its sub-sites stay open in the registry
(legacy data: the close service itself refuses a portal with open children).
Every public reader must then hide the sub-sites as it hides a closed site.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content.models import ClusterDirectoryPage
from inspection import tasks
from inspection.models import InspectionRun, RunStep
from inspection.rules.base import Rule
from site_registry import hierarchy, roles
from site_registry.choices import SiteKind, SiteStatus
from site_registry.models import SiteProfile
from site_registry.selectors import subsite_in_site
from tests.factories.disclosure import make_organization
from tests.reposting.helpers import build_cluster
from tests.site_registry.factories import open_subsite
from tests.two_factor import login_verified

pytestmark = pytest.mark.django_db

WWW = {"HTTP_HOST": "www.city.localhost"}
REGISTRY = "wagtailsnippets_site_registry_siteprofile"


class Cluster:
    """city → fgw, county (closed) → township sub-site, jyj (demoted into it)."""


@pytest.fixture
def cluster(django_user_model):
    holder = Cluster()
    build_cluster(holder)
    # 教育局 kept its domain when it became a sub-site of the county portal.
    hierarchy.demote_site(profile=holder.jyj, into=holder.county)
    holder.jyj.refresh_from_db()
    directory = ClusterDirectoryPage(title="网站群导航", slug="sites")
    holder.city.root_page.add_child(instance=directory)
    directory.save_revision().publish()
    holder.county.status = SiteStatus.CLOSED
    holder.county.save()
    holder.admin = django_user_model.objects.create_superuser(
        "boss", "boss@example.invalid", "pw-12345-abc"
    )
    return holder


def _hidden(holder):
    return [holder.township, holder.jyj]


def test_servable_queryset_and_property_agree(cluster):
    shown = set(SiteProfile.objects.servable())
    assert shown == {cluster.city, cluster.fgw}
    assert {p for p in SiteProfile.objects.all() if p.is_servable} == shown
    assert set(SiteProfile.objects.open()) == {
        cluster.city,
        cluster.fgw,
        cluster.township,
        cluster.jyj,
    }
    with CaptureQueriesContext(connection) as queries:
        list(SiteProfile.objects.servable())
    assert len(queries) == 1


def test_a_sub_site_of_a_sub_site_follows_the_whole_chain(cluster):
    district = open_subsite(
        cluster.city,
        slug="xq",
        name="示范市新区管理委员会",
        level="county_portal",
        organizer="示范市新区管理委员会",
    )
    street = open_subsite(
        district, slug="jd", name="示范市新区某街道办事处", organizer="某街道办事处"
    )
    assert street in SiteProfile.objects.servable() and street.is_servable
    district.status = SiteStatus.CLOSED
    district.save()
    street.refresh_from_db()
    assert street not in SiteProfile.objects.servable()
    assert not street.is_servable
    cluster.city.status = SiteStatus.CLOSED
    cluster.city.save()
    district.status = SiteStatus.OPEN
    district.save()
    street.refresh_from_db()
    assert street not in SiteProfile.objects.servable()
    assert not street.is_servable


def test_a_full_site_is_served_on_its_own_status(cluster):
    # A department site has its own domain: its parent's status does not matter.
    cluster.city.status = SiteStatus.CLOSED
    cluster.city.save()
    assert cluster.fgw.kind == SiteKind.SITE
    assert cluster.fgw in SiteProfile.objects.servable()
    assert client_get_status(cluster.fgw) == 200


def client_get_status(profile):
    from django.test import Client

    return Client().get("/", HTTP_HOST=profile.primary_domain.hostname).status_code


def test_kept_domain_of_a_sub_site_answers_as_a_closed_site(client, cluster):
    response = client.get("/xxgk/", HTTP_HOST="jyj.city.localhost")
    assert response.status_code == 410
    assert "“示范市教育局”已关闭" in response.content.decode()
    # Its pages on the portal's own host answer the same (the portal is closed).
    assert client.get("/qtz/", HTTP_HOST="dc.city.localhost").status_code == 410


def test_cluster_directory_leaves_them_out(client, cluster):
    html = client.get("/sites/", **WWW).content.decode()
    assert "示范市发展和改革委员会网站" in html
    for profile in [*_hidden(cluster), cluster.county]:
        assert profile.name not in html


def _checkbox_values(html, name):
    return {int(v) for v in re.findall(rf'name="{name}" value="(\d+)"', html)}


def _select_values(html, name):
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return {int(v) for v in re.findall(r'<option value="(\d+)"', select)}


def test_repost_form_offers_only_servable_targets(client, cluster):
    login_verified(client, cluster.admin)
    url = reverse("reposting:repost", args=[cluster.source.pk])
    html = client.get(url, **WWW).content.decode()
    offered = _checkbox_values(html, "sites")
    assert offered == {cluster.city.pk, cluster.fgw.pk}
    assert _select_values(html, "parent") == offered


class NoopRule(Rule):
    name = "noop"
    label = "noop"

    def check(self, *, site, context):
        return []


def test_inspection_run_skips_them(
    client, cluster, settings, django_capture_on_commit_callbacks
):
    settings.INSPECTION_RULES = ["tests.site_registry.test_servable.NoopRule"]
    login_verified(client, cluster.admin)
    with django_capture_on_commit_callbacks():
        assert client.post(reverse("inspection_run:start"), **WWW).status_code == 302
    run = InspectionRun.objects.get()
    tasks.execute_run.call(run.pk)
    inspected = set(RunStep.objects.filter(run=run).values_list("site", flat=True))
    assert inspected == {cluster.city.pk, cluster.fgw.pk}


def test_registry_forms_offer_only_servable_sites(client, cluster):
    login_verified(client, cluster.admin)
    html = client.get(reverse(f"{REGISTRY}:add"), **WWW).content.decode()
    assert _select_values(html, "parent") == {cluster.city.pk, cluster.fgw.pk}
    close = reverse(f"{REGISTRY}:close", args=[cluster.township.pk])
    html = client.get(close, **WWW).content.decode()
    assert _select_values(html, "successor") == {cluster.city.pk, cluster.fgw.pk}
    # The office still sees and manages them in the registry list.
    listing = client.get(reverse(f"{REGISTRY}:list"), **WWW).content.decode()
    for profile in _hidden(cluster):
        assert profile.name in listing


ORGS = reverse("wagtailsnippetchoosers_disclosure_pages_organization:choose")


def test_organization_chooser_hides_their_organizations(
    client, cluster, django_user_model
):
    township_org = make_organization("青台镇人民政府")
    township_org.sites.add(cluster.township)
    city_org = make_organization("示范市人民政府办公室")
    city_org.sites.add(cluster.city)
    editor = django_user_model.objects.create_user("qtz-ed", password="pw-12345-abc")
    editor.groups.add(cluster.township.editors_group)
    login_verified(client, editor)
    html = client.get(ORGS, **WWW).json()["html"]
    assert "青台镇人民政府" not in html
    office = django_user_model.objects.create_user("office", password="pw-12345-abc")
    office.groups.add(Group.objects.get(name=roles.OFFICE_GROUP))
    login_verified(client, office)
    html = client.get(ORGS, **WWW).json()["html"]
    assert "示范市人民政府办公室" in html
    assert "青台镇人民政府" not in html


def test_search_scope_refuses_them(cluster):
    # The scope a sub-site's search box sends (?subsite=pk), on any host.
    for profile in _hidden(cluster):
        assert subsite_in_site(site=cluster.county.site, pk=profile.pk) is None


def test_link_check_reports_links_to_them_as_closed(cluster):
    from inspection.rules import get_rule
    from inspection.rules.base import InspectionContext
    from tests.inspection.helpers import TODAY, document, set_body

    page = document(
        cluster.columns[cluster.city.pk], cluster.state_council, slug="links"
    )
    set_body(page, '<p><a href="http://jyj.city.localhost/xxgk/">教育局</a></p>')
    context = InspectionContext(TODAY, shared={})
    problems = list(get_rule("links").check(site=cluster.city, context=context))
    assert [p.fingerprint for p in problems] == [
        "closed:http://jyj.city.localhost/xxgk/"
    ]
