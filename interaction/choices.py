from django.db import models
from django.utils.translation import gettext_lazy as _


class ChannelKind(models.TextChoices):
    """Kinds of message channel (docs/domain.md c5)."""

    CONSULTATION = "consultation", _("政务咨询")
    COMPLAINT = "complaint", _("投诉")
    SUGGESTION = "suggestion", _("建议")
    LEADER_MAILBOX = "leader_mailbox", _("领导信箱")
    ERROR_REPORT = "error_report", _("我为政府网站找错")
    PETITION = "petition", _("网上信访")
    DISCIPLINE = "discipline", _("纪检举报")


# Petitions and discipline reports follow their own statutes and never count
# for veto V5 (docs/domain.md d2), whatever the office ticks.
NEVER_V5_KINDS = frozenset({ChannelKind.PETITION, ChannelKind.DISCIPLINE})


class MessageStatus(models.TextChoices):
    """Where a message is in its handling (docs/interaction.md)."""

    RECEIVED = "received", _("待分办")
    ASSIGNED = "assigned", _("办理中")
    REPLIED = "replied", _("答复待审核")
    ANSWERED = "answered", _("已答复")
    INVALID = "invalid", _("无效")


OPEN_STATUSES = frozenset(
    {MessageStatus.RECEIVED, MessageStatus.ASSIGNED, MessageStatus.REPLIED}
)


class InvalidReason(models.TextChoices):
    SPAM = "spam", _("垃圾信息")
    DUPLICATE = "duplicate", _("重复来信")
    OUT_OF_SCOPE = "out_of_scope", _("不属于受理范围")


class MessageAction(models.TextChoices):
    """What an event in a message's log did."""

    SUBMITTED = "submitted", _("提交")
    IMPORTED = "imported", _("导入")
    ASSIGNED = "assigned", _("分办")
    TRANSFERRED = "transferred", _("转办")
    REPLIED = "replied", _("答复")
    RETURNED = "returned", _("退回修改")
    APPROVED = "approved", _("审核通过")
    PUBLISHED = "published", _("公开")
    UNPUBLISHED = "unpublished", _("取消公开")
    EXTENDED = "extended", _("延期")
    INVALIDATED = "invalidated", _("作无效处理")


class Moderation(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("未通过")


class InterviewStatus(models.TextChoices):
    PLANNED = "planned", _("预告")
    LIVE = "live", _("正在直播")
    FINISHED = "finished", _("已结束")


class ConsultationKind(models.TextChoices):
    SOLICITATION = "solicitation", _("意见征集")
    SURVEY = "survey", _("问卷调查")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("单选")
    MULTIPLE = "multiple", _("多选")
    TEXT = "text", _("填空")


# The channel every new site gets (services.channels.ensure_default_channel and
# migration 0002). The name is stored content in the default language, like a
# page title, so it is not translated when saved.
DEFAULT_CHANNEL = {
    "kind": ChannelKind.CONSULTATION,
    "name": "政务咨询",
    "slug": "zxzx",
    "answer_days": 10,
    "publish_replies": True,
    "counts_for_v5": True,
    "is_active": True,
}
