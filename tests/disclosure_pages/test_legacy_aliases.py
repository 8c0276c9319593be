"""The office's legacy-value table (旧值对照), edited as the browser posts it."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from disclosure_pages.models import AliasKind, LegacyAlias, SubjectCategory
from site_registry.roles import ensure_cluster_roles
from tests.admin_forms import browser_form_data, page_errors
from tests.two_factor import login_verified

pytestmark = pytest.mark.django_db

ADD = reverse("wagtailsnippets_disclosure_pages_legacyalias:add")


def test_defaults_ship_with_the_migration():
    genres = dict(
        LegacyAlias.objects.filter(kind=AliasKind.GENRE).values_list(
            "legacy_value", "genre"
        )
    )
    assert genres["办法"] == "normative" and genres["规定"] == "normative"
    assert genres["实施意见"] == "opinion" and genres["方案"] == "other"
    subject = LegacyAlias.objects.get(kind=AliasKind.SUBJECT, legacy_value="环境保护")
    assert subject.subject.full_name == "城乡建设、环境保护\\环境监测、保护与治理"


def test_create_edit_and_refuse_a_duplicate(admin_client):
    data = browser_form_data(
        admin_client, ADD, kind="genre", legacy_value=" 呈 文 ", genre="report"
    )
    response = admin_client.post(ADD, data)
    assert response.status_code == 302, page_errors(response.content.decode())
    alias = LegacyAlias.objects.get(legacy_value="呈文")  # spaces removed
    assert alias.genre == "report" and alias.subject is None

    edit = reverse("wagtailsnippets_disclosure_pages_legacyalias:edit", args=[alias.pk])
    subject = SubjectCategory.objects.get(name="财政", parent__name="财政、金融、审计")
    data = browser_form_data(
        admin_client, edit, kind="subject", subject=str(subject.pk)
    )
    response = admin_client.post(edit, data)
    assert response.status_code == 302, page_errors(response.content.decode())
    alias.refresh_from_db()
    # Only the target of its kind is kept.
    assert (alias.kind, alias.subject, alias.genre) == ("subject", subject, "")

    data = browser_form_data(
        admin_client, ADD, kind="genre", legacy_value="办法", genre="other"
    )
    response = admin_client.post(ADD, data)
    assert response.status_code == 200
    assert any(
        "已有同一旧值的对照" in e for e in page_errors(response.content.decode())
    )
    assert LegacyAlias.objects.get(kind="genre", legacy_value="办法").genre == (
        "normative"
    )


def test_a_target_is_required(admin_client):
    data = browser_form_data(admin_client, ADD, kind="genre", legacy_value="呈文")
    response = admin_client.post(ADD, data)
    assert response.status_code == 200
    assert any(
        "请选择该旧值对应的值" in e for e in page_errors(response.content.decode())
    )
    assert not LegacyAlias.objects.filter(legacy_value="呈文").exists()


def test_only_the_office_edits_the_table(client):
    office, _auditor = ensure_cluster_roles()
    member = User.objects.create_user("office", password="x")
    member.groups.add(office)
    login_verified(client, member)
    assert client.get(ADD).status_code == 200
    outsider = User.objects.create_user("editor", password="x")
    client.logout()
    login_verified(client, outsider)
    assert client.get(ADD).status_code != 200
    assert not LegacyAlias.objects.filter(legacy_value="新旧值").exists()
