import io

import pytest
from django.core.management import call_command
from django.utils.timezone import localtime
from wagtail.models import Page, Site

from demo.cluster import SEEDS, SITES
from disclosure_pages.models import DisclosureDocumentPage
from home.models import HomePage
from site_registry import selectors
from site_registry.models import SiteProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_cluster(module_demo_cluster, db):
    """Loaded once for this module (tests/conftest.py)."""
    return module_demo_cluster


FULL_SITES = [spec for spec in SITES if not spec.is_subsite]
OPEN_SITES = [spec for spec in FULL_SITES if spec.is_open]


def test_creates_every_site_with_its_own_home(demo_cluster):
    sites = {site.hostname: site for site in Site.objects.all()}
    assert set(sites) == {spec.hostname for spec in FULL_SITES}
    for spec in FULL_SITES:
        site = sites[spec.hostname]
        assert site.site_name == spec.site_name
        assert isinstance(site.root_page.specific, HomePage)
        assert site.root_page.live
    assert [s.hostname for s in Site.objects.filter(is_default_site=True)] == [
        "www.localhost"
    ]
    # Every site has its own home page: no two sites share a root.
    assert len({site.root_page_id for site in sites.values()}) == len(FULL_SITES)


def test_every_demo_site_has_a_complete_valid_profile(demo_cluster):
    for spec in SITES:
        profile = SiteProfile.objects.get(name=spec.site_name)
        profile.full_clean()
        assert selectors.missing_profile_fields(profile=profile) == [], spec.site_name
        assert profile.is_subsite == spec.is_subsite
        assert profile.is_open == spec.is_open
    assert SiteProfile.objects.count() == len(SITES)
    qtz = SiteProfile.objects.get(name="示范市东城区青台镇人民政府")
    assert qtz.parent.name == "示范市东城区人民政府门户网站"


def test_subsite_and_closed_site(client, demo_cluster):
    html = client.get("/qtz/", HTTP_HOST="dc.localhost").content.decode()
    assert '<h1 class="visually-hidden">青台镇人民政府</h1>' in html
    response = client.get("/", HTTP_HOST="lsj.localhost")
    assert response.status_code == 410
    assert "示范市发展和改革委员会网站" in response.content.decode()


def _library_documents():
    from reposting.selectors import library

    return DisclosureDocumentPage.objects.descendant_of(library()).values("pk")


def test_library_documents_are_reposted_to_county_and_township_sites(
    client, demo_cluster
):
    from reposting.models import RepostPage

    assert (
        DisclosureDocumentPage.objects.filter(pk__in=_library_documents()).count() == 3
    )
    sites = set(
        RepostPage.objects.values_list("target_site__root_page__slug", flat=True)
    )
    assert sites == {"dc", "xc", "jd", "qtz"}
    repost = RepostPage.objects.get(
        target_site__root_page__slug="jd", source__document_number="国发〔2024〕10号"
    )
    response = client.get(repost.url, HTTP_HOST="jd.localhost")
    assert response.status_code == 200
    assert "来源：" in response.content.decode()


def test_seed_documents_are_published_with_their_text(demo_cluster):
    # The sites' own documents; the upstream library (#4) holds the others.
    documents = (
        DisclosureDocumentPage.objects.live()
        .exclude(pk__in=_library_documents())
        .filter(source_id__startswith="doc-")
    )
    assert documents.count() == len(SEEDS) == 5
    notice = documents.get(document_number="十政办发〔2015〕32号")
    assert notice.title.startswith("市人民政府办公室关于印发2015年")
    assert "以公开为常态、不公开为例外" in notice.body
    assert notice.first_published_at.date().isoformat() == "2015-04-23"
    assert notice.get_site().hostname == "www.localhost"
    # Metadata comes from the plain-text importer, not from hand-written data.
    assert notice.imported and notice.original_publisher == "市人民政府办公室"
    assert notice.written_date.isoformat() == "2015-04-23"
    assert notice.index_number == "MB0010006/2015-00001"
    assert notice.requires_interpretation
    # The district seed names only its year (2015年全区…): it is dated in that
    # year, not on the day of loading, and sorts below the site's current work.
    district = documents.get(source_id="doc-000")
    assert localtime(district.first_published_at).date().isoformat() == "2015-01-01"
    assert district.written_date is None
    zhonglou = documents.get(source_id="doc-004")
    assert zhonglou.original_publisher == "常州市钟楼区人民政府办公室"
    assert zhonglou.get_site().hostname == "xc.localhost"


def test_notice_has_interpretations_on_two_sites(demo_cluster):
    from policy_interpretation.selectors import interpretations_of

    notice = DisclosureDocumentPage.objects.get(source_id="doc-001")
    sites = {i.get_site().hostname for i in interpretations_of(document=notice)}
    assert sites == {"www.localhost", "dc.localhost"}


def test_is_idempotent(demo_cluster_with_content):
    pages_before = Page.objects.count()
    call_command("load_demo_cluster", stdout=io.StringIO())
    assert Page.objects.count() == pages_before
    assert Site.objects.count() == len(FULL_SITES)
    assert SiteProfile.objects.count() == len(SITES)
    assert not Page.objects.filter(title="Welcome to your new Wagtail site!").exists()


@pytest.mark.parametrize("spec", OPEN_SITES, ids=lambda spec: spec.hostname)
def test_each_host_serves_its_own_site(client, demo_cluster, spec):
    response = client.get("/", HTTP_HOST=spec.hostname)
    assert response.status_code == 200
    html = response.content.decode()
    # The home page's h1 is for screen readers; the header shows the site name.
    assert f'<h1 class="visually-hidden">{spec.home_title}</h1>' in html
    assert f'<meta name="SiteName" content="{spec.site_name}">' in html
    assert f'<meta name="SiteIDCode" content="{spec.code}">' in html
    assert spec.icp_number in html and spec.police_number in html


def test_document_page_shows_metadata(client, demo_cluster):
    response = client.get("/xxgk/zcwj/doc-001/", HTTP_HOST="www.localhost")
    html = response.content.decode()
    assert response.status_code == 200
    assert "十政办发〔2015〕32号" in html
    assert "2015-04-23" in html
    assert '<meta name="ArticleTitle"' in html


def test_document_is_not_served_on_another_site(client, demo_cluster):
    url = "/xxgk/zcwj/doc-001/"
    assert client.get(url, HTTP_HOST="dc.localhost").status_code == 404


def test_admin_user_created_once(db, django_user_model):
    # The command loads the whole cluster itself; no fixture needed.
    call_command(
        "load_demo_cluster", "--admin-password", "a-long-demo-pass", stdout=None
    )
    call_command("load_demo_cluster", "--admin-password", "other-password-x")
    admin = django_user_model.objects.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password("a-long-demo-pass")
