"""Import of a migrating organ's historical applications (docs/import-format.md).

All or nothing: every line is checked first and every error is reported with
its line number; only a file without errors is written, in one transaction.
Re-importing updates the applications by their ``source_id`` (unique per
organ) instead of adding them again. The organ's dates are kept as given
(submitted, received, due, closed) so that Table 三 carries the old cases over.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.choices import (
    CLOSED_STATUSES,
    OUTCOMES_BY_REPLY,
    Action,
    ApplicantType,
    Channel,
    DeliveryChannel,
    DeliveryForm,
    IdType,
    Outcome,
    ReplyType,
    Status,
)
from applications.models import Application, ApplicationEvent, DisclosureOffice
from applications.selectors.clocks import answer_due
from core import importfiles
from core.importfiles import (
    ImportFileError,
    LineError,
    check_json_lines,
    check_then_write,
    choice_field,
    read_import_file,
    text_field,
    utf8_lines,
)
from disclosure_pages.models import Organization

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
MAX_EVENTS = 200

# One-line fields and their limits (the model's columns); long texts below.
LINE_FIELDS = {
    "source_id": 64,
    "name": 100,
    "id_number": 32,
    "work_unit": 100,
    "credit_code": 18,
    "legal_representative": 50,
    "contact_person": 50,
    "address": 200,
    "postcode": 6,
    "phone": 20,
    "email": 254,
    "info_title": 200,
    "info_document_number": 64,
}
TEXT_FIELDS = {"info_description": 20000}
CHOICE_FIELDS = {
    "channel": Channel,
    "applicant_type": ApplicantType,
    "id_type": IdType,
    "delivery_form": DeliveryForm,
    "delivery_channel": DeliveryChannel,
    "status": Status,
    "reply_type": ReplyType,
    "outcome": Outcome,
}
DEFAULTS = {
    "delivery_form": DeliveryForm.PAPER,
    "delivery_channel": DeliveryChannel.POST,
}
DATE_FIELDS = ("received_on", "due_date", "closed_on")
REQUIRED = (
    "source_id",
    "channel",
    "applicant_type",
    "name",
    "info_title",
    "submitted_at",
    "status",
)
KNOWN = (
    set(LINE_FIELDS)
    | set(TEXT_FIELDS)
    | set(CHOICE_FIELDS)
    | set(DATE_FIELDS)
    | {"submitted_at", "events"}
)
EVENT_KEYS = {"action", "at", "note"}
# Fields an import sets; a re-import compares them to tell updated from unchanged.
WRITTEN = (
    *(key for key in LINE_FIELDS if key != "source_id"),
    *TEXT_FIELDS,
    *CHOICE_FIELDS,
    *DATE_FIELDS,
    "submitted_at",
)


class ImportRefused(importfiles.ImportRefused):
    message = gettext_lazy("文件有 %(count)d 处错误，未导入任何申请。")


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return _(
            "新建 %(created)d 件，更新 %(updated)d 件，未变 %(unchanged)d 件。"
        ) % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


def find_organization(reference: str) -> Organization:
    """The organ by organisation code, credit code or full name; it must have
    a disclosure office (only addressees receive applications)."""
    reference = (reference or "").strip()
    organization = (
        Organization.objects.filter(
            Q(org_code=reference) | Q(credit_code=reference) | Q(name=reference)
        ).first()
        if reference
        else None
    )
    if organization is None:
        raise ImportRefused(
            [(0, _("找不到代码或名称为“%(ref)s”的机关。") % {"ref": reference})]
        )
    if not DisclosureOffice.objects.filter(organization=organization).exists():
        raise ImportRefused(
            [
                (
                    0,
                    _("机关“%(name)s”没有依申请公开受理机构，请先设置。")
                    % {"name": organization.name},
                )
            ]
        )
    return organization


# -- checking one line -------------------------------------------------------------


def _text(record: dict, key: str, *, multiline: bool, limit: int) -> str:
    return text_field(record, key, limit=limit, multiline=multiline)


def _choice(record: dict, key: str) -> str:
    """A choice given by its value (answered) or its Chinese label (已答复)."""
    return choice_field(record, key, CHOICE_FIELDS[key], default=DEFAULTS.get(key, ""))


def _date(record: dict, key: str) -> datetime.date | None:
    value = record.get(key)
    if value in (None, ""):
        return None
    try:
        if not isinstance(value, str):
            raise ValueError
        return datetime.date.fromisoformat(value.strip())
    except ValueError as error:
        raise LineError(
            _("字段 %(key)s 的日期“%(value)s”无法识别，请使用 2024-03-01 这样的格式。")
            % {"key": key, "value": str(value)[:40]}
        ) from error


def _moment(value, key: str) -> datetime.datetime | None:
    """ISO 8601; a time without offset is Beijing time (Asia/Shanghai)."""
    if value in (None, ""):
        return None
    try:
        if not isinstance(value, str):
            raise ValueError
        moment = datetime.datetime.fromisoformat(value.strip())
    except ValueError as error:
        raise LineError(
            _(
                "字段 %(key)s 的时间“%(value)s”无法识别，"
                "请使用 2024-03-01T09:30:00+08:00 这样的格式。"
            )
            % {"key": key, "value": str(value)[:40]}
        ) from error
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=timezone.get_default_timezone())
    return moment


def _events(record: dict, *, submitted_at, now) -> list[dict]:
    value = record.get("events")
    if value in (None, []):
        return []
    if not isinstance(value, list):
        raise LineError(_("字段 events 应为列表。"))
    if len(value) > MAX_EVENTS:
        raise LineError(_("办理记录 events 超过 %(max)d 条。") % {"max": MAX_EVENTS})
    events = []
    for number, item in enumerate(value, start=1):
        if not isinstance(item, dict) or set(item) - EVENT_KEYS:
            raise LineError(
                _("第 %(n)d 条办理记录应为只含 action、at、note 的对象。")
                % {"n": number}
            )
        names = {a.value: a.value for a in Action} | {
            str(a.label): a.value for a in Action
        }
        action = item.get("action")
        action = names.get(action) if isinstance(action, str) else None
        if action is None:
            raise LineError(
                _("第 %(n)d 条办理记录的操作 action 无法识别。") % {"n": number}
            )
        at = _moment(item.get("at"), "events.at")
        if at is None:
            raise LineError(_("第 %(n)d 条办理记录缺少时间 at。") % {"n": number})
        if at < submitted_at or at > now:
            raise LineError(
                _("第 %(n)d 条办理记录的时间早于提交时间或晚于当前时间。")
                % {"n": number}
            )
        note = _text(item, "note", multiline=True, limit=2000)
        events.append({"action": action, "at": at, "note": note})
    return events


def _check_dates(values: dict, *, now) -> None:
    today = timezone.localdate(now)
    submitted = timezone.localtime(values["submitted_at"]).date()
    received, due, closed = (values[key] for key in DATE_FIELDS)
    if values["submitted_at"] > now:
        raise LineError(_("提交时间 submitted_at 晚于当前时间。"))
    for key in ("received_on", "closed_on"):
        if values[key] is not None and values[key] > today:
            raise LineError(_("日期 %(key)s 晚于今天。") % {"key": key})
    if received is not None and received < submitted:
        raise LineError(_("收到申请日期 received_on 早于提交时间 submitted_at。"))
    if due is not None and (received is None or due < received):
        raise LineError(
            _("答复期限 due_date 早于收到申请日期 received_on（或缺少收到日期）。")
        )
    if closed is not None and (received is None or closed < received):
        raise LineError(
            _("办结日期 closed_on 早于收到申请日期 received_on（或缺少收到日期）。")
        )


def _check_state(values: dict) -> None:
    status, reply, outcome = values["status"], values["reply_type"], values["outcome"]
    if status != Status.SUBMITTED and values["received_on"] is None:
        raise LineError(_("除“待确认收到”外，必须提供收到申请日期 received_on。"))
    if status in CLOSED_STATUSES:
        if values["closed_on"] is None or not outcome:
            raise LineError(
                _("已办结（%(status)s）的申请须有办结日期 closed_on 和结果 outcome。")
                % {"status": Status(status).label}
            )
        if status == Status.ANSWERED and not reply:
            raise LineError(_("状态为已答复，但没有答复类型 reply_type。"))
    elif values["closed_on"] or outcome or reply:
        raise LineError(_("未办结的申请不能有办结日期、答复类型或办理结果。"))
    if reply and outcome not in OUTCOMES_BY_REPLY[reply]:
        raise LineError(
            _("答复类型“%(reply)s”不能计入办理结果“%(outcome)s”。")
            % {"reply": ReplyType(reply).label, "outcome": Outcome(outcome).label}
        )


def check_record(record, *, now: datetime.datetime) -> dict:
    """The application's fields from one parsed line, or ``LineError``."""
    if not isinstance(record, dict):
        raise LineError(_("每行应为一个 JSON 对象。"))
    missing = [key for key in REQUIRED if record.get(key) in (None, "")]
    if missing:
        raise LineError(_("缺少必填字段：%(keys)s。") % {"keys": "、".join(missing)})
    unknown = sorted(set(record) - KNOWN)
    if unknown:
        raise LineError(_("未知字段：%(keys)s。") % {"keys": "、".join(unknown)})
    values = {
        key: _text(record, key, multiline=False, limit=limit)
        for key, limit in LINE_FIELDS.items()
    }
    values.update(
        {
            key: _text(record, key, multiline=True, limit=limit)
            for key, limit in TEXT_FIELDS.items()
        }
    )
    for key in REQUIRED:
        if key in values and not values[key]:
            raise LineError(_("缺少必填字段：%(keys)s。") % {"keys": key})
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError as error:
            raise LineError(_("字段 email 不是有效的电子邮箱地址。")) from error
    values.update({key: _choice(record, key) for key in CHOICE_FIELDS})
    values.update({key: _date(record, key) for key in DATE_FIELDS})
    values["submitted_at"] = _moment(record.get("submitted_at"), "submitted_at")
    _check_dates(values, now=now)
    _check_state(values)
    if values["due_date"] is None and values["received_on"] is not None:
        values["due_date"] = answer_due(values["received_on"])
    values["events"] = _events(record, submitted_at=values["submitted_at"], now=now)
    return values


def check_file(lines, *, progress=None):
    now = timezone.now()
    records, errors = check_json_lines(
        lines, check=lambda record: check_record(record, now=now), progress=progress
    )
    if not records and not errors:
        errors.append((0, _("文件中没有任何申请。")))
    return records, errors


# -- writing -----------------------------------------------------------------------


def _fresh(field: str, make: Callable[[], str], count: int) -> list[str]:
    codes: set[str] = set()
    while len(codes) < count:
        batch = {make() for _n in range(count - len(codes))}
        taken = set(
            Application.objects.filter(**{f"{field}__in": batch}).values_list(
                field, flat=True
            )
        )
        codes |= batch - taken
    return list(codes)


def _registration_number() -> str:
    # Imported cases keep their own number in source_id; this one only has
    # to be unique and recognisable as imported.
    return "DR" + secrets.token_hex(8).upper()


def _query_code() -> str:
    return secrets.token_hex(6).upper()


def write_applications(*, organization, records, progress=None) -> ImportSummary:
    """Create or update the checked records in one transaction."""
    summary = ImportSummary()
    now = timezone.now()
    with transaction.atomic():
        existing = {
            application.source_id: application
            for application in Application.objects.select_for_update().filter(
                organization=organization,
                source_id__in=[v["source_id"] for _line, v in records],
            )
        }
        new_count = sum(1 for _line, v in records if v["source_id"] not in existing)
        numbers = iter(_fresh("registration_number", _registration_number, new_count))
        codes = iter(_fresh("query_code", _query_code, new_count))
        to_create, to_update, events = [], [], []
        for _line, values in records:
            values = dict(values)
            history = values.pop("events")
            application = existing.get(values["source_id"])
            if application is None:
                application = Application(
                    organization=organization,
                    registration_number=next(numbers),
                    query_code=next(codes),
                    **values,
                )
                to_create.append(application)
                for event in history:
                    events.append(ApplicationEvent(application=application, **event))
                note = _("从原系统导入（原编号 %(id)s）。")
            elif any(getattr(application, key) != values[key] for key in WRITTEN):
                for key in WRITTEN:
                    setattr(application, key, values[key])
                to_update.append(application)
                note = _("重新导入，按原系统数据更新（原编号 %(id)s）。")
            else:
                summary.unchanged += 1
                note = None
            if note is not None:
                events.append(
                    ApplicationEvent(
                        application=application,
                        action=Action.IMPORTED,
                        at=now,
                        to_status=application.status,
                        note=note % {"id": values["source_id"]},
                    )
                )
            if progress is not None:
                progress.update(1)
        Application.objects.bulk_create(to_create, batch_size=500)
        Application.objects.bulk_update(to_update, list(WRITTEN), batch_size=500)
        for event in events:
            event.application_id = event.application.pk
        ApplicationEvent.objects.bulk_create(events, batch_size=500)
        summary.created = len(to_create)
        summary.updated = len(to_update)
    return summary


def max_bytes() -> int:
    return int(getattr(settings, "APPLICATIONS_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def import_applications(
    path: Path,
    *,
    organization: str,
    progress: Callable[[str, int], object] | None = None,
) -> ImportSummary:
    """Check the whole file, then write it; ``ImportRefused`` lists every error.

    ``progress(description, total)`` returns a bar with ``update(n)``/``close()``.
    """
    organ = find_organization(organization)
    try:
        data = read_import_file(Path(path), limit=max_bytes())
    except ImportFileError as error:
        raise ImportRefused([(0, str(error))]) from error
    lines = utf8_lines(data)
    return check_then_write(
        lines,
        check=check_file,
        write=lambda records, progress: write_applications(
            organization=organ, records=records, progress=progress
        ),
        refused=ImportRefused,
        progress=progress,
    )
