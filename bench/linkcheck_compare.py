"""Compare the inspection's broken links with Debian's `linkchecker` (#5).

    apt-get install -y linkchecker
    eval "$(bash scripts/services.sh env postgres)"
    .venv/bin/python bench/linkcheck_compare.py

Loads the demo cluster into a fresh database (``<name>_lccompare``), plants
deliberately broken links in one published document of the city portal
(an internal page that does not exist, an internal document that does not
exist, an external 404, an external dead host, a link to a closed site) plus
working ones, serves the cluster over HTTP in this process and crawls the
portal with linkchecker. The demo hosts (``*.localhost``) do not resolve on
every machine, so linkchecker reaches them through a small forwarding proxy
(``http_proxy``) that sends every request to the cluster's server with its Host
header kept, and other hosts to where they point.

Prints both tools' sets of broken URLs and their differences; exit status 1
when a link the inspection should find is missing from its findings.
"""

from __future__ import annotations

import csv
import http.client
import importlib.util
import io
import os
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

_spec = importlib.util.spec_from_file_location(
    "inspection_bench", Path(__file__).with_name("inspection.py")
)
inspection_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(inspection_bench)


def forwarding_proxy(cluster_port: int) -> ThreadingHTTPServer:
    class Proxy(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _forward(self):
            target = urlsplit(self.path)
            host = target.hostname or ""
            if host.endswith(".localhost") or host == "localhost":
                connect = ("127.0.0.1", cluster_port)
            else:
                connect = (host, target.port or 80)
            path = target.path or "/"
            if target.query:
                path += "?" + target.query
            try:
                conn = http.client.HTTPConnection(*connect, timeout=5)
                headers = {
                    k: v for k, v in self.headers.items() if k != "Proxy-Connection"
                }
                conn.request(self.command, path, headers=headers)
                response = conn.getresponse()
                body = response.read()
            except OSError:
                try:
                    self.send_error(502)
                except OSError:
                    pass  # the client gave up first
                return
            self.send_response(response.status)
            for key, value in response.getheaders():
                if key.lower() not in (
                    "transfer-encoding",
                    "connection",
                    "content-length",
                ):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_GET = do_HEAD = _forward

    server = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def serve_cluster():
    from django.core.servers.basehttp import (
        ThreadedWSGIServer,
        WSGIRequestHandler,
        get_internal_wsgi_application,
    )

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet)
    server.set_app(get_internal_wsgi_application())
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def plant_links(ext_base: str, dead_base: str, port: int):
    from disclosure_pages.models import DisclosureDocumentPage
    from site_registry.choices import SiteStatus
    from site_registry.models import SiteDomain, SiteProfile

    portal = SiteProfile.objects.get(site__hostname="www.localhost")
    closed = SiteDomain.objects.filter(
        profile__status__in=[SiteStatus.CLOSED, SiteStatus.MERGED]
    ).first()
    page = (
        DisclosureDocumentPage.objects.live()
        .descendant_of(portal.root_page)
        .order_by("path")
        .first()
    )
    base = f"http://www.localhost:{port}"
    planted_broken = [
        f"{base}/xxgk/zcwj/no-such-document/",
        f"{base}/documents/999999/missing.pdf",
        f"{ext_base}/missing/report.pdf",
        f"{dead_base}/gone",
    ]
    working = [
        f"{ext_base}/ok/page",
        f"{base}/xxgk/",
        f"{base}{page.url_path.removeprefix(portal.root_page.url_path[:-1])}",
    ]
    if closed is not None:
        planted_broken.append(f"http://{closed.hostname}:{port}/")
    html = "".join(
        f'<p><a href="{url}">链接{i}</a></p>'
        for i, url in enumerate(planted_broken + working)
    )
    DisclosureDocumentPage.objects.filter(pk=page.pk).update(body=page.body + html)
    return portal, planted_broken


def run_linkchecker(start: str, proxy_port: int) -> set[str]:
    env = {**os.environ, "http_proxy": f"http://127.0.0.1:{proxy_port}", "no_proxy": ""}
    # Fixed arguments and the start URL this script built; no user input.
    result = subprocess.run(  # noqa: S603
        [
            shutil.which("linkchecker"), "--check-extern", "--no-warnings",
            "--no-status", "--recursion-level=3", "--timeout=5", "--threads=8",
            "--output=csv", start,
        ],
        capture_output=True, text=True, env=env, timeout=900,
    )  # fmt: skip
    lines = [line for line in result.stdout.splitlines() if not line.startswith("#")]
    broken = set()
    for row in csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"):
        if row.get("valid", "").lower() in ("false", "0"):
            broken.add(
                row.get("urlname")
                if "://" in (row.get("urlname") or "")
                else row.get("url")
            )
    return {url for url in broken if url}


def main() -> int:
    if shutil.which("linkchecker") is None:
        print("linkchecker is not installed: apt-get install -y linkchecker")
        return 2
    inspection_bench.fresh_database("_lccompare")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    settings.INSPECTION_LINK_TIMEOUT = 3
    call_command("migrate", verbosity=0)
    cluster = serve_cluster()
    port = cluster.server_address[1]
    from demo.services import load_demo_cluster

    load_demo_cluster(port=port)
    ext = inspection_bench.Server()
    dead = inspection_bench.Server(hang=True)
    proxy = forwarding_proxy(port)
    try:
        portal, planted = plant_links(ext.base, dead.base, port)
        from inspection import services
        from inspection.models import Finding

        services.run_inspection(site_codes=[portal.code], checks=["links", "content"])
        ours = {
            f.evidence
            for f in Finding.objects.filter(site=portal, rule="links", status="open")
        }
        theirs = run_linkchecker(
            f"http://www.localhost:{port}/", proxy.server_address[1]
        )
    finally:
        dead.stop()
        ext.stop()
        cluster.shutdown()
        proxy.shutdown()
    print("planted broken links:")
    for url in planted:
        found = "yes" if url in ours else "NO"
        other = "yes" if url in theirs else "no"
        print(f"  {url}  inspection={found}  linkchecker={other}")
    print(f"inspection found {len(ours)} broken links, linkchecker {len(theirs)}")
    print("only linkchecker:", sorted(theirs - ours) or "-")
    print("only inspection:", sorted(ours - theirs) or "-")
    return 0 if set(planted) <= ours else 1


if __name__ == "__main__":
    sys.exit(main())
