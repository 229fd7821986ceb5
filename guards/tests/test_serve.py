"""Issue 11.7: scripts/serve keeps the site up when the worker or the gunicorn master dies, and
starts the dead one again (with back-off, logged).

The real script runs on a free port against a scratch SQLite database: supervision does not
depend on the database.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> dict[int, str]:
    """{pid: command line} of the processes whose parent is `pid` (read from /proc)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
            if ppid == pid:
                found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError):
            continue
    return found


def _child(pid: int, needle: str) -> int | None:
    return next((child for child, cmd in _children(pid).items() if needle in cmd), None)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _until(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One served site for the module's tests, which run in order (each leaves it up)."""
    tmp_path = tmp_path_factory.mktemp("serve")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    port = _free_port()
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        KEFU_VAR_DIR=str(tmp_path / "var"),
        KEFU_BIND=f"127.0.0.1:{port}",
        KEFU_WEB_WORKERS="1",
        KEFU_WATCH_INTERVAL="1",
    )
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(["scripts/serve"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        assert _until(lambda: _answers(url), 60), log.read_text()
        yield process, url, log
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def test_the_site_outlives_its_worker_and_the_worker_comes_back(served):
    process, url, log = served
    worker = _child(process.pid, "run_worker")
    assert worker is not None

    os.kill(worker, signal.SIGKILL)
    answered = [_answers(url) for _ in range(5) if not time.sleep(0.3)]

    assert all(answered)
    assert _until(lambda: (_child(process.pid, "run_worker") or worker) != worker, 15), log.read_text()
    assert "the worker (run_worker) ended with status 137; restarting it in 1s" in log.read_text()
    assert process.poll() is None


def test_a_crashed_gunicorn_master_is_started_again(served):
    process, url, log = served
    master = _child(process.pid, "gunicorn")
    assert master is not None

    os.kill(master, signal.SIGKILL)

    assert _until(lambda: (_child(process.pid, "gunicorn") or master) != master, 15), log.read_text()
    assert _until(lambda: _answers(url), 30), log.read_text()
    assert "the web server (gunicorn) ended with status 137" in log.read_text()


def test_no_server_banner(served):
    process, url, log = served
    with urllib.request.urlopen(url + "/healthz", timeout=5) as response:
        assert response.headers["Server"] == "kefu"


def test_a_worker_is_ready_before_its_first_request(tmp_path):
    """gunicorn loads kefu.wsgi in each worker before the worker accepts: the URLconf (every view
    and API schema) is imported then, not by the first request (~300 ms), and what start-up made
    is frozen out of the garbage collector's full passes (~55 ms every ~110 intakes before)."""
    probe = (
        "import gc, sys\n"
        "assert 'kefu.urls' not in sys.modules\n"
        "import kefu.wsgi\n"
        "print('kefu.urls' in sys.modules, 'tickets.api' in sys.modules, gc.get_freeze_count() > 10000)\n"
    )
    env = {**os.environ, "KEFU_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True", "True"]
