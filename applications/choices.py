"""Fixed vocabularies of disclosure on application (docs/domain.md c2, e)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicantType(models.TextChoices):
    """The seven applicant columns of annual-report Table 三, less 总计."""

    NATURAL = "natural", _("自然人")
    COMMERCIAL = "commercial", _("商业企业")
    RESEARCH = "research", _("科研机构")
    PUBLIC_INTEREST = "public_interest", _("社会公益组织")
    LEGAL_SERVICE = "legal_service", _("法律服务机构")
    OTHER_ORG = "other_org", _("其他")


LEGAL_PERSON_TYPES = frozenset(ApplicantType) - {ApplicantType.NATURAL}


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO = "hk_macao", _("港澳居民来往内地通行证")
    TAIWAN = "taiwan", _("台湾居民来往大陆通行证")
    FOREIGN_PR = "foreign_pr", _("外国人永久居留身份证")
    OTHER = "other", _("其他有效身份证件")


class Channel(models.TextChoices):
    """How the application reached the organ; each has its receipt-date rule."""

    ONLINE = "online", _("网上申请")
    IN_PERSON = "in_person", _("当面提交")
    REGISTERED_MAIL = "registered_mail", _("挂号信/邮政快递")
    ORDINARY_MAIL = "ordinary_mail", _("平信")
    EMAIL = "email", _("电子邮件")
    FAX = "fax", _("传真")
    OTHER = "other", _("其他渠道")


class DeliveryForm(models.TextChoices):
    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子")
    OTHER = "other", _("其他")


class DeliveryChannel(models.TextChoices):
    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    COLLECT = "collect", _("当面领取")


class Status(models.TextChoices):
    """Where an application is (docs/applications.md has the transitions)."""

    SUBMITTED = "submitted", _("待确认收到")
    REGISTERED = "registered", _("已登记")
    AWAITING_CORRECTION = "awaiting_correction", _("待补正")
    IN_PROGRESS = "in_progress", _("办理中")
    THIRD_PARTY = "third_party", _("征求第三方意见")
    INTER_AGENCY = "inter_agency", _("征求其他机关意见")
    EXTENDED = "extended", _("已延期")
    EXCESSIVE_REVIEW = "excessive_review", _("要求说明理由")
    AWAITING_FEE = "awaiting_fee", _("待缴费")
    ANSWERED = "answered", _("已答复")
    WITHDRAWN = "withdrawn", _("视为撤回")
    NOT_PROCESSED = "not_processed", _("不予处理")


# The answer clock does not run in these states (art. 30, 32, 33, 35; fees).
PAUSED_STATUSES = frozenset(
    {
        Status.AWAITING_CORRECTION,
        Status.THIRD_PARTY,
        Status.INTER_AGENCY,
        Status.EXCESSIVE_REVIEW,
        Status.AWAITING_FEE,
    }
)
CLOSED_STATUSES = frozenset({Status.ANSWERED, Status.WITHDRAWN, Status.NOT_PROCESSED})
OPEN_STATUSES = frozenset(Status) - CLOSED_STATUSES


class ReplyType(models.TextChoices):
    """The seven reply types of art. 36 plus partial disclosure (art. 37)."""

    ALREADY_PUBLIC = "already_public", _("已主动公开")
    DISCLOSED = "disclosed", _("予以公开")
    PARTIAL = "partial", _("部分公开")
    WITHHELD = "withheld", _("不予公开")
    NOT_EXIST = "not_exist", _("信息不存在")
    NOT_OURS = "not_ours", _("非本机关负责公开")
    REPEAT = "repeat", _("重复申请")
    OTHER_ROUTE = "other_route", _("另有法定查询途径")


class Outcome(models.TextChoices):
    """The outcome rows of annual-report Table 三 (docs/domain.md e)."""

    DISCLOSED = "disclosed", _("予以公开")
    PARTIAL = "partial", _("部分公开")
    WITHHELD_STATE_SECRET = "withheld_1", _("不予公开：属于国家秘密")
    WITHHELD_LAW = "withheld_2", _("不予公开：其他法律行政法规禁止公开")
    WITHHELD_SECURITY = "withheld_3", _("不予公开：危及“三安全一稳定”")
    WITHHELD_THIRD_PARTY = "withheld_4", _("不予公开：保护第三方合法权益")
    WITHHELD_INTERNAL = "withheld_5", _("不予公开：属于三类内部事务信息")
    WITHHELD_PROCESS = "withheld_6", _("不予公开：属于四类过程性信息")
    WITHHELD_ENFORCEMENT = "withheld_7", _("不予公开：属于行政执法案卷")
    WITHHELD_QUERY = "withheld_8", _("不予公开：属于行政查询事项")
    UNABLE_NOT_HELD = "unable_1", _("无法提供：本机关不掌握相关政府信息")
    UNABLE_NOT_MADE = "unable_2", _("无法提供：没有现成信息需要另行制作")
    UNABLE_UNCLEAR = "unable_3", _("无法提供：补正后申请内容仍不明确")
    NOT_PROCESSED_PETITION = "not_processed_1", _("不予处理：信访举报投诉类申请")
    NOT_PROCESSED_REPEAT = "not_processed_2", _("不予处理：重复申请")
    NOT_PROCESSED_PUBLICATION = "not_processed_3", _("不予处理：要求提供公开出版物")
    NOT_PROCESSED_EXCESSIVE = "not_processed_4", _("不予处理：无正当理由大量反复申请")
    NOT_PROCESSED_CONFIRM = (
        "not_processed_5",
        _("不予处理：要求行政机关确认或重新出具已获取信息"),
    )
    OTHER_NO_CORRECTION = "other_1", _("其他处理：申请人无正当理由逾期不补正")
    OTHER_FEE_UNPAID = "other_2", _("其他处理：申请人逾期未按收费通知要求缴纳费用")
    OTHER = "other_3", _("其他处理：其他")


# Which outcome rows each reply type may be counted under (Table 三 counts one
# row per application; partial disclosure counts only as partial).
OUTCOMES_BY_REPLY = {
    ReplyType.ALREADY_PUBLIC: (Outcome.DISCLOSED,),
    ReplyType.DISCLOSED: (Outcome.DISCLOSED,),
    ReplyType.PARTIAL: (Outcome.PARTIAL,),
    ReplyType.WITHHELD: tuple(o for o in Outcome if o.value.startswith("withheld_")),
    ReplyType.NOT_EXIST: (Outcome.UNABLE_NOT_HELD, Outcome.UNABLE_NOT_MADE),
    ReplyType.NOT_OURS: (Outcome.UNABLE_NOT_HELD,),
    ReplyType.REPEAT: (Outcome.NOT_PROCESSED_REPEAT,),
    ReplyType.OTHER_ROUTE: (
        Outcome.NOT_PROCESSED_CONFIRM,
        Outcome.OTHER,
    ),
}


class Action(models.TextChoices):
    """What an event in an application's log did."""

    SUBMITTED = "submitted", _("网上提交")
    REGISTERED = "registered", _("登记")
    IMPORTED = "imported", _("导入")
    RECEIPT_CONFIRMED = "receipt_confirmed", _("确认收到")
    CORRECTION_REQUESTED = "correction_requested", _("告知补正")
    CORRECTED = "corrected", _("补正完成")
    WITHDRAWN = "withdrawn", _("视为撤回")
    EXTENDED = "extended", _("延期答复")
    CONSULTATION_STARTED = "consultation_started", _("开始征求意见")
    CONSULTATION_ENDED = "consultation_ended", _("征求意见结束")
    REASONS_REQUESTED = "reasons_requested", _("要求说明理由")
    REASONS_ACCEPTED = "reasons_accepted", _("理由合理，另定期限")
    FEE_NOTIFIED = "fee_notified", _("发出收费通知")
    FEE_PAID = "fee_paid", _("已缴费")
    ANSWERED = "answered", _("答复")
    NOT_PROCESSED = "not_processed", _("不予处理")
    DELIVERED = "delivered", _("送达")
    LETTER = "letter", _("生成文书")
    NOTE = "note", _("备注")


class FeeMethod(models.TextChoices):
    """国办函〔2020〕109号: one method per application."""

    PER_ITEM = "per_item", _("按件计收")
    PER_VOLUME = "per_volume", _("按量计收")


class LetterKind(models.TextChoices):
    CORRECTION = "correction", _("补正告知书")
    EXTENSION = "extension", _("延期答复告知书")
    THIRD_PARTY = "third_party", _("征求第三方意见书")
    FEE = "fee", _("收费通知书")
    REPLY = "reply", _("答复告知书")


class DeliveryMethod(models.TextChoices):
    """2016-235号: in person, via another organ, or China Post."""

    IN_PERSON = "in_person", _("直接送达")
    VIA_ORGAN = "via_organ", _("委托其他机关送达")
    CHINA_POST = "china_post", _("中国邮政")
    ELECTRONIC = "electronic", _("电子送达")


class AppealKind(models.TextChoices):
    """The three blocks of annual-report Table 四."""

    REVIEW = "review", _("行政复议")
    LAWSUIT_DIRECT = "lawsuit_direct", _("行政诉讼（未经复议直接起诉）")
    LAWSUIT_AFTER_REVIEW = "lawsuit_after_review", _("行政诉讼（复议后起诉）")


class AppealResult(models.TextChoices):
    UPHELD = "upheld", _("结果维持")
    CORRECTED = "corrected", _("结果纠正")
    OTHER = "other", _("其他结果")
    PENDING = "pending", _("尚未审结")
