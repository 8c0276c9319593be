"""Fixed enumerations of the disclosure catalog (docs/domain.md b1, b4, b7)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# One list of column kinds for the whole cluster (content and catalog columns).
from core.choices import ColumnKind  # noqa: F401


class Genre(models.TextChoices):
    """公文种类 (中办发〔2012〕14号 art. 8) plus the usual catalog kinds."""

    RESOLUTION = "resolution", _("决议")
    DECISION = "decision", _("决定")
    ORDER = "order", _("命令（令）")
    COMMUNIQUE = "communique", _("公报")
    ANNOUNCEMENT = "announcement", _("公告")
    CIRCULAR = "circular", _("通告")
    OPINION = "opinion", _("意见")
    NOTICE = "notice", _("通知")
    BULLETIN = "bulletin", _("通报")
    REPORT = "report", _("报告")
    REQUEST = "request", _("请示")
    REPLY = "reply", _("批复")
    MOTION = "motion", _("议案")
    LETTER = "letter", _("函")
    MINUTES = "minutes", _("纪要")
    RULES = "rules", _("规章")
    NORMATIVE = "normative", _("规范性文件")
    PLAN = "plan", _("规划")
    WORK_PLAN = "work_plan", _("计划总结")
    STATISTICS = "statistics", _("统计数据")
    OTHER = "other", _("其他")


class Validity(models.TextChoices):
    """有效性 as entered; expiry by date is computed when shown (see models)."""

    VALID = "valid", _("有效")
    EXPIRED = "expired", _("失效")
    REPEALED = "repealed", _("废止")
    # Some sites show a document a later one amended as 已修改 (docs/domain.md b1).
    AMENDED = "amended", _("已修改")


class RelationKind(models.TextChoices):
    """What a later document declares about an earlier one (docs/domain.md b10)."""

    AMENDS = "amends", _("修改")
    REPEALS = "repeals", _("废止")


class DisclosureMode(models.TextChoices):
    PROACTIVE = "proactive", _("主动公开")
    ON_REQUEST = "on_request", _("依申请公开")


class ProposerType(models.TextChoices):
    """Who made the proposal a 建议提案办理结果 answers (docs/domain.md b9)."""

    DEPUTY = "deputy", _("人大代表建议")
    MEMBER = "member", _("政协委员提案")


class HandlingResult(models.TextChoices):
    """办理结果, the usual A/B/C classification of replies (docs/domain.md b9)."""

    SOLVED = "a", _("A类：所提问题已经解决或采纳")
    PLANNED = "b", _("B类：正在解决或列入计划解决")
    REFERENCE = "c", _("C类：因条件限制留作参考")
