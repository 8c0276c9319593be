"""Read queries of reposting: targets, reposts per source, rule obligations.

Functions used by other apps: ``repost_sites`` / ``repost_counts`` (search:
"also on N sites"), ``site_reposts`` (a site's own search and listings) and
``overdue_reposts`` (inspection: 应转未转).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Min, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.utils import timezone
from wagtail.models import Page, Site

from disclosure_pages.models import DisclosureColumnPage, DisclosureDocumentPage
from reposting.choices import (
    STATE_COUNCIL_ORDER_PREFIX,
    STATE_COUNCIL_ORGANS,
    ObligationStatus,
)
from reposting.models import RepostPage, RepostRule, UpstreamLibraryPage
from site_registry.models import SiteProfile

# --- sites and columns ------------------------------------------------------------


def library() -> UpstreamLibraryPage | None:
    return UpstreamLibraryPage.objects.first()


def open_sites() -> QuerySet[SiteProfile]:
    """Sites that may receive reposts: those the public can see."""
    return SiteProfile.objects.servable().select_related("root_page")


def resolve_sites(
    *,
    sites: Iterable[SiteProfile] = (),
    parent: SiteProfile | None = None,
    level: str = "",
) -> list[SiteProfile]:
    """Open sites picked one by one, all (transitively) under ``parent``, or all
    of ``level``."""
    profiles = list(open_sites())
    chosen: dict[int, SiteProfile] = {}
    by_pk = {p.pk: p for p in profiles}
    for site in sites:
        if site.pk in by_pk:
            chosen[site.pk] = by_pk[site.pk]
    if parent is not None:
        children = defaultdict(list)
        for profile in profiles:
            children[profile.parent_id].append(profile)
        stack = list(children[parent.pk])
        while stack:
            profile = stack.pop()
            chosen[profile.pk] = profile
            stack.extend(children[profile.pk])
    if level:
        chosen.update({p.pk: p for p in profiles if p.level == level})
    return sorted(chosen.values(), key=lambda p: p.root_page.path)


def target_columns(
    *, profiles: list[SiteProfile], kind: str = "", slug: str = ""
) -> dict[int, DisclosureColumnPage | None]:
    """Each site's first column of ``kind`` (or with ``slug``): three queries in all.

    A column inside a sub-site (子站) of a portal belongs to the sub-site, not
    to the portal, although it sits in the portal's page tree.
    """
    columns = DisclosureColumnPage.objects.live()
    if slug:
        columns = columns.filter(slug=slug)
    elif kind:
        columns = columns.filter(kind=kind)
    columns = columns.only(
        "id", "title", "slug", "path", "depth", "numchild", "kind", "content_type_id"
    )
    roots = sorted(
        SiteProfile.objects.values_list("pk", "root_page__path"),
        key=lambda row: -len(row[1]),
    )
    wanted = {p.pk for p in profiles}
    found: dict[int, DisclosureColumnPage | None] = dict.fromkeys(wanted)
    for column in columns.order_by("depth", "path"):
        owner = next((pk for pk, path in roots if column.path.startswith(path)), None)
        if owner in wanted and found[owner] is None:
            found[owner] = column
    return found


def can_add_to(*, user, page: Page) -> bool:
    """May ``user`` publish pages into ``page`` (Wagtail page permissions)?"""
    return page.permissions_for_user(user).can_add_subpage()


# --- reposts of a source (provenance) ---------------------------------------------


def live_reposts() -> QuerySet[RepostPage]:
    return RepostPage.objects.live().filter(source__live=True)


def reposts_of(*, source: Page) -> QuerySet[RepostPage]:
    """Every repost of ``source``, live or not, for the admin's provenance view."""
    return (
        RepostPage.objects.filter(source_id=source.pk)
        .select_related("target_site", "column", "reposted_by")
        .order_by("target_site__root_page__path")
    )


def column_reposted_source_ids(*, column: Page) -> QuerySet:
    """Ids of the sources reposted into ``column`` (a subquery for its listing)."""
    return RepostPage.objects.live().filter(column_id=column.pk).values("source_id")


def column_listing_urls(*, column: Page, documents: Iterable[Page]) -> dict[int, str]:
    """{source id: URL of its repost in ``column``} for the listed documents."""
    ids = [d.pk for d in documents]
    reposts = (
        RepostPage.objects.live()
        .filter(column_id=column.pk, source_id__in=ids)
        .only("id", "source_id", "url_path", "path", "depth", "locale_id")
    )
    return {r.source_id: r.get_url() for r in reposts}


# --- home block: 国务院重要政策 -------------------------------------------------------


LIBRARY_PATH_KEY = "reposting:library-path"


def library_path() -> str:
    """Tree path of the library root ("" if none), cached: the home block of
    every site reads it. ``ensure_library`` drops the entry."""
    path = cache.get(LIBRARY_PATH_KEY)
    if path is None:
        path = UpstreamLibraryPage.objects.values_list("path", flat=True).first()
        path = path or ""
        cache.set(LIBRARY_PATH_KEY, path, 3600)
    return path


def state_council_documents() -> QuerySet[DisclosureDocumentPage]:
    """State Council documents of the upstream library, newest first."""
    root_path = library_path()
    if not root_path:
        return DisclosureDocumentPage.objects.none()
    return (
        DisclosureDocumentPage.objects.filter(path__startswith=root_path)
        .live()
        .filter(
            Q(document_number_organ__in=STATE_COUNCIL_ORGANS)
            | Q(document_number__startswith=STATE_COUNCIL_ORDER_PREFIX)
        )
        .order_by("-first_published_at", "-pk")
    )


def state_council_policy_links(*, request: HttpRequest | None, limit: int) -> list:
    """Source of the home page's 国务院重要政策 block (STATE_COUNCIL_POLICIES_SOURCE).

    Each item links to the document's repost on the requesting site when there
    is one, otherwise to the original on gov.cn. One query (on a warm cache).
    """
    from core.selectors import PolicyItem

    site = Site.find_for_request(request) if request is not None else None
    root_path = next(
        (
            r.root_path
            for r in Site.get_site_root_paths()
            if site and r.site_id == site.pk
        ),
        None,
    )
    documents = state_council_documents().only(
        "id", "title", "first_published_at", "source_url"
    )
    if root_path:
        local = (
            RepostPage.objects.live()
            .filter(source_id=OuterRef("pk"), url_path__startswith=root_path)
            .values("url_path")[:1]
        )
        documents = documents.annotate(local_url_path=Subquery(local))
    items = []
    for document in documents[:limit]:
        local_path = getattr(document, "local_url_path", None)
        url = "/" + local_path[len(root_path) :] if local_path else document.source_url
        if not url:
            continue
        published = document.first_published_at
        items.append(
            PolicyItem(
                title=document.title,
                url=url,
                date=timezone.localdate(published) if published else None,
            )
        )
    return items


# --- repost rules: what is due and overdue (应转未转) -------------------------------


@dataclass(frozen=True)
class Obligation:
    """One document a site must repost under one rule."""

    rule: RepostRule
    source: DisclosureDocumentPage
    published: datetime.date
    due: datetime.date
    reposted_at: datetime.datetime | None
    status: str

    @property
    def status_label(self) -> str:
        return ObligationStatus(self.status).label


def rule_documents(*, rule: RepostRule) -> QuerySet[DisclosureDocumentPage]:
    """The live documents a rule applies to."""
    documents = DisclosureDocumentPage.objects.live().filter(
        first_published_at__date__gte=rule.applies_from
    )
    if rule.library_only:
        root = library()
        if root is None:
            return documents.none()
        documents = documents.descendant_of(root)
    if rule.keyword:
        documents = documents.filter(keywords__contains=rule.keyword)
    if rule.organization_id:
        documents = documents.filter(organization_id=rule.organization_id)
    if rule.organ_code:
        documents = documents.filter(document_number_organ=rule.organ_code)
    return documents.only(
        "id", "title", "first_published_at", "path", "document_number"
    )


def obligations(*, site_profile: SiteProfile, today: datetime.date) -> list[Obligation]:
    """Every document ``site_profile`` must repost under the active rules, with
    its due date and whether it is done, still due or overdue on ``today``."""
    rules = RepostRule.objects.filter(is_active=True, level=site_profile.level)
    done = {
        row["source_id"]: row["first"]
        for row in RepostPage.objects.filter(target_site=site_profile)
        .values("source_id")
        .annotate(first=Min("reposted_at"))
        .order_by()
    }
    own_root = site_profile.root_page.path
    result: list[Obligation] = []
    seen: set[tuple[int, int]] = set()
    for rule in rules:
        for source in rule_documents(rule=rule):
            if source.path.startswith(own_root) or (rule.pk, source.pk) in seen:
                continue  # a site does not repost its own documents
            seen.add((rule.pk, source.pk))
            published = timezone.localdate(source.first_published_at)
            due = published + datetime.timedelta(days=rule.days)
            reposted_at = done.get(source.pk)
            if reposted_at is not None:
                status = ObligationStatus.DONE
            elif today > due:
                status = ObligationStatus.OVERDUE
            else:
                status = ObligationStatus.DUE
            result.append(Obligation(rule, source, published, due, reposted_at, status))
    result.sort(key=lambda o: (o.status != ObligationStatus.OVERDUE, o.due))
    return result


def overdue_reposts(
    *, site_profile: SiteProfile, today: datetime.date
) -> list[Obligation]:
    """应转未转: documents ``site_profile`` should have reposted by ``today``."""
    return [
        o
        for o in obligations(site_profile=site_profile, today=today)
        if o.status == ObligationStatus.OVERDUE
    ]


def obligation_summary(
    *, profiles: Iterable[SiteProfile], today: datetime.date
) -> list[tuple[SiteProfile, int, int]]:
    """(site, due, overdue) for the admin's overview."""
    rows = []
    for profile in profiles:
        items = obligations(site_profile=profile, today=today)
        rows.append(
            (
                profile,
                sum(o.status == ObligationStatus.DUE for o in items),
                sum(o.status == ObligationStatus.OVERDUE for o in items),
            )
        )
    return rows
