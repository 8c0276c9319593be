"""Who may run migrations and read their reports; the runs and old URLs they see.

Migrating a whole site is the e-government office's job (站群管理办公室 and
superusers). Auditors (网站审计) read runs and the old-URL report of every
site, as they read every site's inspection; nobody else reads them.
"""

from __future__ import annotations

from django.db.models import Case, CharField, Exists, OuterRef, QuerySet, Value, When
from django.utils.translation import gettext
from wagtail.contrib.redirects.models import Redirect

from core.roles import AUDITOR_GROUP
from hardening.selectors import is_office_staff
from site_migration.models import MigratedUrl, MigrationRun
from site_registry.models import SiteProfile


def can_migrate(user) -> bool:
    """Upload packages and start imports: the office and superusers."""
    return is_office_staff(user)


def can_read_migrations(user) -> bool:
    """Read runs, their reports and the old-URL report: also auditors."""
    return can_migrate(user) or (
        user.is_authenticated
        and user.is_active
        and user.groups.filter(name=AUDITOR_GROUP).exists()
    )


def runs_for_user(*, user) -> QuerySet[MigrationRun]:
    if not can_read_migrations(user):
        return MigrationRun.objects.none()
    return MigrationRun.objects.select_related("site", "created_by")


def migration_targets() -> QuerySet[SiteProfile]:
    """Sites and sub-sites a package may be imported into: the open ones."""
    return (
        SiteProfile.objects.open()
        .filter(root_page__isnull=False)
        .select_related("root_page", "parent")
    )


def broken_old_urls(*, user, site: SiteProfile | None = None) -> QuerySet[MigratedUrl]:
    """Migrated old URLs that no longer lead anywhere, each with its ``reason``:
    the page was deleted or is not live, or the redirect was removed or now
    points elsewhere."""
    if not can_read_migrations(user):
        return MigratedUrl.objects.none()
    redirect_intact = Redirect.objects.filter(
        pk=OuterRef("redirect_id"), redirect_page_id=OuterRef("page_id")
    )
    queryset = MigratedUrl.objects.annotate(
        reason=Case(
            When(page__isnull=True, then=Value(gettext("新页面已删除"))),
            When(page__live=False, then=Value(gettext("新页面未发布"))),
            When(redirect__isnull=True, then=Value(gettext("重定向已删除"))),
            When(~Exists(redirect_intact), then=Value(gettext("重定向已改动"))),
            default=Value(""),
            output_field=CharField(),
        )
    ).exclude(reason="")
    if site is not None:
        queryset = queryset.filter(site_id=site.root_page_id)
    return queryset.select_related("site", "page", "run").order_by("site_id", "old_url")
