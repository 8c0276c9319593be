"""Thin admin hooks: the checks on submit (publication goes through the pipeline)."""

import functools

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.log_actions import log

from core.bulk_publish import GATE_HOOK, PublicationGate
from publishing import checks, pipeline, services, urls
from publishing.exceptions import PublicationBlocked
from publishing.views import report_url

SUBMIT_ACTIONS = ("action-submit", "action-restart-workflow")


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("publishing/", include(urls, namespace="publishing"))]


@hooks.register(GATE_HOOK)
def bulk_publication_gate():
    # The checks of every publication for pages written in bulk by importers
    # of apps that cannot import this one (content). One gate serves one
    # import run: the office's word lists are read once for all its pages.
    lists = functools.cache(checks.word_lists)

    def check(page, *, user=None):
        return pipeline.check_for_publication(page, user=user, lists=lists())

    return PublicationGate(
        check=check,
        bulk_steps=pipeline.run_bulk_steps,
        scope=pipeline.publication_scope,
        blocked=(PublicationBlocked,),
    )


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        "publishing.blocked",
        gettext_lazy("发布前检查未通过"),
        gettext_lazy("发布前检查未通过，已阻止发布"),
    )
    actions.register_action(
        "publishing.masked",
        gettext_lazy("一键脱敏"),
        gettext_lazy("草稿中的个人信息已一键脱敏"),
    )


# No ``before_publish_page`` hook: the admin's publish and create views reach
# the pipeline through Wagtail's publish action, which refuses, writes the audit
# entry and un-lives a never-published page; the middleware then shows the report.


def _check_after_submit(request, page):
    if not any(name in request.POST for name in SUBMIT_ACTIONS):
        return None
    workflow_state = page.current_workflow_state
    if workflow_state is None:
        return None
    report = services.check_revision(revision=page.get_latest_revision())
    if report.ok:
        return None
    # Wagtail has no hook before a submission; cancel the one just started.
    workflow_state.cancel(user=request.user)
    log(
        instance=page,
        action="publishing.blocked",
        user=request.user,
        revision=page.get_latest_revision(),
        data={"submit": True, "issues": [i.as_log_data() for i in report.blocking]},
    )
    for _message in messages.get_messages(request):
        pass  # drop Wagtail's "submitted for moderation" message
    messages.error(
        request, _("提交审核前检查未通过：%(issues)s") % {"issues": report.summary()}
    )
    return redirect(report_url(page, "submit"))


hooks.register("after_edit_page", _check_after_submit)
hooks.register("after_create_page", _check_after_submit)
