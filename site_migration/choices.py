from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    UPLOADED = "uploaded", _("已上传")
    RUNNING = "running", _("进行中")
    FINISHED = "finished", _("已完成")
    FAILED = "failed", _("失败")


class RecordKind(models.TextChoices):
    """The record types of a migration package, in the order they import."""

    COLUMNS = "columns", _("栏目")
    ORGANIZATIONS = "organizations", _("机构")
    TOPICS = "topics", _("专题")
    LEADERS = "leaders", _("领导信息")
    DOCUMENTS = "documents", _("公开文件")
    INTERPRETATIONS = "interpretations", _("政策解读")
    NEWS = "news", _("新闻动态")
    NOTICES = "notices", _("通知公告")
    MESSAGES = "messages", _("留言")
