"""Shared fixtures.

Service fixtures fail (never skip) when their server cannot be reached: a test that
claims to exercise PostgreSQL, OpenSearch or S3 must really do so.
"""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

from demo.services import load_demo_cluster


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """Test workers keep pytest-django's phases in order (tests/parallel.py)."""
    from tests.parallel import PhasedScheduling

    return PhasedScheduling(config, log)


def pytest_sessionstart(session):
    """Each test worker stores its files in a bucket of its own
    (config/settings/test.py); create it on the S3 server when missing."""
    from tests.parallel import ensure_worker_bucket

    ensure_worker_bucket()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache.

    The registry's host map and Wagtail's site root paths are cached; a test's
    database rollback does not clear them, so the next test would route by
    rows that no longer exist.
    """
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _official_calendar(request):
    """Transactional tests start on a flushed database: the working-day calendar
    its migration loaded (workdays 0002) is gone, so deadlines would ignore the
    holidays. Load it again, as Wagtail's root page is (ensure_tree_root)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        from workdays.bundled import restore_bundled_days
        from workdays.models import CalendarDay

        if not CalendarDay.objects.exists():
            restore_bundled_days()
    yield


@pytest.fixture(autouse=True)
def default_language():
    """Start every test in the default language.

    A request through LocaleMiddleware leaves its language active in the thread,
    so an English request in one test would otherwise change the next one's
    messages.
    """
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def demo_cluster(db):
    """The demo sites with their home pages, catalogs and seed documents.

    Without the public content (news, notices, topics, leaders, images, home
    blocks): loading that takes most of the time and few tests need it.
    """
    return load_demo_cluster(port=80, public_content=False)


@pytest.fixture
def demo_cluster_with_content(db):
    """The whole demo cluster, as `load_demo_cluster` (the command) loads it."""
    return load_demo_cluster(port=80)


def _load_for_module(django_db_blocker, **options):
    """Load the demo cluster inside a transaction rolled back at the module's end."""
    with django_db_blocker.unblock(), transaction.atomic():
        cache.clear()
        yield load_demo_cluster(port=80, **options)
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture(scope="module")
def module_demo_cluster(django_db_setup, django_db_blocker):
    """`demo_cluster` loaded once per module: the load is most of those tests' time.

    For modules whose tests run in the `db` savepoint (not transactional tests
    or live_server): each test's changes still roll back at its end. A module
    opts in by defining ``demo_cluster`` as this fixture plus ``db``.
    """
    yield from _load_for_module(django_db_blocker, public_content=False)


@pytest.fixture(scope="module")
def module_demo_cluster_with_content(django_db_setup, django_db_blocker):
    """`demo_cluster_with_content` loaded once per module, as above."""
    yield from _load_for_module(django_db_blocker)


@pytest.fixture
def postgres(db):
    if connection.vendor != "postgresql":
        pytest.fail(
            "This test needs PostgreSQL: set DATABASE_URL to a PostgreSQL server "
            "(`make test` starts one)."
        )
    return connection


@pytest.fixture(scope="session")
def search_engine_backend():
    """Wagtail's backend for the real search engine, with a fresh index."""
    from wagtail.search.backends import get_search_backend

    if "engine" not in settings.WAGTAILSEARCH_BACKENDS:
        pytest.fail(
            "This test needs OpenSearch/Elasticsearch: set SEARCH_URL "
            "(`make test` starts OpenSearch)."
        )
    backend = get_search_backend("engine")
    try:
        info = backend.es.info()
    except Exception as error:  # noqa: BLE001 - any failure means the server is down
        pytest.fail(f"The search engine at SEARCH_URL is unreachable: {error}")
    backend.engine_info = info
    return backend


@pytest.fixture(scope="session")
def s3_client():
    """A boto3 client for the configured S3 server, with the bucket present."""
    from tests.s3 import s3_client_for

    options = settings.S3_OPTIONS
    if not options:
        pytest.fail(
            "This test needs the S3 object store: set AWS_STORAGE_BUCKET_NAME and "
            "its credentials (`make test` starts one)."
        )
    client = s3_client_for(options)
    try:
        client.head_bucket(Bucket=options["bucket_name"])
    except Exception as error:  # noqa: BLE001 - any failure means the store is down
        pytest.fail(f"The S3 bucket {options['bucket_name']} is unreachable: {error}")
    return client


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin client, past the admin's two-factor check (#7).

    Superusers must use TOTP in the admin; this logs in as after a valid code.
    """
    from tests.two_factor import login_verified

    login_verified(client, admin_user)
    return client
