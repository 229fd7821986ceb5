"""A worker SIGKILLed while it builds a subscription's report, then restarted: the report is
built once, and mailed once with its spreadsheet (the real process, a scratch database)."""

import signal
import subprocess
import sys
import time
from pathlib import Path

from deadlines.tests.test_worker_kill import ROOT, _env, _query, scratch_database  # noqa: F401

HELPER = Path(__file__).with_name("report_worker.py")


def _run(url, tmp_path, log, command, slow=0.0):
    return subprocess.Popen([sys.executable, str(HELPER), str(log), command], cwd=ROOT, env=_env(url, tmp_path, slow))


def test_a_killed_build_is_built_and_sent_once_by_the_next_pass(scratch_database, tmp_path):  # noqa: F811
    url, log = scratch_database, tmp_path / "worker.log"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=_env(url, tmp_path, 0),
        check=True,
        timeout=300,
    )
    assert _run(url, tmp_path, log, "seed").wait(timeout=300) == 0

    process = _run(url, tmp_path, log, "run", slow=30)
    try:
        deadline = time.monotonic() + 120
        while "building" not in (log.read_text(encoding="utf-8") if log.exists() else ""):
            assert process.poll() is None, "the worker finished before the kill"
            assert time.monotonic() < deadline, "the worker never started the build"
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    counts = "from reports.models import Delivery; from notifications.models import Notification; "
    counts += "print(Delivery.objects.count(), Notification.objects.filter(template='report_ready').count())"
    assert _query(url, tmp_path, counts) == "0 0"  # the killed transaction left nothing

    for _ in range(2):  # the next pass builds and sends it; the one after finds it done
        assert _run(url, tmp_path, log, "run").wait(timeout=300) == 0
    assert _query(url, tmp_path, counts) == "1 2"  # inbox and e-mail
    mails = [line for line in log.read_text(encoding="utf-8").splitlines() if line.startswith("mail ")]
    assert len(mails) == 1 and mails[0].startswith("mail manager@example.com 报表：周报") and mails[0].endswith(" 1")
