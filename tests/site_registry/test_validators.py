import pytest
from django.core.exceptions import ValidationError

from site_registry import validators


@pytest.mark.parametrize("code", ["3701000001", "4300000077", "bm01000001"])
def test_valid_site_codes(code):
    validators.validate_site_code(code)


@pytest.mark.parametrize(
    "code", ["370100001", "37010000011", "BM01000001", "bm0100001", "0000000001", "x"]
)
def test_invalid_site_codes_get_a_chinese_message(code):
    with pytest.raises(ValidationError) as error:
        validators.validate_site_code(code)
    assert "网站标识码" in error.value.messages[0]


@pytest.mark.parametrize("number", ["鲁ICP备12345678号-1", "京ICP备05070218号"])
def test_valid_icp(number):
    validators.validate_icp_number(number)


@pytest.mark.parametrize(
    "number", ["ICP备12345678号", "鲁ICP备1234号", "鲁ICP12345678号"]
)
def test_invalid_icp(number):
    with pytest.raises(ValidationError, match="ICP备案号格式不正确"):
        validators.validate_icp_number(number)


def test_police_number():
    validators.validate_police_number("鲁公网安备37010202000001号")
    with pytest.raises(ValidationError, match="公安机关备案号格式不正确"):
        validators.validate_police_number("鲁公网安备3701020200001号")


@pytest.mark.parametrize(
    ("name", "level", "is_subsite"),
    [
        ("示范市人民政府门户网站", "city_portal", False),
        ("示范市教育局网站", "department", False),
        ("示范市东城区青台镇人民政府", "township", True),
    ],
)
def test_standard_names(name, level, is_subsite):
    validators.validate_site_name(name, level=level, is_subsite=is_subsite)


@pytest.mark.parametrize(
    ("name", "level", "is_subsite", "message"),
    [
        ("示范市人民政府网站", "city_portal", False, "门户网站"),
        ("示范市教育局门户网站", "department", False, "单位全称+网站"),
        ("示范市 教育局网站", "department", False, "不能有空格"),
        ("网站", "department", False, "4至50个字"),
        ("青台镇人民政府网站", "township", True, "子站"),
    ],
)
def test_bad_names(name, level, is_subsite, message):
    with pytest.raises(ValidationError) as error:
        validators.validate_site_name(name, level=level, is_subsite=is_subsite)
    assert message in error.value.messages[0]


def test_idn_domains_are_stored_in_ascii_and_shown_in_unicode():
    ascii_name = validators.normalize_hostname("WWW.示范.政务")
    assert ascii_name == "www.xn--biz93r.xn--zfr164b"
    assert validators.display_hostname(ascii_name) == "www.示范.政务"
    assert validators.normalize_hostname("www.xn--biz93r.xn--zfr164b.") == ascii_name


@pytest.mark.parametrize(
    "value", ["http://www.a.gov.cn", "a.gov.cn:8000", "a..gov.cn", "-a.gov.cn"]
)
def test_malformed_domains(value):
    with pytest.raises(ValidationError):
        validators.normalize_hostname(value)


def test_production_accepts_only_the_office_suffixes(settings):
    settings.SITE_REGISTRY_ALLOW_LOCALHOST = False
    validators.validate_domain_allowed("www.shifan.gov.cn")
    validators.validate_domain_allowed(validators.normalize_hostname("示范.政务"))
    for bad in ("www.localhost", "www.example.com", "gov.cn", "xgov.cn"):
        with pytest.raises(ValidationError, match="只能使用"):
            validators.validate_domain_allowed(bad)


def test_development_also_accepts_localhost(settings):
    settings.SITE_REGISTRY_ALLOW_LOCALHOST = True
    validators.validate_domain_allowed("fgw.localhost")
    with pytest.raises(ValidationError):
        validators.validate_domain_allowed("www.example.com")
