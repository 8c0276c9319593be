import pytest
from django.core.cache import cache
from django.db import transaction

from demo.services import load_demo_cluster


@pytest.fixture(scope="package")
def public_cluster(django_db_setup, django_db_blocker):
    """The demo cluster, loaded once for tests/content and rolled back at its end.

    Tests still get their own savepoint through the ``db`` fixture.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        cache.clear()
        sites = load_demo_cluster(port=80)
        yield {site.hostname.split(".")[0]: site for site in sites}
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture
def cluster(public_cluster, db):
    cache.clear()
    return public_cluster
