"""Read queries of the disclosure catalog."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page, Site
from wagtail.permission_policies.pages import PagePermissionPolicy

from core.importfiles import LineError
from disclosure_pages.amendments import effect_exists
from disclosure_pages.choices import (
    ColumnKind,
    Genre,
    ProposerType,
    RelationKind,
    Validity,
)
from disclosure_pages.deadlines import timeliness
from disclosure_pages.expiry import lapsed_q, lapsing_between_q
from disclosure_pages.models import (
    AnnualReportPage,
    DisclosureColumnPage,
    DisclosureDocumentPage,
    DisclosureGuidePage,
    DisclosureRulesPage,
    DocumentRelation,
    ProposalReplyPage,
    PublicationDeadlineSettings,
    SubjectCategory,
)
from site_registry.selectors import own_pages

PAGE_SIZE = 20
# Fields a listing row needs: never load the body of 20 documents for a list.
LISTING_FIELDS = (
    "id",
    "title",
    "slug",
    "url_path",
    "path",
    "depth",
    "locale_id",
    "content_type_id",
    "first_published_at",
    "index_number",
    "document_number",
    "written_date",
    "validity",
    "expiry_date",
    "genre",
)


def latest_documents(*, root: Page, limit: int = 10) -> QuerySet:
    """The newest live, public documents under ``root`` (usually a site's home)."""
    return (
        DisclosureDocumentPage.objects.descendant_of(root)
        .live()
        .public()
        .only(*LISTING_FIELDS)
        .order_by("-first_published_at", "-pk")[:limit]
    )


def validity_q(value: str, *, today: datetime.date | None = None) -> Q:
    """有效性 as shown today, as a query: ``DisclosureDocumentPage.validity_on``."""
    today = today or timezone.localdate()
    repealed = Q(validity=Validity.REPEALED) | Q(
        effect_exists(RelationKind.REPEALS, today=today)
    )
    lapsed = Q(validity__in=(Validity.VALID, Validity.AMENDED)) & lapsed_q(today)
    expired = ~repealed & (Q(validity=Validity.EXPIRED) | lapsed)
    amended_in_force = Q(effect_exists(RelationKind.AMENDS, today=today))
    if value == Validity.REPEALED:
        return repealed
    if value == Validity.EXPIRED:
        return expired
    if value == Validity.AMENDED:
        return ~repealed & ~expired & (Q(validity=Validity.AMENDED) | amended_in_force)
    if value == Validity.VALID:
        return Q(validity=Validity.VALID) & ~repealed & ~lapsed & ~amended_in_force
    return Q(validity=value)


def with_relation_dates(documents: QuerySet) -> QuerySet:
    """Documents annotated with the dates their repeal and amendment take
    effect, so that ``current_validity`` of a listing costs no query per row."""

    def first(kind: str) -> Subquery:
        return Subquery(
            DocumentRelation.objects.filter(
                target=OuterRef("pk"),
                kind=kind,
                source__live=True,
                effective_from__isnull=False,
            )
            .order_by("effective_from")
            .values("effective_from")[:1]
        )

    return documents.annotate(
        repealed_from=first(RelationKind.REPEALS),
        amended_from=first(RelationKind.AMENDS),
    )


@dataclass
class DocumentFilters:
    """Filters of a column listing, parsed (and sanitised) from the query string."""

    year: int | None = None
    subject: int | None = None
    genre: str = ""
    validity: str = ""
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_query(cls, query) -> DocumentFilters:
        filters = cls()
        year = query.get("year", "")
        if year.isdigit() and 1900 < int(year) < 2200:
            filters.year = int(year)
        subject = query.get("subject", "")
        if subject.isdigit():
            filters.subject = int(subject)
        if query.get("genre", "") in Genre.values:
            filters.genre = query["genre"]
        if query.get("validity", "") in Validity.values:
            filters.validity = query["validity"]
        return filters

    @property
    def active(self) -> bool:
        return bool(self.year or self.subject or self.genre or self.validity)


def column_scope(*, column: DisclosureColumnPage) -> Q:
    """The column's own documents plus those other apps place in it (reposts),
    registered through the ``disclosure_column_extra_documents`` hook."""
    scope = Q(path__startswith=column.path, depth=column.depth + 1)
    for fn in hooks.get_hooks("disclosure_column_extra_documents"):
        scope |= Q(pk__in=fn(column=column))
    return scope


def filtered_documents(
    *, column: DisclosureColumnPage, filters: DocumentFilters
) -> QuerySet:
    documents = (
        DisclosureDocumentPage.objects.filter(column_scope(column=column))
        .live()
        .public()
    )
    if filters.year:
        tz = timezone.get_current_timezone()
        start = datetime.datetime(filters.year, 1, 1, tzinfo=tz)
        end = datetime.datetime(filters.year + 1, 1, 1, tzinfo=tz)
        documents = documents.filter(
            first_published_at__gte=start, first_published_at__lt=end
        )
    if filters.subject:
        documents = documents.filter(
            Q(subject_id=filters.subject) | Q(subject__parent_id=filters.subject)
        )
    if filters.genre:
        documents = documents.filter(genre=filters.genre)
    if filters.validity:
        documents = documents.filter(validity_q(filters.validity))
    return documents


def column_documents(
    *,
    column: DisclosureColumnPage,
    filters: DocumentFilters,
    page_number: str | int | None = 1,
    per_page: int = PAGE_SIZE,
) -> PaginatorPage:
    """One page of a column's live documents, newest first, without the body."""
    documents = with_relation_dates(
        filtered_documents(column=column, filters=filters)
        .only(*LISTING_FIELDS)
        .order_by("-first_published_at", "-pk")
    )
    page = Paginator(documents, per_page).get_page(page_number)
    page.object_list = list(page.object_list)
    # A document shown in another column (a repost) links to its page there.
    urls: dict[int, str] = {}
    for fn in hooks.get_hooks("disclosure_column_listing_urls"):
        urls.update(fn(column=column, documents=page.object_list))
    for document in page.object_list:
        document.listing_url = urls.get(document.pk, "")
    return page


def column_filter_options(*, column: DisclosureColumnPage) -> dict:
    """Years present in the column, the subject taxonomy and the fixed lists."""
    years = (
        DisclosureDocumentPage.objects.filter(column_scope(column=column))
        .live()
        .dates("first_published_at", "year", order="DESC")
    )
    return {
        "years": [d.year for d in years],
        "subjects": list(
            SubjectCategory.objects.filter(parent__isnull=True).only("id", "name")
        ),
        "genres": Genre.choices,
        "validities": Validity.choices,
    }


@dataclass
class ColumnNode:
    column: DisclosureColumnPage
    own_count: int
    children: list[ColumnNode] = field(default_factory=list)
    # Set by catalog_navigation: the page shown, and the columns above it.
    current: bool = False
    open: bool = False

    @property
    def count(self) -> int:
        """Documents in this column and all its sub-columns."""
        return self.own_count + sum(child.count for child in self.children)


def catalog_tree(*, root: Page) -> list[ColumnNode]:
    """The column tree under a catalog root with live document counts: 2 queries."""
    columns = list(
        DisclosureColumnPage.objects.descendant_of(root)
        .live()
        .public()
        .only("id", "title", "slug", "url_path", "path", "depth", "kind", "locale_id")
        .order_by("path")
    )
    if not columns:
        return []
    steplen = Page.steplen
    counts = _document_counts_by_parent(root=root, steplen=steplen)
    nodes: dict[str, ColumnNode] = {}
    top: list[ColumnNode] = []
    for column in columns:
        node = ColumnNode(column=column, own_count=counts.get(column.path, 0))
        nodes[column.path] = node
        parent = nodes.get(column.path[:-steplen])
        (parent.children if parent else top).append(node)
    return top


@dataclass
class CatalogNavigation:
    """The catalog's left-hand tree: fixed entries at the top, then the columns."""

    index: Page
    guide: Page | None
    rules: Page | None
    annual_reports: DisclosureColumnPage | None
    tree: list[ColumnNode]


def catalog_navigation(
    *, index: Page, current: Page | None = None
) -> CatalogNavigation:
    """The tree of ``index`` with ``current``'s column marked and its ancestors open.

    Three queries (the guide and rules pages, the columns, the counts);
    ``catalog_navigation_for_request`` keeps the result for the request.
    """
    fixed = {
        page.specific_class: page
        for page in index.get_children()
        .live()
        .public()
        .type(DisclosureGuidePage, DisclosureRulesPage)
        .only(
            "id",
            "title",
            "slug",
            "url_path",
            "path",
            "depth",
            "locale_id",
            "content_type_id",
        )
    }
    tree = catalog_tree(root=index)
    current_path = current.path if current is not None else ""
    annual = None
    stack = list(tree)
    while stack:
        node = stack.pop(0)
        path = node.column.path
        node.current = path == current_path
        node.open = current_path.startswith(path) and bool(node.children)
        if annual is None and node.column.kind == ColumnKind.ANNUAL_REPORT:
            annual = node.column
        stack.extend(node.children)
    return CatalogNavigation(
        index=index,
        guide=fixed.get(DisclosureGuidePage),
        rules=fixed.get(DisclosureRulesPage),
        annual_reports=annual,
        tree=tree,
    )


def catalog_navigation_for_request(
    request, *, index: Page, current: Page | None = None
) -> CatalogNavigation:
    """``catalog_navigation`` computed once per request (the counts are not free)."""
    cache = request.__dict__.setdefault("_catalog_navigation", {})
    key = (index.pk, current.pk if current is not None else None)
    if key not in cache:
        cache[key] = catalog_navigation(index=index, current=current)
    return cache[key]


def _document_counts_by_parent(*, root: Page, steplen: int) -> dict[str, int]:
    # A page's parent path is its own path minus the last step.
    # Items of a column: documents (with proposal replies), annual reports,
    # interpretations, press conferences and gazette issues.
    item_types = (
        DisclosureDocumentPage,
        AnnualReportPage,
        apps.get_model("policy_interpretation", "PolicyInterpretationPage"),
        apps.get_model("policy_interpretation", "PressConferencePage"),
        apps.get_model("gazette", "GazetteIssuePage"),
    )
    rows = (
        Page.objects.descendant_of(root)
        .type(*item_types)
        .live()
        .public()
        .annotate(parent_path=Substr("path", 1, Length("path") - steplen))
        .values("parent_path")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["parent_path"]: row["n"] for row in rows}


def find_site(*, code: str) -> Site:
    """The site an import or command addresses by ``code``.

    ``code`` is the site identification code from the registry (网站标识码), or,
    for convenience, the Wagtail Site host name or the slug of its root page
    (``www``, ``dc``).
    """
    from site_registry.models import SiteProfile

    profile = SiteProfile.objects.filter(code=code, site__isnull=False).first()
    if profile is not None:
        return Site.objects.select_related("root_page").get(pk=profile.site_id)
    site = Site.objects.filter(hostname=code).select_related("root_page").first()
    if site is None:
        site = (
            Site.objects.filter(root_page__slug=code)
            .select_related("root_page")
            .order_by("-is_default_site", "pk")
            .first()
        )
    if site is None:
        raise Site.DoesNotExist(code)
    return site


@dataclass(frozen=True)
class SiteSection:
    """What an import writes into: a site's or a sub-site's own part of the tree."""

    root_page: Page


def find_site_section(*, code: str) -> SiteSection:
    """The site or sub-site an import addresses by ``code``.

    A full site as ``find_site`` finds it; a sub-site (子站, no code and no
    domain of its own) as ``PARENT/SLUG`` (``dc/qtz``, the parent as for
    ``find_site``) or by its root page's slug alone when that names one sub-site.
    """
    from site_registry.choices import SiteKind
    from site_registry.models import SiteProfile

    subsites = SiteProfile.objects.filter(kind=SiteKind.SUBSITE).select_related(
        "root_page"
    )
    parent_code, _slash, rest = code.strip("/").partition("/")
    if rest:
        root = find_site(code=parent_code).root_page
        for slug in rest.split("/"):
            profile = subsites.filter(
                root_page__path__startswith=root.path,
                root_page__depth=root.depth + 1,
                root_page__slug=slug,
            ).first()
            if profile is None:
                raise Site.DoesNotExist(code)
            root = profile.root_page
        return SiteSection(root_page=root)
    try:
        return SiteSection(root_page=find_site(code=code).root_page)
    except Site.DoesNotExist:
        matches = list(subsites.filter(root_page__slug=code)[:2])
        if len(matches) != 1:
            raise
        return SiteSection(root_page=matches[0].root_page)


def find_column(*, site: Site | SiteSection, slug: str) -> DisclosureColumnPage:
    """The column ``slug`` of the site itself, never one of a sub-site inside it."""
    return (
        own_pages(DisclosureColumnPage.objects.filter(slug=slug), site.root_page)
        .order_by("depth")
        .first()
    ) or _raise_column_missing(slug)


def find_column_ref(root: Page, ref: str) -> Page:
    """The page a record's ``column`` names inside ``root``'s own tree: a slug
    path from ``root`` (``xxgk/zcwj``) or a column's slug alone. Never a page
    of a sub-site nested in ``root``; ``LineError`` (Chinese) when none."""
    parts = [part for part in ref.strip().strip("/").split("/") if part]
    if not parts:
        raise LineError(_("栏目“%(ref)s”无法识别。") % {"ref": ref})
    if len(parts) == 1:
        try:
            return find_column(site=SiteSection(root_page=root), slug=parts[0])
        except DisclosureColumnPage.DoesNotExist:
            raise LineError(_("找不到栏目“%(ref)s”。") % {"ref": ref}) from None
    found = own_pages(
        Page.objects.filter(url_path=f"{root.url_path}{'/'.join(parts)}/"), root
    ).first()
    if found is None:
        raise LineError(_("找不到栏目“%(ref)s”。") % {"ref": ref})
    return found


def _raise_column_missing(slug: str):
    raise DisclosureColumnPage.DoesNotExist(slug)


# --- 建议提案办理结果 ---------------------------------------------------------


@dataclass
class ProposalFilters:
    """Filters of a 建议提案办理结果 column: proposer type and session year."""

    proposer_type: str = ""
    year: int | None = None

    @classmethod
    def from_query(cls, query) -> ProposalFilters:
        filters = cls()
        if query.get("type", "") in ProposerType.values:
            filters.proposer_type = query["type"]
        year = query.get("year", "")
        if year.isdigit() and 1900 < int(year) < 2200:
            filters.year = int(year)
        return filters


def _column_replies(column: Page) -> QuerySet:
    return ProposalReplyPage.objects.child_of(column).live().public()


def column_proposal_replies(
    *,
    column: Page,
    filters: ProposalFilters,
    page_number: str | int | None = 1,
    per_page: int = PAGE_SIZE,
) -> PaginatorPage:
    """One page of the replies in ``column``: newest session first, then by
    proposal number."""
    replies = _column_replies(column)
    if filters.proposer_type:
        replies = replies.filter(proposer_type=filters.proposer_type)
    if filters.year:
        replies = replies.filter(session_year=filters.year)
    replies = replies.only(
        *LISTING_FIELDS, "proposer_type", "proposal_number", "session",
        "session_year", "handling_result",
    ).order_by("-session_year", "proposer_type", "proposal_number", "pk")  # fmt: skip
    return Paginator(replies, per_page).get_page(page_number)


def proposal_filter_options(*, column: Page) -> dict:
    years = (
        _column_replies(column)
        .order_by("-session_year")
        .values_list("session_year", flat=True)
        .distinct()
    )
    return {"years": list(years), "types": ProposerType.choices}


# --- The publication time limit (docs/domain.md c1) -----------------------------


def publication_limit() -> int:
    """Working days the office allows between 成文日期 and publication."""
    return PublicationDeadlineSettings.load().working_days


@dataclass(frozen=True)
class LateDocument:
    document: DisclosureDocumentPage
    formed_on: datetime.date
    published_on: datetime.date
    due: datetime.date
    working_days_late: int


def late_documents(
    documents: QuerySet,
    *,
    working_days: int | None = None,
    published_since: datetime.date | None = None,
) -> list[LateDocument]:
    """The live documents of ``documents`` published after their time limit.

    Counted from the 成文日期; documents without one cannot be checked.
    Imported documents are not checked: they were published elsewhere, before
    the platform, and keep the dates of the old catalog.
    """
    if working_days is None:
        working_days = publication_limit()
    rows = documents.live().filter(
        imported=False, written_date__isnull=False, first_published_at__isnull=False
    )
    if published_since is not None:
        rows = rows.filter(first_published_at__date__gte=published_since)
    found: list[LateDocument] = []
    for document in rows.only(*LISTING_FIELDS).order_by("first_published_at", "pk"):
        published_on = timezone.localdate(document.first_published_at)
        # At most one working day per calendar day: this one cannot be late.
        if (published_on - document.written_date).days <= working_days:
            continue
        result = timeliness(
            formed_on=document.written_date,
            published_on=published_on,
            working_days=working_days,
        )
        if result.late:
            found.append(
                LateDocument(
                    document=document,
                    formed_on=document.written_date,
                    published_on=published_on,
                    due=result.due,
                    working_days_late=result.working_days_late,
                )
            )
    return found


def sites_readable_by(*, user) -> list:
    """Open sites (and sub-sites) whose pages ``user`` may edit or publish:
    the sites whose catalog reports the user may read."""
    from site_registry.models import SiteProfile

    profiles = (
        SiteProfile.objects.open()
        .filter(root_page__isnull=False)
        .select_related("root_page")
        .order_by("root_page__path")
    )
    if user.is_superuser:
        return list(profiles)
    policy = PagePermissionPolicy()
    return [
        profile
        for profile in profiles
        if policy.user_has_any_permission_for_instance(
            user, ["add", "change", "publish"], profile.root_page
        )
    ]


def validity_changes_between(start: datetime.date, end: datetime.date) -> list[int]:
    """Live documents whose 有效性 as shown changes on a day after ``start`` up
    to ``end``: an expiry date reached, or an amendment or repeal taking effect
    (published earlier with a later 生效日期). Readers that store the
    validity (the search entries) refresh these daily."""
    lapsing = DisclosureDocumentPage.objects.live().filter(
        lapsing_between_q(start, end)
    )
    taking_effect = DocumentRelation.objects.filter(
        source__live=True,
        target__isnull=False,
        effective_from__gt=start,
        effective_from__lte=end,
    )
    return sorted(
        set(lapsing.values_list("pk", flat=True))
        | set(taking_effect.values_list("target_id", flat=True))
    )
