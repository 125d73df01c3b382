"""A worker node whose pool process is killed while it starts stays up and replaces the process.

Celery's own prefork pool stops the node for good in that case ("Could not start worker processes");
config/celery_pool.py keeps it running. A real `celery worker` on a Redis database of its own.
"""

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from config.celery_pool import AsynPool

ROOT = Path(__file__).resolve().parents[2]


def exited(*codes):
    """A pool whose processes ended with these exit codes by the time the node is ready."""
    pool = AsynPool.__new__(AsynPool)  # only did_start_ok is asked: no processes, no event loop
    pool._join_exited_workers = lambda: list(codes)
    return pool


def test_a_pool_process_killed_by_a_signal_does_not_stop_the_node():
    assert exited().did_start_ok()
    assert exited(-signal.SIGKILL).did_start_ok()
    assert exited(-signal.SIGKILL, -signal.SIGTERM).did_start_ok()


def test_a_pool_process_that_could_not_start_still_stops_the_node():
    assert not exited(1).did_start_ok()
    assert not exited(-signal.SIGKILL, 1).did_start_ok()
    assert not exited(None).did_start_ok()


def children(pid):
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.mark.fault
@pytest.mark.skipif(
    not os.environ.get("CELERY_BROKER_URL", "").startswith("redis"),
    reason="needs the Redis broker that bin/test starts",
)
def test_a_worker_whose_pool_process_is_killed_at_start_up_keeps_running(tmp_path):
    broker = os.environ["CELERY_BROKER_URL"].rsplit("/", 1)[0] + "/7"  # a queue no other test uses
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "CELERY_BROKER_URL": broker}
    env.setdefault("SECRET_KEY", "worker-start-" + "k" * 50)
    log_path = tmp_path / "worker.log"
    cmd = [str(ROOT / ".venv" / "bin" / "celery"), "-A", "config", "worker", "--concurrency", "2", "-l", "INFO"]
    with log_path.open("w") as log:
        worker = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        # Both pool processes forked (a short-lived child comes before them), the node not ready yet.
        while len(first := children(worker.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.005)
        assert len(first) == 2, log_path.read_text()
        assert "ready." not in log_path.read_text()
        os.kill(first[0], signal.SIGKILL)

        def settled():
            text = log_path.read_text()
            return "ready." in text and len(children(worker.pid)) == 2

        while not settled() and worker.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(6)  # the pool's upkeep runs every 5 s; the node must still be there after it
        text = log_path.read_text()
        assert worker.poll() is None, text
        assert "exited with 'signal 9 (SIGKILL)'" in text
        assert "Could not start worker processes" not in text
        assert len(children(worker.pid)) == 2
        assert first[0] not in children(worker.pid)
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
