"""Wagtail's publish action, routed through the publication pipeline.

Wagtail publishes a page only through ``PublishPageRevisionAction.execute``: the
admin's publish button and create view, workflow approval, bulk publish, the
admin API, ``Revision.publish()`` (used by importers and the demo loader) and
``manage.py publish_scheduled``. Wagtail has no hook on that action (the
``before_publish_page`` hook runs in the admin views only), so this adapter
wraps ``execute`` once at start-up and hands it to ``publishing.pipeline``.
It reads the action's ``revision``, ``object``, ``user`` and ``log_action``:
``tests/publishing/test_pipeline.py`` fails when Wagtail changes the signatures
this was written for.
"""

from __future__ import annotations

import functools

from wagtail.actions.publish_page_revision import PublishPageRevisionAction

SCHEDULED_LOG_ACTION = "wagtail.publish.scheduled"


def gated_execute(original):
    @functools.wraps(original)
    def execute(self, skip_permission_checks=False):
        from publishing.pipeline import publish_revision

        def publish():
            return original(self, skip_permission_checks=skip_permission_checks)

        return publish_revision(
            self.revision,
            page=self.object,
            user=self.user,
            scheduled=self.log_action == SCHEDULED_LOG_ACTION,
            publish=publish,
        )

    execute.is_publication_gate = True
    return execute


def install_publish_gate() -> None:
    current = PublishPageRevisionAction.execute
    if getattr(current, "is_publication_gate", False):
        return
    PublishPageRevisionAction.execute = gated_execute(current)
