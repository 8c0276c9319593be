"""The column tree of a migration package (columns.jsonl), and where records go.

A column record becomes a live page of the type its kind asks for (news → 新闻
栏目, policy → 目录栏目, …) under its parent column or the (sub-)site's home;
catalog kinds with no parent go under the site's 信息公开 catalog, created
when missing. Pages are written through Wagtail's page API, so they get the
admin's validation (``full_clean``, parent and child page types, free slugs)
and the publication checks. Columns are few: no fast path.

``ColumnResolver`` answers a record's ``column``: a package column's source
id, else a slug path from the section's home (``xxgk/zcwj``); it never returns
a page outside the section's own pages (a sub-site nested in it is not its).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.choices import ColumnKind
from core.importfiles import LineError, RecordInvalid, RecordProblem, TypeReport
from disclosure_pages.selectors import own_pages
from home.skeleton_specs import kind_field
from site_migration.choices import RecordKind
from site_migration.models import MigratedColumn

CATALOG = "disclosure_pages.DisclosureIndexPage"
CATALOG_COLUMN = "disclosure_pages.DisclosureColumnPage"
CATALOG_SLUG = "xxgk"
# Page type of a column by its kind; catalog kinds are the rest (目录栏目).
PAGE_TYPES = {
    ColumnKind.NEWS: "content.ArticleIndexPage",
    ColumnKind.NOTICE: "content.NoticeIndexPage",
    ColumnKind.TOPIC: "content.TopicIndexPage",
    ColumnKind.LEADERS: "content.LeaderIndexPage",
    ColumnKind.SERVICE: "service_guides.ServiceIndexPage",
    ColumnKind.OVERVIEW: "content.StandardPage",
    ColumnKind.FUNCTIONS: "content.StandardPage",
    ColumnKind.CONSULTATION: "content.StandardPage",
    ColumnKind.SURVEY: "content.StandardPage",
    ColumnKind.INTERVIEW: "content.StandardPage",
    ColumnKind.PETITION: "content.StandardPage",
    ColumnKind.DISCIPLINE_REPORT: "content.StandardPage",
    ColumnKind.OTHER: "content.StandardPage",
}
# Where a column's description goes, by the first field the page type has.
INTRO_FIELDS = ("intro", "description", "summary")
KNOWN_KEYS = {
    "source_id", "title", "slug", "kind", "parent", "old_url", "intro",
    "show_in_menus",
}  # fmt: skip
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
OLD_URL_MAX = 500


def page_type_for(kind: str, *, parent: Page | None) -> str:
    """The page type of a column of ``kind``; 其他 under a catalog stays in it."""
    if kind == ColumnKind.OTHER and parent is not None:
        if parent.specific_class._meta.label in (CATALOG, CATALOG_COLUMN):
            return CATALOG_COLUMN
    return PAGE_TYPES.get(kind, CATALOG_COLUMN)


def is_catalog_kind(kind: str) -> bool:
    return kind not in PAGE_TYPES


def check_old_url(value) -> str:
    """An old address: an http(s) URL or an absolute path; LineError otherwise."""
    if value in (None, ""):
        return ""
    if not isinstance(value, str):
        raise LineError(_("原网址应为文本。"))
    value = value.strip()
    if len(value) > OLD_URL_MAX:
        raise LineError(_("原网址超过 %(max)d 个字符。") % {"max": OLD_URL_MAX})
    if not value.startswith(("http://", "https://", "/")) or any(
        char.isspace() for char in value
    ):
        raise LineError(
            _("原网址“%(url)s”应以 http://、https:// 或 / 开头，且不含空格。")
            % {"url": value[:80]}
        )
    return value


class ColumnResolver:
    """The column page a record's ``column`` names, inside one (sub-)site."""

    def __init__(self, section_root: Page):
        self.root = section_root
        self._cache: dict[str, Page] = {}

    def own(self):
        """The section's own pages below its home (no nested sub-site's)."""
        return own_pages(Page.objects.all(), self.root).filter(
            depth__gt=self.root.depth
        )

    def owns(self, page: Page) -> bool:
        return self.own().filter(pk=page.pk).exists()

    def __call__(self, ref: str) -> Page:
        if not isinstance(ref, str) or not ref.strip():
            raise LineError(_("缺少栏目 column。"))
        ref = ref.strip()
        page = self._cache.get(ref)
        if page is None:
            page = self._by_source_id(ref) or self._by_path(ref)
        if page is None:
            raise LineError(
                _(
                    "找不到栏目“%(ref)s”：应为迁移包中栏目的 source_id，"
                    "或从站点首页起的栏目地址（如 xxgk/zcwj）。"
                )
                % {"ref": ref[:100]}
            )
        self._cache[ref] = page
        return page

    def forget(self, ref: str) -> None:
        self._cache.pop(ref, None)

    def _by_source_id(self, ref: str) -> Page | None:
        row = (
            MigratedColumn.objects.filter(site=self.root, source_id=ref)
            .select_related("page")
            .first()
        )
        if row is None or not self.owns(row.page):
            return None
        return row.page.specific

    def _by_path(self, ref: str) -> Page | None:
        parts = [part for part in ref.strip("/").split("/") if part]
        url_path = self.root.url_path + "/".join(parts) + "/"
        found = self.own().filter(url_path=url_path).first()
        if found is None and len(parts) == 1:
            # A column's slug alone, when it names one column of the section.
            matches = list(self.own().filter(slug=parts[0])[:2])
            found = matches[0] if len(matches) == 1 else None
        return found.specific if found else None


class ColumnImporter:
    """Creates or updates the section's columns from column records."""

    kind = RecordKind.COLUMNS

    def __init__(
        self,
        *,
        section_root: Page,
        columns: ColumnResolver | None = None,
        base_dir=None,
        user=None,
        strict: bool = False,
        dry_run: bool = False,
    ):
        self.root = section_root
        self.columns = columns or ColumnResolver(section_root)
        self.user = user
        self.strict = strict
        self.dry_run = dry_run  # pages are written and rolled back by the caller

    def run(self, items: Iterable[tuple[int | str, object]], *, progress=None):
        report = TypeReport(kind=self.kind)
        for line, data in items:
            warnings: list[tuple[str, str]] = []
            try:
                if isinstance(data, Exception):
                    raise RecordInvalid([("", str(data))])
                values = self.check(data, warnings)
                with transaction.atomic():
                    outcome, page = self.write(values)
            except RecordInvalid as error:
                report.failed += 1
                report.problems += [
                    RecordProblem(line, name, message)
                    for name, message in error.problems
                ]
            else:
                setattr(report, outcome, getattr(report, outcome) + 1)
                report.written.append((values["source_id"], page.pk, values["old_url"]))
            finally:
                report.problems += [
                    RecordProblem(line, name, message, warning=True)
                    for name, message in warnings
                ]
            if progress is not None:
                progress.update(1)
        return report

    # --- checking one record ----------------------------------------------------

    def check(self, data: object, warnings: list) -> dict:
        """The record's values; RecordInvalid listing every problem otherwise."""
        if not isinstance(data, dict):
            raise RecordInvalid([("", _("每行应为一个 JSON 对象。"))])
        problems: list[tuple[str, str]] = []
        values: dict = {}
        for key in sorted(set(data) - KNOWN_KEYS):
            message = _("未知字段，已忽略。")
            (problems if self.strict else warnings).append((key, message))
        for key, limit in (("source_id", 100), ("title", 255), ("intro", 500)):
            value = data.get(key)
            if value in (None, ""):
                if key != "intro":
                    problems.append((key, _("必填。")))
                values[key] = ""
            elif not isinstance(value, str | int) or isinstance(value, bool):
                problems.append((key, _("应为文本。")))
            elif len(str(value).strip()) > limit:
                problems.append((key, _("超过 %(max)d 个字符。") % {"max": limit}))
            else:
                values[key] = str(value).strip()
        slug = data.get("slug")
        slug = slug.strip().lower() if isinstance(slug, str) else ""
        if not SLUG_RE.match(slug):
            problems.append(
                (
                    "slug",
                    _(
                        "栏目地址“%(slug)s”无效：只能使用小写字母、数字和连字符，"
                        "以字母或数字开头，不超过 80 个字符。"
                    )
                    % {"slug": str(data.get("slug", ""))[:40]},
                )
            )
        values["slug"] = slug
        values["kind"] = self._kind(data.get("kind"), problems, warnings)
        try:
            values["old_url"] = check_old_url(data.get("old_url"))
        except LineError as error:
            problems.append(("old_url", str(error)))
        menus = data.get("show_in_menus", False)
        if not isinstance(menus, bool):
            problems.append(("show_in_menus", _("应为 true 或 false。")))
        values["show_in_menus"] = menus is True
        values["parent"] = self._parent(data.get("parent"), values["kind"], problems)
        if problems:
            raise RecordInvalid(problems)
        return values

    def _kind(self, value, problems, warnings) -> str:
        if value in (None, ""):
            problems.append(("kind", _("必填。")))
            return ColumnKind.OTHER
        names = {str(v): str(v) for v in ColumnKind.values}
        names.update({str(label): str(v) for v, label in ColumnKind.choices})
        found = names.get(value.strip()) if isinstance(value, str) else None
        if found is None:
            message = _("栏目类型“%(value)s”无法识别，按“其他”导入。") % {
                "value": str(value)[:30]
            }
            if self.strict:
                message = _("栏目类型“%(value)s”无法识别。") % {
                    "value": str(value)[:30]
                }
            (problems if self.strict else warnings).append(("kind", message))
            return ColumnKind.OTHER
        return found

    def _parent(self, ref, kind: str, problems) -> Page | None:
        if ref in (None, ""):
            if is_catalog_kind(kind):
                return None  # the catalog, found or made when writing
            return self.root.specific
        try:
            return self.columns(str(ref))
        except LineError as error:
            problems.append(("parent", str(error)))
            return None

    # --- writing one record -----------------------------------------------------

    def write(self, values: dict) -> tuple[str, Page]:
        parent = values["parent"] or self.catalog()
        model = apps.get_model(page_type_for(values["kind"], parent=parent))
        mapped = MigratedColumn.objects.filter(
            site=self.root, source_id=values["source_id"]
        ).first()
        page = mapped.page.specific if mapped else None
        if page is None:
            page = Page.objects.child_of(parent).filter(slug=values["slug"]).first()
            page = page.specific if page else None  # adopted, not duplicated
        if page is not None and not isinstance(page, model):
            raise RecordInvalid(
                [
                    (
                        "slug" if mapped is None else "kind",
                        _("已有页面“%(title)s”是%(type)s，与栏目类型不符。")
                        % {"title": page.title, "type": page._meta.verbose_name},
                    )
                ]
            )
        outcome = "updated" if page is not None else "created"
        if page is None:
            page = model(slug=values["slug"])
        changed = self._fill(page, values)
        try:
            if outcome == "created":
                self._check_parent(parent, model)
                # Fresh: a cached parent's numchild is stale after earlier adds.
                Page.objects.get(pk=parent.pk).specific.add_child(instance=page)
            if changed or outcome == "created":
                # save_revision runs full_clean, as the admin's save does.
                page.save_revision(user=self.user).publish(user=self.user)
        except ValidationError as error:
            raise RecordInvalid(_problems(error)) from error
        except IntegrityError as error:
            raise RecordInvalid([("slug", str(error))]) from error
        if mapped is None:
            MigratedColumn.objects.create(
                site=self.root, source_id=values["source_id"], page=page
            )
        self.columns.forget(values["source_id"])
        return outcome, page

    def _fill(self, page: Page, values: dict) -> bool:
        """Set the record's values on ``page``; whether anything changed."""
        before = _state(page)
        page.title = values["title"]
        page.show_in_menus = values["show_in_menus"]
        field = kind_field(type(page))
        if field:
            setattr(page, field, values["kind"])
        names = {f.name for f in page._meta.get_fields()}
        intro_field = next((name for name in INTRO_FIELDS if name in names), None)
        if intro_field:
            limit = page._meta.get_field(intro_field).max_length or 500
            setattr(page, intro_field, values["intro"][:limit])
        if "body" in names and not page.body:
            # A single-page column (机构职能) needs a body; the intro, else its title.
            text = escape(values["intro"] or values["title"])
            page.body = [("paragraph", f"<p>{text}</p>")]
        return _state(page) != before

    def _check_parent(self, parent: Page, model) -> None:
        parent_model = parent.specific_class
        if not (
            parent_model in model.allowed_parent_page_models()
            and model in parent_model.allowed_subpage_models()
        ):
            raise RecordInvalid(
                [
                    (
                        "parent",
                        _("“%(type)s”不能放在“%(parent)s”（%(ptype)s）之下。")
                        % {
                            "type": model._meta.verbose_name,
                            "parent": parent.title,
                            "ptype": parent_model._meta.verbose_name,
                        },
                    )
                ]
            )

    def catalog(self) -> Page:
        """The section's 信息公开 catalog, created when it has none."""
        model = apps.get_model(CATALOG)
        found = model.objects.child_of(self.root).first()
        if found is not None:
            return found
        catalog = model(title=_("政府信息公开"), slug=CATALOG_SLUG)
        try:
            Page.objects.get(pk=self.root.pk).specific.add_child(instance=catalog)
            catalog.save_revision(user=self.user).publish(user=self.user)
        except ValidationError as error:
            raise RecordInvalid(
                [("parent", _("无法创建信息公开目录：%(e)s") % {"e": _join(error)})]
            ) from error
        return catalog


def _state(page: Page) -> tuple:
    names = ("title", "show_in_menus", "kind", "column_kind", *INTRO_FIELDS)
    return tuple(getattr(page, name, None) for name in names)


def _problems(error: ValidationError) -> list[tuple[str, str]]:
    if hasattr(error, "error_dict"):
        return [
            (name, "；".join(str(m) for m in messages))
            for name, messages in error.message_dict.items()
        ]
    return [("", _join(error))]


def _join(error: ValidationError) -> str:
    return "；".join(str(message) for message in error.messages)
