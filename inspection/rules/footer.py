"""D8: footer identity items (docs/domain.md (f), d3).

The footer is rendered from the registry, so an item missing from the site's
profile (organizer, contacts, site code, ICP and police filing numbers) is
missing from every page's footer.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inspection.choices import Indicator, Severity
from inspection.rules.base import FoundProblem, InspectionContext, Rule


class FooterIdentityRule(Rule):
    name = "footer_identity"
    label = gettext_lazy("页脚标识信息")
    indicators = (Indicator.D8,)

    def check(self, *, site, context: InspectionContext):
        from site_registry.selectors import missing_profile_fields

        for label in missing_profile_fields(profile=site):
            yield FoundProblem(
                indicator=Indicator.D8,
                severity=Severity.DEDUCTION,
                message=_("网站登记缺少“%(item)s”，页脚无法显示。") % {"item": label},
                target=site.root_page.url_path,
                page_id=site.root_page_id,
                fingerprint=f"footer:{label}",
            )
