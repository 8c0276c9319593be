"""Search queries: run a parsed request on any Wagtail search backend.

One code path for the database backend and the Elasticsearch-API engines: the
query is built from Wagtail's query objects over ``SearchEntry``, filters and
facets are ``FilterField``s, and exact document/index-number matches come from
the database and are put in front.

By concern: ``scope`` (which entries a request may see), ``query`` (words,
synonyms, filters), ``facets`` (counting), ``hits`` (results page), ``run``
(putting them together). Backend internals live in ``search.engine_adapter``.
The names callers use are re-exported here.
"""

from search.highlighting import highlight, snippet  # noqa: F401
from search.requests import (  # noqa: F401 - re-exported for callers
    CLUSTER_LEVELS,
    FACET_FIELDS,
    FACETS,
    MAX_PAGE,
    MAX_PAGE_SIZE,
    MAX_QUERY_LENGTH,
    PAGE_SIZE,
    SearchRequest,
    SearchRequestError,
    default_whole_cluster,
    parse_search_request,
)
from search.selectors.facets import ENGINE_FACET_SIZE, FacetValue  # noqa: F401
from search.selectors.hits import (  # noqa: F401
    Hit,
    SearchResponse,
    build_hits,
    other_site_counts,
)
from search.selectors.query import build_query, exact_matches, related_terms  # noqa: F401
from search.selectors.run import autocomplete_titles, run_search  # noqa: F401
from search.selectors.scope import (  # noqa: F401
    OPEN_PROFILES_KEY,
    duplicate_copies,
    open_profile_ids,
)
