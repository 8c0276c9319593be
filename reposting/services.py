"""Writes of reposting: the library, repost creation, take-down with the source."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry

from core.page_tree import bulk_add_children, lock_parents
from disclosure_pages.choices import ColumnKind
from disclosure_pages.models import DisclosureColumnPage, DisclosureDocumentPage
from disclosure_pages.signals import pages_bulk_written
from publishing.pipeline import check_for_publication, run_bulk_steps
from reposting import selectors
from reposting.choices import WithdrawnDisplay
from reposting.models import RepostPage, RepostSettings, UpstreamLibraryPage
from site_registry.models import SiteProfile

LIBRARY_SLUG = "tyxxzyk"
REPOST_ACTION = "reposting.repost"
TAKE_DOWN_ACTION = "reposting.take_down"
RESTORE_ACTION = "reposting.restore"


# --- the upstream library ------------------------------------------------------------


def ensure_library() -> UpstreamLibraryPage:
    """The library root under the tree root (created once)."""
    existing = UpstreamLibraryPage.objects.first()
    if existing is not None:
        return existing
    page = UpstreamLibraryPage(title=_("统一信息资源库"), slug=LIBRARY_SLUG)
    Page.get_first_root_node().add_child(instance=page)
    page.save_revision().publish()
    cache.delete(selectors.LIBRARY_PATH_KEY)
    return page


def ensure_library_column(
    *, slug: str, title: str, kind: str = ColumnKind.POLICY
) -> DisclosureColumnPage:
    """A column of the library (e.g. 国务院文件), created on first use."""
    root = ensure_library()
    column = DisclosureColumnPage.objects.child_of(root).filter(slug=slug).first()
    if column is None:
        column = DisclosureColumnPage(title=title, slug=slug, kind=kind)
        root.add_child(instance=column)
        column.save_revision().publish()
    return column


# --- repost planning and creation ---------------------------------------------------


@dataclass
class RepostPlan:
    """Where a document will be reposted, and which chosen sites are skipped."""

    targets: list[tuple[SiteProfile, DisclosureColumnPage]] = field(
        default_factory=list
    )
    already: list[SiteProfile] = field(default_factory=list)


def plan_reposts(
    *,
    source: DisclosureDocumentPage,
    profiles: list[SiteProfile],
    user,
    kind: str = "",
    slug: str = "",
    skip_existing: bool = False,
) -> RepostPlan:
    """Check a repost request; raises ValidationError with every problem in Chinese.

    ``user`` None is a system job (demo loader, command): no permission check.
    Views always pass the request's user.
    """
    if not profiles:
        raise ValidationError(_("没有找到符合条件的正常运行网站。"))
    if not source.live:
        raise ValidationError(_("源文件尚未发布或已撤回，不能转载。"))
    columns = selectors.target_columns(profiles=profiles, kind=kind, slug=slug)
    existing = set(
        RepostPage.objects.filter(
            source=source, column_id__in=[c.pk for c in columns.values() if c]
        ).values_list("column_id", flat=True)
    )
    source_parent = source.path[: -Page.steplen]
    wanted = ColumnKind(kind).label if kind and not slug else slug
    errors: list[ValidationError] = []
    plan = RepostPlan()
    for profile in profiles:
        column = columns.get(profile.pk)
        if column is None:
            errors.append(
                ValidationError(
                    _("“%(site)s”没有“%(column)s”栏目，无法转载。")
                    % {"site": profile.name, "column": wanted}
                )
            )
        elif column.path == source_parent:
            errors.append(
                ValidationError(
                    _("“%(site)s”的“%(column)s”栏目就是源文件所在栏目，无需转载。")
                    % {"site": profile.name, "column": column.title}
                )
            )
        elif user is not None and not selectors.can_add_to(user=user, page=column):
            errors.append(
                ValidationError(
                    _("您没有在“%(site)s”的“%(column)s”栏目发布内容的权限。")
                    % {"site": profile.name, "column": column.title}
                )
            )
        elif column.pk in existing:
            if skip_existing:
                plan.already.append(profile)
            else:
                errors.append(
                    ValidationError(
                        _(
                            "《%(title)s》已转载到“%(site)s”的“%(column)s”栏目，不能重复转载。"
                        )
                        % {
                            "title": source.title,
                            "site": profile.name,
                            "column": column.title,
                        }
                    )
                )
        else:
            plan.targets.append((profile, column))
    if errors:
        raise ValidationError(errors)
    if not plan.targets:
        raise ValidationError(_("所选网站都已转载过该文件，没有新的转载。"))
    return plan


def repost_document(
    *, source: DisclosureDocumentPage, plan: RepostPlan, user
) -> list[RepostPage]:
    """Create one repost page per target column, all or nothing.

    Wagtail's page API costs about 35 queries per page (tree insert, full
    clean, saves, signals), 7,000 for 200 sites. A repost has no content,
    revision, workflow or search entry of its own, so its tree rows are
    written in bulk by core.page_tree (columns locked, a few queries in all),
    with one audit-log entry per repost. The database's
    unique (source, column) constraint still refuses a concurrent duplicate.
    """
    now = timezone.now()
    slug = f"repost-{source.pk}"
    steplen = Page.steplen
    # Live rows written past Wagtail's publish action: the checks of every
    # publication first, on the content every repost carries (the source's).
    check_for_publication(
        RepostPage(title=source.title, draft_title=source.title, slug=slug),
        user=user,
    )
    try:
        with transaction.atomic():
            # Locked before the slug check, so that it holds until the insert.
            columns = lock_parents(column for _profile, column in plan.targets)
            parent_paths = [column.path for column in columns.values()]
            taken = set(
                Page.objects.filter(slug=slug)
                .annotate(parent_path=Substr("path", 1, Length("path") - steplen))
                .filter(parent_path__in=parent_paths)
                .values_list("parent_path", flat=True)
            )
            children: dict[Page, list[RepostPage]] = {}
            for profile, target in plan.targets:
                column = columns[target.pk]
                if column.path in taken:
                    raise ValidationError(
                        _("“%(site)s”的“%(column)s”栏目已有同名页面，无法转载。")
                        % {"site": profile.name, "column": target.title}
                    )
                children[column] = [
                    RepostPage(
                        title=source.title,
                        draft_title=source.title,
                        slug=slug,
                        translation_key=uuid.uuid4(),
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=now,
                        last_published_at=now,
                        owner=user,
                        source=source,
                        column_id=column.pk,
                        target_site=profile,
                        reposted_by=user,
                        reposted_at=now,
                    )
                ]
            run_bulk_steps([page for group in children.values() for page in group])
            pages = bulk_add_children(children)
            _log_all(pages, REPOST_ACTION, user=user, source=source, now=now)
            log(
                instance=source,
                action=REPOST_ACTION,
                user=user,
                data={
                    "source_id": source.pk,
                    "source_title": source.title,
                    "site": _("%(n)d 个网站") % {"n": len(pages)},
                },
            )
    except IntegrityError as error:
        # Someone reposted into one of the columns between the check and now.
        raise ValidationError(_("该文件已转载到这个栏目，不能重复转载。")) from error
    return pages


# --- the source's life cycle --------------------------------------------------------


def source_unpublished(*, source: Page, user=None) -> int:
    """Take the source's reposts down with it (office setting); returns how many."""
    if RepostSettings.load().withdrawn_display != WithdrawnDisplay.TAKE_DOWN:
        return 0
    return _switch_reposts(
        RepostPage.objects.filter(source_id=source.pk, live=True).select_related(
            "target_site"
        ),
        live=False,
        action=TAKE_DOWN_ACTION,
        source=source,
        user=user,
    )


def source_republished(*, source: Page, user=None) -> int:
    """Bring back the reposts taken down with the source; returns how many."""
    return _switch_reposts(
        RepostPage.objects.filter(source_id=source.pk, taken_down=True).select_related(
            "target_site"
        ),
        live=True,
        action=RESTORE_ACTION,
        source=source,
        user=user,
    )


def _switch_reposts(reposts, *, live: bool, action: str, source: Page, user) -> int:
    reposts = list(reposts)
    if reposts:
        with transaction.atomic():
            RepostPage.objects.filter(pk__in=[r.pk for r in reposts]).update(
                live=live, taken_down=not live
            )
            pages_bulk_written.send(sender=RepostPage, page_ids=[r.pk for r in reposts])
            _log_all(reposts, action, user=user, source=source)
    return len(reposts)


def _log_all(reposts, action: str, *, user, source: Page, now=None) -> None:
    """One audit-log entry per repost, written in one insert."""
    now = now or timezone.now()
    PageLogEntry.objects.bulk_create(
        [
            PageLogEntry(
                content_type_id=r.content_type_id,
                label=r.title[:255],
                action=action,
                page_id=r.pk,
                user=user if getattr(user, "pk", None) else None,
                timestamp=now,
                data={
                    "source_id": source.pk,
                    "source_title": source.title,
                    "site": r.target_site.name if r.target_site_id else "",
                },
            )
            for r in reposts
        ]
    )


# --- upstream feeds -----------------------------------------------------------------


def organization_named(name: str):
    """The registered organisation called ``name`` (None for ""); raises
    ValidationError in Chinese when there is none."""
    from disclosure_pages.models import Organization

    if not name:
        return None
    organization = Organization.objects.filter(name=name).first()
    if organization is None:
        raise ValidationError(_("找不到发布机构：%(name)s") % {"name": name})
    return organization


def pull_feed_config(*, config: dict, progress: bool = False):
    """Pull one configured feed: {"url", "column", "column_title", "organization"}."""
    from reposting.upstream.pull import pull_upstream

    column = ensure_library_column(
        slug=config["column"], title=config.get("column_title", config["column"])
    )
    organization = organization_named(config.get("organization", ""))
    return pull_upstream(
        url=config["url"], column=column, organization=organization, progress=progress
    )
