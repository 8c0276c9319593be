"""The pre-publication checks: plain functions from a page to a report.

Every detector comes from ``core.detectors``; the inspection uses the same ones.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import detectors
from core.detectors import misspellings, sensitive_words
from core.selectors import active_misspellings, active_sensitive_words
from publishing import registry
from publishing.extraction import (
    ExtractionError,
    ExtractionRefused,
    ExtractionTimeout,
    extract_document_text,
)
from publishing.text import TextUnit, page_text_units, referenced_document_ids

BLOCKING = "blocking"
WARNING = "warning"

PERSONAL_DATA_LABELS = {
    detectors.resident_id.KIND: gettext_lazy("身份证号码"),
    detectors.mobile.KIND: gettext_lazy("手机号码"),
    detectors.bank_card.KIND: gettext_lazy("银行卡号"),
}


@dataclass(frozen=True)
class Issue:
    code: str
    severity: str
    place: str  # field name, or "attachment:<document id>"
    place_label: str
    message: str
    start: int | None = None  # offset in the place's plain text
    end: int | None = None
    excerpt: str = ""
    maskable: bool = False

    def as_log_data(self) -> dict:
        # Excerpts are already masked: the audit log never holds personal data.
        return asdict(self)


@dataclass
class CheckReport:
    blocking: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.blocking

    @property
    def maskable(self) -> bool:
        return any(issue.maskable for issue in self.blocking)

    def add(self, issue: Issue) -> None:
        (self.blocking if issue.severity == BLOCKING else self.warnings).append(issue)

    def summary(self) -> str:
        return "；".join(issue.message for issue in self.blocking)


def _position(unit_label: str, start: int) -> str:
    return _("“%(place)s”第 %(position)d 字") % {
        "place": unit_label,
        "position": start + 1,
    }


@dataclass(frozen=True)
class WordLists:
    """The office's lists, read once per check rather than once per field."""

    sensitive: list[str]
    # The misspelling dictionary with its context rules (core.detectors).
    misspellings: tuple


def _finding_issue(
    unit: TextUnit, finding, *, code: str, severity: str, message: str, maskable=False
) -> Issue:
    return Issue(
        code=code,
        severity=severity,
        place=unit.name,
        place_label=unit.label,
        message=message,
        start=finding.start,
        end=finding.end,
        excerpt=finding.excerpt,
        maskable=maskable,
    )


def _check_text(
    report: CheckReport, unit: TextUnit, *, attachment: bool, lists: WordLists
) -> None:
    for finding in detectors.find_personal_data(unit.text):
        message = _("%(where)s含有%(kind)s %(masked)s，须脱敏后才能发布。") % {
            "where": _position(unit.label, finding.start),
            "kind": PERSONAL_DATA_LABELS[finding.kind],
            "masked": finding.masked,
        }
        # Attachments cannot be rewritten here: the file must be replaced.
        report.add(
            _finding_issue(
                unit,
                finding,
                code="personal_data",
                severity=BLOCKING,
                message=message,
                maskable=not attachment,
            )
        )
    for finding in sensitive_words.find(unit.text, lists.sensitive):
        message = _("%(where)s含有敏感词“%(word)s”，不得发布。") % {
            "where": _position(unit.label, finding.start),
            "word": finding.value,
        }
        report.add(
            _finding_issue(
                unit, finding, code="sensitive_word", severity=BLOCKING, message=message
            )
        )
    for finding in misspellings.find(unit.text, lists.misspellings):
        message = _("%(where)s“%(wrong)s”疑似错别字，应为“%(right)s”。") % {
            "where": _position(unit.label, finding.start),
            "wrong": finding.value,
            "right": finding.suggestion,
        }
        report.add(
            _finding_issue(
                unit, finding, code="misspelling", severity=WARNING, message=message
            )
        )


def _check_links(report: CheckReport, unit: TextUnit) -> None:
    if not unit.links:
        return  # most fields: no query sets to build
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page

    models = {
        "page": Page.objects.live(),
        "document": get_document_model().objects.all(),
        "image": get_image_model().objects.all(),
    }
    for linktype, value in unit.links:
        queryset = models.get(linktype)
        if queryset is None:
            continue
        if value.isdigit() and queryset.filter(pk=int(value)).exists():
            continue
        report.add(
            Issue(
                code="broken_link",
                severity=WARNING,
                place=unit.name,
                place_label=unit.label,
                message=_(
                    "“%(place)s”中的站内链接指向的%(target)s（ID %(id)s）"
                    "不存在或未发布。"
                )
                % {
                    "place": unit.label,
                    "target": {"page": _("页面"), "document": _("文档")}.get(
                        linktype, _("图片")
                    ),
                    "id": value,
                },
            )
        )


def _check_required(report: CheckReport, page, *, published: bool) -> None:
    checks = [(registry.required_fields(page), _("必填元数据“%(field)s”未填写。"))]
    if published:
        checks.append(
            (
                registry.published_required_fields(page),
                _("已发布的页面缺少“%(field)s”，该项应在发布时自动生成。"),
            )
        )
    for names, message in checks:
        for name in names:
            if registry.is_missing(page, name):
                label = registry.field_label(page, name)
                report.add(
                    Issue(
                        code="missing_metadata",
                        severity=BLOCKING,
                        place=name,
                        place_label=label,
                        message=message % {"field": label},
                    )
                )


def _check_attachments(
    report: CheckReport, page, units: list[TextUnit], lists: WordLists
) -> None:
    from wagtail.documents import get_document_model

    ids = referenced_document_ids(page, units)
    documents = get_document_model().objects.in_bulk(ids)
    for document_id in ids:
        document = documents.get(document_id)
        if document is None:
            continue  # reported as a broken link
        label = _("附件《%(title)s》") % {"title": document.title}
        try:
            text = extract_document_text(document)
        except ExtractionRefused as error:
            # A decompression bomb is no attachment to publish (#14.6).
            report.add(
                Issue(
                    code="attachment_refused",
                    severity=BLOCKING,
                    place=f"attachment:{document_id}",
                    place_label=label,
                    message=_(
                        "%(label)s疑似压缩炸弹，已拒绝读取（%(reason)s），"
                        "请更换附件后再发布。"
                    )
                    % {"label": label, "reason": error.reason},
                )
            )
            continue
        except ExtractionTimeout as error:
            text = None
            message = _(
                "%(label)s读取超过 %(seconds)d 秒，未能自动检查，"
                "请人工检查其中是否含有个人信息。"
            )
            seconds = error.seconds
        except (ExtractionError, OSError):
            text = None
            seconds = 0
            message = _("%(label)s无法读取，请人工检查其中是否含有个人信息。")
        else:
            seconds = 0
            message = _("%(label)s的格式无法自动检查，请人工检查其中是否含有个人信息。")
        if text is None:
            report.add(
                Issue(
                    code="attachment_unchecked",
                    severity=WARNING,
                    place=f"attachment:{document_id}",
                    place_label=label,
                    message=message % {"label": label, "seconds": seconds},
                )
            )
            continue
        unit = TextUnit(f"attachment:{document_id}", label, text, "attachment")
        _check_text(report, unit, attachment=True, lists=lists)


def word_lists() -> WordLists:
    """The office's lists as they are now (two queries)."""
    return WordLists(active_sensitive_words(), active_misspellings())


def check_page(
    page, *, published: bool = False, lists: WordLists | None = None
) -> CheckReport:
    """Run every pre-publication check on ``page`` (a specific page instance).

    ``published=True`` checks a live page (the inspection): it must also hold
    what the platform fills at publication, such as a document's 索引号.
    ``lists``: the word lists, when one run checks many pages (an import, an
    inspection) and reads them once; else they are read for this page.
    """
    lists = lists or word_lists()
    report = CheckReport()
    _check_required(report, page, published=published)
    units = page_text_units(page)
    for unit in units:
        _check_text(report, unit, attachment=False, lists=lists)
        _check_links(report, unit)
    _check_attachments(report, page, units, lists)
    return report
