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

import os
import random
import signal
import subprocess
import threading
import time
from contextlib import ExitStack

import pytest

from tests.processes import (
    ROOT,
    VENV_BIN,
    Postgres,
    Redis,
    Service,
    SmtpSink,
    process_environment,
    services,
    wait_until,
)

MINISTRIES = 12  # one coordinator each
PARTNERSHIPS = 160  # each between two ministries: two reminders each
EXPECTED = 2 * PARTNERSHIPS
KILLS = 12  # at least ten SIGKILLs while sending
GRACE = 2.0  # an e-mail accepted this long before a fault may not have been committed yet
DEADLINE = 300  # seconds for the whole test, from the first server started (about 3 minutes on 2 busy cores)


pytestmark = [
    pytest.mark.fault,
    pytest.mark.skipif(
        services.find_pg_bin() is None or services.find_redis() is None,
        reason="needs PostgreSQL's server programs and redis-server (bin/test installs them)",
    ),
]


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
    Ministry.objects.create(name=f"Ministry {{n}}", short_name=f"M{{n}}")
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
