"""Import of service guides from JSON Lines (docs/import-format.md).

All or nothing: every line is checked first and every error is reported with
its line number and field; only a file without errors is written, in one
transaction, and each guide is published through the publication pipeline (a
guide the pre-publication checks refuse is an error of its line, and the whole
file is rolled back). Re-importing updates the guides by ``source_id``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
from disclosure_pages.selectors import find_site_section
from publishing.exceptions import PublicationBlocked
from publishing.pipeline import publication_scope
from service_guides.choices import Audience, MaterialForm, ServiceTheme
from service_guides.models import (
    ServiceGuidePage,
    ServiceIndexPage,
    ServiceMaterial,
    ServiceStep,
    check_material_counts,
)
from service_guides.validators import validate_service_url
from site_registry.validators import validate_phone

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_MATERIALS = 60
MAX_STEPS = 30
SOURCE_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
# One-line and multi-line text fields with their limits (the model's columns).
LINE_FIELDS = {"title": 255, "phone": 30, "online_url": 500, "organization": 128}
TEXT_FIELDS = {
    "legal_basis": 5000,
    "conditions": 5000,
    "location": 500,
    "fees": 1000,
    "hours": 500,
}
REQUIRED = (
    "source_id",
    "title",
    "legal_basis",
    "conditions",
    "materials",
    "location",
    "organization",
    "fees",
    "hours",
    "phone",
    "steps",
)
KNOWN = {*REQUIRED, "online_url", "audience", "theme"}
MATERIAL_KEYS = {"name", "form", "originals", "copies", "notes"}
STEP_KEYS = {"title", "description"}


class ImportRefused(importfiles.ImportRefused):
    message = gettext_lazy("文件有 %(count)d 处错误，未导入任何办事指南。")


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0

    def __str__(self) -> str:
        return _("新建 %(created)d 项，更新 %(updated)d 项办事指南。") % {
            "created": self.created,
            "updated": self.updated,
        }


# The checks of one line raise this.
_LineError = LineError


def max_bytes() -> int:
    return int(getattr(settings, "SERVICE_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


# -- where to ---------------------------------------------------------------------


def find_index(*, site_code: str) -> ServiceIndexPage:
    """The 办事服务 column of the site or sub-site ``site_code`` names."""
    from wagtail.models import Site

    try:
        root = find_site_section(code=site_code).root_page
    except Site.DoesNotExist as error:
        raise ImportRefused(
            [(0, _("找不到网站“%(code)s”。") % {"code": site_code})]
        ) from error
    index = ServiceIndexPage.objects.child_of(root).first()
    if index is None:
        raise ImportRefused(
            [(0, _("网站“%(site)s”没有“办事服务”栏目。") % {"site": root.title})]
        )
    return index


def site_organizations(index: ServiceIndexPage) -> dict[str, Organization]:
    """The organisations the site's guides may name, by full name."""
    root = index.get_parent()
    return {
        organization.name: organization
        for organization in Organization.objects.filter(
            sites__root_page_id=root.pk
        ).distinct()
    }


# -- checking one line -------------------------------------------------------------


def _text(record: dict, key: str, limit: int, *, multiline: bool) -> str:
    return text_field(record, key, limit=limit, multiline=multiline)


def _choice(record: dict, key: str, choices, default: str) -> str:
    return choice_field(record, key, choices, default=default)


def _count(item: dict, key: str, where: str, default: int) -> int:
    value = item.get(key, default)
    # bool is an int in Python; true is no number of copies.
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _LineError(
            _("%(where)s的 %(key)s 应为不小于 0 的整数。")
            % {"where": where, "key": key}
        )
    return value


def _items(record: dict, key: str, limit: int) -> list:
    value = record.get(key)
    if not isinstance(value, list) or not value:
        raise _LineError(_("字段 %(key)s 应为非空列表。") % {"key": key})
    if len(value) > limit:
        raise _LineError(
            _("字段 %(key)s 最多 %(max)d 项（%(count)d 项）。")
            % {"key": key, "max": limit, "count": len(value)}
        )
    return value


def _materials(record: dict) -> list[dict]:
    materials = []
    for number, item in enumerate(_items(record, "materials", MAX_MATERIALS), 1):
        where = _("materials 第 %(n)d 项") % {"n": number}
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict):
            raise _LineError(_("%(where)s应为对象或文本。") % {"where": where})
        unknown = sorted(set(item) - MATERIAL_KEYS)
        if unknown:
            raise _LineError(
                _("%(where)s有未知字段：%(keys)s。")
                % {"where": where, "keys": "、".join(unknown)}
            )
        try:
            name = _text(item, "name", 200, multiline=False)
            notes = _text(item, "notes", 300, multiline=False)
            form = _choice(item, "form", MaterialForm.choices, MaterialForm.ORIGINAL)
        except _LineError as error:
            raise _LineError(f"{where}：{error}") from error
        if not name:
            raise _LineError(_("%(where)s缺少材料名称 name。") % {"where": where})
        defaults = {
            MaterialForm.ORIGINAL: (1, 0),
            MaterialForm.COPY: (0, 1),
            MaterialForm.ORIGINAL_AND_COPY: (1, 1),
            MaterialForm.ELECTRONIC: (0, 0),
        }[form]
        originals = _count(item, "originals", where, defaults[0])
        copies = _count(item, "copies", where, defaults[1])
        problems = check_material_counts(form=form, originals=originals, copies=copies)
        if problems:
            raise _LineError(
                f"{where}：" + "".join(str(message) for message in problems.values())
            )
        materials.append(
            {
                "name": name,
                "form": form,
                "originals": originals,
                "copies": copies,
                "notes": notes,
            }
        )
    return materials


def _steps(record: dict) -> list[dict]:
    steps = []
    for number, item in enumerate(_items(record, "steps", MAX_STEPS), 1):
        where = _("steps 第 %(n)d 项") % {"n": number}
        if isinstance(item, str):
            item = {"title": item}
        if not isinstance(item, dict) or set(item) - STEP_KEYS:
            raise _LineError(
                _("%(where)s应为文本，或含 title 和 description 的对象。")
                % {"where": where}
            )
        try:
            title = _text(item, "title", 100, multiline=False)
            description = _text(item, "description", 1000, multiline=True)
        except _LineError as error:
            raise _LineError(f"{where}：{error}") from error
        if not title:
            raise _LineError(_("%(where)s缺少步骤名称 title。") % {"where": where})
        steps.append({"title": title, "description": description})
    return steps


def check_record(record, *, organizations: dict[str, Organization]) -> dict:
    """The guide's fields from one parsed line, or ``_LineError``."""
    if not isinstance(record, dict):
        raise _LineError(_("每行应为一个 JSON 对象。"))
    missing = [key for key in REQUIRED if record.get(key) in (None, "", [])]
    if missing:
        raise _LineError(_("缺少必填字段：%(keys)s。") % {"keys": "、".join(missing)})
    unknown = sorted(set(record) - KNOWN)
    if unknown:
        raise _LineError(_("未知字段：%(keys)s。") % {"keys": "、".join(unknown)})
    source_id = record["source_id"]
    if not isinstance(source_id, str) or not SOURCE_ID_RE.match(source_id):
        raise _LineError(
            _(
                "字段 source_id 只能由字母、数字、点、下划线和连字符组成，"
                "不超过 100 个字符。"
            )
        )
    values = {
        key: _text(record, key, limit, multiline=False)
        for key, limit in LINE_FIELDS.items()
    }
    values.update(
        {
            key: _text(record, key, limit, multiline=True)
            for key, limit in TEXT_FIELDS.items()
        }
    )
    empty = [key for key in REQUIRED if key in values and not values[key]]
    if empty:
        raise _LineError(_("缺少必填字段：%(keys)s。") % {"keys": "、".join(empty)})
    for key, validate in (
        ("phone", validate_phone),
        ("online_url", validate_service_url),
    ):
        if values[key]:
            try:
                validate(values[key])
            except ValidationError as error:
                raise _LineError(
                    _("字段 %(key)s：%(reason)s")
                    % {"key": key, "reason": " ".join(error.messages)}
                ) from error
    organization = organizations.get(values.pop("organization"))
    if organization is None:
        raise _LineError(
            _("字段 organization 不是本网站的机构，可用：%(known)s。")
            % {"known": "、".join(organizations) or _("（本网站未登记机构）")}
        )
    return {
        **values,
        "source_id": source_id,
        "organization": organization,
        "audience": _choice(record, "audience", Audience.choices, Audience.PERSONAL),
        "theme": _choice(record, "theme", ServiceTheme.choices, ServiceTheme.OTHER),
        "materials": _materials(record),
        "steps": _steps(record),
    }


def check_file(lines, *, organizations, progress=None):
    """(line, fields) of every line, and every (line, reason) error."""
    records, errors = check_json_lines(
        lines,
        check=lambda record: check_record(record, organizations=organizations),
        progress=progress,
    )
    if not records and not errors:
        errors.append((0, _("文件中没有任何办事指南。")))
    return records, errors


# -- writing -----------------------------------------------------------------------

CHILDREN = ("materials", "steps")


def _fill(guide: ServiceGuidePage, values: dict) -> None:
    for key, value in values.items():
        if key not in CHILDREN:
            setattr(guide, key, value)
    guide.draft_title = guide.title
    guide.materials = [ServiceMaterial(**item) for item in values["materials"]]
    guide.steps = [ServiceStep(**item) for item in values["steps"]]


def _write_one(index, guide: ServiceGuidePage | None, values: dict) -> bool:
    """Write and publish one guide; True when it is new."""
    created = guide is None
    if created:
        guide = ServiceGuidePage()
        _fill(guide, values)
        guide.live = False
        index.add_child(instance=guide)
    else:
        _fill(guide, values)
    guide.full_clean()
    guide.save_revision().publish()
    return created


def _validation_message(error: ValidationError) -> str:
    if not hasattr(error, "error_dict"):
        return "；".join(error.messages)
    parts = []
    for name, messages in error.message_dict.items():
        try:
            label = str(ServiceGuidePage._meta.get_field(name).verbose_name)
        except Exception:  # noqa: BLE001 - a non-field key is shown as it is
            label = name
        parts.append(f"{label}：{' '.join(messages)}")
    return "；".join(parts)


def write_guides(*, index: ServiceIndexPage, records, progress=None) -> ImportSummary:
    """Create or update and publish the checked records in one transaction.

    A guide the publication checks refuse (e.g. personal data in its text)
    fails its line; any failure rolls the whole file back.
    """
    summary = ImportSummary()
    errors: list[tuple[int, str]] = []
    # The audit entry of a refused publication outlives the rollback.
    with publication_scope(), transaction.atomic():
        existing = {
            guide.source_id: guide
            for guide in ServiceGuidePage.objects.child_of(index).filter(
                source_id__in=[values["source_id"] for _n, values in records]
            )
        }
        for number, values in records:
            try:
                with transaction.atomic():
                    created = _write_one(
                        index, existing.get(values["source_id"]), values
                    )
            except PublicationBlocked as error:
                errors.append((number, "；".join(error.messages)))
            except ValidationError as error:
                errors.append((number, _validation_message(error)))
            else:
                if created:
                    summary.created += 1
                else:
                    summary.updated += 1
            if progress is not None:
                progress.update(1)
        if errors:
            raise ImportRefused(errors)
    return summary


def import_services(
    path: Path,
    *,
    site_code: str,
    progress: Callable[[str, int], object] | None = None,
) -> ImportSummary:
    """Check the whole file, then write it; ``ImportRefused`` lists every error.

    ``progress(description, total)`` returns a bar with ``update(n)``/``close()``.
    """
    index = find_index(site_code=site_code)
    try:
        data = read_import_file(Path(path), limit=max_bytes())
    except ImportFileError as error:
        raise ImportRefused([(0, str(error))]) from error
    lines = utf8_lines(data)
    organizations = site_organizations(index)
    return check_then_write(
        lines,
        check=lambda lines, progress: check_file(
            lines, organizations=organizations, progress=progress
        ),
        write=lambda records, progress: write_guides(
            index=index, records=records, progress=progress
        ),
        refused=ImportRefused,
        progress=progress,
    )
