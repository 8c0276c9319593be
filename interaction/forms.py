"""Public forms of the interaction platform: writing a message, tracking it.

Only field rules live here (lengths, formats, characters); the rules that need
the database (rate limits, duplicates, the sensitive-word list) are in
``interaction.services.submission``.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.phones import normalise_phone
from hardening.text import validate_plain_text
from interaction.rules import QUERY_CODE_ALPHABET, QUERY_CODE_LENGTH

TITLE_MIN_LENGTH = 4
TITLE_MAX_LENGTH = 100
CONTENT_MIN_LENGTH = 10
CONTENT_MAX_LENGTH = 5000
NAME_MAX_LENGTH = 50

# The honeypot: a field people never see (hidden by CSS, skipped by keyboard and
# screen readers) that form-filling robots fill in.
HONEYPOT_FIELD = "homepage"


class MessageForm(forms.Form):
    """写信: which contact fields are required depends on the channel."""

    title = forms.CharField(
        label=_("标题"),
        min_length=TITLE_MIN_LENGTH,
        max_length=TITLE_MAX_LENGTH,
        validators=[validate_plain_text],
    )
    content = forms.CharField(
        label=_("内容"),
        min_length=CONTENT_MIN_LENGTH,
        max_length=CONTENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        validators=[validate_plain_text],
    )
    contact_name = forms.CharField(
        label=_("姓名"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        validators=[validate_plain_text],
    )
    contact_phone = forms.CharField(
        label=_("联系电话"),
        max_length=20,
        required=False,
        validators=[validate_plain_text],
    )
    contact_email = forms.EmailField(
        label=_("电子邮箱"), required=False, validators=[validate_plain_text]
    )
    wants_public = forms.TypedChoiceField(
        label=_("是否同意公开"),
        choices=[("1", _("同意公开来信及答复")), ("0", _("不公开"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="1",
        error_messages={"required": _("请选择是否同意公开。")},
    )
    homepage = forms.CharField(
        label=_("请勿填写此项"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, channel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_name"].required = channel.require_name
        self.fields["contact_phone"].required = channel.require_phone
        self.fields["contact_email"].required = channel.require_email
        required = {
            "title": _("请填写标题。"),
            "content": _("请填写内容。"),
            "contact_name": _("请填写姓名。"),
            "contact_phone": _("请填写联系电话。"),
            "contact_email": _("请填写电子邮箱。"),
        }
        for name, message in required.items():
            self.fields[name].error_messages["required"] = message
        self.fields["title"].error_messages.update(
            min_length=_("标题至少%(limit_value)d个字。"),
            max_length=_("标题不能超过%(limit_value)d个字（现有%(show_value)d个）。"),
        )
        self.fields["content"].error_messages.update(
            min_length=_("内容至少%(limit_value)d个字。"),
            max_length=_("内容不能超过%(limit_value)d个字（现有%(show_value)d个）。"),
        )
        self.fields["contact_name"].error_messages["max_length"] = _(
            "姓名不能超过%(limit_value)d个字。"
        )
        self.fields["contact_phone"].error_messages["max_length"] = _(
            "联系电话不能超过%(limit_value)d个字符。"
        )
        self.fields["contact_email"].error_messages["invalid"] = _(
            "请填写正确的电子邮箱地址，例如 name@example.com。"
        )

    def clean_contact_phone(self) -> str:
        value = self.cleaned_data["contact_phone"]
        return normalise_phone(value) if value else ""

    @property
    def is_spam(self) -> bool:
        """The honeypot was filled: a robot, not a citizen."""
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())


class TrackForm(forms.Form):
    """办理查询: the query code given once after writing."""

    query_code = forms.CharField(
        label=_("查询码"),
        max_length=32,
        error_messages={"required": _("请填写查询码。")},
    )

    def clean_query_code(self) -> str:
        code = re.sub(r"[\s-]", "", self.cleaned_data["query_code"]).upper()
        if len(code) != QUERY_CODE_LENGTH or not set(code) <= set(QUERY_CODE_ALPHABET):
            raise ValidationError(
                _("查询码格式不正确：应为%(length)d位字母和数字。"),
                code="invalid_code",
                params={"length": QUERY_CODE_LENGTH},
            )
        return code
