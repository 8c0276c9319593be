"""Channels in the admin (互动交流 → 互动渠道), posted as the browser posts them.

The office configures every site's channels; a site's editors read only their
own; a new site comes with its 政务咨询 channel.
"""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from interaction.choices import ChannelKind
from interaction.models import Channel
from site_registry import roles
from tests.browser_form import form_data
from tests.factories.disclosure import make_organization
from tests.site_registry.factories import open_city
from tests.two_factor import login_verified

pytestmark = pytest.mark.django_db

ADD = reverse("interaction_channels:add")
INDEX = reverse("interaction_channels:index")
V5_REFUSED = "网上信访和纪检举报渠道不计入单项否决V5。"


def _edit(channel):
    return reverse("interaction_channels:edit", args=[channel.pk])


def _inspect(channel):
    return reverse("interaction_channels:inspect", args=[channel.pk])


def _denied(response):
    # Wagtail's generic views send a refusal to the dashboard with a message.
    return response.status_code == 302 and response["Location"] == reverse(
        "wagtailadmin_home"
    )


def _add_form(client, site, **values):
    """The 添加 form as the browser sends it, with ``values`` typed in."""
    data = form_data(client.get(ADD).content.decode())
    data.update(site=str(site.pk), **values)
    return data


@pytest.fixture
def cluster(django_user_model):
    city, fgw, jyj = open_city()
    org = make_organization("示范市发展和改革委员会")
    org.sites.add(fgw)
    other_org = make_organization("示范市教育局")
    other_org.sites.add(jyj)
    users = {}
    for name, group in (
        ("office", Group.objects.get(name=roles.OFFICE_GROUP)),
        ("auditor", Group.objects.get(name=roles.AUDITOR_GROUP)),
        ("fgw_editor", fgw.editors_group),
    ):
        users[name] = django_user_model.objects.create_user(name, password="x-12345-y")
        users[name].groups.add(group)
    return {"fgw": fgw, "jyj": jyj, "org": org, "other_org": other_org, **users}


def test_open_site_creates_the_default_consultation_channel(cluster):
    for site in (cluster["fgw"], cluster["jyj"]):
        channel = Channel.objects.get(site=site)
        assert channel.kind == ChannelKind.CONSULTATION
        assert channel.slug == "zxzx"
        assert channel.name == "政务咨询"
        assert channel.answer_days == 10
        assert channel.publish_replies and channel.counts_for_v5 and channel.is_active


def test_office_creates_edits_and_resaves_a_channel(client, cluster):
    login_verified(client, cluster["office"])
    data = _add_form(
        client,
        cluster["fgw"],
        kind=ChannelKind.COMPLAINT,
        name="投诉",
        slug="ts",
        intro="受理对本单位工作的投诉。",
        departments=[str(cluster["org"].pk)],
        answer_days="15",
    )
    data.pop("require_phone", None)  # untick 电话必填
    response = client.post(ADD, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    channel = Channel.objects.get(site=cluster["fgw"], slug="ts")
    assert channel.kind == ChannelKind.COMPLAINT
    assert channel.answer_days == 15
    assert not channel.require_phone
    assert list(channel.departments.all()) == [cluster["org"]]

    # Re-save unchanged: every value and the department survive.
    edit = _edit(channel)
    html = client.get(edit).content.decode()
    assert client.post(edit, form_data(html, action=edit)).status_code == 302
    channel.refresh_from_db()
    assert (channel.answer_days, channel.require_phone, channel.name) == (
        15,
        False,
        "投诉",
    )
    assert list(channel.departments.all()) == [cluster["org"]]

    # Edit: close the channel and shorten the deadline.
    data = form_data(client.get(edit).content.decode(), action=edit)
    data.pop("is_active", None)
    data["answer_days"] = "5"
    assert client.post(edit, data).status_code == 302
    channel.refresh_from_db()
    assert channel.answer_days == 5 and not channel.is_active
    assert channel.site == cluster["fgw"]


def test_petition_channel_counting_for_v5_is_refused_in_chinese(client, cluster):
    login_verified(client, cluster["office"])
    data = _add_form(
        client,
        cluster["fgw"],
        kind=ChannelKind.PETITION,
        name="网上信访",
        slug="wsxf",
        counts_for_v5="on",
    )
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert V5_REFUSED in response.content.decode()
    assert not Channel.objects.filter(slug="wsxf").exists()

    data.pop("counts_for_v5")
    assert client.post(ADD, data).status_code == 302
    assert not Channel.objects.get(slug="wsxf").counts_for_v5


def test_editing_the_default_channel_into_petition_with_v5_is_refused(client, cluster):
    login_verified(client, cluster["office"])
    channel = Channel.objects.get(site=cluster["fgw"])
    edit = _edit(channel)
    data = form_data(client.get(edit).content.decode(), action=edit)
    data["kind"] = ChannelKind.DISCIPLINE
    response = client.post(edit, data)
    assert response.status_code == 200
    assert V5_REFUSED in response.content.decode()
    channel.refresh_from_db()
    assert channel.kind == ChannelKind.CONSULTATION


def test_departments_of_another_site_are_refused(client, cluster):
    login_verified(client, cluster["office"])
    data = _add_form(
        client,
        cluster["fgw"],
        kind=ChannelKind.SUGGESTION,
        name="建议",
        slug="jy",
        departments=[str(cluster["other_org"].pk)],
    )
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert "不是网站“示范市发展和改革委员会网站”的单位" in response.content.decode()
    assert not Channel.objects.filter(slug="jy").exists()

    # The edit form offers only the site's own organisations.
    channel = Channel.objects.get(site=cluster["fgw"])
    html = client.get(_edit(channel)).content.decode()
    assert "示范市发展和改革委员会" in html and "示范市教育局" not in html


def test_duplicate_slug_on_one_site_is_refused(client, cluster):
    login_verified(client, cluster["office"])
    data = _add_form(client, cluster["fgw"], name="咨询二", slug="zxzx")
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert Channel.objects.filter(site=cluster["fgw"]).count() == 1


def test_a_slug_the_fixed_pages_use_is_refused(client, cluster):
    # /interaction/track/ is the 查询码 page: a channel there could not be reached.
    login_verified(client, cluster["office"])
    data = _add_form(client, cluster["fgw"], name="查询", slug="track")
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert "“track”是系统保留的网址" in response.content.decode()
    assert not Channel.objects.filter(slug="track").exists()


def test_site_editor_reads_only_their_own_sites_channels(client, cluster):
    login_verified(client, cluster["fgw_editor"])
    own = Channel.objects.get(site=cluster["fgw"])
    other = Channel.objects.get(site=cluster["jyj"])

    listed = client.get(INDEX).context["object_list"]
    assert list(listed) == [own]
    assert client.get(_inspect(own)).status_code == 200
    assert client.get(_inspect(other)).status_code == 404
    assert client.get(_edit(other)).status_code == 404
    assert client.post(_edit(other), {"name": "改名"}).status_code == 404
    delete_other = reverse("interaction_channels:delete", args=[other.pk])
    assert client.post(delete_other).status_code == 404

    # Reading is not configuring, even for the own site.
    assert _denied(client.get(_edit(own)))
    assert _denied(client.post(_edit(own), {"name": "改名"}))
    assert _denied(client.get(ADD))
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.name == other.name == "政务咨询"
    assert Channel.objects.count() == 3  # city, fgw, jyj


def test_auditor_reads_all_and_changes_nothing(client, cluster):
    login_verified(client, cluster["auditor"])
    assert client.get(INDEX).context["object_list"].count() == 3
    other = Channel.objects.get(site=cluster["jyj"])
    assert client.get(_inspect(other)).status_code == 200
    assert _denied(client.post(_edit(other), {"name": "改名"}))
    assert _denied(client.get(ADD))


def test_channels_are_in_the_interaction_submenu(client, cluster, django_user_model):
    login_verified(client, cluster["office"])
    assert INDEX in client.get(reverse("wagtailadmin_home")).content.decode()
    # A user with admin access but no role gets no menu item and no list.
    nobody = django_user_model.objects.create_user("nobody", password="x-12345-y")
    nobody.user_permissions.add(
        Permission.objects.get(
            codename="access_admin", content_type__app_label="wagtailadmin"
        )
    )
    login_verified(client, nobody)
    assert INDEX not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert _denied(client.get(INDEX))


def test_data_migration_gives_existing_open_sites_a_channel(cluster):
    migration = importlib.import_module(
        "interaction.migrations.0002_cal_default_channels"
    )
    Channel.objects.filter(site=cluster["fgw"]).delete()
    cluster["jyj"].status = "closed"
    cluster["jyj"].save(update_fields=["status"])
    Channel.objects.filter(site=cluster["jyj"]).delete()

    migration.add_default_channels(apps, None)
    migration.add_default_channels(apps, None)  # idempotent

    channel = Channel.objects.get(site=cluster["fgw"])
    assert (channel.slug, channel.kind, channel.answer_days) == (
        "zxzx",
        "consultation",
        10,
    )
    assert not Channel.objects.filter(site=cluster["jyj"]).exists()


def test_office_deletes_an_empty_channel_but_not_one_with_messages(client, cluster):
    from datetime import date

    from django.utils import timezone

    from interaction.models import Message

    login_verified(client, cluster["office"])
    used = Channel.objects.get(site=cluster["fgw"])
    Message.objects.create(
        site=cluster["fgw"],
        channel=used,
        title="咨询",
        content="内容",
        query_code="Q1234567",
        received_at=timezone.now(),
        due_date=date(2026, 12, 31),
    )
    delete = reverse("interaction_channels:delete", args=[used.pk])
    response = client.post(delete, follow=True)
    assert "已有来信，不能删除" in response.content.decode()
    assert Channel.objects.filter(pk=used.pk).exists()

    empty = Channel.objects.get(site=cluster["jyj"])
    delete = reverse("interaction_channels:delete", args=[empty.pk])
    assert client.post(delete).status_code == 302
    assert not Channel.objects.filter(pk=empty.pk).exists()
