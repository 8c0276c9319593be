"""V2: unreachable when ≥5 % of its probes over 7 days failed (docs/domain.md d2).

The probe task (``inspection.tasks.probe_sites``) fetches each primary domain
at intervals through the day with a 15 s timeout; this rule only judges the
stored results, so an inspection run never waits on the network for it.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inspection.choices import Indicator, Severity
from inspection.models import ProbeResult
from inspection.rules.base import FoundProblem, InspectionContext, Rule

WINDOW_DAYS = 7
FAILURE_RATIO = 0.05
PROBES_PER_DAY = 20


def probe_window(
    *, today: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    """The seven whole days ending with ``today``."""
    tz = timezone.get_current_timezone()
    end = datetime.datetime.combine(
        today + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return end - datetime.timedelta(days=WINDOW_DAYS), end


class ReachabilityRule(Rule):
    name = "reachability"
    label = gettext_lazy("网站可访问性")
    indicators = (Indicator.V2,)

    def check(self, *, site, context: InspectionContext):
        if site.is_subsite:
            return  # reached through its portal's domain
        if site.primary_domain is None:
            # Every host of a site without a primary domain answers 400, and
            # the probes skip it: no probe result could ever show that.
            yield FoundProblem(
                indicator=Indicator.V2,
                severity=Severity.VETO,
                message=_("网站没有主域名，所有域名都无法访问。"),
                target=site.root_page.url_path,
                page_id=site.root_page_id,
                fingerprint="no-primary-domain",
            )
            return
        start, end = probe_window(today=context.today)
        probes = ProbeResult.objects.filter(
            site=site, checked_at__gte=start, checked_at__lt=end
        )
        total = probes.count()
        failed = probes.filter(ok=False).count()
        if total and failed / total >= FAILURE_RATIO:
            yield FoundProblem(
                indicator=Indicator.V2,
                severity=Severity.VETO,
                message=_(
                    "近%(days)d天%(total)d次探测中%(failed)d次在15秒内打不开"
                    "（%(ratio).1f%%，否决线5%%）。"
                )
                % {
                    "days": WINDOW_DAYS,
                    "total": total,
                    "failed": failed,
                    "ratio": 100 * failed / total,
                },
                target=site.root_page.url_path,
                page_id=site.root_page_id,
                fingerprint="unreachable",
            )
        needed = PROBES_PER_DAY * WINDOW_DAYS
        if total < needed and getattr(settings, "INSPECTION_REPORT_FEW_PROBES", True):
            yield FoundProblem(
                indicator=Indicator.V2,
                severity=Severity.ADVICE,
                message=_(
                    "近%(days)d天只有%(total)d次可访问性探测，"
                    "少于规则要求的%(needed)d次，请检查探测任务是否按时运行。"
                )
                % {"days": WINDOW_DAYS, "total": total, "needed": needed},
                target=site.root_page.url_path,
                page_id=site.root_page_id,
                fingerprint="few-probes",
            )
