"""The 主题分类 and 发布机构 choosers of the document form (13.13), in the admin."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from disclosure_pages.models import SubjectCategory
from site_registry import lifecycle, roles
from tests.factories.disclosure import make_organization
from tests.site_registry.factories import open_city, open_full_site
from tests.two_factor import login_verified

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "www.city.localhost"}
SUBJECTS = reverse("wagtailsnippetchoosers_disclosure_pages_subjectcategory:choose")
SUBJECT_RESULTS = reverse(
    "wagtailsnippetchoosers_disclosure_pages_subjectcategory:choose_results"
)
ORGS = reverse("wagtailsnippetchoosers_disclosure_pages_organization:choose")
ORG_RESULTS = reverse(
    "wagtailsnippetchoosers_disclosure_pages_organization:choose_results"
)


@pytest.fixture
def cluster(django_user_model):
    _city, fgw, jyj = open_city()
    lsj = open_full_site("示范市粮食局网站", "lsj.city.localhost")
    orgs = {}
    for key, profile, name in (
        ("fgw", fgw, "示范市发展和改革委员会"),
        ("jyj", jyj, "示范市教育局"),
        ("lsj", lsj, "示范市粮食局"),
    ):
        orgs[key] = make_organization(name)
        orgs[key].sites.add(profile)
    lifecycle.close_site(profile=lsj, successor=fgw)
    editor = django_user_model.objects.create_user("fgw-ed", password="pw-12345-abc")
    editor.groups.add(fgw.editors_group)
    office = django_user_model.objects.create_user("office", password="pw-12345-abc")
    office.groups.add(Group.objects.get(name=roles.OFFICE_GROUP))
    return {"orgs": orgs, "editor": editor, "office": office}


def _json_html(response):
    """The modal's HTML: in JSON for the chooser, plain for its results."""
    assert response.status_code == 200
    if response["Content-Type"].startswith("application/json"):
        return response.json()["html"]
    return response.content.decode()


def _rows(html):
    return re.findall(r"data-chooser-modal-choice", html)


def test_subject_chooser_has_search_and_the_whole_tree(client, cluster):
    client.force_login(cluster["editor"])
    html = _json_html(client.get(SUBJECTS, **HOST))
    total = SubjectCategory.objects.count()
    assert total > 100  # the State Council taxonomy from the data migration
    assert 'name="q"' in html
    # All entries on one page, no pagination.
    assert len(_rows(html)) == total
    # Each child follows its parent.
    child = SubjectCategory.objects.filter(parent__isnull=False).first()
    parent_at = html.index(f"<strong>{child.parent.name}</strong>")
    assert parent_at < html.index(f"└ {child.name}")


def test_subject_chooser_search_matches_category_and_parent(client, cluster):
    client.force_login(cluster["editor"])
    parent = SubjectCategory.objects.filter(
        parent__isnull=True, children__isnull=False
    ).first()
    html = _json_html(client.get(SUBJECT_RESULTS, {"q": parent.name}, **HOST))
    expected = {parent.pk, *parent.children.values_list("pk", flat=True)}
    chosen = {
        int(pk)
        for pk in re.findall(r"/chooser/chosen/(\d+)/", html)
        + re.findall(r"subjectcategory/chosen/(\d+)/", html)
    }
    assert expected <= chosen
    assert len(_rows(html)) < SubjectCategory.objects.count() / 2
    for other in SubjectCategory.objects.filter(parent__isnull=True).exclude(
        pk=parent.pk
    )[:5]:
        if parent.name not in other.name:
            assert f"<strong>{other.name}</strong>" not in html


def test_organization_chooser_limited_to_editors_open_sites(client, cluster):
    client.force_login(cluster["editor"])
    html = _json_html(client.get(ORGS, **HOST))
    assert "示范市发展和改革委员会" in html
    assert "示范市教育局" not in html
    assert "示范市粮食局" not in html
    found = _json_html(client.get(ORG_RESULTS, {"q": "示范市"}, **HOST))
    assert "示范市发展和改革委员会" in found
    assert "示范市教育局" not in found and "示范市粮食局" not in found


def test_organization_chooser_for_the_office_hides_closed_sites(client, cluster):
    # The office always uses its second factor.
    login_verified(client, cluster["office"])
    html = _json_html(client.get(ORGS, **HOST))
    assert "示范市发展和改革委员会" in html and "示范市教育局" in html
    assert "示范市粮食局" not in html
