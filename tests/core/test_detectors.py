"""The shared detectors: valid and invalid input, exact positions, safe excerpts."""

import pytest

from core.detectors import (
    bank_card,
    find_personal_data,
    mask_personal_data,
    misspellings,
    mobile,
    resident_id,
    sensitive_words,
)
from core.seed_lists import DEFAULT_MISSPELLINGS, DEFAULT_SENSITIVE_WORDS

VALID_ID = "11010519491231002X"
VALID_ID_2 = "44030419900307123X"
CARD_19 = "6222021234567890128"
CARD_16 = "6217000012345670"


def _assert_positions(text, findings):
    for finding in findings:
        assert text[finding.start : finding.end] == finding.value


def _assert_never_repeated(findings, values):
    for finding in findings:
        for value in values:
            assert value not in finding.excerpt
            assert value not in repr(finding)


class TestResidentId:
    def test_valid_id_found_with_exact_position_and_mask(self):
        text = f"申请人张三，身份证号码：{VALID_ID}，住址略。"
        [finding] = resident_id.find(text)
        assert finding.kind == "resident_id"
        assert (finding.start, finding.end) == (12, 30)
        assert finding.masked == "110105********002X"
        assert finding.excerpt.endswith("110105********002X，住址略。")
        _assert_positions(text, [finding])
        _assert_never_repeated([finding], [VALID_ID])

    def test_lowercase_check_character(self):
        assert resident_id.is_valid(VALID_ID.lower())
        assert len(resident_id.find(VALID_ID.lower())) == 1

    @pytest.mark.parametrize(
        ("number", "reason"),
        [
            ("110105194912310021", "wrong check character"),
            ("990105194912310023", "no such province code"),
            ("110105194902300020", "30 February"),
            ("110105209912310029", "born in the future"),
            ("11010519491231002", "17 characters"),
            ("1101051949123100X2", "X not in last place"),
        ],
    )
    def test_invalid_ids_are_not_reported(self, number, reason):
        assert not resident_id.is_valid(number), reason
        assert resident_id.find(f"号码{number}。") == [], reason

    def test_id_inside_a_longer_digit_run_is_not_reported(self):
        assert resident_id.find(f"编号9{VALID_ID}") == []
        assert resident_id.find(f"编号{VALID_ID}7") == []

    def test_checksum_algorithm(self):
        # GB 11643 worked example.
        assert resident_id.check_character("11010519491231002") == "X"
        assert resident_id.check_character("44030419900307123") == "X"


class TestMobile:
    @pytest.mark.parametrize(
        "written", ["13812345678", "138-1234-5678", "138 1234 5678"]
    )
    def test_found_and_masked(self, written):
        text = f"联系电话：{written}。"
        [finding] = mobile.find(text)
        assert finding.masked == "138****5678"
        assert text[finding.start : finding.end] == written
        _assert_never_repeated([finding], [written, "13812345678"])

    @pytest.mark.parametrize(
        "text",
        [
            "12812345678",  # no 12x mobile numbers
            "213812345678",  # inside a longer number
            "138123456789",
            "1381234567",  # ten digits
            "138-1234 5678",  # mixed separators
        ],
    )
    def test_not_mobile(self, text):
        assert mobile.find(text) == []


class TestBankCard:
    @pytest.mark.parametrize(
        ("written", "masked"),
        [
            (CARD_19, "622202*********0128"),
            (CARD_16, "621700******5670"),
            ("6222 0212 3456 7890 128", "622202*********0128"),
        ],
    )
    def test_luhn_valid_cards(self, written, masked):
        text = f"收款账号{written}，开户行略。"
        [finding] = bank_card.find(text)
        assert finding.masked == masked
        assert text[finding.start : finding.end] == written
        _assert_never_repeated([finding], [written, CARD_19])

    @pytest.mark.parametrize(
        "text",
        [
            "6222021234567890127",  # Luhn fails
            "622202123456789",  # 15 digits
            "62220212345678901280",  # 20 digits
            "0000000000000000",  # filler
        ],
    )
    def test_not_cards(self, text):
        assert bank_card.find(text) == []


class TestPersonalData:
    def test_id_passing_luhn_is_reported_once_as_id(self):
        number = "320102198001010454"
        assert bank_card.luhn_valid(number)
        [finding] = find_personal_data(f"身份证{number}")
        assert finding.kind == "resident_id"

    def test_all_kinds_in_order_and_context_is_masked_too(self):
        text = f"身份证{VALID_ID}手机13812345678卡{CARD_16}"
        findings = find_personal_data(text)
        assert [f.kind for f in findings] == ["resident_id", "mobile", "bank_card"]
        _assert_positions(text, findings)
        # Each excerpt also hides the neighbouring values.
        _assert_never_repeated(findings, [VALID_ID, "13812345678", CARD_16])
        for partial in ("1231002X", "12345678", "12345670"):
            assert all(partial not in f.excerpt for f in findings)

    def test_mask_personal_data(self):
        text = f"张三 {VALID_ID}，李四 {VALID_ID_2}，电话 139-0000-1111。"
        assert mask_personal_data(text) == (
            "张三 110105********002X，李四 440304********123X，电话 139****1111。"
        )

    def test_clean_text_has_no_findings(self):
        text = "2015年全市政务公开工作要点，十政办发〔2015〕32号，电话 0719-8888888。"
        assert find_personal_data(text) == []


class TestWordLists:
    def test_sensitive_words_with_positions(self):
        text = "本文件为内部资料，不得外传。"
        findings = sensitive_words.find(text, ["内部资料", "不得外传"])
        assert [(f.value, f.start, f.end) for f in findings] == [
            ("内部资料", 4, 8),
            ("不得外传", 9, 13),
        ]
        assert findings[0].excerpt == "本文件为【内部资料】，不得外传。"

    def test_longest_word_wins(self):
        findings = sensitive_words.find("涉密文件", ["涉密", "涉密文件"])
        assert [f.value for f in findings] == ["涉密文件"]

    def test_misspellings_carry_the_correction(self):
        text = "请按装软件，既使下雨也要按排好。"
        findings = misspellings.find(text, dict(DEFAULT_MISSPELLINGS))
        assert [(f.value, f.suggestion) for f in findings] == [
            ("按装", "安装"),
            ("既使", "即使"),
            ("按排", "安排"),
        ]
        _assert_positions(text, findings)

    def test_empty_list_and_empty_words(self):
        assert sensitive_words.find("任何文本", []) == []
        assert sensitive_words.find("任何文本", ["", "不存在"]) == []

    def test_seeded_lists_are_well_formed(self):
        wrong = [w for w, _ in DEFAULT_MISSPELLINGS]
        assert len(wrong) == len(set(wrong))
        assert all(w != c for w, c in DEFAULT_MISSPELLINGS)
        assert len({w for w, _ in DEFAULT_SENSITIVE_WORDS}) == len(
            DEFAULT_SENSITIVE_WORDS
        )


def test_every_detector_runs_over_a_20000_character_text():
    """All detectors cover a long text to its end (speed: bench/detectors.py)."""
    paragraph = (
        "为深入贯彻落实政务公开工作要求，进一步做好政府信息公开工作，"
        f"联系人电话13812345678，身份证{VALID_ID}，按装调试已完成。"
    )
    text = (paragraph * (20_000 // len(paragraph) + 1))[:20_000]
    corrections = dict(DEFAULT_MISSPELLINGS)
    words = [w for w, _ in DEFAULT_SENSITIVE_WORDS]
    findings = find_personal_data(text)
    findings += sensitive_words.find(text, words)
    findings += misspellings.find(text, corrections)
    assert len(findings) > 300
    # The last repetition of the paragraph is found too: nothing stops early.
    assert max(finding.start for finding in findings) > 19_000
