import pytest
from search import selectors
from search.models import SearchEntry

@pytest.mark.parametrize("backend", ["default", "engine"])
def test_smoke(search_cluster, db, backend):
    print(SearchEntry.objects.count())
    for q in ["医保", "最低生活保障", "示政办发[2023]12号", "义务教育", "招生 通知"]:
        req = selectors.parse_search_request({"q": q}, profile=None)
        resp = selectors.run_search(req, backend=backend)
        print(backend, q, resp.total, [h.entry.title for h in resp.hits][:5])
        print({k: [(v.label, v.count) for v in vs] for k, vs in resp.facets.items()})
