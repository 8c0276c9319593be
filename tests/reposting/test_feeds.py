"""The upstream feed importer against a local HTTP server."""

from __future__ import annotations

import http.server
import json
import threading
import time
from unittest import mock

from django.core.management import call_command
from django.test import TestCase
from wagtail.documents import get_document_model

from disclosure_pages.models import DisclosureDocumentPage
from reposting.choices import ImportRunStatus
from reposting.models import UpstreamImportRun
from reposting.services import ensure_library_column
from reposting.upstream.feeds import parse_feed
from reposting.upstream.fetch import HttpFetcher
from reposting.upstream.pull import pull_upstream
from tests.factories.disclosure import make_document, make_organization

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>国务院文件</title>
<item><title>国务院关于加强数字政府建设的指导意见（国发〔2022〕14号）</title>
<link>https://www.gov.cn/zhengce/content/2022-06/23/content_1.htm</link>
<description>各省、自治区、直辖市人民政府，国务院各部委、各直属机构：现提出如下意见。</description>
<pubDate>Thu, 23 Jun 2022 16:00:00 +0800</pubDate></item>
<item><title></title><link>https://www.gov.cn/broken</link><description>无标题</description></item>
<item><title>国务院关于已有文件的通知（国发〔2021〕5号）</title>
<link>https://www.gov.cn/zhengce/content/other.htm</link>
<description>正文。</description>
<pubDate>Mon, 01 Mar 2021 09:00:00 +0800</pubDate></item>
<item><title>国务院关于加强数字政府建设的指导意见</title>
<link>https://www.gov.cn/zhengce/content/2022-06/23/content_1.htm</link>
<description>同一原文地址再次出现。</description></item>
<item><title>日期不对的文件</title><link>https://www.gov.cn/bad-date</link>
<description>正文。</description><pubDate>not a date</pubDate></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>省政府文件</title>
<entry><title>省人民政府关于优化营商环境的若干措施</title>
<link rel="alternate" href="https://www.example.gov.cn/zwgk/1.html"/>
<published>2024-05-06T08:00:00Z</published>
<content>各市人民政府：现将有关措施通知如下。</content></entry>
</feed>
"""

JSON_FEED = {
    "items": [
        {
            "title": "国务院办公厅关于印发政务公开工作要点的通知",
            "url": "https://www.gov.cn/zhengce/content/2024-04/01/c_2.htm",
            "body_text": "各省、自治区、直辖市人民政府：\n现将工作要点印发给你们。",
            "document_number": "国办发[2024]12号",
            "published_at": "2024-04-01 10:00",
        },
        "not an object",
        {"title": "缺少正文的条目", "url": "https://www.gov.cn/x"},
    ]
}


def _entry(n, attachments):
    return {
        "title": f"国务院关于第{n}项工作的通知",
        "url": f"https://www.gov.cn/zhengce/content/{n}.htm",
        "body_text": "正文。",
        "attachments": attachments,
    }


# Feed entries come from elsewhere: they may not name server files or internal hosts.
ATTACHMENT_FEED = {
    "items": [
        _entry(1, ["/etc/passwd"]),
        _entry(2, ["config/settings/base.pdf"]),
        _entry(3, ["http://127.0.0.1:{port}/a.pdf"]),
    ]
}


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.hits.append(self.path)
        if self.path == "/slow":
            time.sleep(1.5)
        routes = {
            "/rss": (RSS.encode(), "application/rss+xml"),
            "/atom": (ATOM.encode(), "application/atom+xml"),
            "/json": (json.dumps(JSON_FEED).encode(), "application/json"),
            "/slow": (RSS.encode(), "application/rss+xml"),
            "/garbage": (b"<rss><channel><item>", "application/rss+xml"),
            # The feed names this server's own port: read, never rewritten.
            "/attachments": (
                json.dumps(ATTACHMENT_FEED)
                .replace("{port}", str(self.server.server_address[1]))
                .encode(),
                "application/json",
            ),
            "/a.pdf": (b"%PDF-1.4 fetched from loopback", "application/pdf"),
        }
        if self.path not in routes:
            self.send_response(404)
            self.end_headers()
            return
        body, content_type = routes[self.path]
        try:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test)

    def log_message(self, *args):
        pass


class FeedTests(TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        cls.server.hits = []
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()
        cls.base = f"http://127.0.0.1:{cls.server.server_address[1]}"

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()
        super().tearDownClass()

    @classmethod
    def setUpTestData(cls):
        cls.column = ensure_library_column(slug="gwywj", title="国务院文件")
        cls.organization = make_organization("国务院")
        make_document(
            cls.column,
            organization=cls.organization,
            title="国务院关于已有文件的通知",
            document_number="国发〔2021〕5号",
        )

    def _pull(self, path, **kwargs):
        return pull_upstream(
            url=self.base + path,
            column=self.column,
            organization=self.organization,
            fetcher=kwargs.pop("fetcher", HttpFetcher(read_timeout=5, retries=1)),
            **kwargs,
        )

    def test_rss_imports_new_and_records_malformed_and_duplicates(self):
        run = self._pull("/rss")
        self.assertEqual(run.status, ImportRunStatus.SUCCEEDED)
        self.assertEqual(run.created, 1)
        reasons = {e.position: e.reason for e in run.skipped_entries.all()}
        self.assertEqual(set(reasons), {2, 3, 4, 5})
        self.assertIn("缺少标题", reasons[2])
        self.assertIn("重复：资源库已有国务院的国发〔2021〕5号", reasons[3])
        self.assertIn("同一原文地址", reasons[4])
        self.assertIn("日期", reasons[5])
        document = DisclosureDocumentPage.objects.get(
            document_number="国发〔2022〕14号"
        )
        self.assertTrue(document.live)
        self.assertEqual(
            document.source_url,
            "https://www.gov.cn/zhengce/content/2022-06/23/content_1.htm",
        )
        self.assertEqual(document.first_published_at.date().isoformat(), "2022-06-23")
        # Pulling again adds nothing and says why.
        again = self._pull("/rss")
        self.assertEqual(again.created, 0)
        self.assertIn("重复", again.skipped_entries.get(position=1).reason)

    def test_atom_and_json_feeds(self):
        self.assertEqual(self._pull("/atom").created, 1)
        run = self._pull("/json")
        self.assertEqual(run.created, 1)
        self.assertTrue(
            DisclosureDocumentPage.objects.filter(
                document_number="国办发〔2024〕12号"
            ).exists()
        )
        reasons = [e.reason for e in run.skipped_entries.all()]
        self.assertEqual(len(reasons), 2)
        self.assertIn("不是 JSON 对象", reasons[0])

    def test_a_server_that_times_out_fails_the_run_with_a_reason(self):
        self.server.hits.clear()
        fetcher = HttpFetcher(read_timeout=0.3, retries=1, backoff=0)
        with mock.patch.object(
            fetcher.session, "get", wraps=fetcher.session.get
        ) as get:
            run = self._pull("/slow", fetcher=fetcher)
        # The read timeout reaches the HTTP client and the retry is bounded:
        # one try plus one retry, then the run gives up.
        self.assertEqual(get.call_args.kwargs["timeout"], (5, 0.3))
        self.assertEqual(self.server.hits, ["/slow", "/slow"])
        self.assertEqual(run.status, ImportRunStatus.FAILED)
        self.assertIn("抓取超时", run.message)
        self.assertEqual(run.created, 0)

    def test_feed_attachments_cannot_read_server_files_or_internal_hosts(self):
        run = self._pull("/attachments")
        self.assertEqual(run.created, 0)
        reasons = {e.position: e.reason for e in run.skipped_entries.all()}
        self.assertIn("不能是服务器上的文件", reasons[1])
        self.assertIn("不能是服务器上的文件", reasons[2])
        self.assertIn("内部地址", reasons[3])
        self.assertFalse(get_document_model().objects.exists())

    def test_unreadable_feed_and_missing_page_fail_the_run(self):
        self.assertIn("无法解析", self._pull("/garbage").message)
        self.assertIn("404", self._pull("/missing").message)

    def test_entity_expansion_is_refused(self):
        bomb = (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]>'
            b"<rss><channel><item><title>&a;</title></item></channel></rss>"
        )
        with self.assertRaisesMessage(Exception, "不安全"):
            parse_feed(bomb)

    def test_command_prints_the_run(self):
        from io import StringIO

        out = StringIO()
        call_command(
            "pull_upstream",
            self.base + "/atom",
            "--column",
            "gwywj",
            "--organization",
            "国务院",
            "--no-progress",
            stdout=out,
        )
        self.assertIn("新增 1 篇", out.getvalue())
        self.assertEqual(UpstreamImportRun.objects.count(), 1)
