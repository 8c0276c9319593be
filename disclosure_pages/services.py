"""Writes of the disclosure catalog: index numbers and the publication guard."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disclosure_pages.codes import format_index_number
from disclosure_pages.models import (
    DisclosureDocumentPage,
    IndexNumberCounter,
    Organization,
)
from disclosure_pages.models.pages import PUBLISH_CLOCK_SKEW

# Index numbers that records still to be imported carry: generated numbers skip
# them, or an earlier record of the file would take a later record's number.
_held_index_numbers: ContextVar[frozenset[str]] = ContextVar(
    "held_index_numbers", default=frozenset()
)


@contextmanager
def holding_index_numbers(numbers: Iterable[str]):
    """Within the block, never generate any of ``numbers``."""
    token = _held_index_numbers.set(frozenset(numbers))
    try:
        yield
    finally:
        _held_index_numbers.reset(token)


def next_index_number(*, organization: Organization, year: int) -> str:
    """Reserve the next free index number of ``organization`` for ``year``."""
    return reserve_index_numbers(organization=organization, year=year, count=1)[0]


def reserve_index_numbers(
    *, organization: Organization, year: int, count: int
) -> list[str]:
    """Reserve the next ``count`` free index numbers of ``organization`` for ``year``.

    The counter row is locked (SELECT … FOR UPDATE) until the surrounding
    transaction ends, so concurrent publications of one organisation queue up
    instead of drawing the same serial. Numbers already taken (imported
    documents, numbers typed before publication, numbers an import holds for
    its later records) are skipped.
    """
    if not organization.index_prefix:
        raise ValidationError(
            _("发布机构“%(name)s”没有机构代码，无法生成索引号。"),
            params={"name": organization.name},
        )
    numbers: list[str] = []
    with transaction.atomic():
        counter, _created = (
            IndexNumberCounter.objects.select_for_update().get_or_create(
                organization=organization, year=year
            )
        )
        serial = counter.last_serial
        while len(numbers) < count:
            wanted = count - len(numbers)
            candidates = [
                format_index_number(
                    prefix=organization.index_prefix, year=year, serial=serial + i
                )
                for i in range(1, wanted + 1)
            ]
            serial += wanted
            taken = set(
                DisclosureDocumentPage.objects.filter(
                    index_number__in=candidates
                ).values_list("index_number", flat=True)
            )
            taken.update(_held_index_numbers.get().intersection(candidates))
            numbers.extend(c for c in candidates if c not in taken)
        counter.last_serial = serial
        counter.save(update_fields=["last_serial"])
    return numbers


def assign_index_number(
    *, page: DisclosureDocumentPage, when: datetime.datetime | None = None
) -> str:
    """Give ``page`` its index number if it has none; never changes an existing one."""
    if page.index_number:
        return page.index_number
    if not page.organization_id:
        raise ValidationError(_("请先选择发布机构，索引号由发布机构代码生成。"))
    year = timezone.localtime(when or timezone.now()).year
    number = next_index_number(organization=page.organization, year=year)
    DisclosureDocumentPage.objects.filter(pk=page.pk).update(index_number=number)
    page.index_number = number
    return number


def prepare_publication(*, page: DisclosureDocumentPage, revision) -> None:
    """Checks and assignments that run inside every publication of a document.

    ``page`` is the object being published (the revision's content on the
    stored page); Wagtail saves it as the live row. Called by the publication
    gate through the ``before_publication`` hook (``wagtail_hooks``).
    """
    if page.go_live_at and page.go_live_at > timezone.now():
        return  # scheduled: runs again when the scheduler publishes it
    stored = (
        DisclosureDocumentPage.objects.filter(pk=page.pk)
        .values("first_published_at", "last_published_at", "live_revision_id")
        .first()
    )
    if (
        stored
        and stored["first_published_at"]
        and not page.imported
        and stored["live_revision_id"] is None
        and stored["last_published_at"] is None
        and stored["first_published_at"] < timezone.now() - PUBLISH_CLOCK_SKEW
    ):
        # Written behind the page's back (e.g. a queryset update): never publish it.
        raise ValidationError(_("发布日期只能是真实的首次发布时间，不能倒填。"))
    if page.index_number:
        return
    number = assign_index_number(
        page=page, when=page.first_published_at if page.imported else None
    )
    # The admin publishes the revision it has just saved: record the number in
    # it too, so the published revision and the live row agree.
    revision.content["index_number"] = number
    revision.save(update_fields=["content"])
