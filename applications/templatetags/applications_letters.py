"""The letters panel of an application's admin page (_letters_panel.html)."""

from __future__ import annotations

from django import template

from applications.choices import DeliveryMethod
from applications.selectors.access import can_handle

register = template.Library()


@register.inclusion_tag(
    "applications/admin/letters_panel_body.html", takes_context=True
)
def letters_panel(context, application):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "application": application,
        "letters": application.letters.select_related("issued_by"),
        "can_handle": bool(user) and can_handle(user, application),
        "delivery_methods": DeliveryMethod.choices,
        "next_url": request.get_full_path() if request is not None else "",
        # The issue screen shows the panel under its own form: no link to itself.
        "on_issue_screen": getattr(
            getattr(request, "resolver_match", None), "view_name", ""
        )
        == "applications_letters:issue",
    }
