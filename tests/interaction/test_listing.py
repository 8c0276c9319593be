"""The public listing on each site's own host: published messages only,
paginated, searchable, personal data masked, other sites' messages 404."""

from __future__ import annotations

import pytest
from django.test import Client

from interaction.choices import MessageStatus
from interaction.models import Message
from interaction.selectors import public
from interaction.signals import message_changed
from tests.interaction.listing_data import channel, message, profile

pytestmark = pytest.mark.django_db

WWW = "www.localhost"
DC = "dc.localhost"


@pytest.fixture
def demo_cluster(module_demo_cluster, db):
    return module_demo_cluster


@pytest.fixture
def www_channel(demo_cluster):
    return channel(profile(WWW), intro="咨询政策和办事问题。")


def get(path, host=WWW, **params):
    return Client().get(path, params, HTTP_HOST=host)


def test_index_lists_the_sites_active_public_channels(www_channel):
    channel(profile(WWW), slug="old", name="旧信箱", is_active=False)
    channel(profile(WWW), slug="xf", name="网上信访", publish_replies=False)
    channel(profile(DC), slug="dc-zx", name="东城咨询")
    response = get("/interaction/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="/interaction/zxzx/">政务咨询</a>' in html
    for hidden in ("旧信箱", "网上信访", "东城咨询"):
        assert hidden not in html


def test_listing_shows_published_messages_only(www_channel):
    message(www_channel, "已公开的答复", answer_department="示范市公安局")
    message(www_channel, "未公开的答复", published=False)
    message(www_channel, "还在办理的来信", answered=None, published=False)
    message(www_channel, "不同意公开的来信", wants_public=False)
    # Flagged by mistake while not answered: still not public.
    message(
        www_channel, "审核中却被标记公开", status=MessageStatus.REPLIED, published=True
    )
    response = get("/interaction/zxzx/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "已公开的答复" in html
    assert "2026-03-02" in html and "2026-03-05" in html
    assert "示范市公安局" in html and "线路将于下月调整" in html
    for hidden in (
        "未公开的答复",
        "还在办理的来信",
        "不同意公开的来信",
        "审核中却被标记公开",
    ):
        assert hidden not in html


def test_listing_paginates_by_20_newest_first(www_channel):
    for day in range(1, 26):
        message(www_channel, f"第{day:02d}封来信", received=f"2026-01-{day:02d}")
    first = get("/interaction/zxzx/").content.decode()
    assert "第25封来信" in first and "第06封来信" in first
    assert "第05封来信" not in first
    assert first.index("第25封来信") < first.index("第24封来信")
    assert "第 1 / 2 页" in first
    second = get("/interaction/zxzx/", page=2).content.decode()
    assert "第05封来信" in second and "第01封来信" in second
    assert "第06封来信" not in second


def test_cached_total_follows_publication(www_channel):
    for day in range(1, 21):
        message(www_channel, f"第{day:02d}封来信", received=f"2026-01-{day:02d}")
    assert "第 1 / 2 页" not in get("/interaction/zxzx/").content.decode()
    late = message(www_channel, "新公开的来信", received="2026-02-01")
    message_changed.send(sender=Message, message=late, action="published")
    assert "第 1 / 2 页" in get("/interaction/zxzx/").content.decode()


def test_search_within_the_channel(www_channel):
    message(www_channel, "关于医保报销的咨询", content="门诊费用如何报销？")
    message(www_channel, "停车问题", content="小区医保定点药店门前停车难")
    message(www_channel, "学校招生咨询", content="入学报名时间")
    other = channel(profile(WWW), slug="ts", name="投诉")
    message(other, "医保投诉", content="医保")
    html = get("/interaction/zxzx/", q="医保").content.decode()
    assert "关于医保报销的咨询" in html and "停车问题" in html
    assert "学校招生咨询" not in html and "医保投诉" not in html
    assert 'value="医保"' in html
    none = get("/interaction/zxzx/", q="不存在的词").content.decode()
    assert "没有找到与“不存在的词”相关的来信。" in none


def test_search_keeps_the_query_across_pages(www_channel):
    for day in range(1, 23):
        message(www_channel, f"医保来信{day}", received=f"2026-01-{day:02d}")
    html = get("/interaction/zxzx/", q="医保").content.decode()
    assert "?q=%E5%8C%BB%E4%BF%9D&amp;page=2" in html


def test_personal_data_is_masked_in_listing_and_message(www_channel):
    found = message(
        www_channel,
        "身份证11010519491231002X办理问题",
        content="我的电话13812345678，银行卡6222021234567890128。",
        answer="已电话联系13812345678，请携带身份证11010519491231002X办理。",
    )
    listing = get("/interaction/zxzx/").content.decode()
    page = get(f"/interaction/zxzx/{found.pk}/").content.decode()
    for html in (listing, page):
        assert "11010519491231002X" not in html
        assert "13812345678" not in html
    assert "6222021234567890128" not in page
    assert "138****5678" in page


def test_message_page_shows_the_message_and_answer(www_channel):
    found = message(
        www_channel, "关于公交线路调整的咨询", answer_department="示范市交通运输局"
    )
    html = get(f"/interaction/zxzx/{found.pk}/").content.decode()
    assert "<h1>关于公交线路调整的咨询</h1>" in html
    assert "请问公交线路何时调整？" in html
    assert "线路将于下月调整，感谢您的关注。" in html
    assert "示范市交通运输局" in html
    assert "2026-03-02 10:00" in html and "2026-03-05 16:00" in html


def test_private_and_other_sites_messages_are_404(www_channel):
    private = message(www_channel, "未公开", published=False)
    unwilling = message(www_channel, "不同意公开", wants_public=False)
    dc_channel = channel(profile(DC), slug="zxzx")
    dc_message = message(dc_channel, "东城区的来信")
    for pk in (private.pk, unwilling.pk, dc_message.pk):
        assert get(f"/interaction/zxzx/{pk}/").status_code == 404
    # The district's message on its own host, not on the city's.
    assert get(f"/interaction/zxzx/{dc_message.pk}/", host=DC).status_code == 200
    assert get("/interaction/nosuch/").status_code == 404
    hidden = channel(profile(WWW), slug="xf", publish_replies=False)
    flagged = message(hidden, "信访件")
    assert get("/interaction/xf/").status_code == 404
    assert get(f"/interaction/xf/{flagged.pk}/").status_code == 404


def test_english_pages(www_channel):
    found = message(www_channel)
    index = get("/en/interaction/")
    assert index.status_code == 200
    assert 'href="/en/interaction/zxzx/"' in index.content.decode()
    listing = get("/en/interaction/zxzx/").content.decode()
    assert f'href="/en/interaction/zxzx/{found.pk}/"' in listing
    assert get(f"/en/interaction/zxzx/{found.pk}/").status_code == 200
    assert get("/en/interaction/statistics/").status_code == 200


def test_listing_queries_do_not_grow_with_messages(www_channel):
    for day in range(1, 4):
        message(www_channel, received=f"2026-01-{day:02d}")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    get("/interaction/zxzx/")  # warm the frame's caches
    with CaptureQueriesContext(connection) as few:
        get("/interaction/zxzx/")
    for day in range(4, 28):
        message(www_channel, received=f"2026-01-{day:02d}")
    public.forget_count(www_channel.pk)
    get("/interaction/zxzx/")
    with CaptureQueriesContext(connection) as many:
        get("/interaction/zxzx/")
    assert len(many) == len(few)
