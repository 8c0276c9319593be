"""Attachment text in search (#20.6), on the database backend and the real
OpenSearch: a PDF, a Word .docx and a plain-text attachment each make their
document findable by a word only the attachment holds, the result row names
the attachment, hostile files are skipped without stopping indexing, and the
size caps hold. The files live in the configured storage (S3 under `make test`)."""

from __future__ import annotations

import io
import logging

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.search.backends import get_search_backend

from disclosure_pages.models import DocumentAttachment
from search import attachments, selectors, services
from search.models import SearchEntry
from tests.publishing.helpers import docx_with_text
from tests.search.conftest import BACKENDS, add_document, index_entries

pytestmark = [pytest.mark.django_db, pytest.mark.s3]

PDF_WORD = "秸秆综合利用补贴"
DOCX_WORD = "高标准农田建设"
TXT_WORD = "冬春季水利设施"


def pdf_with_chinese(text: str) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    drawing = canvas.Canvas(out)
    drawing.setFont("STSong-Light", 12)
    drawing.drawString(72, 720, text)
    drawing.save()
    return out.getvalue()


def _file(title: str, name: str, data: bytes):
    return get_document_model().objects.create(
        title=title, file=ContentFile(data, name=name)
    )


def _attach(page, *files) -> None:
    for order, (title, document) in enumerate(files):
        DocumentAttachment.objects.create(
            page=page, document=document, title=title, sort_order=order
        )


def _reindex(page_ids, engine) -> None:
    services.sync_pages(page_ids=page_ids, update_index=False)
    index_entries(engine)
    index_entries(get_search_backend("default"))


def run(backend, **params):
    request = selectors.parse_search_request({"scope": "all", **params}, profile=None)
    return selectors.run_search(request, backend=backend)


@pytest.fixture
def with_attachments(search_cluster, search_engine_backend, s3_client):
    pdf_page = add_document("www", "att-pdf", "关于农业补贴的通知", "详见附件。")
    docx_page = add_document("www", "att-docx", "农田建设实施方案", "详见附件。")
    txt_page = add_document("www", "att-txt", "水利工作安排", "详见附件。")
    broken_page = add_document("www", "att-bad", "附件损坏的文件", "正文。")
    _attach(
        pdf_page,
        ("补贴标准表", _file("补贴标准", "butie.pdf", pdf_with_chinese(PDF_WORD))),
    )
    _attach(
        docx_page,
        ("建设方案", _file("建设方案", "fangan.docx", docx_with_text(DOCX_WORD))),
    )
    _attach(
        txt_page,
        ("工作说明", _file("工作说明", "shuoming.txt", TXT_WORD.encode("gb18030"))),
    )
    _attach(
        broken_page,
        ("坏文件", _file("坏文件", "broken.pdf", b"%PDF-1.4 not really a pdf")),
        ("伪装文件", _file("伪装", "fake.docx", b"this is no zip archive")),
        ("正常说明", _file("正常", "ok.txt", "损坏附件旁的冰雹灾害说明".encode())),
    )
    pages = {"pdf": pdf_page, "docx": docx_page, "txt": txt_page, "bad": broken_page}
    _reindex([page.pk for page in pages.values()], search_engine_backend)
    return pages


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("kind", "word", "name"),
    [
        ("pdf", PDF_WORD, "补贴标准表"),
        ("docx", DOCX_WORD, "建设方案"),
        ("txt", TXT_WORD, "工作说明"),
    ],
)
def test_a_word_only_in_the_attachment_finds_the_document(
    with_attachments, backend, kind, word, name
):
    page = with_attachments[kind]
    response = run(backend, q=word)
    [hit] = [h for h in response.hits if h.entry.page_id == page.pk]
    assert hit.attachment_name == name
    assert hit.as_json()["attachment"] == name
    assert "<mark>" in str(hit.snippet_html)
    # The page itself does not hold the word: only the attachment does.
    assert word not in hit.entry.text and word not in hit.entry.title


def test_the_result_row_names_the_attachment(with_attachments, client):
    html = client.get(
        "/search/", {"q": PDF_WORD, "scope": "all"}, HTTP_HOST="www.localhost"
    ).content.decode()
    entry = SearchEntry.objects.get(page=with_attachments["pdf"])
    assert f"entry={entry.pk}&amp;pos=" in html
    assert "附件《补贴标准表》中提及" in html


def test_a_match_in_the_page_itself_names_no_attachment(with_attachments):
    response = run("default", q="农业补贴")
    [hit] = [h for h in response.hits if h.entry.page_id == with_attachments["pdf"].pk]
    assert hit.attachment_name == ""


@pytest.mark.parametrize("backend", BACKENDS)
def test_broken_attachments_are_skipped_and_the_rest_indexed(
    with_attachments, backend, caplog
):
    page = with_attachments["bad"]
    entry = SearchEntry.objects.get(page=page)
    # The broken PDF and the ZIP-less .docx gave nothing; the text file is in.
    assert [item["name"] for item in entry.attachment_names] == ["正常说明"]
    response = run(backend, q="冰雹灾害")
    [hit] = [h for h in response.hits if h.entry.page_id == page.pk]
    assert hit.attachment_name == "正常说明"
    with caplog.at_level(logging.WARNING, logger="search.attachments"):
        services.sync_page(page_id=page.pk, update_index=False)
    assert "skipped" in caplog.text


def test_the_text_cap_holds_across_attachments(search_cluster, settings, s3_client):
    settings.SEARCH_ATTACHMENT_TEXT_MAX_CHARS = 50
    page = add_document("www", "att-cap", "很长的附件", "正文。")
    long_text = "长" * 40
    _attach(
        page,
        ("一", _file("一", "one.txt", long_text.encode())),
        ("二", _file("二", "two.txt", long_text.encode())),
        ("三", _file("三", "three.txt", long_text.encode())),
    )
    entry = services.sync_page(page_id=page.pk, update_index=False)
    assert len(entry.attachment_text) <= 50
    # The second file fills the rest; the third is not read at all.
    assert [item["name"] for item in entry.attachment_names] == ["一", "二"]
    assert entry.attachment_names[1]["start"] == 41


def test_a_file_over_the_byte_cap_is_not_opened(search_cluster, settings, s3_client):
    settings.SEARCH_ATTACHMENT_MAX_BYTES = 100
    page = add_document("www", "att-big", "大附件", "正文。")
    _attach(
        page,
        ("大", _file("大", "big.txt", ("大文件" * 100).encode())),
        ("小", _file("小", "small.txt", "小文件内容".encode())),
    )
    entry = services.sync_page(page_id=page.pk, update_index=False)
    assert [item["name"] for item in entry.attachment_names] == ["小"]
    assert "大文件" not in entry.attachment_text


def test_zero_turns_attachment_text_off(search_cluster, settings, s3_client):
    settings.SEARCH_ATTACHMENT_TEXT_MAX_CHARS = 0
    page = add_document("www", "att-off", "不读附件", "正文。")
    _attach(page, ("说明", _file("说明", "off.txt", "附件文字".encode())))
    entry = services.sync_page(page_id=page.pk, update_index=False)
    assert entry.attachment_text == "" and entry.attachment_names == []


def test_control_characters_are_dropped():
    dirty = "正常\x00文字\x1b[31m\u202e反转\ttab\n换行"
    assert attachments.clean_text(dirty) == "正常文字[31m反转 tab 换行"
