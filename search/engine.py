"""Is the search engine down? Errors of the engine clients that mean "no
answer" (connection refused, timeout, cluster unavailable), as opposed to a
query the engine rejects, which stays an error."""

from __future__ import annotations


def _client_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = []
    try:
        from opensearchpy.exceptions import TransportError

        errors.append(TransportError)
    except ImportError:  # pragma: no cover - the client is a dependency
        pass
    try:
        from elastic_transport import TransportError as ElasticTransportError
        from elasticsearch import ApiError

        errors += [ElasticTransportError, ApiError]
    except ImportError:  # pragma: no cover - optional client
        pass
    return tuple(errors)


CLIENT_ERRORS = _client_errors()


# What the engine says of a query of more clauses than it takes (OpenSearch:
# "Query contains too many nested clauses; maxClauseCount is set to 1024";
# older versions and Elasticsearch: "too_many_clauses").
_TOO_COMPLEX = ("maxclausecount", "too_many_clauses", "too many nested clauses")


def is_too_complex(error: BaseException) -> bool:
    """The engine answered, but the query has more clauses than it takes
    (it says so with a 500): an answer to shrink the query, not an outage."""
    if not isinstance(error, CLIENT_ERRORS):
        return False
    # The reason is in the error's body (its last argument), which the
    # message does not always repeat.
    text = " ".join(map(str, [error, *error.args])).lower()
    return any(marker in text for marker in _TOO_COMPLEX)


def is_unavailable(error: BaseException) -> bool:
    """A connection failure or timeout, or a 5xx from the engine (not a query
    too complex for it)."""
    if not isinstance(error, CLIENT_ERRORS) or is_too_complex(error):
        return False
    status = getattr(error, "status_code", None)
    if status is None:
        meta = getattr(error, "meta", None)
        status = getattr(meta, "status", None)
    # opensearch-py gives "N/A" for connection errors; elastic-transport's
    # own errors (connection, timeout) carry no status at all.
    return not isinstance(status, int) or status >= 500


class SearchUnavailable(Exception):
    """The search engine did not answer."""
