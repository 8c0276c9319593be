"""The one way a page is published: checks, then steps and Wagtail's publish.

    entry point ─► checks ─► blocked: audit entry, PublicationBlocked
                          └► ok: transaction [pre-publication steps ─► publish]

Wagtail's own paths reach ``publish_revision`` through the adapter in
``publishing.gate``; callers that write live rows in bulk (the importer's fast
path, reposting) call ``check_for_publication`` for each page and
``run_bulk_steps`` in their write transaction.

Apps add what the platform fills at publication (a document's 索引号) as a
``PrePublicationStep`` returned by a ``register_pre_publication_step`` hook.
Steps run inside the publication's transaction, after the checks passed: a
refused or failed publication assigns nothing.

The audit entry of a blocked publication is written once, where no transaction
that rolls back with the error can take it along: at once when the caller has
opened none, or when the caller's ``publication_scope`` ends (the admin
middleware and the importer open one around their transactions).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import transaction
from wagtail import hooks
from wagtail.log_actions import log

from publishing.checks import CheckReport, check_page
from publishing.exceptions import PublicationBlocked

logger = logging.getLogger(__name__)

STEP_HOOK = "register_pre_publication_step"
BLOCKED_ACTION = "publishing.blocked"


@dataclass(frozen=True)
class PrePublicationStep:
    """What an app does to every publication of ``model`` pages.

    ``publish(page=, revision=)`` runs for one page published through Wagtail
    (``page`` is the object being published); ``bulk(pages)`` for unsaved pages
    a caller writes as live rows itself. Both run inside the transaction.
    """

    model: type
    publish: Callable[..., None]
    bulk: Callable[[list], None] | None = None


def steps_for(model) -> list[PrePublicationStep]:
    return [
        step
        for fn in hooks.get_hooks(STEP_HOOK)
        if issubclass(model, (step := fn()).model)
    ]


# --- the audit entry of a blocked publication --------------------------------------

_pending_entries: ContextVar[list[dict] | None] = ContextVar(
    "publishing_pending_entries", default=None
)


@contextmanager
def publication_scope() -> Iterator[None]:
    """Around code that publishes inside a transaction of its own.

    A blocked publication's audit entry is written when the scope ends, after
    that transaction has rolled back with the error, so it is kept.
    """
    token = _pending_entries.set([])
    try:
        yield
    finally:
        entries = _pending_entries.get()
        _pending_entries.reset(token)
        for entry in entries:
            _write_kept(entry)


def _write_kept(entry: dict) -> None:
    # What the rollback took along: a page created in it has no entry to
    # keep; a revision saved in it is named in the data instead.
    page, revision = entry["instance"], entry["revision"]
    if not type(page)._default_manager.filter(pk=page.pk).exists():
        return
    if (
        revision is not None
        and not type(revision).objects.filter(pk=revision.pk).exists()
    ):
        entry = {
            **entry,
            "revision": None,
            "data": {**entry["data"], "revision_rolled_back": True},
        }
    log(**entry)


def _write_entry(entry: dict) -> None:
    pending = _pending_entries.get()
    if pending is not None:
        pending.append(entry)
    else:
        log(**entry)


def _never_published_is_not_live(page) -> None:
    # Wagtail's create view adds a new page with live=True before it
    # publishes; a page that was never published must not stay live.
    type(page)._default_manager.filter(
        pk=page.pk, live=True, live_revision__isnull=True
    ).update(live=False, has_unpublished_changes=True)


def _blocked(report: CheckReport, *, page, user, revision, data: dict):
    if page.pk is not None:
        _never_published_is_not_live(page)
        _write_entry(
            {
                "instance": page,
                "action": BLOCKED_ACTION,
                "user": user,
                "revision": revision,
                "data": {
                    **data,
                    "issues": [issue.as_log_data() for issue in report.blocking],
                },
            }
        )
    return PublicationBlocked(report, page=page)


# --- the pipeline ----------------------------------------------------------------


def check_for_publication(page, *, user=None, revision=None, lists=None) -> CheckReport:
    """The checks of a publication; raises PublicationBlocked when refused.

    An unsaved page (written in bulk later) gets no audit entry: there is no
    page to attach it to, and the caller reports the refusal itself.
    ``lists``: the word lists of a run that publishes many pages.
    """
    report = check_page(page, lists=lists)
    if not report.ok:
        raise _blocked(report, page=page, user=user, revision=revision, data={})
    return report


def publish_revision(
    revision,
    *,
    page,
    publish: Callable[[], object],
    user=None,
    scheduled: bool = False,
):
    """Publish ``revision`` of ``page`` (the object being published) with ``publish``,
    Wagtail's own action, once the checks pass and the steps have run.

    A blocked scheduled publication drops its schedule and returns None, so a
    cron run goes on with the other pages; any other raises PublicationBlocked.
    """
    report = check_page(page)  # the revision's content: Wagtail's as_object()
    if not report.ok:
        error = _blocked(
            report,
            page=page,
            user=user,
            revision=revision,
            data={"scheduled": scheduled},
        )
        if not scheduled:
            raise error
        revision.approved_go_live_at = None
        revision.save(update_fields=["approved_go_live_at"])
        logger.warning(
            "Scheduled publication of page %s blocked: %s", page.pk, report.summary()
        )
        return None
    with transaction.atomic():
        for step in steps_for(type(page)):
            step.publish(page=page, revision=revision)
        return publish()


def run_bulk_steps(pages: Sequence) -> None:
    """The steps for unsaved pages a caller writes as live rows itself.

    Call it inside the write transaction, after ``check_for_publication``
    passed for each page.
    """
    by_model: dict[type, list] = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for model, group in by_model.items():
        for step in steps_for(model):
            if step.bulk is not None:
                step.bulk(group)
