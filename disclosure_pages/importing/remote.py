"""Download an attachment URL without letting the import reach internal hosts.

An import file comes from an old site or an upstream feed, not from us: its URLs
must not make the server fetch from itself, the intranet or the cloud metadata
service (server-side request forgery). Every hop is checked the same way:

- only http and https;
- the host, if ``IMPORT_URL_ALLOWED_HOSTS`` is set, must be on that list;
- the host is resolved here and every address it resolves to must be public;
  the connection then goes to the checked address itself (the Host header and
  TLS name stay the host name), so a second DNS answer cannot swap in an
  internal address between the check and the connection (DNS rebinding);
- redirects are followed by hand, each one checked again, at most
  ``IMPORT_URL_MAX_REDIRECTS`` of them;
- connect and read timeouts (``IMPORT_URL_TIMEOUT``), an overall deadline and
  the admin upload size limit (``WAGTAILDOCS_MAX_UPLOAD_SIZE``).

``IMPORT_URL_TRUSTED_NETWORKS`` exempts networks from the public-address check
(tests, or a mirror inside the government network); it is empty by default.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import urllib.parse

import certifi
import urllib3
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from disclosure_pages.importing.records import RecordError

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
CHUNK = 64 * 1024
NAT64 = ipaddress.ip_network("64:ff9b::/96")
USER_AGENT = "govcluster-import/1.0"


def fetch_url(url: str) -> bytes:
    """The body at ``url``; raises RecordError (in Chinese) when refused or failed."""
    max_bytes = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    connect, read = getattr(settings, "IMPORT_URL_TIMEOUT", (5, 30))
    deadline = time.monotonic() + connect + 4 * read
    max_redirects = getattr(settings, "IMPORT_URL_MAX_REDIRECTS", 3)
    current = url
    for _hop in range(max_redirects + 1):
        response = _open(current, timeout=urllib3.Timeout(connect=connect, read=read))
        try:
            if response.status in REDIRECT_STATUSES:
                location = response.headers.get("Location")
                if not location:
                    raise RecordError(
                        _("附件网址重定向时没有给出新地址：%(url)s") % {"url": current}
                    )
                current = urllib.parse.urljoin(current, location)
                continue
            if response.status != 200:
                raise RecordError(
                    _("无法下载附件 %(url)s：服务器返回 %(status)d。")
                    % {"url": current, "status": response.status}
                )
            return _read_body(
                response, url=current, max_bytes=max_bytes, deadline=deadline
            )
        except urllib3.exceptions.TimeoutError as error:
            raise RecordError(_("下载附件超时：%(url)s") % {"url": current}) from error
        except urllib3.exceptions.HTTPError as error:
            raise RecordError(
                _("无法下载附件 %(url)s：%(reason)s")
                % {"url": current, "reason": error}
            ) from error
        finally:
            response.release_conn()
    raise RecordError(
        _("附件网址重定向次数过多（超过 %(max)d 次）：%(url)s")
        % {"max": max_redirects, "url": url}
    )


def _open(url: str, *, timeout: urllib3.Timeout) -> urllib3.BaseHTTPResponse:
    """Check one hop and send its request to the checked address."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RecordError(
            _("附件网址只能以 http:// 或 https:// 开头：%(url)s") % {"url": url}
        )
    host = parts.hostname
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise RecordError(_("附件网址的端口不正确：%(url)s") % {"url": url}) from error
    if not host_allowed(host):
        raise RecordError(
            _(
                "附件网址的主机 %(host)s 不在允许的主机名单（IMPORT_URL_ALLOWED_HOSTS）内。"  # noqa: E501
            )
            % {"host": host}
        )
    address = resolve_public_address(host, port, url=url)
    pool_options = {"timeout": timeout, "retries": False, "maxsize": 1}
    if parts.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address,
            port,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
            **pool_options,
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, port, **pool_options)
    default_port = 443 if parts.scheme == "https" else 80
    host_header = f"[{host}]" if ":" in host else host
    if port != default_port:
        host_header += f":{port}"
    target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    try:
        return pool.urlopen(
            "GET",
            target,
            headers={
                "Host": host_header,
                "User-Agent": USER_AGENT,
                "Accept-Encoding": "identity",
            },
            redirect=False,
            retries=False,
            preload_content=False,
            assert_same_host=False,
        )
    except urllib3.exceptions.TimeoutError as error:
        raise RecordError(_("下载附件超时：%(url)s") % {"url": url}) from error
    except urllib3.exceptions.HTTPError as error:
        raise RecordError(
            _("无法下载附件 %(url)s：%(reason)s") % {"url": url, "reason": error}
        ) from error


def _read_body(response, *, url: str, max_bytes: int, deadline: float) -> bytes:
    too_large = RecordError(
        _("附件 %(url)s 超过 %(max)s。")
        % {"url": url, "max": filesizeformat(max_bytes)}
    )
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise too_large
    chunks, size = [], 0
    while chunk := response.read(CHUNK, decode_content=False):
        size += len(chunk)
        if size > max_bytes:
            raise too_large
        if time.monotonic() > deadline:
            raise RecordError(_("下载附件超时：%(url)s") % {"url": url})
        chunks.append(chunk)
    return b"".join(chunks)


def host_allowed(host: str) -> bool:
    """True unless an allow-list is set and ``host`` is not on it.

    An entry ``.example.org`` also allows every subdomain of example.org.
    """
    allowed = getattr(settings, "IMPORT_URL_ALLOWED_HOSTS", None)
    if not allowed:
        return True
    host = host.lower().rstrip(".")
    for entry in allowed:
        entry = entry.lower().rstrip(".")
        if host == entry.lstrip(".") or (
            entry.startswith(".") and host.endswith(entry)
        ):
            return True
    return False


def resolve_public_address(host: str, port: int, *, url: str) -> str:
    """The address to connect to; every address ``host`` resolves to must be public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise RecordError(
            _("无法解析附件网址的主机名：%(host)s") % {"host": host}
        ) from error
    addresses = [info[4][0] for info in infos]
    for address in addresses:
        if not address_allowed(address):
            raise RecordError(
                _(
                    "附件网址 %(url)s 指向内部地址 %(address)s"
                    "（本机、内网、链路本地、组播或云服务元数据地址），已拒绝下载。"
                )
                % {"url": url, "address": address}
            )
    return addresses[0]


def address_allowed(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    for network in getattr(settings, "IMPORT_URL_TRUSTED_NETWORKS", ()):
        if ip in ipaddress.ip_network(network, strict=False):
            return True
    return is_public(ip)


def is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Globally routable unicast; IPv4 embedded in IPv6 is judged as IPv4."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return is_public(ip.ipv4_mapped)
        if ip in NAT64:
            return is_public(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if ip.sixtofour is not None and not is_public(ip.sixtofour):
            return False
    internal = [
        ip.is_loopback,
        ip.is_private,
        ip.is_link_local,
        ip.is_multicast,
        ip.is_reserved,
        ip.is_unspecified,
    ]
    if isinstance(ip, ipaddress.IPv6Address):
        internal.append(ip.is_site_local)
    return ip.is_global and not any(internal)
