"""Issue 14: imported attachments cannot read server files or reach internal hosts.

Each test runs the management command on a real file in a tmp dir, as the
operator does, and checks the output and that nothing was written.
"""

import io
import json
import os
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from wagtail.documents import get_document_model

from disclosure_pages.models import DisclosureDocumentPage
from tests.factories.disclosure import make_catalog, make_organization, make_site

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def target(db):
    site, home = make_site("imp", hostname="imp.localhost")
    make_catalog(home, ("zcwj", "policy"))
    return make_organization("示范市人民政府办公室")


def _record(attachments, n=1):
    return {
        "source_id": f"src-{n}",
        "title": f"示范市人民政府关于第{n}项工作的通知",
        "body_text": "现就有关事项通知如下。",
        "published_at": "2019-03-05 10:30",
        "organization": "示范市人民政府办公室",
        "attachments": attachments,
    }


def _import(directory, records, command="import_documents"):
    path = directory / "docs.jsonl"
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n",
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    if command == "import_documents":
        args = ["--site", "imp", "--column", "zcwj"]
    else:
        args = ["--column", "gwywj", "--organization", "示范市人民政府办公室"]
    call_command(command, str(path), *args, "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), out.getvalue() + err.getvalue()


def _assert_nothing_written():
    assert not DisclosureDocumentPage.objects.exists()
    assert not get_document_model().objects.exists()


# --- files ------------------------------------------------------------------------


@pytest.fixture
def import_dir(tmp_path):
    directory = tmp_path / "batch"
    directory.mkdir()
    (tmp_path / "outside.pdf").write_bytes(PDF)
    return directory


@pytest.mark.parametrize("command", ["import_documents", "import_upstream"])
def test_a_symlink_to_a_server_file_is_refused(target, import_dir, command):
    os.symlink("/etc/passwd", import_dir / "passwd.pdf")
    out, report = _import(import_dir, [_record(["passwd.pdf"])], command)
    assert "失败 1 篇" in out
    assert "第 1 行，字段 attachments：" in report and "符号链接" in report
    assert "root:" not in report
    _assert_nothing_written()


def test_a_symlinked_directory_is_refused(target, import_dir, tmp_path):
    os.symlink(tmp_path, import_dir / "up")
    out, report = _import(import_dir, [_record(["up/outside.pdf"])])
    assert (
        "失败 1 篇" in out
        and "第 1 行，字段 attachments：" in report
        and "符号链接" in report
    )
    _assert_nothing_written()


@pytest.mark.parametrize("command", ["import_documents", "import_upstream"])
def test_absolute_paths_are_refused(target, import_dir, tmp_path, command):
    inside = import_dir / "a.pdf"
    inside.write_bytes(PDF)
    records = [_record(["/etc/passwd"], 1), _record([str(inside)], 2)]
    out, report = _import(import_dir, records, command)
    assert "失败 2 篇" in out
    assert (
        "第 1 行，字段 attachments：" in report
        and "第 2 行，字段 attachments：" in report
    )
    assert report.count("绝对路径") == 2
    _assert_nothing_written()


@pytest.mark.parametrize("location", ["../outside.pdf", "sub/../../outside.pdf"])
def test_parent_directory_references_are_refused(target, import_dir, location):
    (import_dir / "sub").mkdir()
    out, report = _import(import_dir, [_record([location])])
    assert (
        "失败 1 篇" in out
        and "第 1 行，字段 attachments：" in report
        and "“..”" in report
    )
    _assert_nothing_written()


def test_imported_files_get_the_admin_upload_content_checks(target, import_dir):
    (import_dir / "shell.pdf").write_bytes(b"<?php system($_GET['c']); ?>")
    (import_dir / "good.pdf").write_bytes(PDF)
    records = [_record(["shell.pdf"], 1), _record(["good.pdf"], 2)]
    out, report = _import(import_dir, records)
    assert "新建 1 篇，更新 0 篇，失败 1 篇" in out
    assert "第 1 行，字段 attachments：" in report and "内容与扩展名不符" in report
    page = DisclosureDocumentPage.objects.get()
    assert page.source_id == "src-2"
    assert get_document_model().objects.count() == 1


# --- URLs -------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.hits.append(self.path)
        if self.path.startswith("/redirect-to/"):
            self.send_response(302)
            location = unquote(self.path.removeprefix("/redirect-to/"))
            self.send_header("Location", location)
            self.end_headers()
        elif self.path == "/loop.pdf":
            self.send_response(302)
            self.send_header("Location", "/loop.pdf")
            self.end_headers()
        elif self.path == "/big.pdf":
            self.send_response(200)
            self.end_headers()  # no Content-Length: the cap must hold while reading
            self.wfile.write(PDF + b"0" * 100_000)
        elif self.path == "/slow.pdf":
            time.sleep(3)
            self.send_response(200)
            self.end_headers()
        else:
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(len(PDF)))
            self.end_headers()
            self.wfile.write(PDF)


class _V6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6


def _serve(host):
    server = (_V6Server if ":" in host else ThreadingHTTPServer)((host, 0), _Handler)
    server.hits = []
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def loopback():
    servers = {
        "v4": _serve("127.0.0.1"),
        "v4b": _serve("127.0.0.2"),
        "v6": _serve("::1"),
    }
    yield {name: (s, s.server_address[1]) for name, s in servers.items()}
    for server in servers.values():
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("command", ["import_documents", "import_upstream"])
def test_a_loopback_url_is_refused(target, import_dir, loopback, command):
    server, port = loopback["v4"]
    url = f"http://127.0.0.1:{port}/a.pdf"
    out, report = _import(import_dir, [_record([url])], command)
    assert (
        "失败 1 篇" in out
        and "第 1 行，字段 attachments：" in report
        and "内部地址" in report
    )
    assert server.hits == []
    _assert_nothing_written()


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1]:{v6}/a.pdf",
        "http://[::ffff:127.0.0.1]:{v4}/a.pdf",
        "http://localhost:{v4}/a.pdf",
        "http://0.0.0.0:{v4}/a.pdf",
        "http://169.254.169.254/latest/meta-data/a.pdf",
        "http://100.100.100.200/latest/meta-data/a.pdf",
        "http://10.0.0.1/a.pdf",
        "http://192.168.1.1/a.pdf",
        "http://[fd00:ec2::254]/a.pdf",
        "http://224.0.0.1/a.pdf",
        "http://2130706433:{v4}/a.pdf",
    ],
)
def test_internal_addresses_are_refused(target, import_dir, loopback, url):
    url = url.format(v4=loopback["v4"][1], v6=loopback["v6"][1])
    out, report = _import(import_dir, [_record([url])])
    assert "失败 1 篇" in out and "第 1 行，字段 attachments：" in report
    assert "内部地址" in report or "无法解析" in report
    assert all(server.hits == [] for server, _port in loopback.values())
    _assert_nothing_written()


@pytest.mark.parametrize("url", ["ftp://example.org/a.pdf", "file:///etc/passwd.pdf"])
def test_only_http_urls_are_fetched(target, import_dir, url):
    out, report = _import(import_dir, [_record([url])])
    assert "失败 1 篇" in out and "第 1 行，字段 attachments：" in report
    _assert_nothing_written()


def test_a_trusted_test_host_is_fetched(target, import_dir, loopback, settings):
    settings.IMPORT_URL_TRUSTED_NETWORKS = ["127.0.0.1/32"]
    server, port = loopback["v4"]
    out, report = _import(import_dir, [_record([f"http://127.0.0.1:{port}/a.pdf"])])
    assert "新建 1 篇，更新 0 篇，失败 0 篇" in out, report
    document = DisclosureDocumentPage.objects.get().attachments.get().document
    with document.file.open("rb") as stream:
        assert stream.read() == PDF
    assert server.hits == ["/a.pdf"]


def test_each_redirect_hop_is_checked(target, import_dir, loopback, settings):
    settings.IMPORT_URL_TRUSTED_NETWORKS = ["127.0.0.1/32"]
    server, port = loopback["v4"]
    inner, inner_port = loopback["v4b"]
    v6, v6_port = loopback["v6"]
    start = f"http://127.0.0.1:{port}/redirect-to/"
    records = [
        _record([f"{start}http://127.0.0.2:{inner_port}/a.pdf"], 1),
        _record([f"{start}http://[::1]:{v6_port}/a.pdf"], 2),
        _record([f"{start}http://169.254.169.254/a.pdf"], 3),
    ]
    out, report = _import(import_dir, records)
    assert "失败 3 篇" in out, report
    assert report.count("内部地址") == 3
    assert inner.hits == [] and v6.hits == []
    assert len(server.hits) == 3
    _assert_nothing_written()


def test_redirects_are_capped(target, import_dir, loopback, settings):
    settings.IMPORT_URL_TRUSTED_NETWORKS = ["127.0.0.1/32"]
    server, port = loopback["v4"]
    out, report = _import(import_dir, [_record([f"http://127.0.0.1:{port}/loop.pdf"])])
    assert "失败 1 篇" in out and "重定向" in report
    assert 1 < len(server.hits) <= 6
    _assert_nothing_written()


def test_the_allow_list_limits_hosts(target, import_dir, loopback, settings):
    settings.IMPORT_URL_TRUSTED_NETWORKS = ["127.0.0.1/32"]
    settings.IMPORT_URL_ALLOWED_HOSTS = ["www.gov.cn"]
    server, port = loopback["v4"]
    out, report = _import(import_dir, [_record([f"http://127.0.0.1:{port}/a.pdf"])])
    assert "失败 1 篇" in out and "允许" in report
    assert server.hits == []
    _assert_nothing_written()


def test_size_and_time_are_capped(target, import_dir, loopback, settings):
    settings.IMPORT_URL_TRUSTED_NETWORKS = ["127.0.0.1/32"]
    settings.IMPORT_URL_TIMEOUT = (1, 1)
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 10_000
    _server, port = loopback["v4"]
    records = [
        _record([f"http://127.0.0.1:{port}/big.pdf"], 1),
        _record([f"http://127.0.0.1:{port}/slow.pdf"], 2),
    ]
    started = time.monotonic()
    out, report = _import(import_dir, records)
    assert time.monotonic() - started < 10
    assert "失败 2 篇" in out
    assert "第 1 行，字段 attachments：" in report and "超过" in report
    assert "第 2 行，字段 attachments：" in report and "超时" in report
    _assert_nothing_written()


def test_the_connection_goes_to_the_checked_address(
    target, import_dir, loopback, settings, monkeypatch
):
    """DNS rebinding: a second lookup answering loopback is never made or used."""
    settings.IMPORT_URL_TIMEOUT = (1, 1)
    server, port = loopback["v4"]
    real_getaddrinfo = socket.getaddrinfo
    answers = []

    def rebinding_dns(host, *args, **kwargs):
        if host != "rebind.example.org":
            return real_getaddrinfo(host, *args, **kwargs)
        # A public address for the check, loopback for any later lookup.
        address = "93.184.216.34" if not answers else "127.0.0.1"
        answers.append(address)
        return real_getaddrinfo(address, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_dns)
    url = f"http://rebind.example.org:{port}/a.pdf"
    out, report = _import(import_dir, [_record([url])])
    assert "失败 1 篇" in out and "第 1 行，字段 attachments：" in report
    assert answers == ["93.184.216.34"]
    assert server.hits == []
    _assert_nothing_written()
