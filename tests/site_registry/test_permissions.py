"""Permission isolation between two department sites; office and auditor roles."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from disclosure_pages.models import (
    DisclosureColumnPage,
    DisclosureDocumentPage,
    DisclosureIndexPage,
)
from site_registry import roles
from tests.factories.disclosure import make_document, make_organization
from tests.site_registry.factories import open_city
from tests.two_factor import login_verified

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "www.city.localhost"}


def _assert_denied_to_admin_home(response):
    """Wagtail's admin views turn a permission refusal into a redirect to the
    dashboard (with an error message), not a 403."""
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


@pytest.fixture
def cluster(django_user_model):
    city, fgw, jyj = open_city()
    pages = {}
    organization = make_organization()
    for profile, title in (
        (fgw, "发改委独有文件 isolationcheck"),
        (jyj, "教育局独有文件 isolationcheck"),
    ):
        catalog = DisclosureIndexPage.objects.child_of(profile.root_page).get()
        # The registry's skeleton gives every site its policy column.
        column = DisclosureColumnPage.objects.child_of(catalog).get(slug="zcwj")
        pages[profile.pk] = make_document(
            column, organization=organization, title=title
        )
    editor = django_user_model.objects.create_user(
        "fgw-editor", password="pw-12345-abc"
    )
    editor.groups.add(fgw.editors_group)
    auditor = django_user_model.objects.create_user("auditor", password="pw-12345-abc")
    auditor.groups.add(Group.objects.get(name=roles.AUDITOR_GROUP))
    office = django_user_model.objects.create_user("office", password="pw-12345-abc")
    office.groups.add(Group.objects.get(name=roles.OFFICE_GROUP))
    return {
        "fgw": fgw,
        "jyj": jyj,
        "own": pages[fgw.pk],
        "other": pages[jyj.pk],
        "editor": editor,
        "auditor": auditor,
        "office": office,
    }


def test_editor_edits_own_site_only(client, cluster):
    client.force_login(cluster["editor"])
    own_edit = reverse("wagtailadmin_pages:edit", args=[cluster["own"].pk])
    other_edit = reverse("wagtailadmin_pages:edit", args=[cluster["other"].pk])
    assert client.get(own_edit, **HOST).status_code == 200
    _assert_denied_to_admin_home(client.get(other_edit, **HOST))
    # The explorer sends the editor back to their own site.
    other_explore = reverse("wagtailadmin_explore", args=[cluster["jyj"].root_page_id])
    response = client.get(other_explore, **HOST)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{cluster['fgw'].root_page_id}/")


def test_editor_page_chooser_shows_own_site_only(client, cluster):
    client.force_login(cluster["editor"])
    html = client.get(
        reverse("wagtailadmin_choose_page_search"), {"q": "isolationcheck"}, **HOST
    ).content.decode()
    assert "发改委独有文件" in html
    assert "教育局独有文件" not in html
    browse = client.get(
        reverse("wagtailadmin_choose_page_child", args=[cluster["jyj"].root_page_id]),
        **HOST,
    ).content.decode()
    assert "教育局独有文件" not in browse and "政府信息公开" not in browse


def test_editor_admin_search_shows_own_site_only(client, cluster):
    client.force_login(cluster["editor"])
    html = client.get(
        reverse("wagtailadmin_pages:search"), {"q": "isolationcheck"}, **HOST
    ).content.decode()
    assert "发改委独有文件" in html
    assert "教育局独有文件" not in html


def test_editor_reports_show_own_site_only(client, cluster):
    client.force_login(cluster["editor"])
    html = client.get(
        reverse("wagtailadmin_reports:site_history"), **HOST
    ).content.decode()
    assert "教育局独有文件" not in html
    locked = client.get(reverse("wagtailadmin_reports:locked_pages"), **HOST)
    assert "教育局独有文件" not in locked.content.decode()
    usage = client.get(reverse("wagtailadmin_reports:page_types_usage"), **HOST)
    # Wagtail's reports refuse outright rather than redirecting.
    assert usage.status_code == 403
    # The registry itself is for the office only.
    registry = client.get(
        reverse("wagtailsnippets_site_registry_siteprofile:list"), **HOST
    )
    _assert_denied_to_admin_home(registry)


def test_editor_image_chooser_limited_to_own_collection(client, cluster):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    Image.objects.create(
        title="教育局图片",
        file=get_test_image_file(),
        collection=cluster["jyj"].collection,
    )
    Image.objects.create(
        title="发改委图片",
        file=get_test_image_file(),
        collection=cluster["fgw"].collection,
    )
    client.force_login(cluster["editor"])
    html = client.get(reverse("wagtailimages_chooser:choose"), **HOST).json()["html"]
    assert "发改委图片" in html
    assert "教育局图片" not in html


def test_office_sees_every_site(client, cluster):
    # Office members must use two factors (13.6): log in past the TOTP check.
    login_verified(client, cluster["office"])
    html = client.get(
        reverse("wagtailadmin_pages:search"), {"q": "isolationcheck"}, **HOST
    ).content.decode()
    assert "发改委独有文件" in html and "教育局独有文件" in html
    other_edit = reverse("wagtailadmin_pages:edit", args=[cluster["other"].pk])
    assert client.get(other_edit, **HOST).status_code == 200
    assert (
        client.get(
            reverse("wagtailsnippets_site_registry_siteprofile:list"), **HOST
        ).status_code
        == 200
    )
    assert (
        client.get(reverse("wagtailadmin_reports:page_types_usage"), **HOST).status_code
        == 200
    )


def test_auditor_reads_everything_and_changes_nothing(client, cluster):
    auditor = cluster["auditor"]
    client.force_login(auditor)
    for page in (cluster["own"], cluster["other"]):
        explore = reverse("wagtailadmin_explore", args=[page.get_parent().pk])
        html = client.get(explore, **HOST).content.decode()
        assert page.title in html
        edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
        _assert_denied_to_admin_home(client.get(edit, **HOST))
        perms = page.permissions_for_user(auditor)
        assert not any(
            [
                perms.can_edit(),
                perms.can_delete(),
                perms.can_publish(),
                perms.can_unpublish(),
                perms.can_lock(),
                perms.can_unlock(),
                perms.can_move(),
                perms.can_copy(),
                perms.can_add_subpage(),
            ]
        )
    delete = reverse("wagtailadmin_pages:delete", args=[cluster["other"].pk])
    _assert_denied_to_admin_home(client.post(delete, **HOST))
    assert DisclosureDocumentPage.objects.filter(pk=cluster["other"].pk).exists()
    # Registry: can read a site's detail, cannot open, edit or close sites.
    inspect = reverse(
        "wagtailsnippets_site_registry_siteprofile:inspect", args=[cluster["jyj"].pk]
    )
    assert client.get(inspect, **HOST).status_code == 200
    for name, args in (
        ("add", []),
        ("edit", [cluster["jyj"].pk]),
        ("close", [cluster["jyj"].pk]),
    ):
        url = reverse(f"wagtailsnippets_site_registry_siteprofile:{name}", args=args)
        _assert_denied_to_admin_home(client.get(url, **HOST))
