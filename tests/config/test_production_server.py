"""The production command of the Dockerfile, run without Docker.

No container engine runs here, so this starts the image's gunicorn command with
production settings and checks what the container health check sees.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    """One migrated database and gunicorn for the module: the tests only read."""
    tmp_path = tmp_path_factory.mktemp("production")
    port = _free_port()
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "k" * 50,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "WAGTAILADMIN_BASE_URL": "https://www.example.gov.cn",
        "TRUSTED_PROXY_COUNT": "0",
        "PORT": str(port),
        "GUNICORN_WORKERS": "1",
    }
    # A release runs migrations before the new containers serve traffic.
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    process = subprocess.Popen(
        [BIN / "gunicorn", "config.wsgi:application", "--config", "config/gunicorn.py"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    # Wait for an HTTP answer, not a TCP accept: gunicorn's master listens
    # before its worker has imported Django, which takes seconds on a busy box.
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(
                f"http://127.0.0.1:{port}/healthz", timeout=5
            ).close()
            break
        except urllib.error.HTTPError:
            break  # the application answered
        except OSError:
            if process.poll() is not None:
                pytest.fail(process.stderr.read().decode())
            if time.monotonic() > deadline:
                process.terminate()
                pytest.fail("gunicorn did not answer within 60 s")
            time.sleep(0.2)
    yield port, environment
    process.terminate()
    process.wait(timeout=10)


def test_health_check_passes_under_gunicorn(production_server):
    port, environment = production_server
    result = subprocess.run(
        [sys.executable, "scripts/healthcheck.py"],
        cwd=ROOT,
        env=environment,
        check=False,
    )
    assert result.returncode == 0


def test_production_refuses_hosts_outside_the_registry(production_server):
    port, _ = production_server
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/", headers={"Host": "evil.example.com"}
    )
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=5)  # noqa: S310
    assert error.value.code == 400


def test_health_check_fails_when_nothing_listens():
    environment = {"PATH": os.environ["PATH"], "PORT": str(_free_port())}
    result = subprocess.run(
        [sys.executable, "scripts/healthcheck.py"],
        cwd=ROOT,
        env=environment,
        check=False,
    )
    assert result.returncode == 1
