"""Real servers and processes for the tests that run Interlock as an operator does (tests/faults, tests/production).

Throwaway PostgreSQL clusters and Redis servers that can be restarted, processes in their own session that can be
killed whole, an SMTP sink that records every e-mail, and the environment those processes share.
"""

import importlib.util
import os
import signal
import socketserver
import subprocess
import threading
import time
from contextlib import suppress
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
# Seconds the sink takes to accept an e-mail: however fast the machine, sending lasts over 30 s, and the faults
# (a dozen, one every 1 to 2.5 s, and two servers down for a few seconds) all hit it.
SMTP_DELAY = 0.4


def load_testservices():
    spec = importlib.util.spec_from_file_location("testservices", ROOT / "bin" / "testservices.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


services = load_testservices()


# --- the SMTP sink ---------------------------------------------------------------------------------


class SmtpSink(socketserver.ThreadingTCPServer):
    """A minimal SMTP server that accepts everything and records each e-mail's Message-ID and timing."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__((HOST, 0), SmtpSession)
        self.lock = threading.Lock()
        self.accepted = []  # (Message-ID, time DATA began, time accepted)
        self.port = self.server_address[1]

    def handle_error(self, request, client_address):
        pass  # a worker killed mid-conversation: nothing was accepted, nothing to report

    def message_ids(self):
        with self.lock:
            return [entry[0] for entry in self.accepted]


class SmtpSession(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(line + b"\r\n")

    def handle(self):
        self.reply(b"220 sink ESMTP")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.reply(b"250-sink")
                self.reply(b"250 8BITMIME")
            elif verb == b"DATA":
                self.receive()
            elif verb == b"QUIT":
                self.reply(b"221 bye")
                return
            else:  # HELO, MAIL, RCPT, RSET, NOOP
                self.reply(b"250 OK")

    def receive(self):
        began = time.monotonic()
        self.reply(b"354 go ahead")
        message_id = None
        in_headers = True
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            if line in (b"\r\n", b"\n"):
                in_headers = False
            elif in_headers and line.lower().startswith(b"message-id:"):
                message_id = line.split(b":", 1)[1].strip().decode()
        if not line:
            return  # the sender went away mid-message: nothing was accepted
        time.sleep(SMTP_DELAY)
        with self.server.lock:
            self.server.accepted.append((message_id, began, time.monotonic()))
        self.reply(b"250 accepted")


# --- processes ---------------------------------------------------------------------------------------


class Service:
    """A process in its own session, so that it and all its children can be killed at once."""

    def __init__(self, name, cmd, env, log_dir):
        self.name, self.cmd, self.env = name, cmd, env
        self.log_path = log_dir / f"{name}.log"
        self.process = None
        self.unexpected_exits = 0
        self.broker_restore_exits = 0

    def start(self):
        with self.log_path.open("a") as log:
            log.write(f"\n--- start at {time.monotonic():.1f}\n")
            log.flush()
            self.process = subprocess.Popen(
                self.cmd, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def running(self):
        return self.process is not None and self.process.poll() is None

    def kill(self):
        """SIGKILL the whole process group (a machine or container dying)."""
        if self.process is None:
            return
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def children(self):
        try:
            text = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in text.split()]

    def restart_if_exited(self):
        """What a service manager does: start a process again that ended by itself. Counts those ends.

        One end is kombu's, not ours: when Redis goes away while a worker holds a message, closing the
        channel tries to put the message back on a connection that is gone, and the node stops with
        "Unrecoverable error: AttributeError(... 'hostname')" (kombu 5.x; the message itself comes back
        through the visibility timeout or our sweep). Those are counted apart, so that the test still
        fails for any other end, such as a node that stops for good when a pool process dies at start.
        """
        if self.process is not None and not self.running():
            since_start = self.log_path.read_text().rsplit("\n--- start at ", 1)[-1]
            if KOMBU_RESTORE_CRASH in since_start and "Connection to broker lost" in since_start:
                self.broker_restore_exits += 1
            else:
                self.unexpected_exits += 1
            self.start()

    def tail(self, lines=40):
        return services.tail(self.log_path, lines)


KOMBU_RESTORE_CRASH = "Unrecoverable error: AttributeError(\"'NoneType' object has no attribute 'hostname'\")"


class Postgres:
    """A throwaway cluster that can be stopped and started again on the same port."""

    def __init__(self, stack):
        self.pg_bin = services.find_pg_bin()
        self.folder = services.make_temp_dir(stack, "interlock-fault-pg-")
        if services.is_root():
            os.chown(self.folder, *postgres_ids())
        self.data_dir = self.folder / "data"
        services.init_cluster(self.pg_bin, self.data_dir, cwd=self.folder)
        stack.callback(services.stop_postgres, self.pg_bin, self.data_dir, self.folder)
        self.port = services.free_port()
        self.start()
        self.url = f"postgres://postgres@{HOST}:{self.port}/fault"
        services.run_quiet(
            [str(self.pg_bin / "createdb"), "-h", HOST, "-p", str(self.port), "-U", "postgres", "fault"], "createdb"
        )

    def start(self):
        options = f"-k {self.folder} -p {self.port} -c listen_addresses={HOST} -c fsync=off -c full_page_writes=off"
        log = self.folder / "log"
        cmd = [str(self.pg_bin / "pg_ctl"), "-D", str(self.data_dir), "-l", str(log), "-w", "-o", options, "start"]
        services.run_quiet(services.as_postgres(cmd), "pg_ctl start", cwd=self.folder)

    def restart(self, down_for):
        services.stop_postgres(self.pg_bin, self.data_dir, self.folder)
        time.sleep(down_for)
        self.start()

    def query(self, sql):
        with psycopg.connect(self.url, connect_timeout=5) as connection:
            return connection.execute(sql).fetchall()


def postgres_ids():
    import pwd

    entry = pwd.getpwnam("postgres")
    return entry.pw_uid, entry.pw_gid


class Redis:
    """A Redis server without persistence: a restart loses every message it held."""

    def __init__(self, stack, log_dir):
        self.log_dir = log_dir
        self.port = services.free_port()
        self.process = None
        self.start()
        stack.callback(self.stop)

    def start(self):
        self.log = (self.log_dir / "redis.log").open("a")
        cmd = [services.find_redis(), "--port", str(self.port), "--bind", HOST, "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(
            cmd, cwd=self.log_dir, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        assert services.wait_for_redis(self.process, self.port), services.tail(self.log_dir / "redis.log")

    def stop(self):
        services.stop_redis(self.process, self.log)

    def restart(self, down_for):
        self.process.kill()  # a crash, not a clean shutdown
        self.process.wait()
        self.log.close()
        time.sleep(down_for)
        self.start()

    def queued(self):
        """Messages waiting in the default queue plus those taken and not acknowledged."""
        import redis

        client = redis.Redis(host=HOST, port=self.port, socket_timeout=5)
        return client.llen("celery") + client.hlen("unacked")


def process_environment(postgres, redis_server, sink, var_dir):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST", "COV_", "COVERAGE")) and key not in ("CACHE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "fault-test-" + "k" * 50,
        DEBUG="0",
        DATABASE_URL=postgres.url,
        CONN_MAX_AGE="60",  # the production default: connections outlive a PostgreSQL restart
        CELERY_BROKER_URL=f"redis://{HOST}:{redis_server.port}/0",
        CELERY_RESULT_BACKEND="cache+memory://",
        # A message taken by a node that was killed comes back after this; longer than any task here.
        CELERY_VISIBILITY_TIMEOUT="20",
        EMAIL_URL=f"smtp://{HOST}:{sink.port}",
        SITE_URL="https://interlock.test",
        INTERLOCK_VAR_DIR=str(var_dir),
        SCAN_EVERY_SECONDS="5",  # every scan and the sweep
        REMINDER_RETRY_SECONDS="1",
        REMINDER_MAX_ATTEMPTS="30",  # nothing may give up: the faults pass
        REMINDER_SWEEP_AFTER_SECONDS="20",
        LOG_LEVEL="INFO",
    )
    return env


def wait_until(condition, deadline, every=1.0):
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except (psycopg.Error, OSError):
            pass  # a server is being restarted
        time.sleep(every)
    return False
