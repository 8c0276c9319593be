"""Which registered sites may be shown to the public: one notion for every reader."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from site_registry.choices import SiteKind, SiteLevel, SiteStatus

# A sub-site sits under a site of a higher level (ALLOWED_PARENT_LEVELS), so a
# chain of parents is never longer than the number of levels: the SQL below
# follows that many parents and needs no recursive query.
MAX_ANCESTORS = len(SiteLevel) - 1


def _servable(prefix: str = "", depth: int = 0) -> Q:
    """Open, and for a sub-site its parent servable too (it lives on its domain).

    A full site has its own domain and is served on its own status alone.
    """
    own = Q(**{f"{prefix}status": SiteStatus.OPEN})
    hosted_alone = Q(**{f"{prefix}kind": SiteKind.SITE}) | Q(
        **{f"{prefix}parent__isnull": True}
    )
    if depth == MAX_ANCESTORS:
        return own & hosted_alone
    return own & (hosted_alone | _servable(f"{prefix}parent__", depth + 1))


class SiteProfileQuerySet(models.QuerySet):
    def open(self) -> SiteProfileQuerySet:
        """Sites whose own status is open (whatever their portal's)."""
        return self.filter(status=SiteStatus.OPEN)

    def servable(self) -> SiteProfileQuerySet:
        """Sites the public may see: open, and a sub-site on an open portal.

        The same rule as ``SiteProfile.is_servable``, in one query.
        """
        return self.filter(_servable())
