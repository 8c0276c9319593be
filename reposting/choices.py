"""Fixed enumerations of reposting."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Organ codes of State Council documents as gov.cn's policy library files them
# (docs/domain.md b3, c4); 国务院令 numbers have no organ code and are matched by form.
STATE_COUNCIL_ORGANS = frozenset(
    {"国发", "国函", "国发明电", "国办发", "国办函", "国办发明电"}
)
STATE_COUNCIL_ORDER_PREFIX = "国务院令"


class WithdrawnDisplay(models.TextChoices):
    """What reposts do when their source is unpublished."""

    TAKE_DOWN = "take_down", _("随源文件一并撤下")
    SHOW_WITHDRAWN = "show_withdrawn", _("保留页面并显示“已撤回”")


class ObligationStatus(models.TextChoices):
    DONE = "done", _("已转载")
    DUE = "due", _("待转载")
    OVERDUE = "overdue", _("逾期未转载")


class ImportRunStatus(models.TextChoices):
    RUNNING = "running", _("进行中")
    SUCCEEDED = "succeeded", _("完成")
    FAILED = "failed", _("失败")
