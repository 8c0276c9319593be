"""Writes and checks of the publishing safeguards: plain, typed functions."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import (
    GroupPagePermission,
    Page,
    Revision,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from core import detectors
from publishing.checks import CheckReport, check_page
from publishing.models import ReviewTask
from publishing.text import page_text_units, replace_in_page

__all__ = [
    "check_page",
    "check_revision",
    "configure_opened_site_workflow",
    "configure_site_workflow",
    "mask_personal_data",
]


def check_revision(*, revision: Revision) -> CheckReport:
    """Check the content a revision would publish (not what is live now)."""
    return check_page(revision.as_object())


@transaction.atomic
def mask_personal_data(*, page: Page, user) -> Revision | None:
    """Mask every personal-data value in the page's latest draft, as a new revision.

    Returns the new revision, or None when there was nothing to mask.
    """
    draft = page.get_latest_revision_as_object()
    replacements: dict[str, str] = {}
    for unit in page_text_units(draft):
        for finding in detectors.find_personal_data(unit.text):
            replacements[finding.value] = finding.masked
    if not replace_in_page(draft, replacements):
        return None
    revision = draft.save_revision(user=user, log_action=False)
    log(
        instance=draft,
        action="publishing.masked",
        user=user,
        revision=revision,
        data={"count": len(replacements), "masked": sorted(replacements.values())},
    )
    return revision


def _groups(value: Group | Iterable[Group] | None) -> list[Group]:
    if value is None:
        return []
    if isinstance(value, Group):
        return [value]
    return list(value)


@transaction.atomic
def configure_site_workflow(
    *,
    site_root_page: Page,
    first_reviewers: Group | Iterable[Group],
    secrecy_reviewers: Group | Iterable[Group],
    final_signoff: Group | Iterable[Group] | None = None,
) -> Workflow:
    """Give a site its workflow: first review → secrecy review (→ sign-off) → publish.

    Each step is a ReviewTask approved by the given groups of that site. Calling
    it again reconfigures the same workflow (e.g. adds or removes the sign-off).
    Wagtail publishes as the last approver, so the last step's groups get the
    publish permission on the site's pages (and nowhere else).
    """
    steps = [
        (ReviewTask.Stage.FIRST_REVIEW, _groups(first_reviewers)),
        (ReviewTask.Stage.SECRECY_REVIEW, _groups(secrecy_reviewers)),
    ]
    if final_signoff is not None:
        steps.append((ReviewTask.Stage.FINAL_SIGNOFF, _groups(final_signoff)))
    for stage, groups in steps:
        if not groups:
            raise ValidationError(
                _("审核环节“%(stage)s”至少需要一个用户组。")
                % {"stage": ReviewTask.Stage(stage).label}
            )

    site_title = site_root_page.title
    link = WorkflowPage.objects.filter(page=site_root_page).first()
    if link is None:
        workflow = Workflow.objects.create(
            name=_("%(site)s发布审核流程") % {"site": site_title}
        )
        WorkflowPage.objects.create(page=site_root_page, workflow=workflow)
    else:
        workflow = link.workflow
        workflow.active = True
        workflow.save(update_fields=["active"])

    existing = {
        task.stage: task
        for task in ReviewTask.objects.filter(workflow_tasks__workflow=workflow)
    }
    wanted = {stage for stage, _groups_ in steps}
    for stage, task in existing.items():
        if stage in wanted:
            continue
        if TaskState.objects.filter(
            task=task, status=TaskState.STATUS_IN_PROGRESS
        ).exists():
            raise ValidationError(
                _("仍有稿件处于“%(stage)s”环节，请处理完毕后再调整流程。")
                % {"stage": task.get_stage_display()}
            )
        WorkflowTask.objects.filter(workflow=workflow, task=task).delete()
        task.deactivate()

    for order, (stage, groups) in enumerate(steps):
        task = existing.get(stage)
        if task is None:
            task = ReviewTask.objects.create(
                name=f"{site_title}·{ReviewTask.Stage(stage).label}", stage=stage
            )
        task.active = True
        task.save(update_fields=["active"])
        task.groups.set(groups)
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
    publish = Permission.objects.get(
        content_type__app_label="wagtailcore", codename="publish_page"
    )
    for group in steps[-1][1]:
        GroupPagePermission.objects.get_or_create(
            group=group, page=site_root_page, permission=publish
        )
    return workflow


def configure_opened_site_workflow(*, profile) -> Workflow:
    """A newly opened site's workflow: its reviewers (初审), then its secrecy
    group (保密审查), the groups the registry created for it.

    Called on ``site_registry.signals.site_opened``, inside the opening's
    transaction. The office adds a sign-off or changes the groups afterwards
    (Wagtail's workflow admin, or ``configure_site_workflow``).
    """
    return configure_site_workflow(
        site_root_page=profile.root_page,
        first_reviewers=profile.reviewers_group,
        secrecy_reviewers=profile.secrecy_group,
    )
