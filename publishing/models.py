from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask


class RejectForm(forms.Form):
    comment = forms.CharField(
        label=_("修改意见"),
        required=True,
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": _("退回时必须填写修改意见。")},
    )


class ApproveForm(forms.Form):
    comment = forms.CharField(
        label=_("审核意见"), required=False, widget=forms.Textarea({"rows": 2})
    )


class SecrecyApproveForm(ApproveForm):
    confirm_secrecy = forms.BooleanField(
        label=_("已按“谁公开、谁审查”原则审查，确认不涉及国家秘密、工作秘密和个人隐私"),
        required=True,
        error_messages={"required": _("保密审查通过前必须勾选确认。")},
    )


class ReviewTask(AbstractGroupApprovalTask):
    """One review step of a site's publishing workflow, done by the site's groups.

    Rejections always carry a comment; a secrecy review (保密审查) is approved only
    with an explicit confirmation. Wagtail's audit log records who acted.
    """

    class Stage(models.TextChoices):
        FIRST_REVIEW = "first_review", _("初审")
        SECRECY_REVIEW = "secrecy_review", _("保密审查")
        FINAL_SIGNOFF = "final_signoff", _("签发")

    stage = models.CharField(
        _("审核环节"),
        max_length=20,
        choices=Stage.choices,
        default=Stage.FIRST_REVIEW,
    )

    admin_form_fields = [*AbstractGroupApprovalTask.admin_form_fields, "stage"]

    class Meta:
        verbose_name = _("审核环节")
        verbose_name_plural = _("审核环节")

    def get_actions(self, obj, user):
        if not (user.is_superuser or self._user_in_groups(user)):
            return []
        return [
            ("reject", _("退回修改"), True),
            (
                "approve",
                _("通过（%(stage)s）") % {"stage": self.get_stage_display()},
                True,
            ),
        ]

    def get_form_for_action(self, action):
        if action == "reject":
            return RejectForm
        if self.stage == self.Stage.SECRECY_REVIEW:
            return SecrecyApproveForm
        return ApproveForm

    def on_action(self, task_state, user, action_name, **kwargs):
        # The forms enforce these in the admin; this holds for every caller.
        confirmed = kwargs.pop("confirm_secrecy", False)
        if action_name == "reject" and not (kwargs.get("comment") or "").strip():
            raise ValidationError(_("退回时必须填写修改意见。"))
        if (
            action_name == "approve"
            and self.stage == self.Stage.SECRECY_REVIEW
            and not confirmed
        ):
            raise ValidationError(_("保密审查通过前必须勾选确认。"))
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _("由本站点指定用户组审核；退回须填写意见，保密审查须确认。")
