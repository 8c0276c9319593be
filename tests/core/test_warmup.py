"""Warming a server process before its first request (#20.7): core.warmup
and search.preload.warm_search, which config/wsgi.py calls at start."""

from __future__ import annotations

import logging

import pytest
from django.db import connection
from django.template import engines

from core import warmup
from search import preload
from search.models import SearchQueryLog
from tests.factories.disclosure import make_site


def _cached_names() -> set[str]:
    """Templates the cached loader holds, compiled."""
    loader = engines["django"].engine.template_loaders[0]
    return {key.split("-")[0] for key in loader.get_template_cache}


def test_templates_are_the_projects_own():
    names = warmup.project_templates()
    assert "base.html" in names  # the shared directory
    assert "search/search.html" in names  # an app's templates/
    # Installed packages are not compiled at start.
    assert not any(name.startswith("wagtailadmin/pages/") for name in names)
    assert len(names) == len(set(names))


def test_warm_up_compiles_the_templates_once(settings):
    settings.WARM_UP_ON_START = True
    engines["django"].engine.template_loaders[0].reset()
    assert warmup.warm_up() is True
    assert {"base.html", "search/search.html"} <= _cached_names()


def test_warm_up_is_off_when_the_setting_says_so(settings):
    settings.WARM_UP_ON_START = False
    engines["django"].engine.template_loaders[0].reset()
    assert warmup.warm_up() is False
    assert "search/search.html" not in _cached_names()


def test_a_template_that_does_not_compile_is_logged_not_fatal(
    settings, tmp_path, caplog
):
    (tmp_path / "broken.html").write_text("{% load no_such_library %}")
    settings.WARM_UP_ON_START = True
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    with caplog.at_level(logging.ERROR, logger="core.warmup"):
        assert warmup.warm_up() is True
    assert "broken.html" in caplog.text


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("ssl_redirect", [False, True], ids=["http", "https-only"])
def test_warm_search_runs_the_path_and_records_nothing(settings, caplog, ssl_redirect):
    make_site("warm", hostname="warm.localhost")
    settings.WARM_UP_ON_START = True
    # Production redirects plain HTTP: the warm-up's page must still render.
    settings.SECURE_SSL_REDIRECT = ssl_redirect
    with caplog.at_level(logging.INFO, logger="search.preload"):
        assert preload.warm_search() is True
    # No connection of a gunicorn master may reach the forked workers.
    assert connection.connection is None
    # The search page rendered on the open site (no warning of its status).
    assert "Search path warmed up" in caplog.text
    assert "answered" not in caplog.text
    assert not SearchQueryLog.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_warm_search_failure_is_logged_and_the_server_starts(
    settings, monkeypatch, caplog
):
    settings.WARM_UP_ON_START = True

    def broken(*args, **kwargs):
        raise RuntimeError("index missing")

    monkeypatch.setattr("search.selectors.run.run_search", broken)
    with caplog.at_level(logging.ERROR, logger="search.preload"):
        assert preload.warm_search() is False
    assert "Warming up the search failed" in caplog.text


def test_warm_search_is_off_when_the_setting_says_so(settings):
    settings.WARM_UP_ON_START = False
    assert preload.warm_search() is False


@pytest.mark.django_db(transaction=True)
def test_each_gunicorn_worker_warms_up_and_keeps_its_connection(settings, caplog):
    from config.gunicorn import post_worker_init

    make_site("warmworker", hostname="warmworker.localhost")
    settings.WARM_UP_ON_START = True
    connection.close()
    with caplog.at_level(logging.INFO, logger="search.preload"):
        post_worker_init(None)
    assert "Worker warmed up" in caplog.text
    assert "answered" not in caplog.text
    # The worker's own connection stays open for its first visitor.
    assert connection.connection is not None
    assert not SearchQueryLog.objects.exists()


def test_worker_warm_up_is_off_when_the_setting_says_so(settings):
    settings.WARM_UP_ON_START = False
    assert preload.warm_worker() is False
