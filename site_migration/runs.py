"""Recording runs from the admin: a dry run of an uploaded package, then the
import of the same package once its dry run has finished.

The caller passes ``dispatch(run_id)`` (``site_migration.tasks.dispatch_run``),
called once the transaction has committed, so the background sees the run.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from site_migration.choices import RunStatus
from site_migration.models import MigrationRun
from site_migration.selectors import can_migrate
from site_registry.models import SiteProfile


def start_dry_run(
    *,
    user,
    profile: SiteProfile,
    package,
    strict: bool,
    dispatch: Callable[[int], None],
) -> MigrationRun:
    """Store the uploaded ``package`` on the private storage and start its
    dry run into ``profile``'s (sub-)site."""
    if not can_migrate(user):
        raise PermissionDenied
    with transaction.atomic():
        run = MigrationRun(
            site=profile.root_page,
            package_name=package.name[:255],
            dry_run=True,
            strict=strict,
            created_by=user,
        )
        run.package.save(package.name, package, save=False)
        run.save()
        transaction.on_commit(lambda: dispatch(run.pk))
    return run


def start_import(
    *, user, dry_run: MigrationRun, dispatch: Callable[[int], None]
) -> MigrationRun:
    """开始正式导入: a real run of the package ``dry_run`` checked."""
    if not can_migrate(user):
        raise PermissionDenied
    with transaction.atomic():
        checked = MigrationRun.objects.select_for_update().get(pk=dry_run.pk)
        if not checked.dry_run or checked.status != RunStatus.FINISHED:
            raise ValidationError(_("只有已完成的试运行才能开始正式导入。"))
        if not checked.package:
            raise ValidationError(_("该试运行的迁移包已不存在，请重新上传。"))
        imports = MigrationRun.objects.filter(site_id=checked.site_id, dry_run=False)
        if (
            imports.filter(package=checked.package.name)
            .exclude(status=RunStatus.FAILED)
            .exists()
        ):
            raise ValidationError(_("这个迁移包已经正式导入过，不能重复导入。"))
        running = imports.filter(
            status__in=[RunStatus.UPLOADED, RunStatus.RUNNING]
        ).first()
        if running is not None:
            raise ValidationError(
                _("该站点已有一个正在进行的正式导入（任务 %(pk)d）。")
                % {"pk": running.pk}
            )
        run = MigrationRun.objects.create(
            site_id=checked.site_id,
            package=checked.package.name,  # the same stored file
            package_name=checked.package_name,
            dry_run=False,
            strict=checked.strict,
            created_by=user,
        )
        transaction.on_commit(lambda: dispatch(run.pk))
    return run
