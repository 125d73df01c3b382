"""Reminders under faults, with real processes, as an operator runs them.

Its own PostgreSQL cluster and Redis server (so that both can be restarted), two `celery worker` nodes, one
`celery beat` running the scans and the sweep every few seconds, and an SMTP sink in this process that counts the
e-mails and their Message-IDs. A scan creates a few hundred reminders; while they are sent, a worker is killed
with SIGKILL (a pool process, or the whole node) at least ten times and restarted, Redis is restarted once (it
keeps nothing: every queued message is lost) and PostgreSQL once. Then everything must settle: each reminder sent
once in the inbox, none lost, and at the sink no Message-ID twice except for e-mails in flight at a fault.

bin/test runs it (marked `fault`; `-m "not fault"` skips it). It stops on its own: every wait has a deadline and
every process it started is killed in a `finally`. The workers use a database of their own on the test's
PostgreSQL, migrated with `manage.py migrate`; the test reads it with psycopg.
"""

import importlib.util
import os
import random
import signal
import socketserver
import subprocess
import threading
import time
from contextlib import ExitStack, suppress
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
MINISTRIES = 12  # one coordinator each
PARTNERSHIPS = 160  # each between two ministries: two reminders each
EXPECTED = 2 * PARTNERSHIPS
KILLS = 12  # at least ten SIGKILLs while sending
# Seconds the sink takes to accept an e-mail: however fast the machine, sending lasts over 30 s, and the faults
# (a dozen, one every 1 to 2.5 s, and two servers down for a few seconds) all hit it.
SMTP_DELAY = 0.4
GRACE = 2.0  # an e-mail accepted this long before a fault may not have been committed yet
DEADLINE = 300  # seconds for the whole test, from the first server started (about 3 minutes on 2 busy cores)


def load_testservices():
    spec = importlib.util.spec_from_file_location("testservices", ROOT / "bin" / "testservices.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


services = load_testservices()

pytestmark = [
    pytest.mark.fault,
    pytest.mark.skipif(
        services.find_pg_bin() is None or services.find_redis() is None,
        reason="needs PostgreSQL's server programs and redis-server (bin/test installs them)",
    ),
]


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


# --- the test data -----------------------------------------------------------------------------------

# Run in the workers' settings: coordinators of twelve ministries, partnerships between two of them, each with
# its review due in five days (so scan_reviews reminds both coordinators). No reminders yet: beat's scan makes them.
SETUP = f"""
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from ministries.models import Membership, Ministry, Role
from partnerships.models import Participation, Partnership

ministries = [
    Ministry.objects.create(name=f"Ministry {{n}}", short_name=f"M{{n}}", jurisdiction="Ontario")
    for n in range({MINISTRIES})
]
for n, ministry in enumerate(ministries):
    user = get_user_model().objects.create_user(f"coordinator{{n}}", f"coordinator{{n}}@example.gov", "x" * 20)
    Membership.objects.create(user=user, ministry=ministry, role=Role.COORDINATOR)
due = timezone.localdate() + timedelta(days=5)
for n in range({PARTNERSHIPS}):
    partnership = Partnership.objects.create(
        title=f"Partnership {{n}}", problem="A problem.", public_value="A value.", next_review_due=due
    )
    first = n % {MINISTRIES}
    second = (first + 1 + n // {MINISTRIES}) % {MINISTRIES}
    if second == first:
        second = (first + 1) % {MINISTRIES}
    Participation.objects.create(partnership=partnership, ministry=ministries[first], role=Participation.Role.LEAD)
    Participation.objects.create(partnership=partnership, ministry=ministries[second])
"""


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


def test_reminders_survive_killed_workers_and_restarted_servers(tmp_path):
    started = time.monotonic()
    deadline = started + DEADLINE
    faults = []  # (from, until, what): a kill is an instant, a server away a stretch of time
    sent_at_fault = []  # e-mails at the sink when each kill happened
    with ExitStack() as stack:
        postgres = Postgres(stack)
        redis_server = Redis(stack, tmp_path)
        sink = SmtpSink()
        threading.Thread(target=sink.serve_forever, daemon=True).start()
        stack.callback(sink.server_close)
        stack.callback(sink.shutdown)
        env = process_environment(postgres, redis_server, sink, tmp_path)

        python = str(VENV_BIN / "python")
        manage = [python, "manage.py"]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=120)
        subprocess.run([*manage, "shell", "-c", SETUP], cwd=ROOT, env=env, check=True, timeout=60)

        celery = [str(VENV_BIN / "celery"), "-A", "config"]
        workers = [
            Service(
                f"worker{n}",
                [*celery, "worker", "--hostname", f"fault{n}@%h", "--concurrency", "2", "--loglevel", "INFO"],
                env,
                tmp_path,
            )
            for n in range(2)
        ]
        beat = Service(
            "beat", [*celery, "beat", "--loglevel", "INFO", "--schedule", str(tmp_path / "schedule")], env, tmp_path
        )
        everyone = [*workers, beat]
        for service in everyone:
            stack.callback(service.kill)
            service.start()

        try:
            # Faults only once sending has begun, at least KILLS of them while e-mails are still to send.
            assert wait_until(lambda: len(sink.message_ids()) > 0, deadline, every=0.2), "nothing was sent"
            rng = random.Random(16)
            for number in range(KILLS):
                if number in (4, 8):
                    # The servers fail under running workers: both nodes up and sending for a few seconds first.
                    time.sleep(5)
                    if number == 4:
                        away = time.monotonic()
                        redis_server.restart(down_for=2)
                        faults.append((away, time.monotonic(), "Redis restarted"))
                    else:
                        away = time.monotonic()
                        postgres.restart(down_for=3)
                        faults.append((away, time.monotonic(), "PostgreSQL restarted"))
                time.sleep(rng.uniform(1.0, 2.5))
                for service in everyone:
                    service.restart_if_exited()
                worker = workers[number % 2]
                children = worker.children()
                sent_at_fault.append(len(sink.message_ids()))
                if number % 2 == 0 and children:
                    faults.append((now := time.monotonic(), now, f"SIGKILL a pool process of {worker.name}"))
                    os.kill(rng.choice(children), signal.SIGKILL)  # the node replaces it
                else:
                    faults.append((now := time.monotonic(), now, f"SIGKILL all of {worker.name}"))
                    worker.kill()
                    worker.start()

            def settled():
                for service in everyone:
                    service.restart_if_exited()
                (unsent,) = postgres.query("SELECT count(*) FROM notifications_reminder WHERE sent_at IS NULL")[0]
                (made,) = postgres.query("SELECT count(*) FROM notifications_reminder")[0]
                return made == EXPECTED and unsent == 0 and len(set(sink.message_ids())) >= EXPECTED

            assert wait_until(settled, deadline), "not every reminder was sent in time:\n" + "\n".join(
                f"== {service.name}\n{service.tail()}" for service in everyone
            )
            # Let what is still queued (redelivered messages, a sweep's second enqueue) run: it must send nothing.
            wait_until(lambda: redis_server.queued() == 0, min(deadline, time.monotonic() + 30))
            time.sleep(3)
        finally:
            for service in everyone:
                service.kill()

        reminders = postgres.query(
            "SELECT r.id, r.sent_at IS NOT NULL, r.emailed, r.attempts, count(n.id) FROM notifications_reminder r"
            " LEFT JOIN notifications_notification n ON n.reminder_id = r.id GROUP BY r.id"
        )
        (notifications,) = postgres.query("SELECT count(*) FROM notifications_notification")[0]

    # Every reminder made once, sent, e-mailed, and once in the inbox.
    assert len(reminders) == EXPECTED
    assert all(sent and emailed for _pk, sent, emailed, _attempts, _count in reminders)
    assert [pk for pk, _sent, _emailed, _attempts, count in reminders if count != 1] == []
    assert notifications == EXPECTED

    # At the sink: every reminder's e-mail, and a second copy only of one in flight at a fault.
    with sink.lock:
        accepted = list(sink.accepted)
    ids = [message_id for message_id, _began, _done in accepted]
    assert set(ids) == {f"<reminder-{pk}@interlock.test>" for pk, *_rest in reminders}
    # In flight: the e-mail's conversation, and the commit just after it, overlap the fault. (A database that
    # went away is noticed at the commit, after the e-mail: one sent while it was away is in flight too.)
    in_flight = {
        message_id
        for message_id, began, done in accepted
        if any(began <= until and since <= done + GRACE for since, until, _what in faults)
    }
    duplicates = {message_id for message_id in ids if ids.count(message_id) > 1}
    unexplained = [entry for entry in accepted if entry[0] in duplicates - in_flight]
    assert unexplained == [], f"sent twice without a fault: {unexplained}, faults: {faults}"

    # The faults hit sending, and the whole run stopped on its own in time.
    kills = [what for _since, _until, what in faults if what.startswith("SIGKILL")]
    assert len(kills) >= 10
    assert sum(1 for count in sent_at_fault if count < EXPECTED) >= 10, sent_at_fault
    assert time.monotonic() - started < DEADLINE + 30
    # No process ended by itself (a node that stops for good when a pool process dies while it starts).
    assert [(service.name, service.unexpected_exits) for service in everyone if service.unexpected_exits] == []
    print(
        f"{EXPECTED} reminders, {len(kills)} kills, Redis and PostgreSQL restarted once; "
        f"{len(ids)} e-mails, {len(duplicates)} Message-IDs twice (of {len(in_flight)} in flight at a fault); "
        f"retried {sum(attempts for *_rest, attempts, _count in reminders)} times; "
        f"{sum(s.unexpected_exits for s in everyone)} processes ended by themselves "
        f"(and {sum(s.broker_restore_exits for s in everyone)} by kombu's restore on a lost broker); "
        f"{time.monotonic() - started:.0f} s"
    )
