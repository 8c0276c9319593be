"""Messages (留言) of a migration package, through the message import's own
checks and writer (``interaction.services.importing``).

A package record is a message record of docs/import-format.md plus the
``channel`` it belongs to (the slug of one of the target (sub-)site's
channels) and its ``old_url``. Unlike ``import_messages`` (all or nothing),
a bad record is reported and the others are written, as for every kind of a
package. Messages are no pages: their old addresses are not redirected.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.importfiles import LineError, RecordProblem, TypeReport
from interaction.models import Channel
from interaction.services.importing import check_record, write_messages
from site_migration.choices import RecordKind
from site_migration.columns import check_old_url
from site_registry.models import SiteProfile

PACKAGE_KEYS = ("channel", "old_url")


class MessageImporter:
    kind = RecordKind.MESSAGES

    def __init__(self, *, section_root: Page, user=None, dry_run=False, **_options):
        self.root = section_root
        self.profile = SiteProfile.objects.filter(root_page=section_root).first()

    def run(self, items, *, progress=None) -> TypeReport:
        report = TypeReport(kind=self.kind)
        now = timezone.now()
        groups: dict[int, tuple[Channel, list]] = {}
        seen: set[tuple[int, str]] = set()
        for line, data in items:
            try:
                channel, values = self._check(data, now=now)
                key = (channel.pk, values["source_id"])
                if key in seen:
                    raise LineError(
                        _("编号 source_id“%(id)s”在同一渠道中重复。")
                        % {"id": values["source_id"]}
                    )
                seen.add(key)
                groups.setdefault(channel.pk, (channel, []))[1].append((line, values))
            except LineError as error:
                report.failed += 1
                report.problems.append(RecordProblem(line, "", str(error)))
            if progress is not None:
                progress.update(1)
        for channel, records in groups.values():
            with transaction.atomic():
                summary = write_messages(channel=channel, records=records)
            report.created += summary.created
            report.updated += summary.updated + summary.unchanged
        return report

    def _check(self, data, *, now) -> tuple[Channel, dict]:
        if isinstance(data, Exception):
            raise LineError(str(data))
        if not isinstance(data, dict):
            raise LineError(_("每行应为一个 JSON 对象。"))
        slug = data.get("channel")
        channel = (
            Channel.objects.filter(site=self.profile, slug=slug).first()
            if self.profile is not None and isinstance(slug, str)
            else None
        )
        if channel is None:
            raise LineError(
                _("目标站点没有网址标识为“%(slug)s”的互动渠道（字段 channel）。")
                % {"slug": str(slug)[:64]}
            )
        check_old_url(data.get("old_url"))
        record = {k: v for k, v in data.items() if k not in PACKAGE_KEYS}
        return channel, check_record(record, now=now)
