"""The segmenter is loaded when a server process starts, not on its first
search (#20.7): config/wsgi.py preloads it when SEARCH_PRELOAD_SEGMENTER is on."""

from __future__ import annotations

import importlib
import sys

import pytest

from search import analysis
from search.preload import preload_segmenter

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_segmenter():
    analysis.reset()
    yield
    analysis.reset()


def _loaded() -> bool:
    tokenizer = analysis._tokenizer
    return tokenizer is not None and tokenizer.initialized


def test_off_by_default_under_tests(settings):
    assert settings.SEARCH_PRELOAD_SEGMENTER is False
    assert preload_segmenter() is False
    assert not _loaded()


def test_on_loads_the_dictionary_and_the_synonyms(settings):
    from search.models import SynonymGroup

    SynonymGroup.objects.create(terms="秸秆禁烧/秸秆焚烧管控")
    settings.SEARCH_PRELOAD_SEGMENTER = True
    assert preload_segmenter() is True
    assert _loaded()
    # The synonym terms and the government word list are words already.
    assert "秸秆焚烧管控" in analysis.query_words("秸秆焚烧管控")
    assert "放管服" in analysis.query_words("深化放管服改革")


def test_a_broken_word_list_does_not_stop_the_server(settings, monkeypatch):
    settings.SEARCH_PRELOAD_SEGMENTER = True

    def broken():
        raise OSError("dictionary unreadable")

    monkeypatch.setattr(analysis, "_build_tokenizer", broken)
    assert preload_segmenter() is False
    assert analysis._tokenizer is None


def test_the_wsgi_entry_point_preloads(settings):
    settings.SEARCH_PRELOAD_SEGMENTER = True
    sys.modules.pop("config.wsgi", None)
    module = importlib.import_module("config.wsgi")
    assert callable(module.application)
    assert _loaded()
