"""The one place that touches Wagtail's / modelsearch's search internals.

Everything here reaches past their public API (underscore methods, query
compiler and mapping internals, the rebuild command's hooks); the rest of
``search`` goes through these functions. tests/search/test_engine_adapter.py
checks that each internal still exists with the signature used here, so an
upgrade fails that test by name instead of silently breaking search.

Which kind of backend an alias is comes from settings, once (``backend_kind``),
not from guessing at class names.
"""

from __future__ import annotations

import functools
from enum import StrEnum

from django.conf import settings
from django.core.signals import setting_changed
from django.db import connection
from modelsearch.management.commands.rebuild_modelsearch_index import (
    Command as RebuildIndexCommand,  # noqa: F401 - its chunking hooks are overridden
)


class BackendKind(StrEnum):
    # OpenSearch / Elasticsearch: facets as aggregations in one request.
    ENGINE = "engine"
    # The database backend on PostgreSQL: facets in one SQL query.
    POSTGRES = "postgres"
    # The database backend on SQLite: no search restricted to some fields.
    SQLITE = "sqlite"
    # Any other backend: only Wagtail's public API (``facet()`` per column).
    OTHER = "other"


_ENGINE_MODULES = (
    "opensearch2", "opensearch3", "elasticsearch7", "elasticsearch8",
    "elasticsearch9",
)  # fmt: skip
ENGINE_BACKENDS = frozenset(
    f"{package}.{module}"
    for package in ("wagtail.search.backends", "modelsearch.backends")
    for module in _ENGINE_MODULES
)
DATABASE_BACKENDS = frozenset(
    {"wagtail.search.backends.database", "modelsearch.backends.database"}
)
# What Wagtail uses for an alias missing from WAGTAILSEARCH_BACKENDS.
DEFAULT_BACKEND = "wagtail.search.backends.database"


def backend_path(alias: str) -> str:
    """The dotted path configured for a backend alias (or the path itself)."""
    conf = getattr(settings, "WAGTAILSEARCH_BACKENDS", {}).get(alias)
    if conf is not None:
        return conf["BACKEND"]
    return DEFAULT_BACKEND if alias == "default" else alias


@functools.cache
def backend_kind(alias: str) -> BackendKind:
    """Resolved once per alias (again only when the settings change)."""
    path = backend_path(alias)
    # A path may also name the class inside the module.
    modules = {path, path.rsplit(".", 1)[0]}
    if modules & ENGINE_BACKENDS:
        return BackendKind.ENGINE
    if modules & DATABASE_BACKENDS:
        # The database backend picks its implementation from the default
        # database's vendor (modelsearch.backends.database.SearchBackend).
        if connection.vendor == "postgresql":
            return BackendKind.POSTGRES
        if connection.vendor == "sqlite":
            return BackendKind.SQLITE
    return BackendKind.OTHER


def _reset(*, setting, **kwargs) -> None:
    if setting in ("WAGTAILSEARCH_BACKENDS", "DATABASES"):
        backend_kind.cache_clear()


setting_changed.connect(_reset)


# --- OpenSearch / Elasticsearch results -----------------------------------------


def engine_body(results) -> dict:
    """The request body Wagtail would send for these results."""
    return results._get_es_body()


def engine_field_name(results, column: str) -> str:
    """The engine's name for a model column declared as a ``FilterField``."""
    compiler = results.query_compiler
    return compiler.mapping.get_field_column_name(
        compiler._get_filterable_field(column)
    )


def engine_raw_search(results, body: dict, *, size: int = 0) -> dict:
    """Send ``body`` to the index of the results' model; the raw response."""
    index = results.backend.get_index_for_model(results.query_compiler.queryset.model)
    return results._backend_do_search(body, index=index.name, size=size)


# --- The database backend on PostgreSQL -----------------------------------------


def postgres_matched(results):
    """The rows the full-text query matches, as a queryset (Wagtail's own
    match, the one its ``facet()`` uses), without ranking or slicing."""
    compiler = results.query_compiler
    return compiler.search(
        compiler.get_config(results.backend), None, None, backend=results.backend
    )
