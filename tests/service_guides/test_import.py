"""manage.py import_services: JSON Lines, per-line errors in Chinese, all or
nothing, published through the publication pipeline."""

import json
import os
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from service_guides.importing import ImportRefused, import_services
from service_guides.models import ServiceGuidePage
from site_registry.models import SiteProfile
from tests.factories import disclosure as factories
from tests.factories.services import make_service_index

VALID_ID = "11010519491231002X"


def guide(source_id, **values):
    record = {
        "source_id": source_id,
        "title": "企业投资项目备案",
        "audience": "法人办事",
        "theme": "investment",
        "legal_basis": "《企业投资项目核准和备案管理条例》第十三条。",
        "conditions": "在本市行政区域内投资建设的备案类企业投资项目。",
        "materials": [
            {"name": "项目备案申请表", "form": "原件", "originals": 1},
            {"name": "营业执照", "form": "复印件", "copies": 1, "notes": "加盖公章"},
            "项目情况说明",
        ],
        "location": "示范市政务服务中心三楼投资项目审批窗口",
        "organization": "示范市发展和改革委员会",
        "fees": "不收费",
        "hours": "工作日9:00—17:00；即时办结。",
        "phone": "0531-88002000",
        "steps": ["网上申报", {"title": "告知备案", "description": "当场告知。"}],
        "online_url": "https://www.sdzwfw.gov.cn/tzxm/",
    }
    record.update(values)
    return record


class ImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        site, home = factories.make_site("im", hostname="im.localhost")
        cls.profile = SiteProfile.objects.get(site=site)
        cls.index = make_service_index(home)
        cls.organization = factories.make_organization("示范市发展和改革委员会")
        cls.organization.sites.add(cls.profile)

    def write(self, *lines) -> Path:
        handle = tempfile.NamedTemporaryFile(
            "w", suffix=".jsonl", delete=False, encoding="utf-8"
        )
        with handle:
            for line in lines:
                text = line if isinstance(line, str) else json.dumps(line)
                handle.write(text + "\n")
        self.addCleanup(os.unlink, handle.name)
        return Path(handle.name)

    def run_command(self, path, **options):
        """(stdout, stderr, the CommandError or None) of one run."""
        out, err = StringIO(), StringIO()
        try:
            call_command(
                "import_services", str(path), site=self.profile.code,
                stdout=out, stderr=err, **options,
            )  # fmt: skip
        except CommandError as error:
            return out.getvalue(), err.getvalue(), error
        return out.getvalue(), err.getvalue(), None

    def test_imports_publishes_and_updates_by_source_id(self):
        path = self.write(
            guide("fgw-1"), guide("fgw-2", title="固定资产投资项目节能审查")
        )
        out, err, error = self.run_command(path)
        self.assertIsNone(error)
        self.assertIn("新建 2 项，更新 0 项办事指南。", out)
        self.assertIn("写入", err)  # the progress bar
        first = ServiceGuidePage.objects.get(source_id="fgw-1")
        self.assertTrue(first.live)
        self.assertEqual(first.audience, "legal")
        self.assertEqual(first.organization, self.organization)
        self.assertEqual(
            [(m.name, m.form, m.originals, m.copies) for m in first.materials.all()],
            [
                ("项目备案申请表", "original", 1, 0),
                ("营业执照", "copy", 0, 1),
                ("项目情况说明", "original", 1, 0),
            ],
        )
        self.assertEqual(
            [(s.title, s.description) for s in first.steps.all()],
            [("网上申报", ""), ("告知备案", "当场告知。")],
        )
        # Re-imported with a change: updated in place, not added again.
        path = self.write(guide("fgw-1", fees="按标准收费"), guide("fgw-2"))
        out, _err, _error = self.run_command(path)
        self.assertIn("新建 0 项，更新 2 项办事指南。", out)
        self.assertEqual(ServiceGuidePage.objects.count(), 2)
        self.assertEqual(
            ServiceGuidePage.objects.get(source_id="fgw-1").fees, "按标准收费"
        )
        self.assertEqual(ServiceGuidePage.objects.get(source_id="fgw-1").live, True)

    def test_bad_lines_are_reported_by_line_and_field_and_nothing_is_written(self):
        without_fees = guide("x-2")
        del without_fees["fees"]
        path = self.write(
            guide("x-1"),
            without_fees,
            guide("x-3", online_url="javascript:alert(1)"),
            guide("x-4", conditions="条件\x07"),
            guide("x-5", organization="别的机构"),
            guide("x-6", phone="12"),
            guide("x-7", materials=[{"name": "表", "form": "复印件", "copies": 0}]),
            guide("x-8", steps=[]),
            guide("x-1"),
            "{not json",
            guide("x-9", extra="?"),
            guide("x-10", title="长" * 300),
        )
        _out, err, error = self.run_command(path, no_progress=True)
        self.assertEqual(str(error), "文件有 11 处错误，未导入任何办事指南。")
        self.assertEqual(ServiceGuidePage.objects.count(), 0)
        for expected in (
            "第 2 行：缺少必填字段：fees。",
            "第 3 行：字段 online_url：在线办理地址必须是以 http:// 或 https:// 开头",
            "第 4 行：字段 conditions 含有控制字符（U+0007）",
            "第 5 行：字段 organization 不是本网站的机构，可用：示范市发展和改革委员会",
            "第 6 行：字段 phone：联系电话格式不正确",
            "第 7 行：materials 第 1 项：需要复印件时，复印件份数至少为 1 份。",
            "第 8 行：缺少必填字段：steps。",
            "第 9 行：编号 source_id“x-1”与第 1 行重复。",
            "第 10 行：不是有效的 JSON",
            "第 11 行：未知字段：extra。",
            "第 12 行：字段 title 超过 255 个字符（300 个）。",
        ):
            self.assertIn(expected, err)
        self.assertFalse(err.startswith("第 1 行"))
        self.assertNotIn("\n第 1 行", err)

    def test_a_guide_the_publication_checks_refuse_rolls_back_the_file(self):
        path = self.write(
            guide("ok-1"), guide("pd-1", conditions=f"申请人身份证号{VALID_ID}。")
        )
        with self.assertRaises(ImportRefused) as caught:
            import_services(path, site_code=self.profile.code)
        [(line, reason)] = caught.exception.errors
        self.assertEqual(line, 2)
        self.assertIn("身份证号码", reason)
        self.assertEqual(ServiceGuidePage.objects.count(), 0)

    def test_unknown_site_symbolic_link_and_size_are_refused(self):
        path = self.write(guide("s-1"))
        with self.assertRaises(ImportRefused) as caught:
            import_services(path, site_code="nosuchsite")
        self.assertIn("找不到网站“nosuchsite”", caught.exception.errors[0][1])
        link = Path(tempfile.mkdtemp()) / "link.jsonl"
        link.symlink_to(path)
        with self.assertRaises(ImportRefused) as caught:
            import_services(link, site_code=self.profile.code)
        self.assertIn("符号链接", caught.exception.errors[0][1])
        with override_settings(SERVICE_IMPORT_MAX_BYTES=100):
            with self.assertRaises(ImportRefused) as caught:
                import_services(path, site_code=self.profile.code)
        self.assertIn("请拆分后分批导入", caught.exception.errors[0][1])
        self.assertEqual(ServiceGuidePage.objects.count(), 0)
