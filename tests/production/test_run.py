"""bin/run on the embedded default: killing its worker (kill -9) leaves no scheduler behind.

A `worker --beat` ran beat as the worker's child, which went on scheduling after the worker was
killed: 13 schedulers after 17 kills. bin/run runs beat as its own watched process and stops
everything when any part ends. This runs the real script, from an empty folder (migrate and the
demo data included), so it takes a minute or two.
"""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children(pid):
    """(pid, command line) of each process whose parent is `pid`."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append((int(entry.name), command))
    return found


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    return state != "Z"


def processes_using(folder):
    """The processes whose command line names `folder`: what bin/run started there and left."""
    return [
        command for entry in Path("/proc").glob("[0-9]*") for command in [_cmdline(entry)] if str(folder) in command
    ]


def _cmdline(entry):
    try:
        return (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def test_killing_the_worker_stops_beat_and_the_web_server(tmp_path):
    var = tmp_path / "var"
    drop = ("DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE", "CACHE_URL")
    env = {key: value for key, value in os.environ.items() if key not in drop}
    env.update(INTERLOCK_VAR_DIR=str(var), PORT=str(free_port()), DEBUG="1")
    log = tmp_path / "run.log"
    with log.open("w") as output:
        run = subprocess.Popen(
            [str(ROOT / "bin" / "run")],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 600
        pidfile = var / "celerybeat.pid"
        # Beat writes its pidfile once it has started, a moment after the address is printed.
        while "Interlock is running at" not in log.read_text() or not _read(pidfile):
            assert run.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(1)
        parts = children(run.pid)
        (worker,) = [pid for pid, command in parts if " worker " in command]
        (beat,) = [pid for pid, command in parts if " beat " in command]
        assert int(pidfile.read_text()) == beat

        os.kill(worker, signal.SIGKILL)
        status = run.wait(timeout=120)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()

    assert status == 137
    assert "A part of Interlock stopped (exit status 137)." in log.read_text()
    assert not alive(beat)
    assert processes_using(var) == []
    assert not pidfile.exists()


def _read(path):
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        return ""
