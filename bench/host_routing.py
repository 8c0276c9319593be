"""Cost of routing a request by host through the site registry.

Builds the demo cluster in a throw-away SQLite database, then prints:
- queries the routing step makes per request once the host map is cached,
- microseconds per routing decision (cached map),
- milliseconds to rebuild the map after a registry change.

Run: .venv/bin/python bench/host_routing.py
"""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
DB = Path(tempfile.mkdtemp()) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from demo.services import load_demo_cluster  # noqa: E402
from site_registry import routing  # noqa: E402
from site_registry.middleware import HostRoutingMiddleware  # noqa: E402

call_command("migrate", verbosity=0)
load_demo_cluster(port=80)

middleware = HostRoutingMiddleware(lambda request: None)
factory = RequestFactory()
hosts = ["www.localhost", "dc.localhost", "jyj.localhost", "lsj.localhost", "x.invalid"]

routing.clear_host_map()
middleware(factory.get("/", HTTP_HOST="www.localhost"))  # warm the cache
with CaptureQueriesContext(connection) as queries:
    for host in hosts:
        middleware(factory.get("/", HTTP_HOST=host))
print(f"queries for {len(hosts)} routed requests with a warm map: {len(queries)}")

requests = [factory.get("/xxgk/", HTTP_HOST=hosts[i % 3]) for i in range(20_000)]
start = time.perf_counter()
for request in requests:
    middleware(request)
elapsed = time.perf_counter() - start
print(f"routing decision: {elapsed / len(requests) * 1e6:.1f} µs per request")

runs = 50
start = time.perf_counter()
for _ in range(runs):
    routing.clear_host_map()
    routing.get_host_map()
print(
    "host map rebuild after a change:",
    f"{(time.perf_counter() - start) / runs * 1e3:.1f} ms",
)
