"""A searchable cluster, built once per test module: the demo sites and seed
documents plus documents written for the search cases, indexed in both the
database backend and the real OpenSearch."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.utils import timezone

from demo.services import load_demo_cluster
from disclosure_pages.models import DisclosureColumnPage, DisclosureDocumentPage
from search import analysis, services
from search.models import SearchEntry, SynonymGroup

BACKENDS = ["default", "engine"]


@dataclass
class SearchCluster:
    docs: dict


def add_document(site_slug: str, key: str, title: str, body: str, **fields):
    catalog = DisclosureColumnPage.objects.get(url_path=f"/{site_slug}/xxgk/zcwj/")
    organization = DisclosureDocumentPage.objects.filter(
        url_path__startswith=f"/{site_slug}/"
    ).first()
    organization = (
        organization.organization
        if organization
        else DisclosureDocumentPage.objects.first().organization
    )
    page = DisclosureDocumentPage(
        title=title,
        body=f"<p>{body}</p>",
        organization=fields.pop("organization", organization),
        slug=key,
        **fields,
    )
    catalog.add_child(instance=page)
    page.save_revision().publish()
    return page


def _build() -> SearchCluster:
    load_demo_cluster(port=80, public_content=False)
    SynonymGroup.objects.create(terms="医保/医疗保险")
    SynonymGroup.objects.create(terms="低保/最低生活保障")
    analysis.reset()
    docs = {
        "yibao": add_document(
            "www",
            "yibao",
            "关于调整城乡居民医保缴费标准的通知",
            "各区县：现将城乡居民医保个人缴费标准调整如下。",
            document_number="示政办发〔2023〕12号",
            genre="notice",
        ),
        "yiliao": add_document(
            "www",
            "yiliao",
            "基本医疗保险门诊报销办法",
            "参保人员在定点医院门诊就医，按规定报销。",
            genre="normative",
        ),
        "apart": add_document(
            "www",
            "apart",
            "医院建设和社会保障工作安排",
            "加快医疗机构建设，完善社会保障体系。",
            genre="plan",
        ),
        "dibao": add_document(
            "dc",
            "dibao",
            "东城区最低生活保障标准公告",
            "本区城乡最低生活保障标准提高到每人每月1000元。",
            document_number="东政发〔2015〕32号",
            genre="announcement",
        ),
        "highlight": add_document(
            "dc",
            "highlight",
            "关于<script>测试</script>转义的说明",
            "普通文本<b>加粗</b>在中间出现防汛抗旱的内容，然后继续。",
        ),
    }
    for index in range(12):
        docs[f"page{index}"] = add_document(
            "jyj",
            f"p{index}",
            f"义务教育招生工作通知第{index}号",
            "义务教育阶段学校招生入学工作安排。",
            genre="notice" if index % 2 else "opinion",
        )
    services.rebuild_entries()
    return SearchCluster(docs=docs)


@pytest.fixture(scope="module")
def search_cluster(django_db_setup, django_db_blocker, search_engine_backend):
    """Built once per module inside a transaction rolled back at the end."""
    from wagtail.search.backends import get_search_backend

    with django_db_blocker.unblock(), transaction.atomic():
        cluster = _build()
        index_entries(search_engine_backend)
        index_entries(get_search_backend("default"))
        yield cluster
        transaction.set_rollback(True)
    analysis.reset()


def index_entries(backend) -> None:
    """Rebuild the backend's entry index from the rows (AUTO_UPDATE is off in
    tests), the way ``update_index`` does: a fresh index, then the alias."""
    rebuilder = backend.rebuilder_class(backend.get_index_for_model(SearchEntry))
    index = rebuilder.start()
    index.add_model(SearchEntry)
    index.add_items(SearchEntry, list(SearchEntry.objects.all()))
    rebuilder.finish()
    index.refresh()


@pytest.fixture
def today():
    return timezone.localdate()


__all__ = ["BACKENDS", "add_document", "datetime", "index_entries"]
