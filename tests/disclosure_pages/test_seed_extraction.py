"""Metadata extracted from the five real seed texts (demo/seeds/)."""

from pathlib import Path

import pytest

from disclosure_pages.importing.text import extract_text

SEEDS = Path(__file__).resolve().parents[2] / "demo" / "seeds"


def _extract(prefix):
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return extract_text(path.read_text(encoding="utf-8"))


def test_001_metadata_block_with_values_on_later_lines():
    result = _extract("001")
    assert (
        result.title
        == "市人民政府办公室关于印发2015年全市政务公开政务服务工作要点的通知"
    )
    assert result.document_number == "十政办发〔2015〕32号"
    assert result.organization == "市人民政府办公室"
    assert result.written_date == "2015-04-23"
    assert result.published_at == "2015-04-23 16:23:00"
    assert result.subject == "其他"
    # The metadata block is not part of the body; the text is.
    assert not result.body_text.startswith("索引号")
    assert "索引号" not in result.body_text.splitlines()
    assert "以公开为常态、不公开为例外" in result.body_text


def test_003_date_in_chinese_numerals_and_keywords():
    result = _extract("003")
    assert result.title == "2007年永州市政务公开工作要点"
    assert result.written_date == "2007-05-08"
    # 中办发[2005]12号 is cited in the text: it is not this document's number.
    assert result.document_number == ""
    assert result.keywords == "行政事务 政务公开 通知"


def test_002_page_chrome_is_dropped():
    result = _extract("002")
    assert result.title == "区委政务公开任务要点通知"
    assert "美章网" not in result.body_text
    assert "本站小编" not in result.body_text
    assert "精品推荐" not in result.body_text
    assert result.body_text.startswith("为深入贯彻科学发展观")
    # The year is elided in the source (年, 〔〕8号): nothing is invented.
    assert result.document_number == result.written_date == ""


def test_004_addressee_line_first_and_organ_with_date():
    result = _extract("004")
    assert result.title == "钟楼区2018年政务公开工作要点实施方案"
    assert result.organization == "常州市钟楼区人民政府办公室"
    assert result.written_date == "2018-07-30"
    assert result.body_text.startswith("开发区、镇、各街道")


def test_000_plain_title_without_metadata():
    result = _extract("000")
    assert result.title == "2015年全区政务公开政务服务工作要点"
    assert (result.document_number, result.organization, result.written_date) == (
        "",
        "",
        "",
    )


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        (
            "标题\n索引号：000014349/2017-00110\n文号：国办发[2017]47号\n正文",
            "document_number",
            "国办发[2017]47号",
        ),
        ("标题\n发布机构：示范市教育局\n正文", "organization", "示范市教育局"),
        ("标题\n成文日期：2019年3月1日\n正文", "written_date", "2019-03-01"),
    ],
)
def test_same_line_labels(text, field, value):
    assert getattr(extract_text(text), field) == value
