"""Admin of the column skeletons (设置 → 栏目模板), for the e-government office.

Plain model permissions decide who may edit them: the office group holds them
(site_registry.roles), site editors do not.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.models import SiteSkeleton


class SiteSkeletonViewSet(SnippetViewSet):
    model = SiteSkeleton
    icon = "list-ul"
    menu_label = _("栏目模板")
    add_to_settings_menu = True
    list_display = ["name", "site_type", "updated_at"]
    search_fields = None
    search_backend_name = None


register_snippet(SiteSkeletonViewSet)
