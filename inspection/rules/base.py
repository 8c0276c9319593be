"""What a rule is: a named check of one site that yields findings."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.functional import Promise


@dataclass(frozen=True)
class FoundProblem:
    """A problem as a rule reports it, before it is matched to stored findings.

    ``target`` is the page's place in the tree (``url_path``): with
    ``fingerprint``, which tells two problems on the same target apart (e.g.
    which word, which link), it makes the finding's identity, so both must be
    stable between runs (a changed domain must not reopen every finding) and
    must not contain personal data. Auditors never see the target: a finding
    shows the page's public URL (``services.public_urls``). Messages name
    pages by title and sites by name, never by tree path or model name.
    ``link`` is where a problem that is not a page is seen (an object's admin
    screen); it is shown as the finding's address and is not part of its identity.
    ``item`` is the deduction item (``choices.DeductionItem``) when the
    indicator's usual one does not fit.
    """

    indicator: str
    severity: str
    message: str
    target: str = ""
    page_id: int | None = None
    fingerprint: str = ""
    evidence: str = ""
    link: str = ""
    # The deduction item a deduction counts as (``choices.DeductionItem``);
    # blank: its indicator's usual item.
    item: str = ""

    @property
    def key(self) -> str:
        raw = f"{self.target}\x00{self.fingerprint}".encode()
        return hashlib.sha256(raw).hexdigest()


@dataclass
class InspectionContext:
    """What a rule gets besides the site: the inspection date and shared state."""

    today: datetime.date
    # Shared by the rules of one run (e.g. the external link cache client).
    shared: dict = field(default_factory=dict)


class Rule:
    """Base class: subclasses set ``name``/``label``/``indicators`` and ``check``."""

    name: str = ""
    label: str | Promise = ""
    indicators: tuple[str, ...] = ()

    def check(self, *, site, context: InspectionContext) -> Iterable[FoundProblem]:
        raise NotImplementedError

    def not_checked(self, *, site, context: InspectionContext) -> str:
        """Why the rule cannot judge ``site`` yet (no data for it), or "".

        A rule that cannot check a site records the reason on its run step and
        the dashboard shows the indicator as not checked, never as passed."""
        return ""
