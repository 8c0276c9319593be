"""import_applications: an organ's historical applications, all or nothing."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from applications.choices import Action, Outcome, ReplyType, Status
from applications.models import Application, ApplicationEvent
from applications.selectors.statistics import CARRIED_OVER, table_three
from tests.applications.factories import make_office

pytestmark = pytest.mark.django_db

GOOD = [
    {
        "source_id": "YS-2024-001",
        "channel": "in_person",
        "applicant_type": "自然人",
        "name": "张三",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13800138000",
        "email": "zs@example.com",
        "info_title": "2023年道路改造计划",
        "info_description": "请公开全文。\n谢谢。",
        "submitted_at": "2024-12-20 09:30:00",
        "received_on": "2024-12-20",
        "due_date": "2025-01-20",
        "status": "in_progress",
        "events": [
            {"action": "registered", "at": "2024-12-20T09:40:00+08:00", "note": "窗口"}
        ],
    },
    {
        "source_id": "YS-2024-002",
        "channel": "registered_mail",
        "applicant_type": "commercial",
        "name": "示范科技有限公司",
        "credit_code": "91110000MA01234567",
        "info_title": "招标文件",
        "submitted_at": "2024-05-06T10:00:00+08:00",
        "received_on": "2024-05-08",
        "status": "已答复",
        "reply_type": "partial",
        "outcome": "partial",
        "closed_on": "2024-05-30",
    },
]


def write(tmp_path, records, name="apps.jsonl"):
    path = tmp_path / name
    text = "\n".join(
        r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records
    )
    path.write_text(text, encoding="utf-8")
    return path


def run(path, organization):
    out, err = StringIO(), StringIO()
    call_command(
        "import_applications",
        str(path),
        organization=organization,
        no_progress=True,
        stdout=out,
        stderr=err,
    )
    return out.getvalue(), err.getvalue()


@pytest.fixture
def organ():
    return make_office().organization


def test_valid_file_keeps_dates_and_events_and_rerun_is_idempotent(tmp_path, organ):
    path = write(tmp_path, GOOD)
    out, _err = run(path, organ.org_code)
    assert "新建 2 件" in out
    first = Application.objects.get(source_id="YS-2024-001")
    assert first.organization == organ
    assert first.received_on == date(2024, 12, 20)
    assert first.due_date == date(2025, 1, 20)
    assert first.status == Status.IN_PROGRESS
    assert first.applicant_type == "natural"
    second = Application.objects.get(source_id="YS-2024-002")
    assert second.reply_type == ReplyType.PARTIAL
    assert second.outcome == Outcome.PARTIAL
    assert second.closed_on == date(2024, 5, 30)
    # No due date given: computed from the receipt date.
    assert second.due_date is not None and second.due_date > date(2024, 5, 8)
    actions = list(first.events.values_list("action", flat=True))
    assert actions == [Action.REGISTERED, Action.IMPORTED]
    # The open case is carried over into 2025.
    table = table_three(organization_ids=[organ.pk], year=2025)
    assert table.count(CARRIED_OVER) == 1
    # Rerun: nothing new, nothing duplicated.
    out, _err = run(path, organ.name)
    assert "新建 0 件" in out and "未变 2 件" in out
    assert Application.objects.count() == 2
    events = ApplicationEvent.objects.count()
    # A changed line updates the stored application.
    changed = [dict(GOOD[0], status="extended"), GOOD[1]]
    out, _err = run(write(tmp_path, changed, "v2.jsonl"), organ.org_code)
    assert "更新 1 件" in out
    first.refresh_from_db()
    assert first.status == Status.EXTENDED
    assert ApplicationEvent.objects.count() == events + 1
    assert Application.objects.count() == 2


BAD_LINES = [
    ("not json", "不是有效的 JSON"),
    (dict(GOOD[0], status="lost"), "status"),
    (dict(GOOD[0], applicant_type="alien"), "applicant_type"),
    (dict(GOOD[0], name="张\x07三"), "控制字符"),
    (dict(GOOD[0], name="长" * 101), "超过 100 个字符"),
    (dict(GOOD[0], received_on="2024-12-01"), "早于提交时间"),
    (dict(GOOD[0], received_on="2024-13-01"), "无法识别"),
    (dict(GOOD[0], due_date="2024-12-19"), "答复期限"),
    (dict(GOOD[1], closed_on="2024-05-01"), "办结日期"),
    (dict(GOOD[1], outcome="withheld_1"), "不能计入"),
    (dict(GOOD[1], closed_on=None), "须有办结日期"),
    (dict(GOOD[0], outcome="disclosed"), "未办结"),
    (dict(GOOD[0], email="not-an-email"), "电子邮箱"),
    (dict(GOOD[0], surprise=1), "未知字段"),
    (dict(GOOD[0], info_title=""), "缺少必填字段"),
    (dict(GOOD[0], events=[{"action": "dance", "at": "2024-12-21"}]), "办理记录"),
    (dict(GOOD[0], submitted_at="2999-01-01T00:00:00"), "晚于当前时间"),
    (dict(GOOD[1], source_id="YS-2024-001"), "重复"),
]


@pytest.mark.parametrize(("line", "message"), BAD_LINES)
def test_each_bad_line_is_reported_and_nothing_is_written(
    tmp_path, organ, line, message
):
    path = write(tmp_path, [GOOD[0], line])
    with pytest.raises(CommandError, match="未导入任何申请"):
        run(path, organ.org_code)
    assert not Application.objects.exists()
    assert not ApplicationEvent.objects.exists()
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_applications",
            str(path),
            organization=organ.org_code,
            no_progress=True,
            stdout=out,
            stderr=err,
        )
    assert "第 2 行" in err.getvalue()
    assert message in err.getvalue()


def test_unknown_organ_and_organ_without_office(tmp_path, organ):
    from tests.factories.disclosure import make_organization

    path = write(tmp_path, GOOD)
    with pytest.raises(CommandError):
        run(path, "no-such-organ")
    bare = make_organization("没有受理机构的机关")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_applications",
            str(path),
            organization=bare.name,
            no_progress=True,
            stderr=err,
        )
    assert "没有依申请公开受理机构" in err.getvalue()
    assert not Application.objects.exists()


def test_symbolic_link_is_refused_and_progress_goes_to_stderr(tmp_path, organ):
    path = write(tmp_path, GOOD)
    link = tmp_path / "link.jsonl"
    link.symlink_to(path)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_applications", str(link), organization=organ.org_code, stderr=err
        )
    assert "符号链接" in err.getvalue()
    assert not Application.objects.exists()
    out, err = StringIO(), StringIO()
    call_command(
        "import_applications",
        str(path),
        organization=organ.org_code,
        stdout=out,
        stderr=err,
    )
    assert "新建 2 件" in out.getvalue()
    assert "写入" in err.getvalue()
