"""search.engine_adapter is the only code that reaches into Wagtail's and
modelsearch's search internals. These tests fail by name when an upgrade
removes or changes one of them, instead of search breaking silently; and they
keep the internals from spreading to the rest of ``search``."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
from django.db import connection
from wagtail.search.backends import get_search_backend

from search import engine_adapter
from search.engine_adapter import BackendKind, backend_kind
from search.models import SearchEntry

SEARCH_APP = Path(engine_adapter.__file__).parent


def _parameters(function) -> list[str]:
    return [
        f"**{p.name}" if p.kind is p.VAR_KEYWORD else p.name
        for p in inspect.signature(function).parameters.values()
    ]


def _internals():
    from modelsearch.backends import (
        elasticsearch7,
        elasticsearch8,
        elasticsearch9,
        opensearch2,
        opensearch3,
    )
    from modelsearch.backends.base import BaseSearchQueryCompiler, BaseSearchResults
    from modelsearch.backends.database.postgres.postgres import (
        PostgresSearchQueryCompiler,
    )
    from modelsearch.backends.elasticsearchbase import ElasticsearchBaseMapping

    engines = [opensearch2, opensearch3, elasticsearch7, elasticsearch8, elasticsearch9]
    command = engine_adapter.RebuildIndexCommand
    rows = [
        (BaseSearchResults, "__init__",
         ["self", "backend", "query_compiler", "prefetch_related"]),
        (BaseSearchQueryCompiler, "_get_filterable_field", ["self", "field_attname"]),
        (ElasticsearchBaseMapping, "get_field_column_name", ["self", "field"]),
        (PostgresSearchQueryCompiler, "get_config", ["self", "backend"]),
        (PostgresSearchQueryCompiler, "search",
         ["self", "config", "start", "stop", "score_field", "backend"]),
        (command, "print_iter_progress", ["self", "iterable"]),
        (command, "queryset_chunks", ["self", "qs", "chunk_size"]),
    ]  # fmt: skip
    for module in engines:
        results = module.SearchBackend.results_class
        rows += [
            (results, "_get_es_body", ["self", "for_count"]),
            (results, "_backend_do_search", ["self", "body", "**kwargs"]),
            (module.SearchBackend, "get_index_for_model", ["self", "model"]),
        ]
    return rows


@pytest.mark.parametrize(
    ("owner", "name", "parameters"),
    _internals(),
    ids=lambda value: getattr(value, "__qualname__", None) or str(value),
)
def test_private_api_still_has_the_signature_the_adapter_uses(owner, name, parameters):
    function = getattr(owner, name, None)
    assert function is not None, (
        f"{owner.__module__}.{owner.__qualname__}.{name} is gone: "
        "update search/engine_adapter.py for this Wagtail/modelsearch version."
    )
    assert _parameters(function) == parameters, (
        f"{owner.__qualname__}.{name} now takes {_parameters(function)}, "
        f"search/engine_adapter.py calls it as {parameters}."
    )


def test_rebuild_command_still_calls_the_hooks_update_index_overrides():
    source = inspect.getsource(engine_adapter.RebuildIndexCommand.update_backend)
    assert "self.queryset_chunks(" in source
    assert "self.print_iter_progress(" in source


def test_engine_glue_builds_an_aggregation_request_without_the_network():
    """The adapter's engine functions on a real OpenSearch results object (no
    request is sent: building the body and the field names is local)."""
    from modelsearch.backends.opensearch3 import SearchBackend

    backend = SearchBackend({"URLS": ["http://127.0.0.1:9"], "INDEX_PREFIX": "t_"})
    results = backend.search("教育", SearchEntry.objects.all())
    assert "query" in engine_adapter.engine_body(results)
    assert engine_adapter.engine_field_name(results, "profile_id") == (
        "profile_id_filter"
    )
    assert results.query_compiler.queryset.model is SearchEntry


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("wagtail.search.backends.opensearch3", BackendKind.ENGINE),
        ("wagtail.search.backends.opensearch2", BackendKind.ENGINE),
        ("wagtail.search.backends.elasticsearch9", BackendKind.ENGINE),
        ("modelsearch.backends.opensearch3.SearchBackend", BackendKind.ENGINE),
        ("some.custom.backend", BackendKind.OTHER),
    ],
)
def test_backend_kind_comes_from_the_configured_path(settings, path, kind):
    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        "probe": {"BACKEND": path},
    }
    assert backend_kind("probe") == kind


def test_database_backend_kind_follows_the_database_and_is_cached(settings):
    expected = {"postgresql": BackendKind.POSTGRES, "sqlite": BackendKind.SQLITE}
    assert backend_kind("default") == expected.get(connection.vendor, BackendKind.OTHER)
    backend_kind.cache_clear()
    backend_kind("default")
    backend_kind("default")
    assert backend_kind.cache_info().hits == 1
    # A settings change (tests switch aliases) resolves again.
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.opensearch3"}
    }
    assert backend_kind("default") == BackendKind.ENGINE


@pytest.mark.django_db
def test_database_kind_matches_the_backend_wagtail_builds():
    """The kind from settings names the backend Wagtail really builds."""
    backend = get_search_backend("default")
    module = type(backend).__module__
    kind = backend_kind("default")
    assert {
        BackendKind.POSTGRES: "modelsearch.backends.database.postgres.postgres",
        BackendKind.SQLITE: "modelsearch.backends.database.sqlite.sqlite",
    }[kind] == module


def _compares_a_class_name(node) -> bool:
    """``type(x).__name__ == ...``, ``"..." in type(x).__name__``,
    ``type(x).__name__.startswith(...)``."""
    if isinstance(node, ast.Compare):
        parts = [node.left, *node.comparators]
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if node.func.attr not in ("startswith", "endswith"):
            return False
        parts = [node.func.value]
    else:
        return False
    return any(
        isinstance(sub, ast.Attribute) and sub.attr == "__name__"
        for part in parts
        for sub in ast.walk(part)
    )


def _violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            ("wagtail", "modelsearch")
        ):
            private = any(part.startswith("_") for part in node.module.split("."))
            private |= any(alias.name.startswith("_") for alias in node.names)
            if private:
                found.append(
                    f"{path.name}:{node.lineno} imports {node.module} internals"
                )
        if isinstance(node, ast.Attribute) and node.attr in {
            "_get_es_body", "_backend_do_search", "_get_filterable_field",
            "query_compiler", "mapping", "get_config",
        }:  # fmt: skip
            found.append(f"{path.name}:{node.lineno} uses .{node.attr}")
        if _compares_a_class_name(node):
            found.append(f"{path.name}:{node.lineno} guesses from a class name")
    return found


def test_no_search_module_but_the_adapter_touches_internals():
    violations = [
        violation
        for path in sorted(SEARCH_APP.rglob("*.py"))
        if path.name != "engine_adapter.py" and "migrations" not in path.parts
        for violation in _violations(path)
    ]
    assert violations == []
