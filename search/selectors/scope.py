"""Which entries a search request may see: open sites only, never private
pages, the requested site's own scope (or the whole cluster, one result per
reposted document)."""

from __future__ import annotations

from django.db.models import QuerySet

from search.models import SearchEntry
from search.requests import SearchRequest
from site_registry.models import SiteProfile

OPEN_PROFILES_KEY = "search:open_profiles:{token}"


def open_profile_ids() -> list[int]:
    """Sites and sub-sites whose content may be shown: open, on an open site.

    Cached under the registry's generation token, which every registry change
    replaces (site_registry.signals), so a closed site disappears at once.
    """
    from django.core.cache import cache

    from site_registry.routing import generation

    key = OPEN_PROFILES_KEY.format(token=generation())
    ids = cache.get(key)
    if ids is None:
        ids = _open_profile_ids()
        cache.set(key, ids, 3600)
    return ids


def _open_profile_ids() -> list[int]:
    # The registry's one rule: a sub-site closes with its portal.
    return list(SiteProfile.objects.servable().values_list("pk", flat=True))


def scope_profile(request: SearchRequest) -> SiteProfile | None:
    if request.profile_id is None:
        return None
    return SiteProfile.objects.filter(pk=request.profile_id).first()


def base_queryset(request: SearchRequest, scope: SiteProfile | None) -> QuerySet:
    entries = SearchEntry.objects.filter(
        private=False, profile_id__in=open_profile_ids()
    )
    if not request.whole_cluster and scope is not None:
        if scope.is_subsite:
            entries = entries.filter(profile_id=scope.pk)
        else:
            entries = entries.filter(hosting_profile_id=scope.pk)
        duplicates = duplicate_copies(entries, prefer_profile_id=scope.pk)
        if duplicates:
            entries = entries.exclude(pk__in=duplicates)
    else:
        # Across the cluster a reposted document is one result, not one per site.
        entries = entries.filter(canonical=True)
    return entries


def duplicate_copies(entries: QuerySet, *, prefer_profile_id: int) -> list[int]:
    """Copies to hide within one site's scope (a portal with its sub-sites may
    show a document more than once): keep the source's own entry when it is in
    scope, else the copy on the site itself, else the oldest copy."""
    copies = list(
        entries.filter(source_page_id__isnull=False)
        .values_list("pk", "source_page_id", "profile_id")
        .order_by("pk")
    )
    if not copies:
        return []
    groups: dict[int, list[tuple[int, int]]] = {}
    for pk, source_id, profile_id in copies:
        groups.setdefault(source_id, []).append((pk, profile_id))
    sources_in_scope = set(
        entries.filter(page_id__in=list(groups)).values_list("page_id", flat=True)
    )
    hidden = []
    for source_id, members in groups.items():
        if source_id in sources_in_scope:
            hidden.extend(pk for pk, _profile in members)
            continue
        keep = next(
            (pk for pk, profile in members if profile == prefer_profile_id),
            members[0][0],
        )
        hidden.extend(pk for pk, _profile in members if pk != keep)
    return hidden
