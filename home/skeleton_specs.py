"""The standard column skeleton as plain data, and its validation.

A skeleton (栏目模板) is an ordered list of entries, each a page the builder
creates under the site's home page: where (``parent``, the path of an earlier
entry, empty for the home page), its ``slug`` and ``title``, its page type from
``SKELETON_PAGE_TYPES``, its column kind and whether it shows in menus. The same
checks hold for the shipped JSON file and for the office's edits in the admin.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.choices import ColumnKind
from home.choices import SKELETON_PAGE_TYPES, SiteType

SHIPPED_FILE = Path(__file__).resolve().parent / "skeletons.json"
HOME_MODEL = "home.HomePage"
SLUG_RE = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
# Page fields that hold a column kind, by page type.
KIND_FIELDS = ("kind", "column_kind")


@dataclass(frozen=True)
class EntrySpec:
    parent: str
    slug: str
    title: str
    page_type: str
    kind: str = ""
    show_in_menus: bool = False

    @property
    def path(self) -> str:
        return f"{self.parent}/{self.slug}" if self.parent else self.slug

    @classmethod
    def from_dict(cls, data: dict) -> EntrySpec:
        return cls(
            parent=str(data.get("parent", "")).strip("/"),
            slug=str(data.get("slug", "")),
            title=str(data.get("title", "")),
            page_type=str(data.get("page_type", "")),
            kind=str(data.get("kind") or ""),
            show_in_menus=bool(data.get("show_in_menus", False)),
        )


def kind_field(model) -> str | None:
    """The name of the field that holds a page type's column kind, if any."""
    names = {field.name for field in model._meta.get_fields()}
    return next((name for name in KIND_FIELDS if name in names), None)


def _page_model(page_type: str):
    if page_type not in dict(SKELETON_PAGE_TYPES):
        return None
    try:
        return apps.get_model(page_type)
    except (LookupError, ValueError):
        return None


def validate_entries(entries: list[EntrySpec]) -> None:
    """Raise one ValidationError listing every problem, in entry order."""
    errors: list[str] = []
    models_by_path = {"": apps.get_model(HOME_MODEL)}
    kinds = set(ColumnKind.values)
    for number, entry in enumerate(entries, start=1):
        where = _("第%(n)d项“%(title)s”") % {"n": number, "title": entry.title}
        if not entry.title.strip():
            errors.append(_("%(where)s缺少标题。") % {"where": where})
        if not SLUG_RE.match(entry.slug):
            errors.append(
                _(
                    "%(where)s的地址“%(slug)s”无效：只能使用小写字母、数字和连字符，"
                    "以字母开头，不超过40个字符。"
                )
                % {"where": where, "slug": entry.slug}
            )
        if entry.path in models_by_path:
            errors.append(
                _("%(where)s的地址“%(path)s”重复。")
                % {"where": where, "path": entry.path}
            )
            continue
        model = _page_model(entry.page_type)
        if model is None:
            errors.append(
                _("%(where)s的页面类型“%(type)s”不在允许的页面类型中。")
                % {"where": where, "type": entry.page_type}
            )
            continue
        if entry.parent not in models_by_path:
            errors.append(
                _("%(where)s的上级“%(parent)s”不是前面已定义的栏目。")
                % {"where": where, "parent": entry.parent}
            )
            continue
        parent_model = models_by_path[entry.parent]
        if not (
            parent_model in model.allowed_parent_page_models()
            and model in parent_model.allowed_subpage_models()
        ):
            errors.append(
                _("%(where)s：“%(type)s”不能放在“%(parent)s”之下。")
                % {
                    "where": where,
                    "type": model._meta.verbose_name,
                    "parent": parent_model._meta.verbose_name,
                }
            )
            continue
        if entry.kind and entry.kind not in kinds:
            errors.append(
                _("%(where)s的栏目类型“%(kind)s”不存在。")
                % {"where": where, "kind": entry.kind}
            )
        elif entry.kind and kind_field(model) is None:
            errors.append(
                _("%(where)s：“%(type)s”没有栏目类型，请留空。")
                % {"where": where, "type": model._meta.verbose_name}
            )
        models_by_path[entry.path] = model
    if errors:
        raise ValidationError(errors)


def shipped_definitions() -> dict[str, dict]:
    """The definitions shipped in ``home/skeletons.json``, by site type."""
    data = json.loads(SHIPPED_FILE.read_text(encoding="utf-8"))
    unknown = set(data) - set(SiteType.values)
    if unknown:
        raise ValidationError(
            _("栏目模板文件含有未知的网站类型：%(types)s。")
            % {"types": "、".join(sorted(unknown))}
        )
    return data


def shipped_entries(site_type: str) -> list[EntrySpec]:
    return [
        EntrySpec.from_dict(row) for row in shipped_definitions()[site_type]["entries"]
    ]
