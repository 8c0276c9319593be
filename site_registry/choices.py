from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteLevel(models.TextChoices):
    """Kinds of site in the hierarchy of the cluster (docs/domain.md (a), (f))."""

    PROVINCE_PORTAL = "province_portal", _("省级政府门户网站")
    CITY_PORTAL = "city_portal", _("市级政府门户网站")
    COUNTY_PORTAL = "county_portal", _("县级政府门户网站")
    DEPARTMENT = "department", _("部门网站")
    TOWNSHIP = "township", _("乡镇（街道）网站")


PORTAL_LEVELS = frozenset(
    {SiteLevel.PROVINCE_PORTAL, SiteLevel.CITY_PORTAL, SiteLevel.COUNTY_PORTAL}
)

# Which levels a site of a given level may sit under: city → county →
# township/department. A portal of the top level has no parent.
ALLOWED_PARENT_LEVELS = {
    SiteLevel.PROVINCE_PORTAL: frozenset(),
    SiteLevel.CITY_PORTAL: frozenset({SiteLevel.PROVINCE_PORTAL}),
    SiteLevel.COUNTY_PORTAL: frozenset(
        {SiteLevel.PROVINCE_PORTAL, SiteLevel.CITY_PORTAL}
    ),
    SiteLevel.DEPARTMENT: PORTAL_LEVELS,
    SiteLevel.TOWNSHIP: frozenset({SiteLevel.COUNTY_PORTAL}),
}


class SiteStatus(models.TextChoices):
    OPEN = "open", _("正常运行")
    CLOSED = "closed", _("永久下线")
    MERGED = "merged", _("已整合")


class SiteKind(models.TextChoices):
    SITE = "site", _("独立网站")
    SUBSITE = "subsite", _("子站")
