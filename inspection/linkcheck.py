"""External link checking over HTTP: bounded, polite, cached.

At most ``concurrency`` requests are in flight in the whole run, at most
``per_host`` to one host, with ``delay`` seconds between requests to the same
host. Every request has a timeout; after ``host_failures`` consecutive
timeouts or connection errors a host (host:port) is given up for the rest of
the run, so one dead or slow host costs a few timeouts, not one per link.
Results are kept in ``LinkCheckResult`` and reused for ``ttl`` seconds. Network
work happens in worker threads; only the calling thread touches the database.
"""

from __future__ import annotations

import datetime
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from inspection.models import LinkCheckResult

USER_AGENT = "govcluster-inspection/1.0 (+daily inspection of government sites)"


@dataclass(frozen=True)
class LinkStatus:
    url: str
    ok: bool
    status_code: int | None = None
    error: str = ""


def setting(name: str, default):
    return getattr(settings, f"INSPECTION_LINK_{name}", default)


class LinkChecker:
    def __init__(
        self,
        *,
        concurrency: int | None = None,
        per_host: int | None = None,
        delay: float | None = None,
        timeout: float | None = None,
        ttl: int | None = None,
        host_failures: int | None = None,
    ):
        self.concurrency = concurrency or setting("CONCURRENCY", 16)
        self.per_host = per_host or setting("PER_HOST", 2)
        self.delay = setting("HOST_DELAY", 0.0) if delay is None else delay
        # 15 s, the national rule for a page that does not answer (V2, D1).
        self.timeout = timeout or setting("TIMEOUT", 15.0)
        self.ttl = setting("CACHE_SECONDS", 24 * 3600) if ttl is None else ttl
        self.host_failures = host_failures or setting("HOST_FAILURES", 3)
        self._lock = threading.Lock()
        self._host_slots: dict[str, threading.BoundedSemaphore] = {}
        self._host_next: dict[str, float] = defaultdict(float)
        self._host_failed: dict[str, int] = defaultdict(int)
        self.in_flight = 0
        self.peak_in_flight = 0
        self.fetched = 0

    # -- cache -------------------------------------------------------------

    def check(self, urls) -> dict[str, LinkStatus]:
        urls = list(dict.fromkeys(urls))
        results: dict[str, LinkStatus] = {}
        if self.ttl:
            fresh_since = timezone.now() - datetime.timedelta(seconds=self.ttl)
            for row in LinkCheckResult.objects.filter(
                url__in=urls, checked_at__gte=fresh_since
            ):
                results[row.url] = LinkStatus(
                    row.url, row.ok, row.status_code, row.error
                )
        todo = [url for url in urls if url not in results]
        fetched = self._fetch_all(todo)
        results.update(fetched)
        now = timezone.now()
        LinkCheckResult.objects.bulk_create(
            [
                LinkCheckResult(
                    url=s.url[:1000],
                    checked_at=now,
                    ok=s.ok,
                    status_code=s.status_code,
                    error=s.error[:300],
                )
                for s in fetched.values()
            ],
            update_conflicts=True,
            unique_fields=["url"],
            update_fields=["checked_at", "ok", "status_code", "error"],
        )
        return results

    # -- network -----------------------------------------------------------

    def _fetch_all(self, urls: list[str]) -> dict[str, LinkStatus]:
        if not urls:
            return {}
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            return dict(zip(urls, pool.map(self._fetch_politely, urls), strict=True))

    def _slot(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            if host not in self._host_slots:
                self._host_slots[host] = threading.BoundedSemaphore(self.per_host)
            return self._host_slots[host]

    def _fetch_politely(self, url: str) -> LinkStatus:
        # host:port — two services on one machine are two hosts.
        host = urlsplit(url).netloc.lower()
        with self._slot(host):
            if self._host_failed[host] >= self.host_failures:
                return LinkStatus(url, False, None, "host unresponsive")
            with self._lock:
                wait = self._host_next[host] - time.monotonic()
                self._host_next[host] = max(self._host_next[host], time.monotonic()) + (
                    self.delay
                )
            if wait > 0:
                time.sleep(wait)
            with self._lock:
                self.in_flight += 1
                self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
            try:
                status = fetch(url, timeout=self.timeout)
            finally:
                with self._lock:
                    self.in_flight -= 1
                    self.fetched += 1
            with self._lock:
                # Consecutive failures only: a busy host that answers now and
                # then is not given up.
                if status.status_code is None:
                    self._host_failed[host] += 1
                else:
                    self._host_failed[host] = 0
            return status


def fetch(url: str, *, timeout: float) -> LinkStatus:
    """HEAD the URL (GET when HEAD is refused); a 2xx/3xx answer is a working link."""
    if not url.startswith(("http://", "https://")):
        return LinkStatus(url, False, None, "not an http(s) URL")
    for method in ("HEAD", "GET"):
        # Scheme checked above: never file: or custom schemes.
        request = urllib.request.Request(  # noqa: S310
            url, method=method, headers={"User-Agent": USER_AGENT}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                return LinkStatus(url, True, response.status)
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (403, 405, 501):
                continue
            return LinkStatus(url, error.code < 400, error.code, str(error.reason))
        except (TimeoutError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            text = "timeout" if "timed out" in str(reason) else str(reason)
            return LinkStatus(url, False, None, text[:300])
    return LinkStatus(url, False, None, "no answer")
