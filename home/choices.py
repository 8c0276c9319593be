"""Enumerations of the standard column skeleton (栏目模板) of new sites."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteType(models.TextChoices):
    """The kinds of site whose standard columns differ (docs/domain.md, 栏目模板)."""

    PORTAL = "portal", _("政府门户网站")
    DEPARTMENT = "department", _("部门网站")
    TOWNSHIP = "township", _("乡镇（街道）网站")


# The page types a skeleton entry may create: structure pages only (columns,
# fixed catalog pages, single-page columns), never items such as documents.
# Labels are the page types' own names, repeated here so that `home` does not
# import the apps that define them.
SKELETON_PAGE_TYPES = [
    ("disclosure_pages.DisclosureIndexPage", _("信息公开目录")),
    ("disclosure_pages.DisclosureGuidePage", _("政府信息公开指南")),
    ("disclosure_pages.DisclosureRulesPage", _("政府信息公开制度")),
    ("disclosure_pages.DisclosureColumnPage", _("目录栏目")),
    ("content.ArticleIndexPage", _("新闻栏目")),
    ("content.NoticeIndexPage", _("通知公告栏目")),
    ("content.TopicIndexPage", _("专题专栏")),
    ("content.LeaderIndexPage", _("领导信息栏目")),
    ("content.StandardPage", _("普通页面")),
    ("service_guides.ServiceIndexPage", _("办事服务")),
]
