"""Reads of the site registry: identity of the current page, listings, export."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from wagtail.models import Locale, Page, Site

from site_registry.choices import SiteStatus
from site_registry.models import SiteProfile


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
        SiteProfile.objects.filter(pk=pk, status=SiteStatus.OPEN)
        .select_related("root_page")
        .first()
    )
    if profile is None or not profile.is_subsite:
        return None
    if not profile.root_page.is_descendant_of(site.root_page):
        return None
    return profile


@dataclass
class Identity:
    """What the header and footer of a public page show (domain.md (f))."""

    profile: SiteProfile
    name: str
    site_name: str
    home_url: str
    logo: object
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
    languages: list[str] = field(default_factory=list)


def identity_for(*, profile: SiteProfile) -> Identity:
    """The identity block; a sub-site shows its own name and organizer, and the
    filing numbers and code of the portal whose domain it is served on."""
    hosting = profile.hosting_site()
    primary = hosting.primary_domain
    code = hosting.code
    report_url = (
        settings.SITE_REGISTRY_ERROR_REPORT_URL.format(code=code) if code else ""
    )
    return Identity(
        profile=profile,
        name=profile.name,
        site_name=hosting.name,
        home_url=profile.root_page.url or "/",
        logo=profile.logo or hosting.logo,
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
        languages=enabled_language_codes(profile=hosting),
    )


def enabled_language_codes(*, profile: SiteProfile) -> list[str]:
    default = Locale.get_default().language_code
    return [default, *(locale.language_code for locale in profile.languages.all())]


def page_languages(*, page: Page, profile: SiteProfile | None) -> list[Page]:
    """Live versions of ``page`` in the languages its site has enabled."""
    if profile is None:
        return []
    enabled = enabled_language_codes(profile=profile.hosting_site())
    versions = (
        page.get_translations(inclusive=True)
        .live()
        .public()
        .filter(locale__language_code__in=enabled)
        .select_related("locale")
    )
    return sorted(versions, key=lambda p: enabled.index(p.locale.language_code))


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
        missing.append(str(SiteProfile._meta.get_field("site").verbose_name))
    return missing
