"""Broken links: internal routing, closed sites, external HTTP with timeouts (#5)."""

import itertools
import threading
from unittest import mock

from django.test import TestCase, override_settings

from inspection import linkcheck
from inspection.linkcheck import LinkChecker
from inspection.models import LinkCheckResult
from inspection.rules import get_rule
from inspection.rules.base import InspectionContext
from site_registry import lifecycle as registry
from tests.inspection.helpers import TODAY, build, document, http_server, set_body


def run_links(site, shared=None):
    context = InspectionContext(TODAY, shared=shared if shared is not None else {})
    return list(get_rule("links").check(site=site, context=context))


class InternalLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.profile, cls.home, (cls.column,), cls.org = build("lnk")
        cls.closed, *_rest = build("gone")
        registry.close_site(profile=cls.closed)
        cls.target = document(cls.column, cls.org, slug="target")
        cls.page = document(cls.column, cls.org, slug="source")

    def test_internal_links_resolve_through_the_cluster_routing(self):
        set_body(
            self.page,
            '<p><a href="/xxgk/zcwj/target/">好</a>'
            '<a href="http://lnk.localhost/xxgk/zcwj/nowhere/">坏</a>'
            '<a href="/xxgk/zcwj/target">无斜杠</a>'
            '<a href="mailto:a@b.cn">邮件</a></p>',
        )
        problems = run_links(self.profile)
        self.assertEqual(len(problems), 1, [p.message for p in problems])
        self.assertIn("/xxgk/zcwj/nowhere/", problems[0].message)
        self.assertEqual(problems[0].page_id, self.page.pk)

    def test_link_to_a_closed_site(self):
        set_body(self.page, '<p><a href="http://gone.localhost/">旧站</a></p>')
        problems = run_links(self.profile)
        self.assertEqual(len(problems), 1)
        self.assertIn("已关闭", problems[0].message)


class ExternalLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.profile, cls.home, (cls.column,), cls.org = build("ext")
        cls.page = document(cls.column, cls.org)

    def test_external_broken_links_are_found_and_cached(self):
        with http_server() as (server, base):
            set_body(
                self.page,
                f'<p><a href="{base}/ok">好</a><a href="{base}/missing">坏</a>'
                f'<img src="{base}/missing.png" alt=""></p>',
            )
            problems = run_links(self.profile)
            self.assertEqual(
                sorted(p.evidence for p in problems),
                [f"{base}/missing", f"{base}/missing.png"],
            )
            hits = len(server.hits)
            run_links(self.profile)  # within the TTL: answered from the cache
            self.assertEqual(len(server.hits), hits)
        self.assertEqual(LinkCheckResult.objects.filter(ok=False).count(), 2)

    def test_personal_data_in_a_broken_url_is_masked(self):
        valid_id = "11010519491231002X"
        with http_server() as (_server, base):
            set_body(self.page, f'<p><a href="{base}/missing?sfz={valid_id}">x</a></p>')
            (problem,) = run_links(self.profile)
        self.assertNotIn(valid_id, problem.evidence + problem.message)
        self.assertIn("110105********002X", problem.evidence)

    @override_settings(INSPECTION_LINK_CACHE_SECONDS=0)
    def test_without_cache_links_are_fetched_again(self):
        with http_server() as (server, base):
            set_body(self.page, f'<p><a href="{base}/ok">好</a></p>')
            run_links(self.profile)
            run_links(self.profile)
            self.assertEqual(server.hits, ["/ok", "/ok"])


class FakeClock:
    """Monotonic time that moves only when the checker sleeps."""

    def __init__(self):
        self.now = 1000.0
        self._lock = threading.Lock()

    def monotonic(self):
        with self._lock:
            return self.now

    def sleep(self, seconds):
        with self._lock:
            self.now += seconds


class CheckerTests(TestCase):
    def test_slow_host_times_out_and_is_given_up(self):
        with (
            http_server() as (server, base),
            mock.patch.object(linkcheck, "fetch", wraps=linkcheck.fetch) as fetch,
        ):
            checker = LinkChecker(
                concurrency=4, per_host=2, delay=0, timeout=0.3, ttl=0, host_failures=2
            )
            urls = [f"{base}/slow/{i}" for i in range(10)]
            results = checker.check(urls)
        self.assertTrue(all(not status.ok for status in results.values()))
        self.assertTrue(any(s.error == "timeout" for s in results.values()))
        self.assertTrue(any(s.error == "host unresponsive" for s in results.values()))
        # Every request carries the timeout; ten links to a hanging host cost
        # about two rounds of timeouts (per_host + host_failures - 1 requests at
        # most: one may start just before the second failure lands), not ten.
        self.assertTrue(fetch.call_args_list)
        for call in fetch.call_args_list:
            self.assertEqual(call.kwargs, {"timeout": 0.3})
        self.assertLessEqual(fetch.call_count, 3)
        self.assertEqual(checker.fetched, fetch.call_count)
        given_up = [s for s in results.values() if s.error == "host unresponsive"]
        self.assertEqual(len(given_up), 10 - fetch.call_count)

    def test_concurrency_limit_holds(self):
        with http_server() as (server, base):
            server.slow_event.set()  # /slow answers at once
            checker = LinkChecker(concurrency=3, per_host=3, delay=0, ttl=0)
            checker.check([f"{base}/ok/{i}" for i in range(30)])
        self.assertLessEqual(checker.peak_in_flight, 3)
        self.assertEqual(checker.fetched, 30)

    def test_per_host_politeness_delay(self):
        clock = FakeClock()
        started_at = []

        def fetch(url, *, timeout):
            started_at.append(clock.monotonic())
            return linkcheck.LinkStatus(url, True, 200)

        with (
            mock.patch.object(linkcheck, "time", clock),
            mock.patch.object(linkcheck, "fetch", fetch),
        ):
            checker = LinkChecker(concurrency=8, per_host=1, delay=0.1, ttl=0)
            checker.check([f"http://polite.invalid/ok/{i}" for i in range(5)])
        # One request at a time to the host, each 0.1 s after the one before.
        gaps = [round(b - a, 6) for a, b in itertools.pairwise(started_at)]
        self.assertEqual(gaps, [0.1, 0.1, 0.1, 0.1])
        self.assertLessEqual(checker.peak_in_flight, 1)


class ProbeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.profile, *_rest = build("prb")

    def test_probe_records_success_and_timeout(self):
        from inspection import services
        from inspection.models import ProbeResult

        with http_server() as (_server, base):
            with override_settings(INSPECTION_PROBE_URL=base + "/ok/{host}"):
                services.probe_sites(timeout=1)
            with override_settings(INSPECTION_PROBE_URL=base + "/slow/{host}"):
                services.probe_sites(timeout=0.3)
        ok, slow = ProbeResult.objects.filter(site=self.profile).order_by("pk")
        self.assertTrue(ok.ok)
        self.assertEqual(ok.url, f"{base}/ok/prb.localhost")
        self.assertFalse(slow.ok)
        self.assertEqual(slow.error, "timeout")


class HostIsolationTests(TestCase):
    def test_a_dead_port_does_not_condemn_another_on_the_same_machine(self):
        with http_server() as (_slow, dead), http_server() as (live, base):
            live.slow_event.set()
            checker = LinkChecker(
                concurrency=4, per_host=2, delay=0, timeout=0.2, ttl=0, host_failures=1
            )
            results = checker.check(
                [f"{dead}/slow/{i}" for i in range(4)]
                + [f"{base}/ok/{i}" for i in range(6)]
            )
        self.assertEqual(sum(s.ok for s in results.values()), 6)
