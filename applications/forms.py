"""The application form (art. 29), shared by the public page and staff registration.

Only field rules live here (formats, check characters, which fields each
applicant type needs, the proof file's content); the rules that read the
database (rate limits, registration numbers) are in
``applications.services.registration``.
"""

from __future__ import annotations

import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.choices import (
    LEGAL_PERSON_TYPES,
    ApplicantType,
    Channel,
    DeliveryChannel,
    DeliveryForm,
    IdType,
)
from applications.validators import (
    normalise_resident_id,
    validate_postcode,
    validate_resident_id,
)
from core.phones import normalise_phone
from disclosure_pages.codes import validate_credit_code
from hardening.text import validate_plain_text
from hardening.uploads import file_extension, validate_upload

# The honeypot: hidden from people and assistive technology; robots fill it.
HONEYPOT_FIELD = "homepage"
PROOF_EXTENSIONS = ("pdf", "jpg", "jpeg", "png")
PROOF_MAX_SIZE = 5 * 1024 * 1024
REGISTRATION_NUMBER_MAX_LENGTH = 32

NATURAL_FIELDS = ("id_type", "id_number", "work_unit", "address", "postcode")
LEGAL_FIELDS = ("credit_code", "legal_representative", "contact_person")
# Everything the form stores on the Application, in the order of the page.
APPLICATION_FIELDS = (
    "applicant_type",
    "name",
    "id_type",
    "id_number",
    "work_unit",
    "credit_code",
    "legal_representative",
    "contact_person",
    "address",
    "postcode",
    "phone",
    "email",
    "info_title",
    "info_document_number",
    "info_description",
    "delivery_form",
    "delivery_channel",
)


def _text(label, max_length, *, required=False, textarea=False, validators=()):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        validators=[validate_plain_text, *validators],
        widget=forms.Textarea(attrs={"rows": 6}) if textarea else None,
    )


def validate_proof(uploaded) -> None:
    """A PDF, JPEG or PNG whose content is what its name says, at most 5 MB."""
    if file_extension(uploaded.name) not in PROOF_EXTENSIONS:
        raise ValidationError(
            _("身份证明只接受 PDF、JPG 或 PNG 文件。"), code="proof_extension"
        )
    validate_upload(uploaded, max_size=PROOF_MAX_SIZE)


class ApplicationForm(forms.Form):
    """政府信息公开申请表: which applicant fields are required depends on the type."""

    applicant_type = forms.ChoiceField(
        label=_("申请人类型"),
        choices=ApplicantType.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("请选择申请人类型。"),
            "invalid_choice": _("请选择有效的申请人类型。"),
        },
    )
    name = _text(_("姓名/名称"), 100, required=True)
    id_type = forms.ChoiceField(
        label=_("证件类型"),
        choices=[("", _("请选择")), *IdType.choices],
        required=False,
        error_messages={"invalid_choice": _("请选择有效的证件类型。")},
    )
    id_number = _text(_("证件号码"), 32)
    work_unit = _text(_("工作单位"), 100)
    credit_code = _text(_("统一社会信用代码"), 18)
    legal_representative = _text(_("法定代表人"), 50)
    contact_person = _text(_("联系人"), 50)
    address = _text(_("通信地址"), 200)
    postcode = _text(_("邮政编码"), 6, validators=[validate_postcode])
    phone = _text(_("联系电话"), 20, required=True)
    email = forms.EmailField(
        label=_("电子邮箱"),
        required=False,
        max_length=254,
        validators=[validate_plain_text],
    )
    info_title = _text(_("所需信息名称"), 200, required=True)
    info_document_number = _text(_("文号"), 64)
    info_description = _text(_("所需信息描述"), 2000, required=True, textarea=True)
    delivery_form = forms.ChoiceField(
        label=_("提供形式"),
        choices=DeliveryForm.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择信息的提供形式。")},
    )
    delivery_channel = forms.ChoiceField(
        label=_("获取方式"),
        choices=DeliveryChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择获取信息的方式。")},
    )
    identity_proof = forms.FileField(
        label=_("身份证明（可选）"),
        required=False,
        help_text=_("可上传身份证件或营业执照的扫描件，PDF、JPG 或 PNG，不超过 5 MB。"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
            }
        ),
    )

    REQUIRED_MESSAGES = {
        "name": _("请填写申请人姓名或名称。"),
        "phone": _("请填写联系电话。"),
        "info_title": _("请填写所需信息的名称。"),
        "info_description": _("请描述所需信息，便于查找。"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in self.REQUIRED_MESSAGES.items():
            self.fields[name].error_messages["required"] = message
        for field in self.fields.values():
            field.error_messages["max_length"] = _(
                "不能超过%(limit_value)d个字（现有%(show_value)d个）。"
            )
        self.fields["email"].error_messages["invalid"] = _(
            "请填写正确的电子邮箱地址，例如 name@example.com。"
        )
        self.fields["identity_proof"].error_messages["empty"] = _(
            "上传的身份证明文件是空的。"
        )

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data["phone"])

    def clean_credit_code(self) -> str:
        value = self.cleaned_data["credit_code"].strip().upper()
        if value:
            validate_credit_code(value)
        return value

    def clean_identity_proof(self):
        uploaded = self.cleaned_data.get("identity_proof")
        if not uploaded:
            return None
        validate_proof(uploaded)
        # The applicant's file name may carry personal data: store under a
        # random name with the extension the content was checked against.
        uploaded.name = f"{uuid.uuid4().hex}.{file_extension(uploaded.name)}"
        return uploaded

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("applicant_type")
        if kind == ApplicantType.NATURAL:
            self._clean_natural(cleaned)
        elif kind in LEGAL_PERSON_TYPES:
            self._clean_legal(cleaned)
        channel = cleaned.get("delivery_channel")
        if channel == DeliveryChannel.EMAIL and not cleaned.get("email"):
            self._missing("email", _("选择电子邮件获取时，请填写电子邮箱。"))
        if channel == DeliveryChannel.POST and not cleaned.get("address"):
            self._missing("address", _("选择邮寄时，请填写通信地址。"))
        return cleaned

    def _missing(self, field: str, message) -> None:
        if field not in self.errors:
            self.add_error(field, ValidationError(message, code="required"))

    def _clean_natural(self, cleaned) -> None:
        for name in LEGAL_FIELDS:
            cleaned[name] = ""
        if not cleaned.get("id_type"):
            self._missing("id_type", _("请选择证件类型。"))
        number = cleaned.get("id_number", "")
        if not number:
            self._missing("id_number", _("请填写证件号码。"))
        elif cleaned.get("id_type") == IdType.RESIDENT_ID:
            try:
                validate_resident_id(number)
            except ValidationError as error:
                self.add_error("id_number", error)
            else:
                cleaned["id_number"] = normalise_resident_id(number)

    def _clean_legal(self, cleaned) -> None:
        for name in ("id_type", "id_number", "work_unit"):
            cleaned[name] = ""
        required = {
            "credit_code": _("请填写统一社会信用代码。"),
            "legal_representative": _("请填写法定代表人。"),
            "contact_person": _("请填写联系人姓名。"),
        }
        for name, message in required.items():
            if not cleaned.get(name):
                self._missing(name, message)

    def application_data(self) -> dict:
        """The cleaned values the Application stores (no proof, no honeypot)."""
        return {name: self.cleaned_data.get(name, "") for name in APPLICATION_FIELDS}


class PublicApplicationForm(ApplicationForm):
    """The online form: the staff form's fields plus the honeypot."""

    homepage = forms.CharField(
        label=_("请勿填写此项"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_spam(self) -> bool:
        """The honeypot was filled: a robot, not a citizen."""
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())


REGISTER_CHANNELS = [
    choice for choice in Channel.choices if choice[0] != Channel.ONLINE
]


class RegistrationForm(ApplicationForm):
    """Staff register an application received other than online (art. 31)."""

    organization = forms.ModelChoiceField(
        label=_("受理机关"),
        queryset=None,
        error_messages={
            "required": _("请选择受理机关。"),
            "invalid_choice": _("您不能为该机关登记申请。"),
        },
    )
    channel = forms.ChoiceField(
        label=_("申请渠道"),
        choices=REGISTER_CHANNELS,
        error_messages={
            "required": _("请选择申请渠道。"),
            "invalid_choice": _("请选择有效的申请渠道。"),
        },
    )
    submitted_on = forms.DateField(
        label=_("提交或收到日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("请填写申请提交或送达的日期。"),
            "invalid": _("日期格式不正确，请按“年-月-日”填写。"),
        },
    )
    signed_for_on = forms.DateField(
        label=_("签收日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("挂号信、邮政快递：本机关签收的日期。"),
        error_messages={"invalid": _("日期格式不正确，请按“年-月-日”填写。")},
    )
    confirmed_on = forms.DateField(
        label=_("双方确认日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "平信：与申请人电话确认收到的日期；电子邮件、传真及其他渠道："
            "双方确认收到的日期。未确认的留空，申请为“待确认收到”。"
        ),
        error_messages={"invalid": _("日期格式不正确，请按“年-月-日”填写。")},
    )

    field_order = [
        "organization",
        "channel",
        "submitted_on",
        "signed_for_on",
        "confirmed_on",
    ]

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        submitted_on = cleaned.get("submitted_on")
        for name in ("submitted_on", "signed_for_on", "confirmed_on"):
            day = cleaned.get(name)
            if day and day > today:
                self.add_error(name, _("日期不能晚于今天。"))
            elif day and submitted_on and name != "submitted_on" and day < submitted_on:
                self.add_error(name, _("该日期不能早于提交或收到日期。"))
        return cleaned


class StatusForm(forms.Form):
    """申请查询: the registration number and the query code given once."""

    registration_number = forms.CharField(
        label=_("登记编号"),
        max_length=REGISTRATION_NUMBER_MAX_LENGTH,
        validators=[validate_plain_text],
        error_messages={"required": _("请填写登记编号。")},
    )
    query_code = forms.CharField(
        label=_("查询码"),
        max_length=32,
        validators=[validate_plain_text],
        error_messages={"required": _("请填写查询码。")},
    )

    def clean_registration_number(self) -> str:
        return re.sub(r"\s", "", self.cleaned_data["registration_number"]).upper()

    def clean_query_code(self) -> str:
        return re.sub(r"[\s-]", "", self.cleaned_data["query_code"]).upper()
