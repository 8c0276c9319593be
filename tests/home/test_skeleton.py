"""The standard column skeleton (栏目模板): data per site type, built at opening,
edited by the office in the admin, validated with Chinese errors."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page

from core.choices import ColumnKind
from core.roles import OFFICE_GROUP
from home.choices import SiteType
from home.models import SiteSkeleton
from home.selectors import site_type_for_level
from home.services import restore_shipped_skeleton
from home.skeleton_specs import EntrySpec, kind_field, shipped_entries, validate_entries
from site_registry.choices import SiteLevel
from tests.admin_forms import page_errors
from tests.browser_form import add_inline_form, form_data
from tests.site_registry.factories import open_city, open_county, open_subsite
from tests.two_factor import login_verified

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "www.city.localhost"}
DISCLOSURE_COLUMN = "disclosure_pages.DisclosureColumnPage"


def _tree(home) -> dict[str, tuple[str, str]]:
    """Each page below ``home`` by path: (page type, column kind)."""
    found = {}
    for page in Page.objects.descendant_of(home).specific():
        path = page.url_path.removeprefix(home.url_path).strip("/")
        model = type(page)
        field = kind_field(model)
        found[path] = (
            f"{model._meta.app_label}.{model.__name__}",
            getattr(page, field) if field else "",
        )
    return found


def test_levels_map_to_three_site_types():
    assert {level: site_type_for_level(level) for level in SiteLevel.values} == {
        "province_portal": SiteType.PORTAL,
        "city_portal": SiteType.PORTAL,
        "county_portal": SiteType.PORTAL,
        "department": SiteType.DEPARTMENT,
        "township": SiteType.TOWNSHIP,
    }


@pytest.mark.parametrize("site_type", SiteType.values)
def test_shipped_definitions_are_valid(site_type):
    validate_entries(shipped_entries(site_type))


def test_each_site_type_opens_with_its_skeleton():
    city, fgw, _jyj = open_city()
    county = open_county(city)
    township = open_subsite(county)
    for profile, site_type in (
        (city, SiteType.PORTAL),
        (county, SiteType.PORTAL),
        (fgw, SiteType.DEPARTMENT),
        (township, SiteType.TOWNSHIP),
    ):
        tree = _tree(profile.root_page)
        expected = {
            spec.path: (spec.page_type, spec.kind)
            for spec in shipped_entries(site_type)
        }
        # A portal's tree also holds its sub-sites; compare the skeleton's paths.
        assert {path: tree.get(path) for path in expected} == expected, profile.name
        home_children = profile.root_page.get_children()
        assert all(page.live for page in Page.objects.descendant_of(profile.root_page))
        menus = [p.slug for p in home_children.filter(show_in_menus=True)]
        assert menus[:3] == ["news", "notices", "xxgk"]

    city_tree = _tree(city.root_page)
    assert city_tree["xxgk/zfgb"] == (DISCLOSURE_COLUMN, ColumnKind.GAZETTE)
    assert city_tree["xxgk/xwfbh"] == (DISCLOSURE_COLUMN, ColumnKind.PRESS_CONFERENCE)
    assert city_tree["xxgk/jytabl"] == (DISCLOSURE_COLUMN, ColumnKind.PROPOSAL_RESULT)
    assert city_tree["services"] == (
        "service_guides.ServiceIndexPage",
        ColumnKind.SERVICE,
    )
    assert city_tree["about/leaders"] == ("content.LeaderIndexPage", "leaders")
    fgw_tree = _tree(fgw.root_page)
    assert "xxgk/jytabl" in fgw_tree
    assert "xxgk/zfgb" not in fgw_tree and "xxgk/xwfbh" not in fgw_tree
    township_tree = _tree(township.root_page)
    for slug in ("zfgb", "xwfbh", "jytabl"):
        assert f"xxgk/{slug}" not in township_tree
    # Every statutory item of art. 20 has its column on a department site.
    statutory = {
        ColumnKind.POLICY, ColumnKind.PLANNING, ColumnKind.STATISTICS,
        ColumnKind.LICENSING, ColumnKind.ENFORCEMENT, ColumnKind.BUDGET,
        ColumnKind.FEES, ColumnKind.PROCUREMENT, ColumnKind.KEY_PROJECTS,
        ColumnKind.KEY_AREAS, ColumnKind.EMERGENCY, ColumnKind.SUPERVISION,
        ColumnKind.PERSONNEL,
    }  # fmt: skip
    assert statutory <= {kind for _type, kind in fgw_tree.values()}


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            EntrySpec("", "news2", "动态", "content.ArticlePage"),
            "页面类型“content.ArticlePage”不在允许的页面类型中",
        ),
        (
            EntrySpec("", "col", "栏目", DISCLOSURE_COLUMN, "policy"),
            "“目录栏目”不能放在“网站首页”之下",
        ),
        (
            EntrySpec("xxgk", "Bad Slug", "栏目", DISCLOSURE_COLUMN, "policy"),
            "的地址“Bad Slug”无效",
        ),
        (
            EntrySpec("xxgk", "zcwj", "又一个政策文件", DISCLOSURE_COLUMN, "policy"),
            "的地址“xxgk/zcwj”重复",
        ),
        (
            EntrySpec("xxgk", "qita", "其他", DISCLOSURE_COLUMN, "nonsense"),
            "的栏目类型“nonsense”不存在",
        ),
        (
            EntrySpec("nowhere", "qita", "其他", DISCLOSURE_COLUMN, "policy"),
            "的上级“nowhere”不是前面已定义的栏目",
        ),
    ],
)
def test_bad_entries_get_chinese_errors(entry, message):
    entries = shipped_entries(SiteType.DEPARTMENT) + [entry]
    with pytest.raises(ValidationError) as caught:
        validate_entries(entries)
    assert any(message in text for text in caught.value.messages), caught.value


def _office_member():
    open_city()  # creates the office group with its permissions
    user = User.objects.create_user("office", "o@example.invalid", "Office-Pw-2026")
    user.groups.add(Group.objects.get(name=OFFICE_GROUP))
    return user


def _edit_url(site_type):
    skeleton = SiteSkeleton.objects.get(site_type=site_type)
    return reverse("wagtailsnippets_home_siteskeleton:edit", args=[skeleton.pk])


def test_office_adds_a_column_in_the_admin_and_new_sites_get_it(client):
    login_verified(client, _office_member())
    url = _edit_url(SiteType.DEPARTMENT)
    html = client.get(url, **HOST).content.decode()
    data = add_inline_form(
        html,
        form_data(html, action=url),
        "entries",
        parent_path="xxgk",
        slug="sjjg",
        title="审计结果",
        page_type=DISCLOSURE_COLUMN,
        column_kind=ColumnKind.KEY_AREAS,
        show_in_menus=False,
    )
    response = client.post(url, data, **HOST)
    assert response.status_code == 302, page_errors(response.content.decode())
    from tests.site_registry.factories import open_full_site

    city = SiteSkeleton.objects.get(site_type=SiteType.PORTAL)
    assert not city.entries.filter(slug="sjjg").exists()
    profile = open_full_site(
        "示范市审计局网站", "sjj.city.localhost", parent=None, level="department"
    )
    column = profile.root_page.get_children().get(slug="xxgk").get_children()
    assert column.get(slug="sjjg").specific.kind == ColumnKind.KEY_AREAS

    # The shipped definition comes back with the command.
    call_command("restore_skeletons", "department", stdout=open("/dev/null", "w"))
    skeleton = SiteSkeleton.objects.get(site_type=SiteType.DEPARTMENT)
    assert not skeleton.entries.filter(slug="sjjg").exists()
    assert skeleton.specs() == shipped_entries(SiteType.DEPARTMENT)


def test_a_bad_entry_posted_in_the_admin_is_refused_and_nothing_saved(client):
    login_verified(client, _office_member())
    url = _edit_url(SiteType.TOWNSHIP)
    before = SiteSkeleton.objects.get(site_type=SiteType.TOWNSHIP).specs()
    html = client.get(url, **HOST).content.decode()
    data = add_inline_form(
        html,
        form_data(html, action=url),
        "entries",
        parent_path="",
        slug="zcwj2",
        title="首页下的目录栏目",
        page_type=DISCLOSURE_COLUMN,
        column_kind=ColumnKind.POLICY,
    )
    response = client.post(url, data, **HOST)
    assert response.status_code == 200
    assert "“目录栏目”不能放在“网站首页”之下" in response.content.decode()
    assert SiteSkeleton.objects.get(site_type=SiteType.TOWNSHIP).specs() == before


def test_editors_cannot_open_the_skeleton_admin(client):
    _city, fgw, _jyj = open_city()
    editor = User.objects.create_user("ed", "e@example.invalid", "Editor-Pw-2026")
    editor.groups.add(fgw.editors_group)
    login_verified(client, editor)
    response = client.get(_edit_url(SiteType.PORTAL), **HOST)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_a_missing_definition_is_restored_from_the_shipped_file():
    SiteSkeleton.objects.filter(site_type=SiteType.TOWNSHIP).delete()
    restore_shipped_skeleton(site_type=SiteType.TOWNSHIP)
    SiteSkeleton.objects.filter(site_type=SiteType.TOWNSHIP).delete()
    city, _fgw, _jyj = open_city()
    township = open_subsite(open_county(city))
    assert township.root_page.get_children().filter(slug="xxgk").exists()
    assert SiteSkeleton.objects.filter(site_type=SiteType.TOWNSHIP).exists()
