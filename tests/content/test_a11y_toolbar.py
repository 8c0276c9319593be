"""The accessibility toolbar (#22.4) as the server renders it: on every site,
its settings from the visitor's cookie as classes on <html>, hostile cookies
ignored, and no extra query on a warm document page (#22.6)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import a11y


def _html_class(html: str) -> str:
    match = re.search(r'<html lang="[^"]+"(?: class="([^"]*)")?>', html)
    return match.group(1) or ""


@pytest.mark.parametrize(
    ("host", "path"),
    [("www.localhost", "/"), ("www.localhost", "/xxgk/"), ("fgw.localhost", "/news/")],
)
def test_every_site_has_the_toolbar(client, cluster, host, path):
    html = client.get(path, HTTP_HOST=host).content.decode()
    assert 'class="a11y-open" aria-expanded="false" aria-controls="a11y-panel"' in html
    panel = html[
        html.index('id="a11y-panel"') : html.index(
            "</div>\n", html.index('id="a11y-panel"') + 1200
        )
    ]
    for label in (
        "字号",
        "行距",
        "高对比度",
        "大鼠标",
        "阅读线",
        "朗读",
        "长者模式",
        "重置",
        "关闭",
    ):
        assert label in panel
    # Blocking in <head> (before the first paint), from this origin (the CSP).
    head = html[: html.index("</head>")]
    assert re.search(r'<script src="/static/js/a11y-head\.js"></script>', head)
    assert re.search(r'<script src="/static/js/a11y\.js" defer></script>', head)


def test_the_cookie_becomes_classes_on_html(client, cluster):
    client.cookies[a11y.COOKIE] = "small.gk.1765000000000"
    html = client.get("/about/", HTTP_HOST="www.localhost").content.decode()
    assert _html_class(html) == "gc-font-small gc-cursor gc-guide"
    assert ">退出长者模式</a>" not in html


@pytest.mark.parametrize(
    "value",
    [
        'large.c" onload="alert(1)',
        "huge.c.1",
        "large.cx.1",
        "large.c",
        "large.c.1.2",
        "",
    ],
)
def test_a_bad_cookie_is_ignored(client, cluster, value):
    client.cookies[a11y.COOKIE] = value
    html = client.get("/about/", HTTP_HOST="www.localhost").content.decode()
    assert _html_class(html) == ""
    assert "alert(1)" not in html


def test_no_extra_query_on_a_warm_document_page(client, cluster):
    path = "/xxgk/zcwj/doc-001/"
    assert client.get(path, HTTP_HOST="www.localhost").status_code == 200  # warm
    with CaptureQueriesContext(connection) as plain:
        client.get(path, HTTP_HOST="www.localhost")
    client.cookies[a11y.COOKIE] = "large.scgk.1765000000000"
    with CaptureQueriesContext(connection) as with_settings:
        html = client.get(path, HTTP_HOST="www.localhost").content.decode()
    assert "gc-font-large" in _html_class(html)
    # The toolbar reads a cookie, never the database; the count is the one the
    # page had before #22 (measured on the commit before it).
    assert len(with_settings) == len(plain) == WARM_DOCUMENT_QUERIES, [
        q["sql"] for q in plain
    ]


WARM_DOCUMENT_QUERIES = 25
