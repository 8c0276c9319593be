"""Information requests (政府信息公开申请) and their handling log."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applications.choices import (
    OPEN_STATUSES,
    Action,
    ApplicantType,
    Channel,
    DeliveryChannel,
    DeliveryForm,
    DeliveryMethod,
    FeeMethod,
    IdType,
    Outcome,
    ReplyType,
    Status,
)


def _private_storage():
    # A callable keeps the storage out of migrations and follows settings.
    return storages["private"]


class ApplicationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Application(models.Model):
    organization = models.ForeignKey(
        "disclosure_pages.Organization",
        verbose_name=_("受理机关"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    registration_number = models.CharField(_("登记编号"), max_length=32, unique=True)
    query_code = models.CharField(_("查询码"), max_length=16, unique=True)
    channel = models.CharField(_("申请渠道"), max_length=16, choices=Channel.choices)

    # Applicant (art. 29). Natural person fields, then legal person fields.
    applicant_type = models.CharField(
        _("申请人类型"), max_length=16, choices=ApplicantType.choices
    )
    name = models.CharField(_("姓名/名称"), max_length=100)
    id_type = models.CharField(
        _("证件类型"), max_length=16, choices=IdType.choices, blank=True
    )
    id_number = models.CharField(_("证件号码"), max_length=32, blank=True)
    work_unit = models.CharField(_("工作单位"), max_length=100, blank=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20)
    email = models.EmailField(_("电子邮箱"), blank=True)
    identity_proof = models.FileField(
        _("身份证明"),
        upload_to="applications/proofs/%Y/%m/",
        storage=_private_storage,
        blank=True,
    )

    # The information sought.
    info_title = models.CharField(_("所需信息名称"), max_length=200)
    info_document_number = models.CharField(_("文号"), max_length=64, blank=True)
    info_description = models.TextField(_("所需信息描述"))
    delivery_form = models.CharField(
        _("提供形式"), max_length=16, choices=DeliveryForm.choices
    )
    delivery_channel = models.CharField(
        _("获取方式"), max_length=16, choices=DeliveryChannel.choices
    )

    # Clocks. ``received_on`` is the statutory receipt date (art. 31); working
    # days count from the next working day. ``due_date`` is recomputed on every
    # transition from the receipt date, the extension and the paused days.
    submitted_at = models.DateTimeField(_("提交时间"))
    received_on = models.DateField(_("收到申请日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=24,
        choices=Status.choices,
        default=Status.SUBMITTED,
        db_index=True,
    )
    due_date = models.DateField(_("答复期限"), null=True, blank=True, db_index=True)
    paused_days = models.PositiveSmallIntegerField(_("不计入期限的工作日"), default=0)
    paused_since = models.DateField(_("暂停计时起"), null=True, blank=True)
    correction_due = models.DateField(_("补正期限"), null=True, blank=True)
    consultation_due = models.DateField(_("征求意见期限"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(_("延长工作日"), default=0)
    extension_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("延期批准人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    extension_reason = models.TextField(_("延期理由"), blank=True)

    # Fees (国办函〔2020〕109号).
    fee_method = models.CharField(
        _("计收方式"), max_length=16, choices=FeeMethod.choices, blank=True
    )
    fee_amount = models.DecimalField(
        _("信息处理费（元）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    fee_due = models.DateField(_("缴费期限"), null=True, blank=True)
    fee_paid_on = models.DateField(_("缴费日期"), null=True, blank=True)

    # Outcome.
    reply_type = models.CharField(
        _("答复类型"), max_length=16, choices=ReplyType.choices, blank=True
    )
    outcome = models.CharField(
        _("办理结果"), max_length=24, choices=Outcome.choices, blank=True
    )
    closed_on = models.DateField(_("办结日期"), null=True, blank=True, db_index=True)
    delivery_method = models.CharField(
        _("送达方式"), max_length=16, choices=DeliveryMethod.choices, blank=True
    )
    delivered_on = models.DateField(_("签收日期"), null=True, blank=True)

    # Imported applications keep their number in the migrating organ's system.
    source_id = models.CharField(_("原系统编号"), max_length=64, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            # Due and overdue lists per organ.
            models.Index(fields=["organization", "status", "due_date"]),
            models.Index(fields=["status", "due_date"]),
            # Table 三: an organ's applications received or closed in a year.
            models.Index(fields=["organization", "received_on"]),
            models.Index(fields=["organization", "closed_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "source_id"],
                condition=~Q(source_id=""),
                name="applications_unique_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_number} {self.info_title}"


class ApplicationEvent(models.Model):
    """One step in an application's handling: who did what, when (append-only)."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("申请"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    action = models.CharField(_("操作"), max_length=24, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), db_index=True)
    from_status = models.CharField(
        _("原状态"), max_length=24, choices=Status.choices, blank=True
    )
    to_status = models.CharField(
        _("新状态"), max_length=24, choices=Status.choices, blank=True
    )
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"
