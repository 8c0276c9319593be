"""The demo package shares one demo load (with its public content) across its modules.

Loading the whole demo takes most of these tests' time; loaded once per module
it cost a minute a module. Here it is loaded once, inside a transaction rolled
back when the package is done; each test still runs in its own savepoint
(``db``), so what one test changes is gone before the next.
"""

import pytest

from tests.conftest import _load_for_module


@pytest.fixture(scope="package")
def module_demo_cluster_with_content(django_db_setup, django_db_blocker):
    yield from _load_for_module(django_db_blocker)


@pytest.fixture(scope="package")
def module_demo_cluster(module_demo_cluster_with_content):
    """The demo without content is a subset: the package's load serves both."""
    return module_demo_cluster_with_content
