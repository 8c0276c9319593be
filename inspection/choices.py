"""Enumerations of the daily inspection (docs/domain.md (d))."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Severity(models.TextChoices):
    VETO = "veto", _("单项否决")
    DEDUCTION = "deduction", _("扣分")
    ADVICE = "advice", _("提示")


class Indicator(models.TextChoices):
    """The national indicators of 国办秘函〔2019〕19号 (docs/domain.md (d))."""

    V1 = "V1", _("V1 严重表述错误等")
    V2 = "V2", _("V2 站点无法访问")
    V3 = "V3", _("V3 首页不更新")
    V4 = "V4", _("V4 栏目不更新")
    V5 = "V5", _("V5 互动回应差")
    V6 = "V6", _("V6 服务不实用")
    D1 = "D1", _("D1 链接不可用")
    D2 = "D2", _("D2 首页及栏目更新")
    D3 = "D3", _("D3 政府信息公开")
    D4 = "D4", _("D4 解读回应")
    D5 = "D5", _("D5 互动交流")
    D6 = "D6", _("D6 站内搜索")
    D7 = "D7", _("D7 错别字和个人信息")
    D8 = "D8", _("D8 页脚标识")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    ASSIGNED = "assigned", _("整改中")
    FIXED = "fixed", _("已整改待复核")
    CLOSED = "closed", _("已关闭")


ACTIVE_STATUSES = (FindingStatus.OPEN, FindingStatus.ASSIGNED, FindingStatus.FIXED)


class RunStatus(models.TextChoices):
    RUNNING = "running", _("运行中")
    INTERRUPTED = "interrupted", _("已中断")
    COMPLETE = "complete", _("已完成")
