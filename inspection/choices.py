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


class DeductionItem(models.TextChoices):
    """What one deduction finding counts as; each has its points per finding
    (``InspectionPointsSettings``) and deducts within its indicator's cap."""

    BROKEN_LINK = "broken_link", _("D1 失效链接（每个）")
    BROKEN_LINK_HOME = "broken_link_home", _("D1 首页失效链接（每个）")
    STALE_COLUMN = "stale_column", _("D2 栏目未按期更新，未达否决线（每个）")
    BLANK_COLUMN = "blank_column", _("D2 空白栏目，未达否决线（每个）")
    BASIC_INFORMATION = "basic_information", _("D2 概况、机构、负责人信息缺失（每项）")
    DISCLOSURE = "disclosure", _("D3 政府信息公开问题（每项）")
    INTERPRETATION = "interpretation", _("D4 解读和转载问题（每项）")
    INTERACTION = "interaction", _("D5 互动交流问题（每项）")
    MISSPELLING = "misspelling", _("D7 错别字（每处）")
    PERSONAL_DATA = "personal_data", _("D7 泄露个人信息（每处）")
    FOOTER = "footer", _("D8 网站标识信息缺失（每项）")


# The indicator each deduction item deducts from (its cap).
DEDUCTION_ITEM_INDICATOR = {
    DeductionItem.BROKEN_LINK: Indicator.D1,
    DeductionItem.BROKEN_LINK_HOME: Indicator.D1,
    DeductionItem.STALE_COLUMN: Indicator.D2,
    DeductionItem.BLANK_COLUMN: Indicator.D2,
    DeductionItem.BASIC_INFORMATION: Indicator.D2,
    DeductionItem.DISCLOSURE: Indicator.D3,
    DeductionItem.INTERPRETATION: Indicator.D4,
    DeductionItem.INTERACTION: Indicator.D5,
    DeductionItem.MISSPELLING: Indicator.D7,
    DeductionItem.PERSONAL_DATA: Indicator.D7,
    DeductionItem.FOOTER: Indicator.D8,
}
# A finding without an item of its own counts as its indicator's usual item.
INDICATOR_DEFAULT_ITEM = {
    Indicator.D1: DeductionItem.BROKEN_LINK,
    Indicator.D2: DeductionItem.BASIC_INFORMATION,
    Indicator.D3: DeductionItem.DISCLOSURE,
    Indicator.D4: DeductionItem.INTERPRETATION,
    Indicator.D5: DeductionItem.INTERACTION,
    Indicator.D7: DeductionItem.MISSPELLING,
    Indicator.D8: DeductionItem.FOOTER,
}
# Default points per finding [U] (docs/domain.md d1): one point, a broken link
# on the home page two.
DEFAULT_ITEM_POINTS = dict.fromkeys(DeductionItem, "1") | {
    DeductionItem.BROKEN_LINK_HOME: "2"
}
