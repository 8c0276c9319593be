"""Import of publishing organisations (发布机构) from JSON Lines records.

Each record is validated by the organisation's own admin form (the snippet's
panels: field limits, the code check characters, the uniqueness of the name,
the model's ``clean``), so the command line accepts exactly what the admin
does. Every error of a record is reported with its field; a record with an
error writes nothing. Re-importing updates the organisation found by credit
code, organisation code or name, in that order; sites are only ever added.

A dry run writes rows like a real run; the caller rolls the transaction back
(search updates are enqueued on commit, so nothing reaches the index).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.admin.panels import get_edit_handler
from wagtail.models import Page

from core.importfiles import (
    LineError,
    RecordInvalid,
    RecordProblem,
    TypeReport,
    control_character,
    text_field,
)
from disclosure_pages.codes import normalise_org_code
from disclosure_pages.models import Organization
from site_registry.models import SiteProfile
from site_registry.selectors import profile_for_page

KIND = "organizations"
TEXT_FIELDS = ("name", "short_name", "org_code", "credit_code")
KNOWN_KEYS = {"source_id", "sites", *TEXT_FIELDS}
MAX_SOURCE_ID = 100
MAX_TEXT = 500  # far above every column; the form reports the exact limit
MAX_SITES = 200


def _form_class():
    # The snippet's admin form: the same fields, limits and checks.
    return get_edit_handler(Organization).get_form_class()


class OrganizationImporter:
    """Create or update organisations from records; see the module docstring.

    ``section_root`` (a site migration's target) adds that site to every
    imported organisation, so its editors can choose them.
    """

    kind = KIND

    def __init__(
        self,
        *,
        user=None,
        strict: bool = False,
        dry_run: bool = False,
        section_root: Page | None = None,
        **_unused,
    ):
        self.user = user
        self.strict = strict
        self.dry_run = dry_run
        self.form_class = _form_class()
        self.target = (
            profile_for_page(page=section_root) if section_root is not None else None
        )

    def run(self, items: Iterable[tuple[int | str, object]], *, progress=None):
        report = TypeReport(kind=self.kind)
        seen: dict[tuple[str, str], int | str] = {}
        for line, value in items:
            warnings: list[tuple[str, str]] = []
            try:
                values, problems = self._check(value, warnings)
                problems += self._repeats(values, line, seen)
                organization, created = self._write(values, problems)
            except RecordInvalid as invalid:
                report.failed += 1
                report.problems.extend(
                    RecordProblem(line, field, message)
                    for field, message in invalid.problems
                )
            else:
                if created:
                    report.created += 1
                else:
                    report.updated += 1
                report.written.append((values["source_id"], organization.pk, ""))
            report.problems.extend(
                RecordProblem(line, field, message, warning=True)
                for field, message in warnings
            )
            if progress is not None:
                progress.update(1)
        return report

    # --- checking ---------------------------------------------------------

    def _check(self, value, warnings: list) -> tuple[dict, list]:
        """The record's values and the problems found before the form's
        checks (a problem field's value is left empty)."""
        if isinstance(value, Exception):
            raise RecordInvalid([("", str(value))])
        if not isinstance(value, dict):
            raise RecordInvalid([("", _("每一行应是一个 JSON 对象。"))])
        problems: list[tuple[str, str]] = []
        for key in sorted(set(value) - KNOWN_KEYS, key=str):
            message = _("未知字段 %(key)s，已忽略。") % {"key": str(key)[:30]}
            (problems if self.strict else warnings).append((str(key)[:30], message))
        values = {"source_id": self._source_id(value, problems)}
        for key in TEXT_FIELDS:
            try:
                values[key] = text_field(value, key, limit=MAX_TEXT, multiline=False)
            except LineError as error:
                values[key] = ""
                problems.append((key, str(error)))
        values["sites"] = self._sites(value.get("sites"), problems)
        if not values.get("name") and "name" not in dict(problems):
            problems.append(("name", _("缺少机构全称。")))
        return values, problems

    @staticmethod
    def _source_id(value: dict, problems: list) -> str:
        source_id = value.get("source_id", "")
        if isinstance(source_id, int) and not isinstance(source_id, bool):
            source_id = str(source_id)
        if not isinstance(source_id, str):
            problems.append(("source_id", _("字段 source_id 应为文本。")))
            return ""
        source_id = source_id.strip()
        if control_character(source_id, multiline=False) is not None:
            problems.append(("source_id", _("字段 source_id 含有控制字符。")))
        elif len(source_id) > MAX_SOURCE_ID:
            problems.append(
                (
                    "source_id",
                    _("字段 source_id 超过 %(max)d 个字符。") % {"max": MAX_SOURCE_ID},
                )
            )
        return source_id

    def _sites(self, raw, problems: list) -> list[SiteProfile]:
        profiles = [self.target] if self.target is not None else []
        if raw in (None, ""):
            return profiles
        codes = [raw] if isinstance(raw, str) else raw
        if (
            not isinstance(codes, list)
            or len(codes) > MAX_SITES
            or not all(isinstance(code, str) for code in codes)
        ):
            problems.append(("sites", _("字段 sites 应为网站标识码的列表。")))
            return profiles
        wanted = {code.strip() for code in codes if code.strip()}
        found = {
            profile.code: profile
            for profile in SiteProfile.objects.filter(code__in=wanted)
        }
        missing = sorted(wanted - set(found))
        if missing:
            problems.append(
                (
                    "sites",
                    _("找不到网站标识码：%(codes)s。")
                    % {"codes": "、".join(code[:30] for code in missing[:10])},
                )
            )
        return profiles + [found[code] for code in sorted(found)]

    @staticmethod
    def _repeats(values: dict, line, seen: dict) -> list:
        """A name, code or source id given twice in one file is an error of
        the later line (which of the two should win cannot be guessed)."""
        problems = []
        keys = [
            ("source_id", values["source_id"]),
            ("name", values["name"]),
            ("org_code", normalise_org_code(values["org_code"])),
            ("credit_code", values["credit_code"].upper()),
        ]
        for field, value in keys:
            if not value:
                continue
            first = seen.setdefault((field, value), line)
            if first != line:
                problems.append(
                    (
                        field,
                        _("“%(value)s”与第 %(line)s 行重复。")
                        % {"value": value, "line": first},
                    )
                )
        return problems

    # --- writing ----------------------------------------------------------

    def _existing(self, values: dict) -> Organization | None:
        credit_code = values["credit_code"].upper()
        org_code = normalise_org_code(values["org_code"])
        for field, value in (
            ("credit_code", credit_code),
            ("org_code", org_code),
            ("name", values["name"]),
        ):
            if value:
                found = Organization.objects.filter(**{field: value}).first()
                if found is not None:
                    return found
        return None

    def _write(self, values: dict, problems: list) -> tuple[Organization, bool]:
        """Validate with the admin form, adding its errors to ``problems``
        (fields already wrong keep their first message); write if none."""
        existing = self._existing(values)
        sites = {profile.pk for profile in values["sites"]}
        data = {key: values[key] for key in TEXT_FIELDS}
        if existing is not None:
            sites |= set(existing.sites.values_list("pk", flat=True))
            # Fields the record leaves out keep their value.
            for key in TEXT_FIELDS:
                data[key] = data[key] or getattr(existing, key)
        data["sites"] = sorted(sites)
        form = self.form_class(data=data, instance=existing, for_user=self.user)
        if not form.is_valid():
            known = {field for field, _message in problems}
            problems = problems + [
                (field if field != "__all__" else "", str(message))
                for field, messages in form.errors.items()
                if field not in known
                for message in messages
            ]
        if problems:
            raise RecordInvalid(problems)
        with transaction.atomic():
            organization = form.save()
        return organization, existing is None
