"""Fetchers of upstream feeds. Pluggable: REPOSTING_UPSTREAM_FETCHER names the class."""

from __future__ import annotations

import requests
import urllib3
from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry


class FetchError(Exception):
    """The feed could not be fetched; the message is for the office, in Chinese."""


class BaseFetcher:
    def fetch(self, url: str) -> tuple[bytes, str]:
        """The body and content type at ``url``; raises FetchError."""
        raise NotImplementedError


class HttpFetcher(BaseFetcher):
    """GET with connect/read timeouts and retries with back-off on failures."""

    def __init__(
        self,
        *,
        connect_timeout: float = 5,
        read_timeout: float = 20,
        retries: int = 2,
        backoff: float = 0.5,
        max_bytes: int = 20 * 1024 * 1024,
    ):
        self.timeout = (connect_timeout, read_timeout)
        self.max_bytes = max_bytes
        retry = Retry(
            total=retries,
            connect=retries,
            read=retries,
            status=retries,
            backoff_factor=backoff,
            status_forcelist=(429, 500, 502, 503, 504),
            allowed_methods=frozenset({"GET"}),
            raise_on_status=False,
        )
        self.session = requests.Session()
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = "govcluster-upstream/1.0"

    def fetch(self, url: str) -> tuple[bytes, str]:
        if not url.startswith(("http://", "https://")):
            raise FetchError(_("来源地址应以 http:// 或 https:// 开头。"))
        try:
            return self._get(url)
        except requests.exceptions.HTTPError as error:
            raise FetchError(
                _("来源返回错误 %(status)s：%(url)s")
                % {"status": error.response.status_code, "url": url}
            ) from error
        except (requests.exceptions.RequestException, OSError) as error:
            if _is_timeout(error):
                raise FetchError(
                    _("抓取超时（重试后仍无响应）：%(url)s") % {"url": url}
                ) from error
            raise FetchError(
                _("无法连接来源（重试后仍失败）：%(url)s") % {"url": url}
            ) from error

    def _get(self, url: str) -> tuple[bytes, str]:
        response = self.session.get(url, timeout=self.timeout, stream=True)
        response.raise_for_status()
        body = response.raw.read(self.max_bytes + 1, decode_content=True)
        if len(body) > self.max_bytes:
            raise FetchError(_("来源内容过大，超过 20 MB。"))
        return body, response.headers.get("Content-Type", "")


def _is_timeout(error: BaseException) -> bool:
    """requests reports a read timeout after the last retry as a ConnectionError."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, (requests.exceptions.Timeout, TimeoutError)):
            return True
        if isinstance(seen, urllib3.exceptions.TimeoutError):
            return True
        reason = getattr(seen, "reason", None)
        if isinstance(reason, BaseException):
            seen = reason
        elif seen.args and isinstance(seen.args[0], BaseException):
            seen = seen.args[0]
        else:
            seen = seen.__cause__ or seen.__context__
    return False


def get_fetcher() -> BaseFetcher:
    path = getattr(
        settings, "REPOSTING_UPSTREAM_FETCHER", "reposting.upstream.fetch.HttpFetcher"
    )
    return import_string(path)()
