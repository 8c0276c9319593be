"""Reads of the site registry: identity of the current page, listings, export."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, PageViewRestriction, Site

from site_registry.choices import SiteLevel, SiteStatus
from site_registry.models import SiteProfile
from site_registry.routing import CACHE_TIMEOUT, generation


def profile_for_page(*, page: Page) -> SiteProfile | None:
    """The site or sub-site a page belongs to: its nearest registered ancestor.

    Translated pages live in their own tree, so ancestors are matched by
    translation key (the English home is a translation of the registered home).
    """
    steplen = Page.steplen
    ancestor_paths = [
        page.path[:end] for end in range(steplen, len(page.path) + 1, steplen)
    ]
    keys = Page.objects.filter(path__in=ancestor_paths).values("translation_key")
    return (
        SiteProfile.objects.filter(root_page__translation_key__in=keys)
        .select_related("root_page", "logo", "parent", "site")
        .order_by("-root_page__depth")
        .first()
    )


def profile_for_site(*, site: Site | None) -> SiteProfile | None:
    if site is None:
        return None
    return (
        SiteProfile.objects.filter(site=site)
        .select_related("root_page", "logo", "site")
        .first()
    )


def subsite_in_site(*, site: Site | None, pk) -> SiteProfile | None:
    """A sub-site served on ``site``'s domain, by primary key (for search scope)."""
    if site is None:
        return None
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    profile = (
        SiteProfile.objects.servable().filter(pk=pk).select_related("root_page").first()
    )
    if profile is None or not profile.is_subsite:
        return None
    if not profile.root_page.is_descendant_of(site.root_page):
        return None
    return profile


@dataclass(frozen=True)
class Identity:
    """What the header and footer of a public page show (docs/domain.md (f)).

    Plain values only (no model instances): it is cached and shared by every
    request of every process until the registry changes.
    """

    profile_pk: int
    name: str
    site_name: str
    home_url: str
    logo_url: str
    logo_width: int | None
    logo_height: int | None
    organizer: str
    operator: str
    phone: str
    email: str
    address: str
    code: str
    icp_number: str
    police_number: str
    police_digits: str
    domain: str
    error_report_url: str
    is_subsite: bool
    # Language codes the hosting site publishes, the default language first,
    # and the Locale id of each (to check a page's language without a query).
    languages: tuple[str, ...] = ()
    locale_ids: tuple[tuple[str, int], ...] = ()

    def locale_id_for(self, language_code: str) -> int | None:
        return dict(self.locale_ids).get(language_code)


LOGO_FILTER = "height-64"


def identity_for(*, profile: SiteProfile) -> Identity:
    """The identity block; a sub-site shows its own name and organizer, and the
    filing numbers and code of the portal whose domain it is served on."""
    hosting = profile.hosting_site()
    primary = hosting.primary_domain
    code = hosting.code
    report_url = (
        settings.SITE_REGISTRY_ERROR_REPORT_URL.format(code=code) if code else ""
    )
    logo = profile.logo or hosting.logo
    rendition = logo.get_rendition(LOGO_FILTER) if logo else None
    locales = enabled_locales(profile=hosting)
    return Identity(
        profile_pk=profile.pk,
        name=profile.name,
        site_name=hosting.name,
        home_url=profile.root_page.url or "/",
        logo_url=rendition.url if rendition else "",
        logo_width=rendition.width if rendition else None,
        logo_height=rendition.height if rendition else None,
        organizer=profile.organizer,
        operator=profile.operator,
        phone=profile.phone or hosting.phone,
        email=profile.email or hosting.email,
        address=profile.address or hosting.address,
        code=code,
        icp_number=hosting.icp_number,
        police_number=hosting.police_number,
        police_digits="".join(c for c in hosting.police_number if c.isdigit()),
        domain=primary.display_name if primary else "",
        error_report_url=report_url,
        is_subsite=profile.is_subsite,
        languages=tuple(locale.language_code for locale in locales),
        locale_ids=tuple((locale.language_code, locale.pk) for locale in locales),
    )


# Public pages read the identity on every request: it is cached under the
# registry's generation token (site_registry.routing), which every registry
# change replaces, so a change shows on the very next request and a warm
# request costs no query. The token's own expiry bounds the life of an entry.
IDENTITY_KEY = "site_registry:identity:{token}:{pk}"
ROOTS_KEY = "site_registry:identity_roots:{token}"


@dataclass(frozen=True)
class _RegistryRoots:
    # Tree path of every registered home page and of its translations (other
    # locales have their own trees) -> profile pk; Wagtail site id -> profile pk.
    by_path: dict[str, int]
    by_site: dict[int, int]


def _registry_roots(token) -> _RegistryRoots:
    key = ROOTS_KEY.format(token=token)
    roots = cache.get(key)
    if roots is None:
        # One query: every page sharing a registered home's translation key
        # (the home and its translations), with that home's profile and site.
        profiles = SiteProfile.objects.filter(
            root_page__translation_key=OuterRef("translation_key")
        )
        rows = (
            Page.objects.filter(
                translation_key__in=SiteProfile.objects.values(
                    "root_page__translation_key"
                )
            )
            .annotate(
                profile_pk=Subquery(profiles.values("pk")[:1]),
                profile_site_id=Subquery(profiles.values("site_id")[:1]),
            )
            .values_list("path", "profile_pk", "profile_site_id")
        )
        by_path, by_site = {}, {}
        for path, profile_pk, site_id in rows:
            by_path[path] = profile_pk
            if site_id:
                by_site[site_id] = profile_pk
        roots = _RegistryRoots(by_path=by_path, by_site=by_site)
        cache.set(key, roots, CACHE_TIMEOUT)
    return roots


def cached_identity(*, profile_pk: int, token=None) -> Identity | None:
    """The identity of one registered site or sub-site, from the cache."""
    token = token or generation()
    key = IDENTITY_KEY.format(token=token, pk=profile_pk)
    identity = cache.get(key)
    if identity is None:
        profile = (
            SiteProfile.objects.select_related("root_page", "logo")
            .prefetch_related("domains")
            .filter(pk=profile_pk)
            .first()
        )
        if profile is None:
            return None
        identity = identity_for(profile=profile)
        cache.set(key, identity, CACHE_TIMEOUT)
    return identity


def identity_for_page(*, page: Page) -> Identity | None:
    """The identity of the nearest registered ancestor of ``page`` (cached).

    The same answer as ``profile_for_page``, read from the cached tree paths of
    the registered home pages: no query once the caches are warm.
    """
    token = generation()
    by_path = _registry_roots(token).by_path
    steplen = Page.steplen
    for end in range(len(page.path), 0, -steplen):
        profile_pk = by_path.get(page.path[:end])
        if profile_pk is not None:
            return cached_identity(profile_pk=profile_pk, token=token)
    return None


def identity_for_site(*, site: Site | None) -> Identity | None:
    """The identity of the site registered for a Wagtail site (cached)."""
    if site is None:
        return None
    token = generation()
    profile_pk = _registry_roots(token).by_site.get(site.pk)
    if profile_pk is None:
        return None
    return cached_identity(profile_pk=profile_pk, token=token)


def identity_for_request(
    *, request, page: Page | None = None, profile: SiteProfile | None = None
) -> Identity | None:
    """The identity for this request: of ``profile`` (a search scope), else of
    ``page``, else of the request's site.

    Memoised on the request: the language hook, the head and the footer ask.
    """
    cached = getattr(request, "_site_identity", None) if request else None
    if cached is not None:
        return cached
    identity = None
    if profile is not None:
        identity = cached_identity(profile_pk=profile.pk)
    elif isinstance(page, Page):
        identity = identity_for_page(page=page)
    if identity is None and request is not None:
        identity = identity_for_site(site=Site.find_for_request(request))
    if request is not None and identity is not None:
        request._site_identity = identity
    return identity


def enabled_locales(*, profile: SiteProfile) -> list[Locale]:
    """The default locale, then the profile's other languages (one query)."""
    default_code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    locales = Locale.objects.filter(
        Q(language_code=default_code) | Q(pk__in=profile.languages.values("pk"))
    ).order_by("language_code")
    return sorted(locales, key=lambda locale: locale.language_code != default_code)


def enabled_language_codes(*, profile: SiteProfile) -> list[str]:
    return [locale.language_code for locale in enabled_locales(profile=profile)]


def page_languages(*, page: Page, identity: Identity | None) -> list[Page]:
    """Live versions of ``page`` in the languages its site has enabled.

    A site publishing one language has no other version to look for: the page
    itself, without a query.
    """
    if identity is None:
        return []
    enabled = list(identity.languages)
    if len(enabled) <= 1:
        return [page]
    versions = (
        page.get_translations(inclusive=True)
        .live()
        .filter(locale__language_code__in=enabled)
        .exclude(_in_private_section())
        .select_related("locale")
    )
    return sorted(versions, key=lambda p: enabled.index(p.locale.language_code))


def _in_private_section() -> Exists:
    """Pages in a section with a view restriction, as one subquery.

    Wagtail's ``public()`` reads every restriction first (a query of its own);
    the versions of a page are few, so a correlated subquery is cheaper.
    """
    return Exists(
        PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("path"), 1, Length("page__path"))
        )
    )


def registry_listing() -> QuerySet[SiteProfile]:
    return SiteProfile.objects.select_related(
        "parent", "successor", "site", "root_page"
    ).prefetch_related("domains")


def missing_profile_fields(*, profile: SiteProfile) -> list[str]:
    """Labels of what a complete profile still lacks (empty when complete)."""
    required = ["organizer", "phone", "email", "address"]
    if not profile.is_subsite:
        required += ["code", "icp_number", "police_number"]
    missing = [
        str(SiteProfile._meta.get_field(name).verbose_name)
        for name in required
        if not getattr(profile, name)
    ]
    if not profile.is_subsite and profile.primary_domain is None:
        # The word auditors and the footer use, not the model field's label.
        missing.append(str(_("主域名")))
    return missing


def primary_domain_label(profile: SiteProfile) -> str:
    """The 主域名 column: never blank, so a site that cannot be reached shows."""
    from django.utils.translation import gettext as _

    from site_registry.routing import public_location

    primary = profile.primary_domain
    if primary is not None:
        return primary.display_name
    if profile.is_subsite:
        # A sub-site is served under its portal's domain.
        location = public_location(profile)
        return f"{location[0]}{location[1]}" if location else "—"
    return _("未设置主域名（网站无法访问）")


def has_been_live(profile: SiteProfile) -> bool:
    """Whether a site has ever been open to the public with content of its own.

    Opening a site publishes its skeleton (home page and columns) before the
    profile is saved; any later publication in its tree (any language), a
    sub-site, or a closed/merged status means it has been live. Such a site
    keeps its history: it can be closed or merged, never deleted.
    """
    from wagtail.models import PageLogEntry

    if profile.status != SiteStatus.OPEN or profile.children.exists():
        return True
    tree = Page.objects.filter(path__startswith=profile.root_page.path)
    pages = Page.objects.filter(translation_key__in=tree.values("translation_key"))
    return PageLogEntry.objects.filter(
        page_id__in=pages.values("id"),
        action="wagtail.publish",
        timestamp__gt=profile.created_at,
    ).exists()


def sites_edited_by(*, user) -> QuerySet[SiteProfile]:
    """Servable sites whose editors or reviewers group the user belongs to."""
    groups = user.groups.values("pk")
    return SiteProfile.objects.servable().filter(
        Q(editors_group__in=groups)
        | Q(reviewers_group__in=groups)
        | Q(secrecy_group__in=groups)
    )


# --- 网站群导航 (content.ClusterDirectoryPage) ---------------------------------


@dataclass(frozen=True)
class DirectoryEntry:
    name: str
    url: str


@dataclass(frozen=True)
class DirectoryGroup:
    label: str
    sites: list[DirectoryEntry]


def cluster_directory() -> list[DirectoryGroup]:
    """Every servable site of the cluster grouped by level, for the 网站群导航 page.

    The single place that knows how sites are grouped: by the registry's levels
    in their order (portals first, townships last); sub-sites are listed under
    their own level; closed and merged sites, and sub-sites of closed portals,
    are left out (SiteProfile.objects.servable()). Within a level the
    default site comes first, then by name.
    """
    profiles = SiteProfile.objects.servable().select_related("site", "root_page")
    by_level: dict[str, list[SiteProfile]] = {}
    for profile in profiles:
        by_level.setdefault(profile.level, []).append(profile)
    groups = []
    for level in SiteLevel:
        members = sorted(
            by_level.get(level, []),
            key=lambda p: (not (p.site and p.site.is_default_site), p.name),
        )
        entries = [
            DirectoryEntry(name=p.name, url=p.root_page.get_full_url()) for p in members
        ]
        entries = [entry for entry in entries if entry.url]
        if entries:
            groups.append(DirectoryGroup(label=str(level.label), sites=entries))
    return groups


def nested_subsite_paths(root: Page) -> list[str]:
    """Tree paths of the sub-sites inside ``root``'s tree: not ``root``'s own pages."""
    return list(
        SiteProfile.objects.filter(
            root_page__path__startswith=root.path, root_page__depth__gt=root.depth
        ).values_list("root_page__path", flat=True)
    )


def own_pages(queryset: QuerySet, root: Page) -> QuerySet:
    """``queryset`` limited to ``root``'s tree without the sub-sites nested in it."""
    queryset = queryset.filter(path__startswith=root.path)
    for path in nested_subsite_paths(root):
        queryset = queryset.exclude(path__startswith=path)
    return queryset
