"""Which engine errors mean "down" and which mean "ask differently"."""

from __future__ import annotations

from opensearchpy.exceptions import ConnectionError, TransportError

from search import engine

TOO_COMPLEX = TransportError(
    500,
    "search_phase_execution_exception",
    "Query contains too many nested clauses; maxClauseCount is set to 1024",
)


def test_a_query_with_too_many_clauses_is_not_an_outage():
    assert engine.is_too_complex(TOO_COMPLEX)
    assert not engine.is_unavailable(TOO_COMPLEX)


def test_connection_failures_and_other_server_errors_are_outages():
    refused = ConnectionError("N/A", "Connection refused", None)
    failed = TransportError(503, "cluster_block_exception", "no master")
    for error in (refused, failed):
        assert engine.is_unavailable(error)
        assert not engine.is_too_complex(error)


def test_a_rejected_query_is_neither():
    bad = TransportError(400, "parsing_exception", "unknown query [foo]")
    assert not engine.is_unavailable(bad)
    assert not engine.is_too_complex(bad)
    assert not engine.is_too_complex(ValueError("maxClauseCount"))
