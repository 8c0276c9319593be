from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CLASSES = (str.islower, str.isupper, str.isdigit)


class CharacterClassValidator:
    """Require characters from several classes: lower, upper, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def _classes(self, password: str) -> int:
        found = sum(any(test(ch) for ch in password) for test in CLASSES)
        found += any(not ch.isalnum() for ch in password)
        return found

    def validate(self, password, user=None):
        if self._classes(password) < self.min_classes:
            raise ValidationError(
                _("密码须包含小写字母、大写字母、数字和符号中的至少 %(count)d 类。")
                % {"count": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("密码须包含小写字母、大写字母、数字和符号中的至少 %(count)d 类。") % {
            "count": self.min_classes
        }
