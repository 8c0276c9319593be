"""The misspelling dictionary (#21.4): several hundred error forms from public
lists, each with context rules so that correct government phrases containing
the same characters are never flagged; loaded into the office's list, edited
in the admin and shared by the publish gate and the inspection."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse

from core.detectors import misspellings
from core.detectors.misspellings import Entry, split_rule
from core.models import CommonMisspelling
from core.seed_lists import MISSPELLINGS_FILE, misspelling_rows
from core.selectors import active_misspellings
from site_registry.roles import OFFICE_GROUP, ensure_cluster_roles
from tests.admin_forms import browser_form_data, page_errors
from tests.two_factor import login_verified

ROWS = misspelling_rows()
ENTRIES = tuple(
    Entry(
        row["wrong"],
        row["correct"],
        split_rule(row["not_before"]),
        split_rule(row["not_after"]),
        split_rule(row["only_after"]),
        split_rule(row["not_later"]),
    )
    for row in ROWS
)


def found(text: str) -> list[tuple[str, str]]:
    return [(f.value, f.suggestion) for f in misspellings.find(text, ENTRIES)]


def test_the_dictionary_has_several_hundred_well_formed_entries():
    assert len(ROWS) >= 400
    wrong = [row["wrong"] for row in ROWS]
    assert len(wrong) == len(set(wrong))
    assert all(row["wrong"] != row["correct"] for row in ROWS)
    assert all(row["wrong"] and row["correct"] for row in ROWS)
    # Every entry names its source; the header cites the sources.
    assert {row["source"] for row in ROWS} <= {"Y", "Y2", "G", "S"}
    header = MISSPELLINGS_FILE.read_text(encoding="utf-8").split("\n\n")[0]
    for source in ("咬文嚼字", "第一批异形词整理表", "通用规范汉字表"):
        assert source in header


# Correct sentences of government writing that contain the characters of an
# entry (its wrong form, or a longer correct phrase starting with it).
CORRECT_SENTENCES = [
    "报名截止日期为2026年6月30日，逾期不予受理。",
    "申报工作于6月30日截止。",
    "截止到目前，已完成全部任务。",
    "截至2025年底，全市共有养老机构42家。",
    "保障生活必需品供应，稳定市场价格。",
    "这些材料是办理登记所必需的。",
    "按排名先后确定入围名单。",
    "按排放量核定排污费，按排序结果公示。",
    "按排查发现的问题建立台账，逐项整改。",
    "支付主任科员职级津贴，按规定交付主管部门。",
    "既使企业减负，又使群众受益。",
    "既便于群众办事，也便于部门管理。",
    "召开消防工作会议，部署冬季防火工作。",
    "促消费、稳增长，发放消费券。",
    "持续关注消费者权益保护，申报消费税。",
    "检查帐篷搭建情况，做好应急物资储备。",
    "严守清规戒律，劝戒烟限酒。",
    "筚路蓝缕，以启山林。",
    "完善统计画像和设计画面。",
    "摆脱变相收费，周详和完备的方案。",
    "超过份额部分由申请人承担，构成份额按比例计算。",
    "请就坐在第一排的代表发言。",
    "发展夜消费，繁荣夜间经济。",
    "干细胞、子细胞研究取得进展。",
    "相关连续数据已按要求报送。",
    "对问题线索肃清彻底，全面整改。",
    "把挖出的土掘起来运走。",
    "王惟一针灸铜人的故事。",
    "堪察加半岛位于俄罗斯远东地区。",
    "推委员会审议通过。",
    "各单位要认真贯彻执行，及时安排部署。",
    "其他事项按照有关规定办理。",
    "请于即日起向所在地税务机关申报。",
    "坚持以人民为中心的发展思想，推动高质量发展。",
]


@pytest.mark.parametrize("sentence", CORRECT_SENTENCES)
def test_correct_government_sentences_are_not_flagged(sentence):
    assert found(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # only_after (a date or 目前 after 截止), embedded and sentence-final.
        ("截止2025年底，全市共有养老机构42家。", [("截止", "截至")]),
        ("截止目前，已办结12件。", [("截止", "截至")]),
        ("截止二〇二五年底", [("截止", "截至")]),
        ("申报截止。", []),
        ("申报截止", []),
        # not_after: 按排 is wrong unless it starts 按排名/按排序/按排放…
        ("请做好会议按排。", [("按排", "安排")]),
        ("请按排好会场。", [("按排", "安排")]),
        ("按排名确定。", []),
        # not_before: 付主任 is wrong unless it ends 支付/交付…
        ("任命张三为付主任。", [("付主任", "副主任")]),
        ("任命张三为付主任", [("付主任", "副主任")]),
        ("支付主任科员津贴。", []),
        # not_later: 既使……又 is 既……又…, not 即使; only within the sentence.
        ("既使遇到困难，也要坚持到底。", [("既使", "即使")]),
        ("既使企业减负，又使群众受益。", []),
        ("既使下雨。又是一天。", [("既使", "即使")]),
        # 必需 as an adverb before a verb is 必须; as an adjective it is right.
        ("必需严格执行。", [("必需", "必须")]),
        ("必需品", []),
        ("是必需的。", []),
        # The 帐 of money is 账; 帐篷 stays.
        ("请核对银行帐户。", [("帐户", "账户")]),
        ("检查帐篷。", []),
        # Plain entries, anywhere.
        ("按装调试已完成，其它事项另行通知。", [("按装", "安装"), ("其它", "其他")]),
    ],
)
def test_context_rules(sentence, expected):
    assert found(sentence) == expected


def test_end_and_digit_tokens():
    entry = Entry("示例", "例示", not_after=("$",))
    assert misspellings.find("这是示例", [entry]) == []
    assert misspellings.find("这是示例。", [entry]) == []
    assert [f.value for f in misspellings.find("示例文本", [entry])] == ["示例"]
    digit = Entry("第号", "号", only_after=("#",))
    assert [f.value for f in misspellings.find("第号3", [digit])] == ["第号"]
    assert misspellings.find("第号甲", [digit]) == []


def test_a_suppressed_match_leaves_a_later_one():
    text = "按排名公示后，请按排好会场。"
    assert found(text) == [("按排", "安排")]
    [finding] = misspellings.find(text, ENTRIES)
    assert text[finding.start : finding.end] == "按排"
    assert finding.start == text.rindex("按排")


class LoadedDictionaryTests(TestCase):
    def test_the_migration_loaded_every_entry_with_its_rules(self):
        self.assertGreaterEqual(CommonMisspelling.objects.count(), len(ROWS))
        entry = CommonMisspelling.objects.get(wrong="按排")
        self.assertIn("名", entry.not_after.split("|"))
        self.assertEqual(entry.source, "G")
        active = {e.wrong: e for e in active_misspellings()}
        self.assertIn("截止", active)
        self.assertIn("#", active["截止"].only_after)

    def test_the_publish_gate_and_the_inspection_share_the_list(self):
        from inspection.rules import get_rule
        from inspection.rules.base import InspectionContext
        from publishing.services import check_page
        from site_registry.models import SiteProfile
        from tests.inspection.helpers import TODAY, set_body
        from tests.publishing.helpers import build_site, make_document

        site = build_site("dict", "dict.localhost")
        body = "<p>截止2025年底，报名截止日期为6月30日，按排名公示。</p>"
        page = make_document(site, slug="d1", body=body)
        warnings = [i.message for i in check_page(page).warnings]
        self.assertEqual(len(warnings), 1)
        self.assertIn("应为“截至”", warnings[0])
        page.save_revision().publish()
        set_body(page, body)
        profile = SiteProfile.objects.get(site=site.site)
        rule = get_rule("content")

        def flagged():
            problems = rule.check(site=profile, context=InspectionContext(TODAY))
            return [p.message for p in problems if p.indicator == "D7"]

        self.assertEqual(len(flagged()), 1)
        self.assertIn("截至", flagged()[0])
        # The office switches the entry off: neither flags it any more.
        CommonMisspelling.objects.filter(wrong="截止").update(is_active=False)
        self.assertEqual(check_page(page).warnings, [])
        self.assertEqual(flagged(), [])


class OfficeEditsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        ensure_cluster_roles()
        cls.office = get_user_model().objects.create_user(
            "office", password="pw-12345-abcdef"
        )
        cls.office.groups.add(Group.objects.get(name=OFFICE_GROUP))

    def test_the_office_adds_an_entry_with_a_context_rule(self):
        login_verified(self.client, self.office)
        url = reverse("wagtailsnippets_core_commonmisspelling:add")
        data = browser_form_data(
            self.client,
            url,
            wrong="工做",
            correct="工作",
            not_after=" 室 | ",
            is_active="on",
        )
        self.assertEqual(self.client.post(url, data).status_code, 302)
        entry = CommonMisspelling.objects.get(wrong="工做")
        self.assertEqual(entry.not_after, "室")
        active = {e.wrong: e for e in active_misspellings()}
        assert misspellings.find("工做室", active.values()) == []
        assert len(misspellings.find("认真工做。", active.values())) == 1

    def test_bad_entries_are_refused_in_chinese(self):
        login_verified(self.client, self.office)
        url = reverse("wagtailsnippets_core_commonmisspelling:add")
        data = browser_form_data(
            self.client, url, wrong="工做", correct="工做", is_active="on"
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "正确写法不能与错误写法相同。",
            " ".join(page_errors(response.content.decode())),
        )
        data = browser_form_data(
            self.client, url, wrong="工做", correct="工作", not_before="很" * 21
        )
        response = self.client.post(url, data)
        self.assertIn(
            "每项不能超过20个字。", " ".join(page_errors(response.content.decode()))
        )
        self.assertFalse(CommonMisspelling.objects.filter(wrong="工做").exists())
