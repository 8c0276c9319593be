"""Account views in front of Wagtail's: logout only by POST."""

from django.views.decorators.http import require_POST
from wagtail.admin.views.account import LogoutView

# Wagtail's LogoutView deletes the session cookie even when Django's view
# refuses a GET with 405, so a cross-site <img src="/admin/logout/"> would log
# editors out. Refuse anything but POST (with its CSRF token) before it runs.
logout = require_POST(LogoutView.as_view())
