"""Admin of the office's list of sites without public services (V6)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from service_guides.models import ServiceExemption


class ServiceExemptionViewSet(SnippetViewSet):
    # Only the office holds this model's permissions (site_registry.roles).
    model = ServiceExemption
    icon = "tasks"
    menu_label = _("无办事服务的网站")
    list_display = ["site", "reason", "created_at"]
    search_fields = ["site__name", "reason"]
    search_backend_name = None
    add_to_admin_menu = False


register_snippet(ServiceExemptionViewSet)
