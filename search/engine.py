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


def is_unavailable(error: BaseException) -> bool:
    """A connection failure or timeout, or a 5xx from the engine."""
    if not isinstance(error, CLIENT_ERRORS):
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
