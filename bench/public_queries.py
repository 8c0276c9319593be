"""SQL queries of the public pages (issue #8 targets: home ≤ 20, article ≤ 12).

Builds the demo cluster in a throw-away database (DATABASE_URL, default a
temporary SQLite file), then prints the queries of one request per page in three
cache states, before and after adding 30 more items with larger home blocks.

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python bench/public_queries.py
"""

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
_tmp = tempfile.mkdtemp()
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_tmp}/bench.sqlite3")
os.environ.setdefault("MEDIA_ROOT", f"{_tmp}/media")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

PAGES = [
    ("portal home", "www.localhost", "/"),
    ("department home", "fgw.localhost", "/"),
    ("article", "www.localhost", "/news/news-01/"),
    ("notice", "www.localhost", "/notices/notice-01/"),
    ("news column", "www.localhost", "/news/"),
    ("leaders", "www.localhost", "/about/leaders/"),
]


def measure(label: str) -> None:
    from demo.measure import MODES, count_queries

    print(f"\n{label}")
    print(f"{'page':<18}" + "".join(f"{mode:>11}" for mode in MODES))
    for name, host, path in PAGES:
        counts = [count_queries(host=host, path=path, mode=mode) for mode in MODES]
        print(f"{name:<18}" + "".join(f"{count:>11}" for count in counts))


def main() -> None:
    from demo.measure import add_items, raise_home_limits
    from demo.services import load_demo_cluster

    call_command("migrate", verbosity=0)
    load_demo_cluster(port=80)
    measure("Demo cluster (home blocks show 6-8 items per column)")
    add_items(site_slug="www", count=30)
    raise_home_limits(site_slug="www", limit=20)
    measure("After 30 more articles and notices and 20 items per home column")


if __name__ == "__main__":
    main()
