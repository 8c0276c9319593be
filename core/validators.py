from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.colours import HEX_COLOUR, MIN_TEXT_CONTRAST, WHITE, contrast_ratio


def validate_accent_colour(value: str) -> None:
    """The accent carries white text (header, menu), so it must contrast with it."""
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(
            _("颜色格式不正确，请填写“#”加六位十六进制数字，例如 #b71c1c。"),
            code="invalid_colour",
        )
    ratio = contrast_ratio(value, WHITE)
    if ratio < MIN_TEXT_CONTRAST:
        raise ValidationError(
            _(
                "该颜色与白色文字的对比度为 %(ratio).2f:1，低于无障碍要求的 "
                "%(minimum).1f:1，请选择更深的颜色。"
            ),
            code="low_contrast",
            params={"ratio": ratio, "minimum": MIN_TEXT_CONTRAST},
        )
