from django.db import models
from django.utils.translation import gettext_lazy as _


class InterpretationForm(models.TextChoices):
    """解读形式 (国办发〔2016〕80号; docs/domain.md c3)."""

    TEXT = "text", _("文字解读")
    GRAPHIC = "graphic", _("图解")
    VIDEO = "video", _("视频解读")
    QA = "qa", _("问答")
    MEDIA = "media", _("媒体评论")
