"""Checks of what editors and import files give a service guide."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

_url_validator = URLValidator(schemes=["http", "https"])


def validate_service_url(value: str) -> None:
    """An online-handling address: http(s) only, no credentials in it.

    ``javascript:``, ``data:`` and other schemes would run in the visitor's
    browser; a user name in the address disguises the real host.
    """
    message = _(
        "在线办理地址必须是以 http:// 或 https:// 开头的完整网址，"
        "例如 https://www.sdzwfw.gov.cn/。"
    )
    try:
        _url_validator(value)
    except ValidationError as error:
        raise ValidationError(message, code="invalid_url") from error
    parts = urlsplit(value)
    if parts.username or parts.password:
        raise ValidationError(
            _("在线办理地址不能包含用户名或密码。"), code="url_credentials"
        )
