"""import_messages: historical messages of a migrating site, all or nothing (#16)."""

import datetime
import json
import os
import re
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings
from django.utils import timezone

from interaction.choices import ChannelKind, MessageAction, MessageStatus
from interaction.models import Channel, Message, MessageEvent
from interaction.rules import due_date_for
from site_registry.models import SiteProfile
from tests.factories import disclosure as factories

SHANGHAI = timezone.get_default_timezone()

GOOD = [
    {
        "source_id": "A-1",
        "title": "咨询入学政策",
        "content": "请问……\n谢谢。",
        "received_at": "2024-03-01 09:30:00",
        "answered_at": "2024-03-05T16:00:00+08:00",
        "answer": "您好，……",
        "answer_department": "市教育局",
        "published": True,
        "status": "已答复",
        "contact_name": "张三",
        "contact_phone": "13800000000",
        "contact_email": "zs@example.com",
    },
    {
        "source_id": "A-2",
        "title": "反映道路破损",
        "content": "某路段破损。",
        "received_at": "2024-03-02T01:00:00Z",
        "status": "办理中",
    },
    {
        "source_id": "A-3",
        "title": "建议增设公交线路",
        "content": "建议……",
        "received_at": "2024-02-28T10:00:00+08:00",
        "status": "invalid",
    },
]


def jsonl(records) -> bytes:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode()


class ImportMessagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        site, _home = factories.make_site("imp")
        cls.profile = SiteProfile.objects.get(site=site)
        cls.channel, _ = Channel.objects.update_or_create(
            site=cls.profile,
            slug="zxzx",
            defaults={
                "kind": ChannelKind.CONSULTATION,
                "name": "政务咨询",
                "answer_days": 5,
            },
        )

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def write(self, data: bytes, name="messages.jsonl") -> Path:
        path = Path(self.tmp.name) / name
        path.write_bytes(data)
        return path

    def run_import(self, path, *extra, progress=False):
        out, err = StringIO(), StringIO()
        args = [str(path), "--site", self.profile.code, "--channel", "zxzx", *extra]
        if not progress:
            args.append("--no-progress")
        call_command("import_messages", *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def refused(self, path, *, site=None, channel="zxzx") -> str:
        err = StringIO()
        with self.assertRaises(CommandError):
            call_command(
                "import_messages",
                str(path),
                "--site",
                site or self.profile.code,
                "--channel",
                channel,
                "--no-progress",
                stdout=StringIO(),
                stderr=err,
            )
        self.assertEqual(Message.objects.count(), 0)
        self.assertEqual(MessageEvent.objects.count(), 0)
        return err.getvalue()

    def test_a_good_file_is_imported_with_its_dates_and_a_progress_bar(self):
        path = self.write(b"\xef\xbb\xbf" + jsonl(GOOD))
        with self.captureOnCommitCallbacks(execute=True):
            out, err = self.run_import(path, progress=True)
        self.assertIn("新建 3 条", out)
        self.assertIn("校验", err)
        self.assertIn("写入", err)
        self.assertIn("3/3", err)

        first = Message.objects.get(source_id="A-1")
        # A time without offset is Beijing time; offsets are kept exactly.
        self.assertEqual(
            first.received_at, datetime.datetime(2024, 3, 1, 9, 30, tzinfo=SHANGHAI)
        )
        self.assertEqual(
            first.answered_at, datetime.datetime(2024, 3, 5, 8, 0, tzinfo=datetime.UTC)
        )
        self.assertEqual(first.due_date, due_date_for(first.received_at, 5))
        self.assertEqual(first.status, MessageStatus.ANSWERED)
        self.assertTrue(first.is_published)
        self.assertEqual(first.answer_department, "市教育局")
        self.assertEqual(first.contact_email, "zs@example.com")
        self.assertEqual(first.site, self.profile)
        self.assertIn("\n", first.content)

        second = Message.objects.get(source_id="A-2")
        self.assertEqual(second.status, MessageStatus.ASSIGNED)
        self.assertEqual(
            second.received_at, datetime.datetime(2024, 3, 2, 1, tzinfo=datetime.UTC)
        )
        self.assertFalse(second.wants_public)
        self.assertEqual(Message.objects.get(source_id="A-3").status, "invalid")

        codes = set(Message.objects.values_list("query_code", flat=True))
        self.assertEqual(len(codes), 3)
        self.assertTrue(all(len(code) == 10 for code in codes))
        events = MessageEvent.objects.filter(action=MessageAction.IMPORTED)
        self.assertEqual(events.count(), 3)
        self.assertEqual(
            set(events.values_list("message__source_id", flat=True)),
            {"A-1", "A-2", "A-3"},
        )

    def test_a_re_import_updates_and_never_duplicates(self):
        path = self.write(jsonl(GOOD))
        self.run_import(path)
        codes = dict(Message.objects.values_list("source_id", "query_code"))
        out, _err = self.run_import(path)
        self.assertIn("新建 0 条，更新 0 条，未变 3 条", out)
        self.assertEqual(Message.objects.count(), 3)
        self.assertEqual(MessageEvent.objects.count(), 3)

        changed = [dict(GOOD[1], status="已答复", answer="已修复。")]
        changed[0]["answered_at"] = "2024-03-20 10:00"
        out, _err = self.run_import(self.write(jsonl(changed), "again.jsonl"))
        self.assertIn("更新 1 条", out)
        message = Message.objects.get(source_id="A-2")
        self.assertEqual(message.status, MessageStatus.ANSWERED)
        self.assertEqual(message.answer, "已修复。")
        self.assertEqual(
            dict(Message.objects.values_list("source_id", "query_code")), codes
        )
        event = message.events.latest("pk")
        self.assertEqual((event.from_status, event.to_status), ("assigned", "answered"))

    def test_a_bad_file_is_refused_whole_with_every_error_by_line(self):
        ok = GOOD[1]
        lines = [
            json.dumps(ok, ensure_ascii=False),  # 1: fine
            '{"source_id": "B-2", "title": ',  # 2: bad JSON
            json.dumps({"source_id": "B-3", "title": "缺内容"}),  # 3
            json.dumps(dict(ok, source_id="B-4", received_at="2024年3月1日")),
            json.dumps(
                dict(
                    ok,
                    source_id="B-5",
                    status="answered",
                    answer="答复",
                    answered_at="2024-03-01 08:00",
                )
            ),
            json.dumps(dict(ok, source_id="B-6", status="answered")),
            json.dumps(dict(ok, source_id="B-7", status="已办结")),
            json.dumps(dict(ok, source_id="B-8", title="标题\x07响铃")),
            json.dumps(dict(ok, source_id="B-9", title="长" * 101)),
        ]
        data = "\n".join(lines).encode() + b"\n"
        data += json.dumps(dict(ok, source_id="B-10"), ensure_ascii=False).encode("gbk")
        data += b"\n" + json.dumps(ok).encode()  # 11: same source_id as line 1
        errors = self.refused(self.write(data))
        expected = {
            2: "不是有效的 JSON",
            3: "缺少必填字段：content、received_at",
            4: "无法识别",
            5: "早于来信时间",
            6: "没有答复内容",
            7: "状态“已办结”无法识别",
            8: "控制字符（U+0007）",
            9: "超过 100 个字符",
            10: "不是 UTF-8 编码",
            11: "与第 1 行重复",
        }
        for line, text in expected.items():
            with self.subTest(line=line):
                self.assertRegex(errors, rf"第 {line} 行：[^\n]*{re.escape(text)}")
        self.assertNotIn("第 1 行：", errors)

    def test_the_file_must_be_a_regular_utf8_file_within_the_limit(self):
        target = self.write(jsonl(GOOD), "real.jsonl")
        link = Path(self.tmp.name) / "link.jsonl"
        os.symlink(target, link)
        self.assertIn("符号链接", self.refused(link))
        with override_settings(INTERACTION_IMPORT_MAX_BYTES=100):
            self.assertIn("文件超过", self.refused(target))
        self.assertIn("文件不存在", self.refused(Path(self.tmp.name) / "none.jsonl"))
        self.assertIn("不是普通文件", self.refused(Path(self.tmp.name)))
        self.assertIn("没有任何来信", self.refused(self.write(b"\n\n", "empty.jsonl")))

    def test_unknown_site_or_channel(self):
        path = self.write(jsonl(GOOD))
        self.assertIn("找不到标识码", self.refused(path, site="0000000000"))
        self.assertIn("没有网址标识为“nope”", self.refused(path, channel="nope"))
