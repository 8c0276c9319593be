"""Hostile parameters on the public endpoints (#14.11): a few hundred bounded,
reproducible requests (fixed seed) over the search page, the search API,
autocomplete and the public pages of the demo cluster. None may answer 5xx,
and no markup payload may come back unescaped in an HTML page."""

import json
import random

import pytest

from search.models import SearchEntry
from search.services import rebuild_entries

SEED = 20261205
REQUESTS = 360

MARKUP = [
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "'><img src=x onerror=alert(1)>",
    "</title><script>alert(1)</script>",
    '" autofocus onfocus="alert(1)',
]
VALUES = [
    *MARKUP,
    "' OR 1=1 --",
    "1; DROP TABLE search_searchentry; --",
    "%",
    "_",
    "\\",
    "%25%00",
    "\x00",
    "政务\x1b[31m",
    "-1",
    "0",
    "99999999999999999999",
    "1e309",
    "NaN",
    "2026-13-45",
    "0000-00-00",
    "9999-12-31",
    "../../etc/passwd",
    "${jndi:ldap://x/a}",
    "{{7*7}}{% debug %}",
    "\u202eevil",
    "\ufeff",
    "\U0001f642" * 60,
    "政" * 300,
    "a" * 5000,
    "javascript:alert(1)",
    "//evil.example/",
    "https://evil.example/",
    "null",
    "[]",
    '{"a":1}',
    "示政办发〔2023〕12号",
    "政务公开",
    "all",
    "site",
    "date",
    "document",
    " ",
    "",
]
PARAMS = [
    "q", "site", "type", "category", "genre", "organization", "year", "validity",
    "page", "page_size", "sort", "scope", "subsite", "date_from", "date_to",
    "document_number", "title_only", "fields", "next", "on", "lang",
]  # fmt: skip
PATHS = [
    "/search/",
    "/en/search/",
    "/api/search/",
    "/api/search/autocomplete/",
    "/",
    "/xxgk/",
    "/xxgk/zcwj/",
    "/site-map/",
    "/elder-mode/",
    "/no-such-page/",
]
HOSTS = ["www.localhost", "dc.localhost", "jyj.localhost"]


def _requests(rng: random.Random):
    for _ in range(REQUESTS):
        path = rng.choice(PATHS)
        host = rng.choice(HOSTS)
        params = [
            (rng.choice(PARAMS), rng.choice(VALUES)) for _ in range(rng.randint(1, 4))
        ]
        if rng.random() < 0.2:  # a repeated key
            params.append((params[0][0], rng.choice(VALUES)))
        yield path, host, params


@pytest.mark.django_db
def test_hostile_parameters_never_fail_or_reflect(client, demo_cluster):
    rebuild_entries()
    assert SearchEntry.objects.exists()
    rng = random.Random(SEED)
    failures = []
    for path, host, params in _requests(rng):
        response = client.get(path, params, HTTP_HOST=host)
        where = f"{path} {host} {params!r}"
        if response.status_code >= 500:
            failures.append(f"{response.status_code}: {where}")
            continue
        content_type = response.get("Content-Type", "")
        body = response.content.decode("utf-8", "replace")
        if content_type.startswith("application/json"):
            json.loads(body)  # well-formed: data, never markup
        elif "html" in content_type:
            for payload in MARKUP:
                if any(payload == value for _key, value in params) and (
                    payload in body
                ):
                    failures.append(f"reflected {payload!r}: {where}")
        if response.status_code in (301, 302):
            location = response["Location"]
            assert not location.startswith(("//", "https://evil", "javascript:")), where
    assert not failures, "\n".join(failures[:20])
