import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Collection, GroupPagePermission, Page, Site

from disclosure_pages.models import DisclosureIndexPage
from home.models import HomePage
from site_registry import domains, hierarchy, languages, lifecycle, roles
from site_registry.choices import SiteKind, SiteStatus
from site_registry.models import SiteDomain, SiteProfile
from tests.site_registry.factories import (
    open_city,
    open_county,
    open_full_site,
    open_subsite,
)

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Page.objects.count(),
        Site.objects.count(),
        SiteProfile.objects.count(),
        SiteDomain.objects.count(),
        Group.objects.count(),
        Collection.objects.count(),
    )


def test_open_site_creates_everything_in_one_step():
    city, fgw, _jyj = open_city()
    assert fgw.site.hostname == "fgw.city.localhost"
    assert fgw.site.site_name == fgw.name
    assert fgw.site.root_page_id == fgw.root_page_id
    assert isinstance(fgw.root_page.specific, HomePage)
    assert fgw.root_page.live
    # The standard column skeleton.
    assert DisclosureIndexPage.objects.child_of(fgw.root_page).get().slug == "xxgk"
    assert [d.hostname for d in fgw.domains.all()] == ["fgw.city.localhost"]
    assert fgw.primary_domain.is_primary
    # Groups scoped to the site's pages and media collection.
    assert fgw.editors_group.name == "示范市发展和改革委员会网站·编辑"
    editor_perms = GroupPagePermission.objects.filter(group=fgw.editors_group)
    assert {p.page_id for p in editor_perms} == {fgw.root_page_id}
    assert "publish_page" not in {p.permission.codename for p in editor_perms}
    # The reviewers do the first review and cannot publish past the secrecy
    # review; Wagtail publishes as the secrecy group, the workflow's last step.
    reviewer_perms = GroupPagePermission.objects.filter(group=fgw.reviewers_group)
    assert "publish_page" not in {p.permission.codename for p in reviewer_perms}
    assert fgw.secrecy_group.name == "示范市发展和改革委员会网站·保密审查"
    secrecy_perms = GroupPagePermission.objects.filter(group=fgw.secrecy_group)
    assert {p.page_id for p in secrecy_perms} == {fgw.root_page_id}
    assert "publish_page" in {p.permission.codename for p in secrecy_perms}
    workflow = fgw.root_page.get_workflow()
    assert workflow.name == f"{fgw.root_page.title}发布审核流程"
    assert fgw.collection.name == fgw.name
    assert fgw.editors_group.collection_permissions.filter(
        collection=fgw.collection, permission__codename="choose_image"
    ).exists()
    assert Group.objects.filter(name=roles.OFFICE_GROUP).exists()
    assert Group.objects.filter(name=roles.AUDITOR_GROUP).exists()


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"code": "12345"}, "code", "网站标识码格式不正确"),
        ({"icp_number": "ICP123"}, "icp_number", "ICP备案号格式不正确"),
        ({"police_number": "鲁公网安备1号"}, "police_number", "公安机关备案号"),
        ({"hostname": "www.example.com"}, "hostname", "只能使用"),
        ({"hostname": "fgw.city.localhost"}, "hostname", "已登记给"),
        ({"name": "示范市教育局"}, "name", "单位全称+网站"),
        ({"level": "township"}, "parent", "不能作为"),
    ],
)
def test_bad_input_creates_nothing(settings, extra, field, message):
    city, _fgw, _jyj = open_city()
    before = _counts()
    kwargs = {"name": "示范市财政局网站", "hostname": "czj.city.localhost", **extra}
    name = kwargs.pop("name")
    hostname = kwargs.pop("hostname")
    with pytest.raises(ValidationError) as error:
        open_full_site(name, hostname, parent=city, **kwargs)
    assert any(message in m for m in error.value.message_dict[field])
    assert _counts() == before


def test_failure_late_in_opening_rolls_everything_back(monkeypatch):
    city, _fgw, _jyj = open_city()
    before = _counts()

    def broken(profile):
        raise RuntimeError("group creation failed")

    monkeypatch.setattr(lifecycle, "create_site_groups", broken)
    with pytest.raises(RuntimeError):
        open_full_site("示范市财政局网站", "czj.city.localhost", parent=city)
    assert _counts() == before


def test_duplicate_site_code_is_refused():
    city, fgw, _jyj = open_city()
    with pytest.raises(ValidationError) as error:
        open_full_site(
            "示范市财政局网站", "czj.city.localhost", parent=city, code=fgw.code
        )
    assert "该网站标识码已被其他网站使用" in str(error.value)


def test_parent_cycle_is_refused():
    city, fgw, _jyj = open_city()
    county = open_county(city)
    city.refresh_from_db()
    city.level = "county_portal"
    city.parent = county
    with pytest.raises(ValidationError) as error:
        city.full_clean()
    assert "循环" in error.value.message_dict["parent"][0]


def test_closing_a_site_with_children_is_refused():
    city, fgw, _jyj = open_city()
    with pytest.raises(ValidationError) as error:
        lifecycle.close_site(profile=city)
    assert "还有下级网站" in error.value.messages[0]
    assert "示范市发展和改革委员会网站" in error.value.messages[0]
    city.refresh_from_db()
    assert city.status == SiteStatus.OPEN


def test_close_and_merge():
    _city, fgw, jyj = open_city()
    lifecycle.close_site(profile=jyj, successor=fgw)
    jyj.refresh_from_db()
    assert jyj.status == SiteStatus.CLOSED and jyj.successor == fgw
    with pytest.raises(ValidationError, match="已经关闭"):
        lifecycle.close_site(profile=jyj)
    with pytest.raises(ValidationError, match="承接网站"):
        lifecycle.merge_site(profile=fgw, into=jyj)


def test_set_domains_rejects_a_domain_of_another_site():
    _city, fgw, jyj = open_city()
    with pytest.raises(ValidationError, match="已登记给“示范市教育局网站”"):
        domains.set_domains(profile=fgw, primary="jyj.city.localhost")
    domains.set_domains(
        profile=fgw, primary="fgw2.city.localhost", aliases=["fgw.city.localhost"]
    )
    fgw.refresh_from_db()
    assert fgw.site.hostname == "fgw2.city.localhost"
    assert fgw.primary_domain.hostname == "fgw2.city.localhost"


def test_subsite_lives_inside_its_portal():
    city, _fgw, _jyj = open_city()
    county = open_county(city)
    qtz = open_subsite(county)
    assert qtz.kind == SiteKind.SUBSITE
    assert qtz.site is None and qtz.code == ""
    assert qtz.root_page.get_parent().pk == county.root_page_id
    assert qtz.root_page.url_path == county.root_page.url_path + "qtz/"
    assert qtz.collection.get_parent() == county.collection
    assert not qtz.domains.exists()
    with pytest.raises(ValidationError, match="子站使用上级网站的域名"):
        lifecycle.open_site(
            name="示范市东城区白云镇人民政府",
            level="township",
            parent=county,
            subsite_slug="byz",
            hostname="byz.city.localhost",
            organizer="白云镇",
        )
    with pytest.raises(ValidationError, match="已有路径为“qtz”"):
        lifecycle.open_site(
            name="示范市东城区青台乡人民政府",
            level="township",
            parent=county,
            subsite_slug="qtz",
            organizer="青台乡",
        )


def test_promote_subsite_keeps_pages_and_redirects_old_urls():
    city, _fgw, _jyj = open_city()
    county = open_county(city)
    qtz = open_subsite(county)
    catalog = DisclosureIndexPage.objects.child_of(qtz.root_page).get()
    hierarchy.promote_subsite(
        profile=qtz, hostname="qtz.city.localhost", code="3701020009"
    )
    qtz.refresh_from_db()
    assert qtz.kind == SiteKind.SITE
    assert qtz.site.hostname == "qtz.city.localhost"
    assert qtz.root_page.depth == 2
    redirect = Redirect.objects.get(site=county.site, old_path="/qtz/xxgk")
    assert redirect.redirect_page_id == catalog.pk
    assert Redirect.objects.filter(site=county.site, old_path="/qtz").exists()


def test_demote_site_into_portal():
    city, fgw, _jyj = open_city()
    lifecycle.merge_site(profile=fgw, into=city, as_subsite=True)
    fgw.refresh_from_db()
    assert fgw.kind == SiteKind.SUBSITE and fgw.parent == city
    assert fgw.site is None and fgw.code == ""
    assert fgw.root_page.get_parent().pk == city.root_page_id
    assert not Site.objects.filter(hostname="fgw.city.localhost").exists()
    # The old domain is kept, only to redirect.
    assert fgw.domains.get().is_primary is False


def test_set_languages():
    city, _fgw, _jyj = open_city()
    languages.set_languages(profile=city, language_codes=["en"])
    assert [locale.language_code for locale in city.languages.all()] == ["en"]
    with pytest.raises(ValidationError, match="不支持的语言"):
        languages.set_languages(profile=city, language_codes=["fr"])


def test_open_site_command():
    import io

    from django.core.management import CommandError, call_command

    city, _fgw, _jyj = open_city()
    out = io.StringIO()
    call_command(
        "open_site",
        "示范市财政局网站",
        "--level=department",
        "--organizer=示范市财政局",
        f"--parent={city.name}",
        "--hostname=czj.city.localhost",
        stdout=out,
    )
    assert "已开设" in out.getvalue()
    assert SiteProfile.objects.get(name="示范市财政局网站").site.hostname == (
        "czj.city.localhost"
    )
    with pytest.raises(CommandError, match="网站标识码格式不正确"):
        call_command(
            "open_site",
            "示范市审计局网站",
            "--level=department",
            "--organizer=示范市审计局",
            f"--parent={city.name}",
            "--hostname=sjj.city.localhost",
            "--code=1",
        )
