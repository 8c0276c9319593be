"""Two sites with a channel, departments, and one user per role (handling tests)."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from core.roles import AUDITOR_GROUP, OFFICE_GROUP
from interaction.models import Channel, HandlerAssignment, Message
from interaction.rules import due_date_for, new_query_code
from site_registry.models import SiteProfile
from site_registry.roles import ensure_cluster_roles
from tests.factories import disclosure as factories

_serial = itertools.count(1)


@dataclass
class World:
    site_a: SiteProfile
    site_b: SiteProfile
    channel_a: Channel
    channel_b: Channel
    dept1: object
    dept2: object
    office: object
    auditor: object
    editor_a: object
    reviewer_a: object
    editor_b: object
    handler1: object
    handler2: object


def user(name, *groups, email=True):
    account = get_user_model().objects.create_user(
        name, email=f"{name}@example.gov.cn" if email else "", password="pw-12345-abc"
    )
    for group in groups:
        account.groups.add(group)
    return account


def site(slug) -> SiteProfile:
    django_site, _home = factories.make_site(slug, hostname=f"{slug}.localhost")
    return SiteProfile.objects.get(site=django_site)


def build_world() -> World:
    site_a, site_b = site("hda"), site("hdb")
    office_group, auditor_group = ensure_cluster_roles()
    dept1 = factories.make_organization("示范市教育局")
    dept2 = factories.make_organization("示范市卫生健康委员会")
    # Opening a site gives it its 政务咨询 channel (zxzx); these tests want 5 days.
    defaults = {"kind": "consultation", "name": "政务咨询", "answer_days": 5}
    channel_a, _ = Channel.objects.update_or_create(
        site=site_a, slug="zxzx", defaults=defaults
    )
    channel_a.departments.set([dept1, dept2])
    channel_b, _ = Channel.objects.update_or_create(
        site=site_b, slug="zxzx", defaults=defaults
    )
    channel_b.departments.set([dept1])
    handler1, handler2 = user("handler1"), user("handler2")
    # Their assignments let them into the admin (interaction.services.handlers).
    HandlerAssignment.objects.create(user=handler1, organization=dept1)
    HandlerAssignment.objects.create(user=handler2, organization=dept2)
    return World(
        site_a=site_a,
        site_b=site_b,
        channel_a=channel_a,
        channel_b=channel_b,
        dept1=dept1,
        dept2=dept2,
        office=user("office", Group.objects.get(name=OFFICE_GROUP)),
        auditor=user("auditor", Group.objects.get(name=AUDITOR_GROUP)),
        editor_a=user("editor_a", site_a.editors_group),
        reviewer_a=user("reviewer_a", site_a.reviewers_group),
        editor_b=user("editor_b", site_b.editors_group),
        handler1=handler1,
        handler2=handler2,
    )


def message(channel: Channel, *, received_at=None, **values) -> Message:
    received_at = received_at or timezone.now()
    values.setdefault("title", f"关于入学政策的咨询{next(_serial)}")
    values.setdefault("content", "请问今年小学入学需要准备哪些材料？")
    values.setdefault("due_date", due_date_for(received_at, channel.answer_days))
    return Message.objects.create(
        site=channel.site,
        channel=channel,
        query_code=new_query_code(),
        received_at=received_at,
        **values,
    )


def days_ago(n: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=n)
