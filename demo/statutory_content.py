"""Demo statutory content (#17): a 新闻发布会, an issue of the 政府公报 and
建议提案办理结果 on the city portal.

The three columns are made under the city portal's catalog; any site whose
catalog already has one of them (the standard skeleton gives portals and
departments theirs) gets current content in it, so no demo column is blank.
Idempotent: existing pages are left as they are (their dates do not move).
"""

from __future__ import annotations

import datetime
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page

from core.choices import ColumnKind
from demo.cluster import DOCUMENTS, ORGANIZATIONS, SITES, DemoSite
from demo.public_content import IMAGE_SPECS, ago, ensure_image, ensure_live_child
from disclosure_pages.choices import Genre, HandlingResult, ProposerType
from disclosure_pages.models import (
    DisclosureColumnPage,
    DisclosureDocumentPage,
    DisclosureIndexPage,
    Organization,
    ProposalReplyPage,
)
from gazette.models import GazetteEntry, GazetteIssuePage
from hardening.uploads import validate_upload
from policy_interpretation.models import (
    PolicyInterpretationPage,
    PressConferenceDocument,
    PressConferenceImage,
    PressConferenceInterpretation,
    PressConferencePage,
    PressConferenceSpeaker,
)

# The same slugs, titles and kinds as the standard skeleton's.
PRESS_CONFERENCE_COLUMN = ("xwfbh", "新闻发布会", ColumnKind.PRESS_CONFERENCE)
GAZETTE_COLUMN = ("zfgb", "政府公报", ColumnKind.GAZETTE)
PROPOSAL_COLUMN = ("jytabl", "建议提案办理结果", ColumnKind.PROPOSAL_RESULT)
STATUTORY_COLUMNS = (PRESS_CONFERENCE_COLUMN, GAZETTE_COLUMN, PROPOSAL_COLUMN)
CITY = "www"
# The city's seed notice (需要解读): the conference explains it (三同步).
CITY_NOTICE_SOURCE_ID = "doc-001"
CITY_INTERPRETATION_SLUG = "jd-001"


def load_statutory_content(*, catalogs: dict[str, DisclosureIndexPage]) -> None:
    """``catalogs``: the open sites' catalogs by site slug."""
    for slug, title, kind in STATUTORY_COLUMNS:
        ensure_live_child(
            catalogs[CITY], DisclosureColumnPage, slug, title=title, kind=kind
        )
    specs = {spec.slug: spec for spec in SITES}
    for site_slug, catalog in catalogs.items():
        spec = specs[site_slug]
        columns = {
            column.slug: column
            for column in DisclosureColumnPage.objects.child_of(catalog).filter(
                slug__in=[slug for slug, _t, _k in STATUTORY_COLUMNS]
            )
        }
        if (column := columns.get(PRESS_CONFERENCE_COLUMN[0])) is not None:
            _ensure_press_conference(spec, column)
        if (column := columns.get(GAZETTE_COLUMN[0])) is not None:
            _ensure_gazette_issue(spec, column)
        if (column := columns.get(PROPOSAL_COLUMN[0])) is not None:
            _ensure_proposal_replies(spec, column)


def _publish(page: Page) -> None:
    # Through a revision: the publication pipeline runs (publish gate, index
    # numbers), as for an editor's page.
    page.save_revision().publish()


def _work_points(spec: DemoSite) -> DisclosureDocumentPage:
    """The site's current work-points notice (demo.cluster.DOCUMENTS)."""
    return DisclosureDocumentPage.objects.get(
        source_id=f"demo-{spec.slug}-{DOCUMENTS[0].slug}"
    )


# --- 新闻发布会 --------------------------------------------------------------


def _ensure_press_conference(spec: DemoSite, column: DisclosureColumnPage) -> None:
    slug = "fbh-work-points"
    if PressConferencePage.objects.child_of(column).filter(slug=slug).exists():
        return
    if spec.slug == CITY:
        documents = [
            DisclosureDocumentPage.objects.get(source_id=CITY_NOTICE_SOURCE_ID)
        ]
        interpretations = list(
            PolicyInterpretationPage.objects.live().filter(
                slug=CITY_INTERPRETATION_SLUG
            )
        )
        topic = "解读《全市政务公开政务服务工作要点》"
    else:
        documents = [_work_points(spec)]
        interpretations = []
        topic = f"解读{spec.home_title}政务公开工作要点"
    org = spec.home_title
    page = PressConferencePage(
        slug=slug,
        title=f"{org}政务公开政务服务工作新闻发布会",
        topic=topic,
        held_at=ago(6, hour=10),
        venue=f"{org}新闻发布厅",
        host=f"{org}新闻办公室主任 刘洋",
        summary=f"{org}举行新闻发布会，介绍政务公开政务服务工作要点的主要内容和落实安排。",
        transcript=(
            f"<p>刘洋：各位记者朋友，大家上午好！欢迎参加{org}新闻发布会。"
            "今天我们邀请有关负责同志介绍政务公开政务服务工作要点。</p>"
            "<p>陈静：工作要点围绕决策、执行、管理、服务、结果公开，"
            "明确了加强政策解读、回应社会关切、建设政府网站等重点任务。</p>"
            "<p>记者：群众如何查询和使用这些政策？</p>"
            "<p>陈静：相关文件和解读已在政府信息公开专栏同步发布，"
            "群众可以通过门户网站检索查询。</p>"
        ),
        live=False,
    )
    page.speakers = [
        PressConferenceSpeaker(name="陈静", position=f"{org}办公室副主任"),
        PressConferenceSpeaker(name="赵磊", position=f"{org}政务服务管理办公室主任"),
    ]
    page.images = [
        PressConferenceImage(
            image=ensure_image(*IMAGE_SPECS[1]),
            alt_text="新闻发布会现场，发布人介绍政务公开工作要点",
            caption="发布会现场",
        )
    ]
    page.document_links = [PressConferenceDocument(document=d) for d in documents]
    page.interpretation_links = [
        PressConferenceInterpretation(interpretation=i) for i in interpretations
    ]
    column.add_child(instance=page)
    _publish(page)


# --- 政府公报 ----------------------------------------------------------------


def _gazette_pdf(text: str) -> bytes:
    """A one-page PDF whose text layer is ``text`` (ASCII: the built-in font)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _ensure_issue_pdf(spec: DemoSite, year: int, number: int):
    title = f"{spec.home_title}公报{year}年第{number}期（PDF）"
    document_model = get_document_model()
    document = document_model.objects.filter(title=title).first()
    if document is not None:
        return document
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    upload = ContentFile(
        _gazette_pdf(f"Gazette {year} No. {number}"),
        name=f"gazette-{spec.slug}-{year}-{number}.pdf",
    )
    validate_upload(upload)  # as the upload form checks every document
    document = document_model(title=title)
    document.file.save(upload.name, upload, save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def _ensure_gazette_issue(spec: DemoSite, column: DisclosureColumnPage) -> None:
    if GazetteIssuePage.objects.child_of(column).exists():
        return
    issue_date = ago(5).date()
    year, number = issue_date.year, 1
    documents = list(
        DisclosureDocumentPage.objects.live()
        .filter(source_id__in=[f"demo-{spec.slug}-{d.slug}" for d in DOCUMENTS])
        .order_by("source_id")
    )
    entries = [
        GazetteEntry(
            section="政府文件" if i == 0 else "", document=doc, page_number=2 + 4 * i
        )
        for i, doc in enumerate(documents)
    ]
    entries.append(
        GazetteEntry(
            section="人事任免",
            title=f"{spec.home_title}关于有关同志职务任免的通知",
            page_number=2 + 4 * len(documents),
        )
    )
    name = f"{spec.home_title}公报"
    issue = GazetteIssuePage(
        slug=f"{year}-{number}",
        title=f"{name}{year}年第{number}期",
        gazette_name=name,
        year=year,
        number=number,
        issue_date=issue_date,
        intro=f"<p>本期刊登{spec.home_title}及其办公室印发的文件。</p>",
        pdf=_ensure_issue_pdf(spec, year, number),
        live=False,
    )
    issue.entries = entries
    column.add_child(instance=issue)
    _publish(issue)


# --- 建议提案办理结果 ----------------------------------------------------------


def _ensure_proposal_replies(spec: DemoSite, column: DisclosureColumnPage) -> None:
    organization = Organization.objects.get(name=ORGANIZATIONS[spec.slug].name)
    year = timezone.localdate().year
    if timezone.localdate() < datetime.date(year, 3, 1):
        year -= 1  # the sessions meet early in the year
    org = spec.home_title
    replies = [
        (
            "jy-0012",
            ProposerType.DEPUTY,
            "第0012号",
            "十七届人大三次会议",
            "关于推进政务服务事项网上办理的建议",
            "刘红代表",
            HandlingResult.SOLVED,
        ),
        (
            "ta-0035",
            ProposerType.MEMBER,
            "第0035号",
            "政协十三届三次会议",
            "关于完善政府信息公开平台的提案",
            "孙明委员",
            HandlingResult.PLANNED,
        ),
    ]
    if spec.slug != CITY:
        replies = replies[:1]
    for slug, kind, number, session, title, proposer, result in replies:
        if ProposalReplyPage.objects.child_of(column).filter(slug=slug).exists():
            continue
        what = "建议" if kind == ProposerType.DEPUTY else "提案"
        # The city's sessions are the 市 ones; other sites name their own level.
        session = f"市{session}" if spec.slug == CITY else f"本级{session}"
        page = ProposalReplyPage(
            slug=slug,
            title=f"关于{session}{number}{what}的答复",
            organization=organization,
            genre=Genre.LETTER,
            proposer_type=kind,
            proposal_number=number,
            session=session,
            session_year=year,
            proposal_title=title,
            proposer=proposer,
            handling_result=result,
            summary=f"{org}对《{title}》的办理答复。",
            body=(
                f"<p>{proposer}：</p>"
                f"<p>您提出的《{title}》收悉。经认真研究，现答复如下：</p>"
                "<p>一、基本情况。我们高度重视您的意见，已会同有关部门逐项研究落实。</p>"
                "<p>二、下一步工作。我们将进一步完善制度，加强督促检查，"
                "及时向社会公开办理进展。</p>"
                "<p>感谢您对政府工作的关心和支持。</p>"
                f"<p>{org}</p>"
            ),
            live=False,
        )
        column.add_child(instance=page)
        _publish(page)
