"""Services: veto V6 (服务不实用), docs/domain.md d2.

Every open site offers services (at least one live 办事指南) unless the office
exempted it (an organ without public services, ``ServiceExemption``). Each
live guide that lacks one of the ten elements is one finding naming them; the
elements are the publication gate's required fields, so a guide published
through the platform only fails when its content was changed behind it (bulk
writes, a deployment adding a required field).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inspection.choices import Indicator, Severity
from inspection.rules.base import FoundProblem, InspectionContext, Rule
from inspection.selectors import site_pages
from service_guides.selectors import (
    exempt_site_ids,
    live_guides_among,
    missing_elements,
)


def edit_link(page_id: int) -> str:
    """The admin edit page of a guide, absolute for exports."""
    path = reverse("wagtailadmin_pages:edit", args=[page_id])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


class ServiceGuideRule(Rule):
    """V6: no services at all, or guides missing required elements."""

    name = "service_guides"
    label = gettext_lazy("办事服务实用性")
    indicators = (Indicator.V6,)

    def check(self, *, site, context: InspectionContext):
        cache_key = ("service_guides", "exempt")
        if cache_key not in context.shared:
            context.shared[cache_key] = exempt_site_ids()
        guides = list(live_guides_among(site_pages(site=site)))
        if not guides and site.pk not in context.shared[cache_key]:
            yield FoundProblem(
                indicator=Indicator.V6,
                severity=Severity.VETO,
                message=_("网站没有提供办事服务：未发布任何办事指南。"),
                target=site.root_page.url_path,
                page_id=site.root_page_id,
                fingerprint="no-services",
            )
        for guide in guides:
            missing = missing_elements(guide)
            if not missing:
                continue
            yield FoundProblem(
                indicator=Indicator.V6,
                severity=Severity.VETO,
                message=_("办事指南“%(title)s”缺少要素：%(missing)s。")
                % {"title": guide.title, "missing": "、".join(missing)},
                target=guide.url_path,
                page_id=guide.pk,
                # One finding per guide; which elements is in the message.
                fingerprint="missing-elements",
                link=edit_link(guide.pk),
            )
