"""Service guides (办事指南) and the 办事服务 column that lists them."""

from django.utils.translation import gettext_lazy as _

from content.models import ColumnIndexPage
from core.choices import ColumnKind
from core.models import column_kind_field


class ServiceIndexPage(ColumnIndexPage):
    """A site's 办事服务 column: its service guides by department and by theme."""

    column_kind = column_kind_field(default=ColumnKind.SERVICE)

    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("办事服务")
        verbose_name_plural = _("办事服务")
