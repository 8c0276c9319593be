"""The single choke point every publication goes through.

Wagtail publishes a page only through ``PublishPageRevisionAction.execute``: the
admin's publish button and create view, workflow approval, bulk publish, the
admin API, ``Revision.publish()`` (used by importers and the demo loader) and
``manage.py publish_scheduled``. Wagtail has no hook on that action (the
``before_publish_page`` hook runs in the admin views only), so the gate wraps
``execute`` once at start-up. Tests prove each path is blocked.

After the checks pass, an app may fill what the platform assigns at publication
(a document's 索引号) through the ``before_publication`` hook, called as
``fn(page=…, revision=…)`` on the object being published, in the same
transaction, so every path assigns it and a refused publication assigns nothing.
"""

from __future__ import annotations

import logging

from django.db import transaction
from wagtail import hooks
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.log_actions import log

from publishing.exceptions import PublicationBlocked

logger = logging.getLogger(__name__)

SCHEDULED_LOG_ACTION = "wagtail.publish.scheduled"


def gated_execute(original):
    def execute(self, skip_permission_checks=False):
        from publishing.services import check_revision

        report = check_revision(revision=self.revision)
        if report.ok:
            with transaction.atomic():
                for prepare in hooks.get_hooks("before_publication"):
                    prepare(page=self.object, revision=self.revision)
                return original(self, skip_permission_checks=skip_permission_checks)
        scheduled = self.log_action == SCHEDULED_LOG_ACTION
        log_entry = {
            "instance": self.object,
            "action": "publishing.blocked",
            "user": self.user,
            "revision": self.revision,
            "data": {
                "scheduled": scheduled,
                "issues": [issue.as_log_data() for issue in report.blocking],
            },
        }
        log(**log_entry)
        if scheduled:
            # A cron run must go on with the other pages: drop this schedule and
            # leave the page unpublished; the audit log says why.
            self.revision.approved_go_live_at = None
            self.revision.save(update_fields=["approved_go_live_at"])
            logger.warning(
                "Scheduled publication of page %s blocked: %s",
                self.object.pk,
                report.summary(),
            )
            return None
        raise PublicationBlocked(report, page=self.object, log_entry=log_entry)

    execute.is_publication_gate = True
    return execute


def install_publish_gate() -> None:
    current = PublishPageRevisionAction.execute
    if getattr(current, "is_publication_gate", False):
        return
    PublishPageRevisionAction.execute = gated_execute(current)
