"""Facet counts: each facet counted over the same filtered search, without its
own filter when a value is selected. How the counts are obtained depends on the
backend kind, chosen once from settings (search.engine_adapter.backend_kind)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from search import engine_adapter
from search.engine_adapter import BackendKind
from search.models import EntryKind
from search.requests import FACET_FIELDS, FACETS
from search.selectors.query import apply_filters, search
from site_registry.models import SiteProfile

# Enough buckets for every site of a cluster (the engine's default is 10).
ENGINE_FACET_SIZE = 200


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


def _labels(name: str, values) -> dict:
    if name == "site":
        names = dict(
            SiteProfile.objects.filter(pk__in=[v for v in values if v]).values_list(
                "pk", "name"
            )
        )
        return {v: names.get(v, str(v)) for v in values}
    if name == "type":
        return {
            v: str(EntryKind(v).label) if v in EntryKind.values else v for v in values
        }
    if name == "genre":
        from disclosure_pages.choices import Genre

        return {v: str(Genre(v).label) if v in Genre.values else v for v in values}
    if name == "validity":
        from disclosure_pages.choices import Validity

        return {
            v: str(Validity(v).label) if v in Validity.values else v for v in values
        }
    return {v: str(v) for v in values}


def _facet_counts(entries, request, query, backend, kind, columns) -> dict[str, dict]:
    """Counts per value of each column over the same filtered search."""
    if query is None:
        return {
            column: dict(
                entries.values_list(column).annotate(n=Count("pk")).order_by("-n")
            )
            for column in columns
        }
    results = search(entries, request, query, backend)
    if kind == BackendKind.ENGINE:
        return _engine_facet_counts(results, columns)
    if kind == BackendKind.POSTGRES and len(columns) > 1:
        return _postgres_facet_counts(results, columns)
    return {column: dict(results.facet(column)) for column in columns}


def _postgres_facet_counts(results, columns) -> dict[str, dict]:
    """All facets in one SQL query on the PostgreSQL backend: the matched rows
    grouped by every column at once, summed per column here. Wagtail's
    ``facet()`` would repeat the full-text match once per facet."""
    matched = engine_adapter.postgres_matched(results)
    counts: dict[str, dict] = {column: {} for column in columns}
    for row in matched.order_by().values(*columns).annotate(_n=Count("pk")):
        for column in columns:
            value = row[column]
            counts[column][value] = counts[column].get(value, 0) + row["_n"]
    return counts


def _engine_facet_counts(results, columns) -> dict[str, dict]:
    """All facets in one engine request, as Wagtail's ``facet()`` builds one
    (same query body, one terms aggregation per column) instead of a request
    per facet: seven facets cost one round trip."""
    body = engine_adapter.engine_body(results)
    body["aggregations"] = {
        column: {
            "terms": {
                "field": engine_adapter.engine_field_name(results, column),
                "missing": 0,
                "size": ENGINE_FACET_SIZE,
            }
        }
        for column in columns
    }
    response = engine_adapter.engine_raw_search(results, body, size=0)
    return {
        column: {
            bucket["key"]: bucket["doc_count"]
            for bucket in response["aggregations"][column]["buckets"]
        }
        for column in columns
    }


def facets(request, base, query, backend, kind) -> dict[str, list[FacetValue]]:
    selected = request.filters
    # Facets without a selected value share the fully filtered search; each
    # selected facet counts without its own filter, so its other values stay
    # visible and selectable.
    shared = [FACET_FIELDS[name] for name in FACETS if name not in selected]
    counts_by_column = _facet_counts(
        apply_filters(base, request), request, query, backend, kind, shared
    )
    for name in selected:
        column = FACET_FIELDS[name]
        counts_by_column.update(
            _facet_counts(
                apply_filters(base, request, skip=name), request, query, backend,
                kind, [column],
            )
        )  # fmt: skip
    result: dict[str, list[FacetValue]] = {}
    for name in FACETS:
        counts = counts_by_column[FACET_FIELDS[name]]
        counts = {k: v for k, v in counts.items() if k not in ("", None, 0) and v}
        labels = _labels(name, list(counts))
        chosen = selected.get(name)
        result[name] = [
            FacetValue(
                value=str(value),
                label=labels[value],
                count=count,
                selected=chosen is not None and str(chosen) == str(value),
            )
            for value, count in sorted(counts.items(), key=lambda kv: -kv[1])
        ]
    return result
