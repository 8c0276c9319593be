"""Importing the holiday schedule (workdays.services) via manage.py import_calendar."""

import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from workdays.bundled import DATA_FILE
from workdays.calendar import add_working_days, is_working_day
from workdays.models import CalendarDay, DayKind
from workdays.services import CalendarImportError, import_calendar

pytestmark = pytest.mark.django_db

SOURCE = "国务院办公厅关于2027年部分节假日安排的通知"
GOOD_CSV = (
    "date,kind,name,source\n"
    f"2027-01-01,holiday,元旦,{SOURCE}\n"
    f"2027-02-06,放假,春节,{SOURCE}\n"
    f"2027-02-07,上班,春节,{SOURCE}\n"  # a make-up Sunday
    f"2027-02-08,holiday,春节,{SOURCE}\n"
)


def _write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def test_command_imports_csv_and_reimport_updates(tmp_path, capsys):
    before = CalendarDay.objects.count()
    call_command("import_calendar", str(_write(tmp_path, "2027.csv", GOOD_CSV)))
    assert "新增4天" in capsys.readouterr().out
    assert CalendarDay.objects.count() == before + 4
    assert CalendarDay.objects.get(date="2027-02-07").kind == DayKind.WORKDAY
    assert is_working_day(CalendarDay.objects.get(date="2027-02-07").date)
    # The imported 元旦 2027 (a Friday) now moves a deadline across the year.
    assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)

    # Re-import: same rows are unchanged, a changed row is updated, no duplicates.
    call_command("import_calendar", str(_write(tmp_path, "2027.csv", GOOD_CSV)))
    assert "未变4天" in capsys.readouterr().out
    changed = GOOD_CSV.replace("2027-02-08,holiday,春节", "2027-02-08,workday,春节")
    call_command("import_calendar", str(_write(tmp_path, "2027.csv", changed)))
    assert "更新1天" in capsys.readouterr().out
    assert CalendarDay.objects.count() == before + 4
    assert CalendarDay.objects.get(date="2027-02-08").kind == DayKind.WORKDAY


def test_excel_csv_with_bom_and_gb18030_and_chinese_headers():
    text = "日期,类型,名称,依据\n2027-10-01,放假,国庆节,通知\n"
    import_calendar(name="a.csv", content=("\ufeff" + text).encode("utf-8"))
    import_calendar(
        name="b.csv", content=text.replace("通知", "新通知").encode("gb18030")
    )
    assert CalendarDay.objects.get(date="2027-10-01").source == "新通知"


def test_json_shipped_format_reimports_unchanged():
    result = import_calendar(name="data.json", content=DATA_FILE.read_bytes())
    assert result.created == 0 and result.updated == 0
    assert result.unchanged == len(json.loads(DATA_FILE.read_text())["days"])
    assert result.years == [2025, 2026]


def test_json_list_format_and_unusual_days_accepted():
    rows = [
        # A make-up working day on a weekday and a lone weekend holiday are
        # unusual but legal: accepted as published.
        {"date": "2027-03-03", "kind": "workday", "name": "测试", "source": ""},
        {"date": "2027-03-06", "kind": "holiday", "name": "测试"},
    ]
    result = import_calendar(name="x.json", content=json.dumps(rows).encode())
    assert result.created == 2


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "bad.csv",
            GOOD_CSV + "2027-02-30,holiday,春节,x\n",
            "第6行：日期“2027-02-30”无效",
        ),
        (
            "bad.csv",
            GOOD_CSV + "2027/03/01,holiday,春节,x\n",
            "第6行：日期“2027/03/01”无效",
        ),
        (
            "bad.csv",
            GOOD_CSV + "2027-03-01,vacation,春节,x\n",
            "第6行：类型“vacation”无效",
        ),
        ("bad.csv", GOOD_CSV + "2027-03-01,holiday,,x\n", "第6行：缺少节日名称"),
        (
            "bad.csv",
            GOOD_CSV + "2027-02-07,holiday,春节,x\n",
            "第6行：日期2027-02-07与第4行重复",
        ),
        (
            "bad.csv",
            "day,kind,name\n2027-01-01,holiday,元旦\n",
            "第1行（表头）缺少列：date",
        ),
        ("bad.csv", "", "文件为空"),
        ("bad.csv", "date,kind,name,source\n", "文件中没有任何日期"),
        ("bad.csv", b"\x00\x01\x02binary", "文件不是文本文件"),
        ("bad.xlsx", GOOD_CSV, "只能导入CSV或JSON文件"),
        ("bad.json", '[{"date": "2027-01-01",', "第1行：JSON格式错误"),
        ("bad.json", '{"rows": []}', "JSON文件应为日期列表"),
        (
            "bad.json",
            '[{"date": "2027-01-01", "kind": "holiday", "name": "元旦"}, 5]',
            "第2条：应为包含date、kind、name的对象",
        ),
        (
            "bad.json",
            '[{"date": "2027-01-01", "kind": "holiday", "name": "元旦"},'
            ' {"date": "2027-01-01", "kind": "放假", "name": "元旦"}]',
            "第2条：日期2027-01-01与第1条重复",
        ),
        ("big.csv", GOOD_CSV + "#" * (256 * 1024), "文件过大"),
    ],
)
def test_bad_files_are_refused_whole(tmp_path, name, content, expected):
    before = list(CalendarDay.objects.values_list("date", "kind", "name"))
    with pytest.raises(CommandError) as raised:
        call_command("import_calendar", str(_write(tmp_path, name, content)))
    assert expected in str(raised.value)
    # Nothing written: the good lines before the bad one were not imported.
    assert list(CalendarDay.objects.values_list("date", "kind", "name")) == before


def test_every_bad_line_is_reported():
    text = GOOD_CSV + "2027-13-01,holiday,x,\n2027-03-02,休假,x,\n"
    with pytest.raises(CalendarImportError) as raised:
        import_calendar(name="a.csv", content=text.encode())
    assert [e[:3] for e in raised.value.errors] == ["第6行", "第7行"]


def test_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError):
        call_command("import_calendar", str(tmp_path / "missing.csv"))
