"""Running a migration package into a site or sub-site (整合迁移).

Kinds import in ``RecordKind`` order (columns first, so that every later
record finds its column; organisations before the documents that name them;
documents before the interpretations that interpret them), each by its typed
importer (``IMPORTERS``). Every importer writes record by record, so a failed
record leaves nothing behind and a crash leaves the records written so far;
running the same run again skips the kinds it finished and continues the
others, updating by source id instead of duplicating.

A dry run (试运行) does everything a run does inside one transaction that is
rolled back at the end, so its report is exact; importers store no files and
this process writes no search-engine entries meanwhile. Its progress is saved
at the end only (the rows written meanwhile are rolled back too).
"""

from __future__ import annotations

import inspect
import logging
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from core.importfiles import RecordProblem, TypeReport
from site_migration.choices import RecordKind, RunStatus
from site_migration.models import MigratedUrl, MigrationRun
from site_migration.package import Package, PackageError, open_package

logger = logging.getLogger(__name__)

# Dotted paths of the typed importers, by kind; imported when a package has
# records of the kind; a kind whose app is not installed is reported as not
# importable (``_unavailable``).
IMPORTERS = {
    RecordKind.COLUMNS: "site_migration.columns.ColumnImporter",
    RecordKind.ORGANIZATIONS: (
        "disclosure_pages.importing.organizations.OrganizationImporter"
    ),
    RecordKind.TOPICS: "content.importing.TopicImporter",
    RecordKind.LEADERS: "content.importing.LeaderImporter",
    RecordKind.DOCUMENTS: "disclosure_pages.importing.service.DocumentImporter",
    RecordKind.INTERPRETATIONS: (
        "policy_interpretation.importing.InterpretationImporter"
    ),
    RecordKind.NEWS: "content.importing.NewsImporter",
    RecordKind.NOTICES: "content.importing.NoticeImporter",
    RecordKind.MESSAGES: "site_migration.messages.MessageImporter",
}
SAVE_EVERY_SECONDS = 2.0
SAVE_EVERY_RECORDS = 200


class RunProgress:
    """What importers call ``update(1)`` on: a terminal bar and the run's counters,
    saved at most every ``SAVE_EVERY_SECONDS`` or ``SAVE_EVERY_RECORDS``."""

    def __init__(self, run: MigrationRun, *, bar=None, save: bool = True):
        self.run = run
        self.bar = bar
        self.save = save
        self._saved_at = time.monotonic()
        self._unsaved = 0

    def update(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(n)
        self.run.records_done += n
        self._unsaved += n
        if self._unsaved >= SAVE_EVERY_RECORDS or (
            time.monotonic() - self._saved_at >= SAVE_EVERY_SECONDS
        ):
            self.flush()

    def flush(self) -> None:
        if self.save and self._unsaved:
            _save(self.run, "records_done", "current_kind")
        self._saved_at = time.monotonic()
        self._unsaved = 0


def _save(run: MigrationRun, *fields: str) -> None:
    run.save(update_fields=list(fields))


def execute_run(run: MigrationRun) -> MigrationRun:
    """Run ``run.package`` (an upload on the private storage)."""
    if not run.package:
        return _fail(run, _("迁移任务没有迁移包。"))
    scratch = Path(tempfile.mkdtemp(prefix="site-migration-upload-"))
    try:
        local = scratch / "package.zip"
        try:
            with run.package.open("rb") as source, local.open("wb") as sink:
                shutil.copyfileobj(source, sink)
        except OSError as error:
            return _fail(run, _("无法读取上传的迁移包：%(reason)s") % {"reason": error})
        return run_package(run, local)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def run_package(
    run: MigrationRun, path: Path, *, progress: bool = False
) -> MigrationRun:
    """Import the package at ``path`` into ``run.site`` as ``run`` says."""
    resuming = not run.dry_run and run.status in (RunStatus.RUNNING, RunStatus.FAILED)
    if not resuming or not isinstance(run.report, dict):
        run.report = {}
    run.report.setdefault("kinds", [])
    run.report.setdefault("messages", [])
    run.status = RunStatus.RUNNING
    run.started_at = run.started_at if resuming and run.started_at else timezone.now()
    run.finished_at = None
    run.error = ""
    run.save()
    try:
        with open_package(Path(path)) as package:
            _run(run, package, progress=progress)
    except PackageError as error:
        return _fail(run, str(error))
    except Exception as error:
        # Unexpected: the run stays resumable (what was written is kept).
        logger.exception("Site migration run %s failed", run.pk)
        _fail(run, _("迁移意外中止：%(reason)s") % {"reason": error})
        raise
    run.status = RunStatus.FINISHED
    run.current_kind = ""
    run.finished_at = timezone.now()
    run.save()
    return run


def _fail(run: MigrationRun, message: str) -> MigrationRun:
    run.status = RunStatus.FAILED
    run.error = message
    run.finished_at = timezone.now()
    run.save()
    return run


def _run(run: MigrationRun, package: Package, *, progress: bool) -> None:
    done = {entry["kind"] for entry in run.report["kinds"]}
    kinds = [kind for kind in package.kinds if kind not in done]
    run.records_total = sum(package.count(kind) for kind in package.kinds)
    run.records_done = sum(
        entry["created"] + entry["updated"] + entry["failed"]
        for entry in run.report["kinds"]
    )
    if done:
        run.report["messages"].append(
            _("继续上次中断的迁移，已完成的类型不再重复：%(kinds)s。")
            % {"kinds": "、".join(str(RecordKind(kind).label) for kind in done)}
        )
    _save(run, "records_total", "records_done", "report")
    from site_migration.columns import ColumnResolver

    resolver = ColumnResolver(run.site)
    if run.dry_run:
        with transaction.atomic(), _search_index_off():
            reports = [
                _run_kind(run, package, kind, progress, resolver) for kind in kinds
            ]
            transaction.set_rollback(True)
        run.report["messages"].append(_("试运行：以上更改均已撤销，未写入任何内容。"))
        run.report["kinds"] = [report.as_dict() for report in reports]
        return
    for kind in kinds:
        report = _run_kind(run, package, kind, progress, resolver)
        run.report["kinds"].append(report.as_dict())
        _save(run, "report", "records_done")


def _run_kind(run: MigrationRun, package: Package, kind: str, progress: bool, resolver):
    run.current_kind = kind
    _save(run, "current_kind")
    bar = _bar(kind, package.count(kind)) if progress else None
    tracker = RunProgress(run, bar=bar, save=not run.dry_run)
    started = time.monotonic()
    try:
        importer = _importer(run, package, kind, resolver)
        if importer is None:
            report = _unavailable(package, kind)
            tracker.update(package.count(kind))
        else:
            report = importer.run(package.items(kind), progress=tracker)
    finally:
        tracker.flush()
        if bar is not None:
            bar.close()
    _redirect(run, kind, report)
    report.seconds = time.monotonic() - started
    return report


def _bar(kind: str, total: int):
    from tqdm import tqdm

    return tqdm(total=total, desc=str(RecordKind(kind).label), file=sys.stderr)


def _importer(run: MigrationRun, package: Package, kind: str, resolver):
    """The kind's importer for this run, or None when this version has none."""
    path = IMPORTERS[kind]
    if not apps.is_installed(path.partition(".")[0]):
        return None
    # Installed: an ImportError here is a bug to surface, not a missing kind.
    cls = import_string(path)
    options = {
        "section_root": run.site.specific,
        "columns": resolver,
        "base_dir": package.root,
        "user": run.created_by,
        "strict": run.strict,
        "dry_run": run.dry_run,
        "resolve_url": lambda url: resolve_url(run.site, url, package=package),
    }
    return cls(**{k: v for k, v in options.items() if _accepts(cls, k)})


def _accepts(cls, name: str) -> bool:
    parameters = inspect.signature(cls.__init__).parameters
    return name in parameters or any(
        p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()
    )


def _unavailable(package: Package, kind: str) -> TypeReport:
    count = package.count(kind)
    return TypeReport(
        kind=kind,
        failed=count,
        problems=[
            RecordProblem(
                package.files[kind].name,
                "",
                _("本平台尚不能导入“%(kind)s”，这 %(count)d 条记录未导入。")
                % {"kind": RecordKind(kind).label, "count": count},
            )
        ],
    )


def _redirect(run: MigrationRun, kind: str, report: TypeReport) -> None:
    """The old address of every record written answers with its new page."""
    from site_migration.redirects import redirect_old_urls

    rows = [row for row in report.written if row[2]]
    pages = Page.objects.in_bulk([page_id for _sid, page_id, _url in rows])
    refused = redirect_old_urls(
        run=run,
        site_root=run.site,
        kind=kind,
        rows=[(sid, pages.get(page_id), url) for sid, page_id, url in rows],
    )
    for source_id, reason in refused:
        report.problems.append(
            RecordProblem(
                _("编号 %(id)s") % {"id": source_id},
                "old_url",
                _("原网址无法重定向：%(reason)s") % {"reason": reason},
            )
        )


@contextmanager
def _search_index_off() -> Iterator[None]:
    """No search-engine writes from this process while a dry run writes rows
    that will be rolled back (the citizens' search is queued on commit only)."""
    from django.db.models.signals import post_save
    from modelsearch.index import get_indexed_models
    from modelsearch.signal_handlers import post_save_signal_handler

    switched = [
        model
        for model in get_indexed_models()
        if post_save.disconnect(post_save_signal_handler, sender=model)
    ]
    try:
        yield
    finally:
        for model in switched:
            post_save.connect(post_save_signal_handler, sender=model)


def resolve_url(site_root: Page, url: str, *, package: Package | None = None):
    """The page an old or a platform URL names, or None.

    An old URL is looked up among the site's migrated addresses (as written,
    or as a path on one of the package's old domains); a platform URL by its
    path under the site's home page.
    """
    url = (url or "").strip()
    if not url:
        return None
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    candidates = {url, path}
    for domain in package.old_domains if package else []:
        candidates |= {f"http://{domain}{path}", f"https://{domain}{path}"}
    row = (
        MigratedUrl.objects.filter(site=site_root, old_url__in=candidates)
        .exclude(page=None)
        .select_related("page")
        .first()
    )
    if row is not None:
        return row.page.specific
    home = site_root
    if parts.netloc:
        site = Site.objects.filter(hostname=parts.hostname).first()
        if site is None or not site_root.path.startswith(site.root_page.path):
            return None
        home = site.root_page
    url_path = home.url_path + parts.path.strip("/") + "/"
    page = Page.objects.filter(
        url_path=url_path, path__startswith=site_root.path
    ).first()
    return page.specific if page else None
