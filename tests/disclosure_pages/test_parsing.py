"""Document numbers, organisation codes, index numbers and Chinese dates."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.chinese_dates import parse_chinese_datetime
from disclosure_pages.codes import (
    validate_credit_code,
    validate_index_number,
    validate_org_code,
)
from disclosure_pages.docnumbers import parse_document_number


@pytest.mark.parametrize(
    ("raw", "text", "organ", "year", "serial"),
    [
        ("国办发〔2017〕47号", "国办发〔2017〕47号", "国办发", 2017, 47),
        ("十政办发[2015]32号", "十政办发〔2015〕32号", "十政办发", 2015, 32),
        ("十政办发(2015)32号", "十政办发〔2015〕32号", "十政办发", 2015, 32),
        ("湘办发（2006）13号", "湘办发〔2006〕13号", "湘办发", 2006, 13),
        ("国办秘函【2019】19号", "国办秘函〔2019〕19号", "国办秘函", 2019, 19),
        ("十政办发 〔２０１５〕 ３２号", "十政办发〔2015〕32号", "十政办发", 2015, 32),
        ("京政发〔2020〕第5号", "京政发〔2020〕5号", "京政发", 2020, 5),
        ("国务院令第711号", "国务院令第711号", "国务院令", None, 711),
    ],
)
def test_document_numbers_are_normalised(raw, text, organ, year, serial):
    parsed = parse_document_number(raw)
    assert (parsed.text, parsed.organ, parsed.year, parsed.serial) == (
        text,
        organ,
        year,
        serial,
    )


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "empty"),
        ("国办发2017年47号", "no_year"),
        ("国办发〔2017〕47", "no_hao"),
        ("国办发〔2017〕047号", "serial_zero"),
        ("国办发〔2017〕0号", "serial_zero"),
        ("GBF〔2017〕47号", "format"),
        ("国办发〔17〕47号", "format"),
        ("国办发〔1900〕47号", "year"),
        ("国办发〔2999〕47号", "year"),
        ("〔2017〕47号", "format"),
    ],
)
def test_invalid_document_numbers_are_rejected_with_a_reason(raw, code):
    with pytest.raises(ValidationError) as caught:
        parse_document_number(raw)
    assert caught.value.code == code
    assert caught.value.messages[0]  # a sentence in Chinese for the editor


@pytest.mark.parametrize("code", ["000014349", "00001434-9", "00728042-0"])
def test_valid_organisation_codes(code):
    validate_org_code(code)


@pytest.mark.parametrize("code", ["000014348", "00001434", "0000143490", "abcdefghi"])
def test_invalid_organisation_codes(code):
    with pytest.raises(ValidationError):
        validate_org_code(code)


@pytest.mark.parametrize("code", ["11441700007280420Y", "91350100M000100Y43"])
def test_valid_credit_codes(code):
    validate_credit_code(code)


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("11441700007280420X", "credit_code_check"),  # wrong check character
        ("1144170000728042OY", "credit_code_format"),  # letter O is not allowed
        ("11441700007280420", "credit_code_format"),  # 17 characters
    ],
)
def test_invalid_credit_codes(code, reason):
    with pytest.raises(ValidationError) as caught:
        validate_credit_code(code)
    assert caught.value.code == reason


@pytest.mark.parametrize(
    "number",
    [
        "000014349/2017-00110",
        "11441700007280420Y/2021-00050",
        "0142768-8/2022-00185",
        "01527918X-2020-153077",
        "sggzyjyzx/2024-00002",
        "11441700007280420Y/202110-00013",
    ],
)
def test_index_numbers_accept_canonical_and_legacy_forms(number):
    validate_index_number(number)


@pytest.mark.parametrize(
    "number", ["2017-00110", "000014349/2017", "索引号/2017-1", ""]
)
def test_index_numbers_reject_garbage(number):
    with pytest.raises(ValidationError):
        validate_index_number(number)


@pytest.mark.parametrize(
    ("text", "expected", "has_time"),
    [
        ("二OO七年五月八日", datetime.datetime(2007, 5, 8), False),
        ("二〇一八年十二月三十一日", datetime.datetime(2018, 12, 31), False),
        ("2015年04月23日 16:23:00", datetime.datetime(2015, 4, 23, 16, 23), True),
        ("2015年4月23日", datetime.datetime(2015, 4, 23), False),
        ("2018-07-30", datetime.datetime(2018, 7, 30), False),
        ("2018-07-30 09:05", datetime.datetime(2018, 7, 30, 9, 5), True),
    ],
)
def test_chinese_dates(text, expected, has_time):
    assert parse_chinese_datetime(text) == (expected, has_time)


def test_impossible_dates_are_not_dates():
    assert parse_chinese_datetime("2015年2月30日") is None
    assert parse_chinese_datetime("年月31日") is None
