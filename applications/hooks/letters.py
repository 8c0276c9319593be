"""Admin hooks of the letters part (menu items: applications.hooks.MENU_HOOK).

URL namespace ``applications_letters``: issue (application_id), download
(letter_id, format docx|pdf), deliver (letter_id); the template viewset
``applications_letter_templates`` under the 依申请公开 menu.
"""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from applications.hooks import MENU_HOOK
from applications.views import admin_letters
from applications.views.admin_letter_templates import LetterTemplateViewSet

letter_urls = (
    [
        path(
            "issue/<int:application_id>/",
            admin_letters.IssueLetterView.as_view(),
            name="issue",
        ),
        path(
            "<int:letter_id>/download/<str:format>/",
            admin_letters.download_letter,
            name="download",
        ),
        path(
            "<int:letter_id>/deliver/",
            admin_letters.DeliverLetterView.as_view(),
            name="deliver",
        ),
    ],
    "applications_letters",
)


@hooks.register("register_admin_urls")
def register_letter_urls():
    return [path("applications/letters/", include(letter_urls))]


@hooks.register("register_admin_viewset")
def register_letter_template_viewset():
    return LetterTemplateViewSet(menu_hook=MENU_HOOK)


@hooks.register("register_log_actions")
def register_letter_log_actions(actions):
    # A letter carries the applicant's name and request: downloads are audited.
    actions.register_action(
        "applications.letter_downloaded",
        _("下载告知书"),
        _("下载告知书（含申请人个人信息）"),
    )
